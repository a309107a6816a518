import type { Request, Response } from 'express';
import { CSRF_COOKIE, CSRF_FIELD, csrfTokenMatches, ensureCsrfToken, newCsrfToken } from './csrf.js';

function req(cookie: unknown, field: unknown): Request {
  return { cookies: { [CSRF_COOKIE]: cookie }, body: { [CSRF_FIELD]: field } } as unknown as Request;
}

describe('CSRF double-submit token', () => {
  it('accepts a field equal to the cookie', () => {
    const t = newCsrfToken();
    expect(csrfTokenMatches(req(t, t))).toBe(true);
  });

  it('refuses a missing, different or malformed token', () => {
    const t = newCsrfToken();
    expect(csrfTokenMatches(req(t, undefined))).toBe(false);
    expect(csrfTokenMatches(req(undefined, t))).toBe(false);
    expect(csrfTokenMatches(req(t, newCsrfToken()))).toBe(false);
    expect(csrfTokenMatches(req('short', 'short'))).toBe(false);
    expect(csrfTokenMatches(req(t, [t]))).toBe(false);
    expect(csrfTokenMatches({ cookies: {}, body: undefined } as unknown as Request)).toBe(false);
  });

  it('reuses the cookie token and sets a new one only when there is none', () => {
    const set: Array<[string, string]> = [];
    const res = { cookie: (name: string, value: string) => set.push([name, value]) } as unknown as Response;
    const t = newCsrfToken();
    expect(ensureCsrfToken(req(t, undefined), res, false)).toBe(t);
    expect(set).toHaveLength(0);
    const fresh = ensureCsrfToken(req(undefined, undefined), res, false);
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(set).toEqual([[CSRF_COOKIE, fresh]]);
  });
});
