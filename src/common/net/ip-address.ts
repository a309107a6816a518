/**
 * IP addresses as numbers, and which of them an outbound connection to an address a tenant
 * configured may reach. Pure functions without I/O: the guard (`outbound-guard.ts`) applies
 * them to what DNS returns at connect time, the admin routes to what an admin types in.
 */

export interface IpAddress {
  readonly family: 4 | 6;
  /** The address as an unsigned number: 32 bits for IPv4, 128 bits for IPv6. */
  readonly value: bigint;
}

/** Why an address is refused; `global` = an ordinary Internet address. */
export type AddressCategory =
  | 'global'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'unique-local'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'reserved';

const DEC_OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Strict dotted-quad IPv4 (`192.0.2.1`), as DNS answers and operators write it. */
export function parseIpv4(text: string): IpAddress | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => DEC_OCTET.test(p))) return undefined;
  return { family: 4, value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n) };
}

/**
 * IPv4 in every notation the C library's `inet_aton` accepts, which is what `getaddrinfo`
 * (and so `dns.lookup`) turns into an address without asking DNS: one to four parts, each
 * decimal, octal (leading 0) or hex (0x), the last part filling the remaining bytes —
 * `127.1`, `0x7f.1`, `0177.0.0.1`, `2130706433` all mean 127.0.0.1.
 */
export function parseIpv4Loose(text: string): IpAddress | undefined {
  const parts = text.split('.');
  if (parts.length < 1 || parts.length > 4) return undefined;
  const nums: bigint[] = [];
  for (const p of parts) {
    let n: bigint;
    if (/^0[xX][0-9a-fA-F]*$/.test(p)) n = p.length === 2 ? 0n : BigInt(p);
    else if (/^0[0-7]*$/.test(p)) n = p.length === 1 ? 0n : BigInt(`0o${p.slice(1)}`);
    else if (/^[1-9]\d*$/.test(p)) n = BigInt(p);
    else return undefined;
    nums.push(n);
  }
  let value = 0n;
  for (let i = 0; i < nums.length - 1; i++) {
    if (nums[i] > 255n) return undefined;
    value |= nums[i] << BigInt(8 * (3 - i));
  }
  const last = nums[nums.length - 1];
  const restBits = BigInt(8 * (4 - (nums.length - 1)));
  if (last >= 1n << restBits) return undefined;
  return { family: 4, value: value | last };
}

/** IPv6 text (RFC 4291 forms, with an IPv4 tail and an optional `%zone`). */
export function parseIpv6(text: string): IpAddress | undefined {
  const zone = text.indexOf('%');
  const s = zone >= 0 ? text.slice(0, zone) : text;
  if (s.length === 0 || s.length > 45 || !/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string): bigint[] | undefined => {
    if (part === '') return [];
    const out: bigint[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (i === items.length - 1 && item.includes('.')) {
        const v4 = parseIpv4(item);
        if (!v4) return undefined;
        out.push(v4.value >> 16n, v4.value & 0xffffn);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(item)) {
        out.push(BigInt(`0x${item}`));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (!head || !tail) return undefined;
  // An IPv4 tail may only end the address.
  if (halves.length === 2 && halves[0].includes('.')) return undefined;
  let groups: bigint[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return undefined;
    groups = [...head, ...Array<bigint>(missing).fill(0n), ...tail];
  } else {
    if (head.length !== 8) return undefined;
    groups = head;
  }
  return { family: 6, value: groups.reduce((acc, g) => (acc << 16n) | g, 0n) };
}

/** A strictly written address: dotted-quad IPv4 or IPv6 (brackets allowed). */
export function parseIp(text: string): IpAddress | undefined {
  const t = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return t.includes(':') ? parseIpv6(t) : parseIpv4(t);
}

/**
 * The address a host name stands for without DNS, in any notation a resolver would accept
 * (`[::ffff:127.0.0.1]`, `0x7f.1`, a trailing dot); `undefined` for a real name.
 */
export function literalAddress(host: string): IpAddress | undefined {
  let h = host.trim();
  if (h.startsWith('[') && h.endsWith(']')) return parseIpv6(h.slice(1, -1));
  if (h.includes(':')) return parseIpv6(h);
  if (h.endsWith('.')) h = h.slice(0, -1);
  return parseIpv4Loose(h);
}

export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => String((ip.value >> s) & 0xffn)).join('.');
  }
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((s) =>
    ((ip.value >> s) & 0xffffn).toString(16),
  );
  return groups.join(':');
}

export interface Cidr {
  readonly family: 4 | 6;
  readonly base: bigint;
  readonly prefix: number;
}

export function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`not a CIDR block: ${text}`);
  return parsed;
}

/** `10.0.0.0/8`, `fd00::/8`, or a single address (a /32 or /128). Host bits must be zero. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const ip = parseIp(slash >= 0 ? text.slice(0, slash) : text);
  if (!ip) return undefined;
  const bits = ip.family === 4 ? 32 : 128;
  let prefix = bits;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > bits) return undefined;
    prefix = Number(p);
  }
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  if ((ip.value & hostMask) !== 0n) return undefined;
  return { family: ip.family, base: ip.value, prefix };
}

export function inCidr(ip: IpAddress, block: Cidr): boolean {
  if (ip.family !== block.family) return false;
  const bits = ip.family === 4 ? 32 : 128;
  const shift = BigInt(bits - block.prefix);
  return ip.value >> shift === block.base >> shift;
}

/**
 * The IPv4 address an IPv6 address carries and that a packet to it reaches: IPv4-mapped
 * (`::ffff:a.b.c.d`, what a dual-stack socket uses), NAT64 (`64:ff9b::a.b.c.d`, RFC 6052)
 * and 6to4 (`2002:aabb:ccdd::`, RFC 3056).
 */
export function embeddedIpv4(ip: IpAddress): IpAddress | undefined {
  if (ip.family !== 6) return undefined;
  if (inCidr(ip, MAPPED) || inCidr(ip, NAT64)) return { family: 4, value: ip.value & 0xffffffffn };
  if (inCidr(ip, SIX_TO_FOUR)) return { family: 4, value: (ip.value >> 80n) & 0xffffffffn };
  return undefined;
}

/** The IPv4 address of an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`). */
export function mappedIpv4(ip: IpAddress): IpAddress | undefined {
  return ip.family === 6 && inCidr(ip, MAPPED) ? { family: 4, value: ip.value & 0xffffffffn } : undefined;
}

const MAPPED = cidr('::ffff:0:0/96');
const NAT64 = cidr('64:ff9b::/96');
const SIX_TO_FOUR = cidr('2002::/16');

/** Special-purpose IPv4 blocks (IANA registry, RFC 6890 and successors); first match wins. */
const V4_BLOCKS: ReadonlyArray<readonly [Cidr, AddressCategory]> = [
  [cidr('0.0.0.0/8'), 'unspecified'],
  [cidr('10.0.0.0/8'), 'private'],
  [cidr('100.64.0.0/10'), 'shared'],
  [cidr('127.0.0.0/8'), 'loopback'],
  [cidr('169.254.0.0/16'), 'link-local'],
  [cidr('172.16.0.0/12'), 'private'],
  [cidr('192.0.0.0/24'), 'reserved'],
  [cidr('192.0.2.0/24'), 'documentation'],
  [cidr('192.88.99.0/24'), 'reserved'],
  [cidr('192.168.0.0/16'), 'private'],
  [cidr('198.18.0.0/15'), 'reserved'],
  [cidr('198.51.100.0/24'), 'documentation'],
  [cidr('203.0.113.0/24'), 'documentation'],
  [cidr('224.0.0.0/4'), 'multicast'],
  [cidr('255.255.255.255/32'), 'broadcast'],
  [cidr('240.0.0.0/4'), 'reserved'],
];

/** IPv6 blocks; anything outside 2000::/3 (global unicast) that is not listed is `reserved`. */
const V6_BLOCKS: ReadonlyArray<readonly [Cidr, AddressCategory]> = [
  [cidr('::/128'), 'unspecified'],
  [cidr('::1/128'), 'loopback'],
  [cidr('fe80::/10'), 'link-local'],
  // Site-local, deprecated (RFC 3879) but still routed inside some networks.
  [cidr('fec0::/10'), 'private'],
  [cidr('fc00::/7'), 'unique-local'],
  [cidr('ff00::/8'), 'multicast'],
  [cidr('2001:db8::/32'), 'documentation'],
  // IETF protocol assignments: Teredo, benchmarking, ORCHID and others.
  [cidr('2001::/23'), 'reserved'],
];
const GLOBAL_UNICAST = cidr('2000::/3');

/** What kind of address this is; only `global` may be reached without an operator's allow-list. */
export function classify(ip: IpAddress): AddressCategory {
  const v4 = ip.family === 4 ? ip : embeddedIpv4(ip);
  if (v4) {
    for (const [block, category] of V4_BLOCKS) if (inCidr(v4, block)) return category;
    return 'global';
  }
  for (const [block, category] of V6_BLOCKS) if (inCidr(ip, block)) return category;
  return inCidr(ip, GLOBAL_UNICAST) ? 'global' : 'reserved';
}

/** Host names that are loopback by definition (RFC 6761), refused before any lookup. */
export function isLocalhostName(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost');
}
