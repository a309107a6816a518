/**
 * Cross-site request forgery on cookie-authenticated requests. The session cookie is
 * SameSite=Lax, but "site" ignores the port and the subdomain: a page on another port of
 * the same host is same-site, its form posts carry the cookie, and it can even plant
 * cookies for this host (so a double-submit token alone does not help against it). What
 * a browser cannot forge is `Origin` (and `Referer`): a state change that rides on the
 * cookie must name this application as its origin — `PUBLIC_BASE_URL`, or the host the
 * request was sent to — or, from a client that sends neither header (no browser), carry
 * the CSRF token in the `X-CSRF-Token` header or the form's `_csrf` field. Requests with
 * an `Authorization` header are not concerned: a browser never adds one on its own.
 */
import type { Request } from 'express';
import { csrfHeaderMatches, csrfTokenMatches } from '../web/csrf.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const isStateChange = (req: Request): boolean => !SAFE_METHODS.has(req.method.toUpperCase());

function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The origins this application is reached at: the configured public one and the request's own host. */
export function ownOrigins(req: Request, publicBaseUrl: string): string[] {
  const own = [originOf(publicBaseUrl)];
  const host = req.get('host');
  if (host) own.push(originOf(`${req.protocol}://${host}`));
  return own.filter((o): o is string => o !== undefined);
}

/**
 * Whether a state-changing request without an `Authorization` header may proceed.
 * `cookieAuthenticated`: it carries the session cookie (then a missing origin needs the token).
 */
export function originAllowed(req: Request, publicBaseUrl: string, cookieAuthenticated: boolean): boolean {
  const origin = req.get('origin');
  const referer = req.get('referer');
  const claimed =
    origin !== undefined ? origin : referer !== undefined ? (originOf(referer) ?? 'invalid') : undefined;
  // A named origin decides alone: a token planted from another port does not outvote it.
  if (claimed !== undefined) return ownOrigins(req, publicBaseUrl).includes(claimed);
  if (!cookieAuthenticated) return true;
  return csrfHeaderMatches(req) || csrfTokenMatches(req);
}
