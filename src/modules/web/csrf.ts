/**
 * CSRF protection of the UI's form posts by the double-submit pattern: a random token in
 * a cookie that only this site sends (SameSite=Strict, HttpOnly) and the same token in a
 * hidden form field. A cross-site page can make the browser send the cookie's siblings but
 * can neither read the cookie nor guess the token, so it cannot fill in the field.
 * The session cookie is SameSite=Lax as well; this is the second, explicit line.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';

export const CSRF_COOKIE = 'einvoice_csrf';
export const CSRF_FIELD = '_csrf';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

export function csrfCookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure, path: '/' };
}

function cookieToken(req: Request): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[CSRF_COOKIE];
  return typeof value === 'string' && TOKEN.test(value) ? value : undefined;
}

/** The request's token, or a new one set as cookie on the response (pages with forms call this). */
export function ensureCsrfToken(req: Request, res: Response, secure: boolean): string {
  const existing = cookieToken(req);
  if (existing) return existing;
  return rotateCsrfToken(res, secure);
}

/** A fresh token (after sign-in: a token known before authentication is not reused after it). */
export function rotateCsrfToken(res: Response, secure: boolean): string {
  const token = newCsrfToken();
  res.cookie(CSRF_COOKIE, token, csrfCookieOptions(secure));
  return token;
}

/** The header in which a client of the JSON API sends the token of the CSRF cookie. */
export const CSRF_HEADER = 'x-csrf-token';

/**
 * True when the `X-CSRF-Token` header equals the cookie. A cross-site page cannot send a
 * custom header without a CORS preflight, which this application never grants.
 */
export function csrfHeaderMatches(req: Request): boolean {
  const cookie = cookieToken(req);
  const header = req.headers[CSRF_HEADER];
  if (!cookie || typeof header !== 'string' || !TOKEN.test(header)) return false;
  return timingSafeEqual(Buffer.from(cookie), Buffer.from(header));
}

/** True when the posted field equals the cookie (constant-time comparison). */
export function csrfTokenMatches(req: Request): boolean {
  const cookie = cookieToken(req);
  const body = req.body as Record<string, unknown> | undefined;
  const field = body?.[CSRF_FIELD];
  if (!cookie || typeof field !== 'string' || !TOKEN.test(field)) return false;
  return timingSafeEqual(Buffer.from(cookie), Buffer.from(field));
}
