/**
 * The operator's allow-list for outbound connections (`OUTBOUND_ALLOW`): on-premise mail
 * servers and access points live at private addresses, which the guard refuses unless the
 * operator — never a tenant — lists them here.
 *
 * Entries are separated by commas or white space:
 *   10.1.2.3          one address, any port
 *   10.0.0.0/8        a block
 *   10.1.2.3:993      one address and port (also 10.0.0.0/8:993)
 *   fd00::/8          an IPv6 block (no port: the colons are the address's)
 *   [fd00::1]:993     IPv6 with a port (also [fd00::]/8:993)
 *   imap.intern:993   a host name as an admin writes it, with or without port: connections to
 *                     that name are not checked against the address they resolve to
 */
import { type Cidr, type IpAddress, inCidr, mappedIpv4, parseCidr } from './ip-address.js';

export type AllowRule =
  | { readonly kind: 'cidr'; readonly block: Cidr; readonly port?: number }
  | { readonly kind: 'host'; readonly host: string; readonly port?: number };

const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** Parses one entry; `undefined` when it is not one of the forms above. */
export function parseAllowRule(entry: string): AllowRule | undefined {
  const e = entry.trim().toLowerCase();
  if (e === '') return undefined;
  if (e.startsWith('[')) {
    const m = /^\[([^\]]+)\](\/\d{1,3})?(?::(\d+))?$/.exec(e);
    if (!m) return undefined;
    const block = parseCidr(`${m[1]}${m[2] ?? ''}`);
    const port = m[3] === undefined ? undefined : parsePort(m[3]);
    if (!block || block.family !== 6 || (m[3] !== undefined && port === undefined)) return undefined;
    return { kind: 'cidr', block, port };
  }
  // More than one colon: a bare IPv6 address or block, without port.
  if ((e.match(/:/g) ?? []).length > 1) {
    const block = parseCidr(e);
    return block && block.family === 6 ? { kind: 'cidr', block } : undefined;
  }
  const colon = e.indexOf(':');
  const target = colon >= 0 ? e.slice(0, colon) : e;
  const port = colon >= 0 ? parsePort(e.slice(colon + 1)) : undefined;
  if (colon >= 0 && port === undefined) return undefined;
  if (/^[\d./]+$/.test(target)) {
    const block = parseCidr(target);
    return block && block.family === 4 ? { kind: 'cidr', block, port } : undefined;
  }
  const host = target.replace(/\.$/, '');
  return HOST_NAME.test(host) ? { kind: 'host', host, port } : undefined;
}

export function parseAllowList(raw: string): { rules: AllowRule[]; invalid: string[] } {
  const rules: AllowRule[] = [];
  const invalid: string[] = [];
  for (const entry of raw.split(/[\s,]+/).filter((x) => x !== '')) {
    const rule = parseAllowRule(entry);
    if (rule) rules.push(rule);
    else invalid.push(entry);
  }
  return { rules, invalid };
}

/** The configuration check: a problem text, or `undefined` when every entry parses. */
export function allowListProblem(raw: string): string | undefined {
  const { invalid } = parseAllowList(raw);
  return invalid.length === 0
    ? undefined
    : `entries not understood: ${invalid.join(', ')} (expected an address, a CIDR block or a host name, each optionally with :port)`;
}

const portMatches = (rule: AllowRule, port: number) => rule.port === undefined || rule.port === port;

/** True when the operator allowed connections to this configured host name and port. */
export function allowsHost(rules: readonly AllowRule[], host: string, port: number): boolean {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  return rules.some((r) => r.kind === 'host' && r.host === h && portMatches(r, port));
}

/** True when the operator allowed connections to this address and port. */
export function allowsAddress(rules: readonly AllowRule[], ip: IpAddress, port: number): boolean {
  // An IPv4 entry also covers the same address reached over IPv6 (`::ffff:10.1.2.3`).
  const v4 = mappedIpv4(ip);
  return rules.some(
    (r) =>
      r.kind === 'cidr' &&
      portMatches(r, port) &&
      (inCidr(ip, r.block) || (v4 !== undefined && inCidr(v4, r.block))),
  );
}
