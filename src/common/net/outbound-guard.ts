/**
 * The one check in front of every connection to an address a tenant's admin configured
 * (Peppol callbacks, IMAP mailboxes): such an address must not reach the platform itself
 * or its neighbours — loopback, private, link-local (cloud metadata at 169.254.169.254),
 * unique-local, multicast, reserved — unless the operator listed it in `OUTBOUND_ALLOW`.
 *
 * Checking the name when it is configured is not enough: a name can resolve to a public
 * address today and to 127.0.0.1 at the moment of connecting (DNS rebinding). So the check
 * sits in the `lookup` function the socket itself uses (`net`, `tls`, `http(s)` and imapflow
 * all accept one), and it sees exactly the addresses the socket then connects to. Literal
 * addresses never reach a lookup function (Node connects to them directly), so
 * `connectOptions` checks those before the socket exists.
 *
 * SMTP (answers to suppliers) is not guarded: its server is configured by the operator.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { DomainError } from '../errors/domain-error.js';
import {
  type AddressCategory,
  classify,
  formatIp,
  isLocalhostName,
  literalAddress,
  parseIp,
} from './ip-address.js';
import { type AllowRule, allowsAddress, allowsHost, parseAllowList } from './outbound-allow.js';
import { NetErrors } from './net.errors.js';

export const OUTBOUND_ADDRESS_FORBIDDEN = 'OUTBOUND_ADDRESS_FORBIDDEN';

/** Thrown (or passed to a socket's lookup callback) when a connection would reach a forbidden address. */
export class OutboundForbiddenError extends Error {
  readonly code = OUTBOUND_ADDRESS_FORBIDDEN;

  constructor(
    readonly host: string,
    readonly address: string,
    readonly category: AddressCategory,
  ) {
    super(`${OUTBOUND_ADDRESS_FORBIDDEN}: ${host} is ${address} (${category})`);
    this.name = 'OutboundForbiddenError';
  }
}

export function isOutboundForbidden(err: unknown): boolean {
  return (
    err instanceof OutboundForbiddenError ||
    (typeof err === 'object' &&
      err !== null &&
      (err as { code?: unknown }).code === OUTBOUND_ADDRESS_FORBIDDEN)
  );
}

/** Name resolution as the socket would do it (all addresses), replaceable in tests. */
export type Resolver = (hostname: string, options: LookupOptions) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname, options) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) =>
      err ? reject(err) : resolve(addresses),
    ),
  );

export class OutboundGuard {
  private readonly rules: readonly AllowRule[];

  /** `allow`: the `OUTBOUND_ALLOW` text (already validated by the configuration). */
  constructor(
    allow: string | undefined,
    private readonly resolver: Resolver = systemResolver,
  ) {
    this.rules = parseAllowList(allow ?? '').rules;
  }

  /** Why `address` (as the socket would connect to it) is refused for `host:port`, or undefined. */
  refusal(host: string, address: string, port: number): AddressCategory | undefined {
    if (allowsHost(this.rules, host, port)) return undefined;
    const ip = parseIp(address);
    // Something a resolver returned that is no address at all is refused, not trusted.
    if (!ip) return 'reserved';
    if (allowsAddress(this.rules, ip, port)) return undefined;
    const category = classify(ip);
    return category === 'global' ? undefined : category;
  }

  /**
   * The check when an admin saves a target: a literal forbidden address (in any notation a
   * resolver accepts) or a `localhost` name is refused with 422. Names are not resolved
   * here — the connect-time check in `connectOptions` is the one that counts.
   */
  checkConfigured(host: string, port: number): void {
    if (allowsHost(this.rules, host, port)) return;
    const literal = literalAddress(host);
    const category = literal
      ? this.refusal(host, formatIp(literal), port)
      : isLocalhostName(host) && !allowsAddress(this.rules, parseIp('127.0.0.1')!, port)
        ? 'loopback'
        : undefined;
    if (category) throw new DomainError(NetErrors.OUTBOUND_ADDRESS_FORBIDDEN, { category });
  }

  /**
   * Options to spread into `net.connect`, `tls.connect`, `http(s).request` or imapflow's
   * `tls` option. Throws `OutboundForbiddenError` at once for a forbidden literal address;
   * for a name, the returned `lookup` refuses when any address it resolves to is forbidden.
   */
  connectOptions(host: string, port: number): { lookup: LookupFunction } {
    const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
    const literal = literalAddress(bare);
    if (literal) {
      const address = formatIp(literal);
      const category = this.refusal(host, address, port);
      if (category) throw new OutboundForbiddenError(host, address, category);
    }
    return { lookup: this.lookupFor(host, port) };
  }

  private lookupFor(host: string, port: number): LookupFunction {
    return (hostname, options, callback) => {
      this.resolver(hostname, options).then(
        (addresses) => {
          // Refused when any address is forbidden: a name that mixes public and internal
          // addresses is not one an admin's target has any reason to have.
          for (const a of addresses) {
            const category = this.refusal(host, a.address, port);
            if (category) return callback(new OutboundForbiddenError(host, a.address, category), '');
          }
          if (addresses.length === 0) {
            const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
            err.code = 'ENOTFOUND';
            return callback(err, '');
          }
          if (options.all) return callback(null, addresses);
          callback(null, addresses[0].address, addresses[0].family);
        },
        (err: NodeJS.ErrnoException) => callback(err, ''),
      );
    };
  }
}
