/**
 * Findings of the security review about how requests are authenticated, against the real
 * application: the first-login password change is enforced on every route family, the
 * session cookie cannot be used cross-site (CSRF), JSON routes take only JSON, API keys do
 * not open the staff web UI, and answers that carry a secret are never cached.
 */
import { randomBytes } from 'node:crypto';
import { SESSION_COOKIE } from '../../../src/modules/auth/auth.contract.js';
import { CSRF_COOKIE } from '../../../src/modules/web/csrf.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { call, IdentityContext, type TenantFixture } from './identity-context.js';

const SLOW = 120_000;
const PUBLIC_BASE_URL = 'http://rechnung.example.test';

interface Answer {
  status: number;
  text: string;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- asserted by shape
  json: any;
}

/** A request exactly as given: no header is added (unlike `call`). */
async function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  const res = await fetch(base + path, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, headers: res.headers, json };
}

function setCookie(res: Answer, name: string): string | undefined {
  for (const c of res.headers.getSetCookie()) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(c);
    if (m) return m[1];
  }
  return undefined;
}

describe('request security', () => {
  let t: TestApp;
  let ctx: IdentityContext;
  let a: TenantFixture;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL, LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
    ctx = new IdentityContext(t.app);
    a = await ctx.newTenant();
  }, SLOW);
  afterAll(async () => {
    await t?.close();
  }, SLOW);

  const apiLogin = async (email: string, password: string) => {
    const res = await call(t.url, 'POST', '/api/v1/auth/login', { body: { email, password } });
    expect(res.status).toBe(200);
    return res;
  };

  describe('first-login password change', () => {
    // One representative route of every family; the path with `{uuid}` gets a random id.
    const apiRoutes: [string, string][] = [
      ['GET', '/api/v1/me'],
      ['GET', '/api/v1/admin/users'],
      ['POST', '/api/v1/admin/users'],
      ['GET', '/api/v1/admin/api-keys'],
      ['POST', '/api/v1/admin/api-keys'],
      ['GET', '/api/v1/admin/mailboxes'],
      ['GET', '/api/v1/admin/peppol/callbacks'],
      ['GET', '/api/v1/admin/jobs/failed'],
      ['POST', '/api/v1/admin/jobs/failed/1/retry'],
      ['GET', '/api/v1/audit'],
      ['POST', '/api/v1/admin/audit/verifications'],
      ['GET', '/api/v1/invoices/{uuid}'],
    ];
    const webPages = ['/inbox', '/'];

    it(
      'refuses every route but the password change and sign-out until the one-time password is replaced',
      async () => {
        const email = `first-${randomBytes(4).toString('hex')}@example.org`;
        const { generatedPassword } = await ctx.users.create(
          a.tenant.id,
          { email, roles: ['admin', 'auditor'] },
          'test',
        );
        const login = await apiLogin(email, generatedPassword!);
        expect(login.body.mustChangePassword).toBe(true);
        const token = login.body.token as string;
        const body = { email: `x-${randomBytes(4).toString('hex')}@example.org`, roles: ['approver'] };
        const route = (p: string) => p.replace('{uuid}', '00000000-0000-4000-8000-000000000000');

        for (const [method, path] of apiRoutes) {
          for (const cred of [{ bearer: token }, { cookie: `${SESSION_COOKIE}=${token}` }]) {
            const res = await call(t.url, method, route(path), {
              ...cred,
              body: method === 'GET' ? undefined : body,
            });
            expect({ method, path, status: res.status, code: res.body?.error?.code }).toEqual({
              method,
              path,
              status: 403,
              code: 'AUTH_PASSWORD_CHANGE_REQUIRED',
            });
          }
        }
        // The browser is sent to the form instead.
        for (const page of webPages) {
          const res = await send(t.url, 'GET', page, {
            cookie: `${SESSION_COOKIE}=${token}`,
            accept: 'text/html',
          });
          expect({ page, status: res.status }).toEqual({ page, status: 303 });
          if (page !== '/') expect(res.headers.get('location')).toBe('/password?first=1');
        }
        // Open: the form, the change itself and signing out.
        const form = await send(t.url, 'GET', '/password', { cookie: `${SESSION_COOKIE}=${token}` });
        expect(form.status).toBe(200);
        expect((await send(t.url, 'GET', '/logout', { cookie: `${SESSION_COOKIE}=${token}` })).status).toBe(
          200,
        );

        const changed = await call(t.url, 'POST', '/api/v1/auth/password', {
          bearer: token,
          body: { currentPassword: generatedPassword, newPassword: `Neu-${randomBytes(8).toString('hex')}` },
        });
        expect(changed.status).toBe(204);
        for (const [method, path] of apiRoutes) {
          const res = await call(t.url, method, route(path), {
            bearer: token,
            body: method === 'GET' ? undefined : body,
          });
          expect({ method, path, code: res.body?.error?.code }).not.toEqual({
            method,
            path,
            code: 'AUTH_PASSWORD_CHANGE_REQUIRED',
          });
        }
        expect((await call(t.url, 'GET', '/api/v1/me', { bearer: token })).status).toBe(200);
        const inbox = await send(t.url, 'GET', '/inbox', { cookie: `${SESSION_COOKIE}=${token}` });
        expect(inbox.status).toBe(200);
      },
      SLOW,
    );

    it(
      'a session with the one-time password can sign out',
      async () => {
        const email = `out-${randomBytes(4).toString('hex')}@example.org`;
        const { generatedPassword } = await ctx.users.create(
          a.tenant.id,
          { email, roles: ['approver'] },
          'test',
        );
        const token = (await apiLogin(email, generatedPassword!)).body.token as string;
        const out = await call(t.url, 'POST', '/api/v1/auth/logout', { bearer: token });
        expect(out.status).toBe(204);
        expect((await call(t.url, 'GET', '/api/v1/me', { bearer: token })).body.error.code).toBe(
          'AUTH_SESSION_INVALID',
        );
      },
      SLOW,
    );
  });

  describe('cross-site request forgery on the JSON API', () => {
    const form = 'application/x-www-form-urlencoded';
    const newEmail = () => `csrf-${randomBytes(5).toString('hex')}@example.org`;
    const userExists = async (email: string) =>
      (await t.db.dataSource.query(`SELECT 1 FROM users WHERE email = $1`, [email])).length > 0;
    let cookie: string;
    let csrf: string;

    beforeAll(async () => {
      const login = await apiLogin(a.admin.email, a.admin.password);
      const res = { headers: login.headers } as Answer;
      cookie = `${SESSION_COOKIE}=${setCookie(res, SESSION_COOKIE)}`;
      csrf = setCookie(res, CSRF_COOKIE) ?? '';
    }, SLOW);

    it(
      'a form post from another origin with the session cookie creates nothing',
      async () => {
        const email = newEmail();
        const res = await send(
          t.url,
          'POST',
          '/api/v1/admin/users',
          { cookie, 'content-type': form, origin: 'http://rechnung.example.test:8081' },
          `email=${encodeURIComponent(email)}&roles[]=admin`,
        );
        expect(res.status).toBe(403);
        expect(res.json.error.code).toBe('AUTH_CSRF_REJECTED');
        expect(await userExists(email)).toBe(false);
      },
      SLOW,
    );

    it(
      'the same without Origin (a browser that sends none) is refused as well',
      async () => {
        for (const contentType of [form, 'text/plain', 'application/json']) {
          const email = newEmail();
          const body =
            contentType === form
              ? `email=${encodeURIComponent(email)}&roles[]=admin`
              : JSON.stringify({ email, roles: ['admin'] });
          const res = await send(
            t.url,
            'POST',
            '/api/v1/admin/users',
            { cookie, 'content-type': contentType },
            body,
          );
          expect({ contentType, status: res.status }).toEqual({ contentType, status: 403 });
          expect(await userExists(email)).toBe(false);
        }
      },
      SLOW,
    );

    it(
      'cookie-authenticated changes pass with the public origin, a matching Referer or the CSRF token',
      async () => {
        const json = { cookie, 'content-type': 'application/json' };
        const variants: Record<string, string>[] = [
          { origin: PUBLIC_BASE_URL },
          // The host the request was sent to (an installation reached under another name).
          { origin: t.url },
          { referer: `${PUBLIC_BASE_URL}/admin/users?x=1` },
          { cookie: `${cookie}; ${CSRF_COOKIE}=${csrf}`, 'x-csrf-token': csrf },
        ];
        expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
        for (const extra of variants) {
          const email = newEmail();
          const res = await send(
            t.url,
            'POST',
            '/api/v1/admin/users',
            { ...json, ...extra },
            JSON.stringify({ email, roles: ['approver'] }),
          );
          expect({ extra, status: res.status }).toEqual({ extra, status: 201 });
        }
        const refused: Record<string, string>[] = [
          { origin: 'http://rechnung.example.test:8081' },
          { origin: 'null' },
          { referer: 'http://evil.example/rechnung.example.test' },
          { cookie: `${cookie}; ${CSRF_COOKIE}=${csrf}`, 'x-csrf-token': 'A'.repeat(43) },
          // A token is no excuse for a foreign Origin (cookies can be planted from another port).
          {
            cookie: `${cookie}; ${CSRF_COOKIE}=${csrf}`,
            'x-csrf-token': csrf,
            origin: 'http://evil.example',
          },
        ];
        for (const extra of refused) {
          const email = newEmail();
          const res = await send(
            t.url,
            'POST',
            '/api/v1/admin/users',
            { ...json, ...extra },
            JSON.stringify({ email, roles: ['approver'] }),
          );
          expect({ extra, status: res.status, code: res.json?.error?.code }).toEqual({
            extra,
            status: 403,
            code: 'AUTH_CSRF_REJECTED',
          });
          expect(await userExists(email)).toBe(false);
        }
        // Signing in again with a cookie jar that still holds a session is no forgery.
        const again = await send(
          t.url,
          'POST',
          '/api/v1/auth/login',
          { cookie, 'content-type': 'application/json' },
          JSON.stringify({ email: a.admin.email, password: a.admin.password }),
        );
        expect(again.status).toBe(200);
        const foreignLogin = await send(
          t.url,
          'POST',
          '/api/v1/auth/login',
          { 'content-type': 'application/json', origin: 'http://evil.example' },
          JSON.stringify({ email: a.admin.email, password: a.admin.password }),
        );
        expect(foreignLogin.status).toBe(403);
        // DELETE is a state change too.
        const del = await send(t.url, 'DELETE', `/api/v1/admin/api-keys/${a.apiKey.id}`, { cookie });
        expect(del.status).toBe(403);
      },
      SLOW,
    );

    it(
      'JSON routes take only JSON bodies (415), also with an API key, which CSRF rules do not concern',
      async () => {
        const email = newEmail();
        const bearer = { authorization: `Bearer ${a.admin.token}` };
        const formPost = await send(
          t.url,
          'POST',
          '/api/v1/admin/users',
          { ...bearer, 'content-type': form },
          `email=${encodeURIComponent(email)}&roles[]=admin`,
        );
        expect(formPost.status).toBe(415);
        expect(formPost.json.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
        const textPost = await send(
          t.url,
          'POST',
          '/api/v1/auth/login',
          { 'content-type': 'text/plain' },
          JSON.stringify({ email: a.admin.email, password: a.admin.password }),
        );
        expect(textPost.status).toBe(415);
        expect(await userExists(email)).toBe(false);
        // Bearer with a foreign Origin: no cookie, so no CSRF concern.
        const ok = await send(
          t.url,
          'POST',
          '/api/v1/admin/users',
          { ...bearer, 'content-type': 'application/json; charset=utf-8', origin: 'http://evil.example' },
          JSON.stringify({ email, roles: ['approver'] }),
        );
        expect(ok.status).toBe(201);
      },
      SLOW,
    );
  });

  describe('staff web UI', () => {
    it(
      "lets the browser send the real Origin with the UI's own form posts",
      async () => {
        // Under `Referrer-Policy: no-referrer` a browser sends `Origin: null` with every form post.
        const page = await send(t.url, 'GET', '/login');
        expect(page.headers.get('referrer-policy')).toBe('same-origin');
        const csrfField = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
        const cookies = page.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; ');
        const post = (origin: string) =>
          send(
            t.url,
            'POST',
            '/password',
            {
              cookie: `${cookies}; ${SESSION_COOKIE}=${a.admin.token}`,
              'content-type': 'application/x-www-form-urlencoded',
              origin,
            },
            new URLSearchParams({ _csrf: csrfField, currentPassword: 'wrong-password-123' }).toString(),
          );
        // The form's own origin passes the check and reaches the form (which finds problems);
        // Origin null does not, even with the right token.
        expect((await post(t.url)).status).toBe(400);
        expect((await post('null')).status).toBe(403);
      },
      SLOW,
    );

    it(
      'API keys do not open web pages',
      async () => {
        const finance = await ctx.newApiKey(a.tenant.id, 'finance');
        for (const key of [a.apiKey.key, finance.key]) {
          for (const page of ['/inbox', '/password', '/logout']) {
            const res = await send(t.url, 'GET', page, {
              authorization: `Bearer ${key}`,
              accept: 'text/html',
            });
            expect({ page, status: res.status }).toEqual({ page, status: 303 });
            expect(res.headers.get('location')).toMatch(/^\/login/);
          }
        }
        // A staff session still works.
        const inbox = await send(t.url, 'GET', '/inbox', { cookie: `${SESSION_COOKIE}=${a.admin.token}` });
        expect(inbox.status).toBe(200);
      },
      SLOW,
    );
  });

  describe('answers that carry a secret', () => {
    it(
      'are marked Cache-Control: no-store',
      async () => {
        const login = await apiLogin(a.admin.email, a.admin.password);
        const key = await call(t.url, 'POST', '/api/v1/admin/api-keys', {
          bearer: a.admin.token,
          body: { name: 'ERP', role: 'finance' },
        });
        const user = await call(t.url, 'POST', '/api/v1/admin/users', {
          bearer: a.admin.token,
          body: { email: `ns-${randomBytes(4).toString('hex')}@example.org`, roles: ['approver'] },
        });
        expect(user.body.generatedPassword).toEqual(expect.any(String));
        const fresh = await ctx.newUser(a.tenant.id, ['approver']);
        const change = await call(t.url, 'POST', '/api/v1/auth/password', {
          bearer: fresh.token,
          body: { currentPassword: fresh.password, newPassword: `Neu-${randomBytes(8).toString('hex')}` },
        });
        for (const [name, res, status] of [
          ['login', login, 200],
          ['api key', key, 201],
          ['user', user, 201],
          ['password change', change, 204],
        ] as const) {
          expect({ name, status: res.status, cache: res.headers.get('cache-control') }).toEqual({
            name,
            status,
            cache: expect.stringContaining('no-store'),
          });
        }
      },
      SLOW,
    );
  });
});
