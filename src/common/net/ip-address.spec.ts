import { classify, formatIp, literalAddress, parseCidr, parseIp, parseIpv6 } from './ip-address.js';

const categoryOf = (host: string) => {
  const ip = literalAddress(host);
  if (!ip) throw new Error(`not a literal: ${host}`);
  return classify(ip);
};

describe('literalAddress: the notations a resolver turns into an address without DNS', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['0x7F.0.0.1', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['017700000001', '127.0.0.1'],
    ['169.254.43518', '169.254.169.254'],
    ['0', '0.0.0.0'],
    ['127.0.0.1.', '127.0.0.1'],
    ['10.1', '10.0.0.1'],
  ])('%s is %s', (host, address) => {
    expect(formatIp(literalAddress(host)!)).toBe(address);
  });

  it.each([
    ['[::1]', '0:0:0:0:0:0:0:1'],
    ['::1', '0:0:0:0:0:0:0:1'],
    ['[::ffff:127.0.0.1]', '0:0:0:0:0:ffff:7f00:1'],
    ['[::ffff:7f00:1]', '0:0:0:0:0:ffff:7f00:1'],
    ['[0:0:0:0:0:FFFF:7F00:0001]', '0:0:0:0:0:ffff:7f00:1'],
    ['[fe80::1%eth0]', 'fe80:0:0:0:0:0:0:1'],
  ])('%s is %s', (host, address) => {
    expect(formatIp(literalAddress(host)!)).toBe(address);
  });

  it.each([
    'example.org',
    'imap.example.org',
    '256.1.1.1',
    '1.2.3.4.5',
    '0x1g.1',
    '08.0.0.1',
    '127..1',
    '4294967296',
    '[1::2::3]',
    '[::ffff:1.2.3]',
    '',
  ])('%s is no address', (host) => {
    expect(literalAddress(host)).toBeUndefined();
  });
});

describe('classify', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0x7f.1', 'loopback'],
    ['2130706433', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['169.254.169.254', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'documentation'],
    ['198.18.0.1', 'reserved'],
    ['[::1]', 'loopback'],
    ['[::]', 'unspecified'],
    ['[::ffff:127.0.0.1]', 'loopback'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['[::ffff:169.254.169.254]', 'link-local'],
    ['[::ffff:10.0.0.1]', 'private'],
    ['[64:ff9b::127.0.0.1]', 'loopback'],
    ['[2002:7f00:1::]', 'loopback'],
    ['[::127.0.0.1]', 'reserved'],
    ['[fe80::1]', 'link-local'],
    ['[fc00::1]', 'unique-local'],
    ['[fd12:3456::1]', 'unique-local'],
    ['[fec0::1]', 'private'],
    ['[ff02::1]', 'multicast'],
    ['[2001:db8::1]', 'documentation'],
    ['[2001::1]', 'reserved'],
    ['[100::1]', 'reserved'],
  ])('%s is %s', (host, category) => {
    expect(categoryOf(host)).toBe(category);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '169.255.0.1',
    '[2a00:1450:4001:82b::200e]',
    '[::ffff:8.8.8.8]',
    '[64:ff9b::8.8.8.8]',
  ])('%s is global', (host) => {
    expect(categoryOf(host)).toBe('global');
  });
});

describe('parseIp and parseCidr (strict forms)', () => {
  it('accepts only dotted quads for IPv4', () => {
    expect(parseIp('127.1')).toBeUndefined();
    expect(parseIp('010.0.0.1')).toBeUndefined();
    expect(parseIp('10.0.0.1')).toEqual({ family: 4, value: 0x0a000001n });
  });

  it('reads IPv6 with an IPv4 tail', () => {
    expect(parseIpv6('::ffff:1.2.3.4')?.value).toBe(0xffff01020304n);
    expect(parseIpv6('1:2:3:4:5:6:7:8:9')).toBeUndefined();
    expect(parseIpv6('1:2:3:4:5:6:7')).toBeUndefined();
  });

  it('refuses a block with host bits set or a prefix out of range', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ family: 4, base: 0x0a000000n, prefix: 8 });
    expect(parseCidr('10.0.0.1/8')).toBeUndefined();
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('fd00::/8')?.prefix).toBe(8);
  });
});
