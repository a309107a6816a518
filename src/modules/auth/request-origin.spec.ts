import type { Request } from 'express';
import { CSRF_COOKIE } from '../web/csrf.js';
import { originAllowed } from './request-origin.js';

const BASE = 'https://rechnung.example.org';
const TOKEN = 'A'.repeat(43);

function request(headers: Record<string, string>, extra: { cookies?: object; body?: object } = {}): Request {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    method: 'POST',
    protocol: 'http',
    headers: lower,
    cookies: extra.cookies ?? {},
    body: extra.body ?? {},
    get: (name: string) => lower[name.toLowerCase()],
  } as unknown as Request;
}

describe('originAllowed', () => {
  it('accepts the public origin and the host the request was sent to', () => {
    expect(originAllowed(request({ origin: BASE, host: 'intern:3000' }), BASE, true)).toBe(true);
    expect(originAllowed(request({ origin: 'http://intern:3000', host: 'intern:3000' }), BASE, true)).toBe(
      true,
    );
    expect(originAllowed(request({ referer: `${BASE}/inbox?x=1`, host: 'intern:3000' }), BASE, true)).toBe(
      true,
    );
  });

  it('refuses another port, scheme or host, Origin null and a broken Referer', () => {
    const foreign: Record<string, string>[] = [
      { origin: 'https://rechnung.example.org:8443' },
      { origin: 'http://rechnung.example.org' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { referer: 'not a url' },
      { referer: 'https://evil.example/https://rechnung.example.org' },
    ];
    for (const headers of foreign) {
      expect({
        headers,
        ok: originAllowed(request({ ...headers, host: 'intern:3000' }), BASE, true),
      }).toEqual({
        headers,
        ok: false,
      });
    }
  });

  it('without Origin and Referer, a cookie-authenticated request needs the token (header or form field)', () => {
    const cookies = { [CSRF_COOKIE]: TOKEN };
    expect(originAllowed(request({}), BASE, true)).toBe(false);
    expect(originAllowed(request({ 'x-csrf-token': TOKEN }, { cookies }), BASE, true)).toBe(true);
    expect(originAllowed(request({}, { cookies, body: { _csrf: TOKEN } }), BASE, true)).toBe(true);
    expect(originAllowed(request({ 'x-csrf-token': 'B'.repeat(43) }, { cookies }), BASE, true)).toBe(false);
    // Without the cookie there is nothing to forge: a plain API client.
    expect(originAllowed(request({}), BASE, false)).toBe(true);
  });

  it('a named foreign origin is refused even with a matching token', () => {
    const req = request(
      { origin: 'http://rechnung.example.org:8081', 'x-csrf-token': TOKEN },
      { cookies: { [CSRF_COOKIE]: TOKEN } },
    );
    expect(originAllowed(req, BASE, true)).toBe(false);
  });
});
