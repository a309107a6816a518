import { parseIp } from './ip-address.js';
import { loadConfig } from '../../config/app-config.js';
import { allowListProblem, allowsAddress, allowsHost, parseAllowList } from './outbound-allow.js';

const ip = (text: string) => parseIp(text)!;

describe('OUTBOUND_ALLOW', () => {
  const { rules, invalid } = parseAllowList(
    '10.20.0.0/16, 192.168.5.10:993  fd00::/8,[fd12::25]:993, 127.0.0.1:1143, imap.intern.example:993, dms.intern.',
  );

  it('reads every form', () => {
    expect(invalid).toEqual([]);
    expect(rules).toHaveLength(7);
  });

  it('matches blocks, addresses and ports', () => {
    expect(allowsAddress(rules, ip('10.20.3.4'), 443)).toBe(true);
    expect(allowsAddress(rules, ip('10.21.3.4'), 443)).toBe(false);
    expect(allowsAddress(rules, ip('192.168.5.10'), 993)).toBe(true);
    expect(allowsAddress(rules, ip('192.168.5.10'), 143)).toBe(false);
    expect(allowsAddress(rules, ip('fd00::1'), 25)).toBe(true);
    expect(allowsAddress(rules, ip('fd12::25'), 993)).toBe(true);
    expect(allowsAddress(rules, ip('fd12::25'), 143)).toBe(true); // also inside fd00::/8
    expect(allowsAddress(rules, ip('127.0.0.1'), 1143)).toBe(true);
    expect(allowsAddress(rules, ip('127.0.0.1'), 5432)).toBe(false);
  });

  it('lets an IPv4 entry cover the IPv4-mapped form of the address', () => {
    expect(allowsAddress(rules, ip('::ffff:127.0.0.1'), 1143)).toBe(true);
    expect(allowsAddress(rules, ip('::ffff:127.0.0.1'), 5432)).toBe(false);
  });

  it('matches host names as written, case and trailing dot aside', () => {
    expect(allowsHost(rules, 'IMAP.intern.example', 993)).toBe(true);
    expect(allowsHost(rules, 'imap.intern.example', 143)).toBe(false);
    expect(allowsHost(rules, 'dms.intern', 8443)).toBe(true);
    expect(allowsHost(rules, 'other.intern', 993)).toBe(false);
  });

  it.each([
    '10.0.0.1/8',
    '300.1.1.1',
    '10.0.0.1:0',
    '10.0.0.1:70000',
    '[fd00::1',
    'fd00::1:993x',
    'http://x',
    'b/c',
  ])('refuses %s with a message naming it', (entry) => {
    expect(allowListProblem(entry)).toContain(entry.split(' ')[0]);
  });

  it('accepts an empty list', () => {
    expect(allowListProblem('')).toBeUndefined();
    expect(parseAllowList(' , ').rules).toEqual([]);
  });
});

describe('OUTBOUND_ALLOW in the configuration', () => {
  it('is checked at start-up with the other variables', () => {
    expect(loadConfig({ OUTBOUND_ALLOW: '10.0.0.0/8, [fd00::25]:993' }).get('OUTBOUND_ALLOW')).toBe(
      '10.0.0.0/8, [fd00::25]:993',
    );
    expect(() => loadConfig({ OUTBOUND_ALLOW: '10.0.0.0/8, 10.0.0.1/8', PORT: 'x' })).toThrow(
      /PORT must be an integer[\s\S]*OUTBOUND_ALLOW: entries not understood: 10\.0\.0\.1\/8/,
    );
  });
});
