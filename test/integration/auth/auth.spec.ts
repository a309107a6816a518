import { createHash } from 'node:crypto';
import { SESSION_COOKIE } from '../../../src/modules/auth/auth.contract.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { call, IdentityContext, type TenantFixture } from './identity-context.js';

/** Time limit for hooks and tests that boot the app or hash passwords (a limit, never an assertion). */
const SLOW = 120_000;

describe('authentication (HTTP)', () => {
  let t: TestApp;
  let ctx: IdentityContext;
  let a: TenantFixture;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES: '3', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
    ctx = new IdentityContext(t.app);
    a = await ctx.newTenant('Stadt Anfang');
  }, SLOW);
  afterAll(async () => {
    await t?.close();
  }, SLOW);

  const login = (email: string, password: string) =>
    call(t.url, 'POST', '/api/v1/auth/login', { body: { email, password } });

  it(
    'logs in with the right password, sets a secure session cookie and knows the caller',
    async () => {
      const res = await login(a.admin.email.toUpperCase(), a.admin.password);
      expect(res.status).toBe(200);
      expect(res.body.principal).toMatchObject({
        kind: 'user',
        id: a.admin.id,
        tenantId: a.tenant.id,
        roles: ['admin'],
      });
      const setCookie = res.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=eis_`));
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Lax/i);

      const cookie = setCookie.split(';')[0];
      const me = await call(t.url, 'GET', '/api/v1/me', { cookie });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        principal: { id: a.admin.id, kind: 'user' },
        tenant: { id: a.tenant.id, slug: 'stadt-anfang', name: 'Stadt Anfang' },
      });
    },
    SLOW,
  );

  it(
    'rejects a wrong password and an unknown e-mail alike',
    async () => {
      const wrong = await login(a.admin.email, 'not-the-password');
      const unknown = await login('nobody@example.org', 'not-the-password');
      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
      }
      // German by default, English on request.
      expect(wrong.body.error.message).toBe('E-Mail-Adresse oder Passwort ist falsch.');
      const en = await call(t.url, 'POST', '/api/v1/auth/login?lang=en', {
        body: { email: a.admin.email, password: 'nope-nope-nope' },
      });
      expect(en.body.error.message).toBe('E-mail address or password is wrong.');
    },
    SLOW,
  );

  it(
    'rejects a malformed login body with a stable code',
    async () => {
      const res = await call(t.url, 'POST', '/api/v1/auth/login', { body: { email: 'x@example.org' } });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'AUTH_INVALID_INPUT' });
    },
    SLOW,
  );

  it(
    'locks the account after LOGIN_MAX_FAILURES failures, even for the right password',
    async () => {
      const user = await ctx.newUser(a.tenant.id, ['approver']);
      expect((await login(user.email, 'wrong-1')).body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
      expect((await login(user.email, 'wrong-2')).body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
      const third = await login(user.email, 'wrong-3');
      expect(third.status).toBe(423);
      expect(third.body.error.code).toBe('AUTH_LOCKED');
      const right = await login(user.email, user.password);
      expect(right.status).toBe(423);
      expect(right.body.error.code).toBe('AUTH_LOCKED');

      // Once the lock has expired, the right password works again and resets the count.
      const key = createHash('sha256').update(user.email).digest('hex');
      await t.db.dataSource.query(
        `UPDATE login_throttle SET locked_until = now() - interval '1 second' WHERE email_key = $1`,
        [key],
      );
      expect((await login(user.email, user.password)).status).toBe(200);
      const rows = await t.db.dataSource.query(`SELECT 1 FROM login_throttle WHERE email_key = $1`, [key]);
      expect(rows).toEqual([]);
    },
    SLOW,
  );

  it(
    'a successful login resets the failure count',
    async () => {
      const user = await ctx.newUser(a.tenant.id, ['treasury']);
      await login(user.email, 'wrong-1');
      await login(user.email, 'wrong-2');
      expect((await login(user.email, user.password)).status).toBe(200);
      await login(user.email, 'wrong-3');
      expect((await login(user.email, user.password)).status).toBe(200);
    },
    SLOW,
  );

  it(
    'logout ends the session: the token no longer works, by cookie or bearer',
    async () => {
      const res = await login(a.admin.email, a.admin.password);
      const token = res.body.token as string;
      expect((await call(t.url, 'GET', '/api/v1/me', { bearer: token })).status).toBe(200);
      const out = await call(t.url, 'POST', '/api/v1/auth/logout', { cookie: `${SESSION_COOKIE}=${token}` });
      expect(out.status).toBe(204);
      expect(out.headers.get('set-cookie')).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
      const after = await call(t.url, 'GET', '/api/v1/me', { cookie: `${SESSION_COOKIE}=${token}` });
      expect(after.status).toBe(401);
      expect(after.body.error.code).toBe('AUTH_SESSION_INVALID');
      expect((await call(t.url, 'GET', '/api/v1/me', { bearer: token })).status).toBe(401);
    },
    SLOW,
  );

  it(
    'an expired session is refused',
    async () => {
      const user = await ctx.newUser(a.tenant.id, ['auditor']);
      expect((await call(t.url, 'GET', '/api/v1/me', { bearer: user.token })).status).toBe(200);
      await t.db.dataSource.query(
        `UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
        [user.id],
      );
      expect((await call(t.url, 'GET', '/api/v1/me', { bearer: user.token })).status).toBe(401);
      expect(await ctx.auth.purgeExpiredSessions()).toBeGreaterThanOrEqual(1);
      const rows = await t.db.dataSource.query(`SELECT 1 FROM sessions WHERE user_id = $1`, [user.id]);
      expect(rows).toEqual([]);
    },
    SLOW,
  );

  it(
    'a session is extended when used after half its idle time (sliding expiry)',
    async () => {
      const user = await ctx.newUser(a.tenant.id, ['auditor']);
      await t.db.dataSource.query(
        `UPDATE sessions SET expires_at = now() + interval '1 minute' WHERE user_id = $1`,
        [user.id],
      );
      expect((await call(t.url, 'GET', '/api/v1/me', { bearer: user.token })).status).toBe(200);
      const [row] = await t.db.dataSource.query(
        `SELECT expires_at > now() + interval '60 minutes' AS extended FROM sessions WHERE user_id = $1`,
        [user.id],
      );
      expect(row.extended).toBe(true);
    },
    SLOW,
  );

  it(
    'stores only the hash of session tokens',
    async () => {
      const rows = await t.db.dataSource.query(`SELECT token_hash FROM sessions WHERE user_id = $1`, [
        a.admin.id,
      ]);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r.token_hash).not.toContain(a.admin.token.slice(4));
    },
    SLOW,
  );

  it(
    'API keys authenticate as the API client until they are revoked',
    async () => {
      const k = await ctx.newApiKey(a.tenant.id, 'finance');
      const me = await call(t.url, 'GET', '/api/v1/me', { bearer: k.key });
      expect(me.status).toBe(200);
      expect(me.body.principal).toMatchObject({
        kind: 'api-client',
        id: k.id,
        tenantId: a.tenant.id,
        roles: ['finance'],
      });

      const revoke = await call(t.url, 'DELETE', `/api/v1/admin/api-keys/${k.id}`, { bearer: a.admin.token });
      expect(revoke.status).toBe(200);
      expect(revoke.body.revokedAt).toEqual(expect.any(String));

      const after = await call(t.url, 'GET', '/api/v1/me', { bearer: k.key });
      expect(after.status).toBe(401);
      expect(after.body.error.code).toBe('AUTH_INVALID_API_KEY');
    },
    SLOW,
  );

  it(
    'a key with a wrong secret or a garbage bearer is refused with 401',
    async () => {
      const tampered = a.apiKey.key.slice(0, -1) + (a.apiKey.key.endsWith('A') ? 'B' : 'A');
      for (const bearer of [tampered, 'garbage']) {
        const res = await call(t.url, 'GET', '/api/v1/me', { bearer });
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('AUTH_INVALID_API_KEY');
      }
    },
    SLOW,
  );

  it(
    '401 without credentials, 403 with the wrong role',
    async () => {
      const none = await call(t.url, 'GET', '/api/v1/admin/users');
      expect(none.status).toBe(401);
      expect(none.body.error.code).toBe('AUTH_REQUIRED');
      const approver = await ctx.newUser(a.tenant.id, ['approver']);
      const staff = await call(t.url, 'GET', '/api/v1/admin/users', { bearer: approver.token });
      expect(staff.status).toBe(403);
      expect(staff.body.error.code).toBe('AUTH_FORBIDDEN');
      const client = await call(t.url, 'GET', '/api/v1/admin/users', { bearer: a.apiKey.key });
      expect(client.status).toBe(403);
    },
    SLOW,
  );

  it(
    'admins create users (password generated once) and API keys (key shown once)',
    async () => {
      const created = await call(t.url, 'POST', '/api/v1/admin/users', {
        bearer: a.admin.token,
        body: { email: 'Neu@Example.org', roles: ['approver', 'treasury'] },
      });
      expect(created.status).toBe(201);
      expect(created.body.user).toMatchObject({
        email: 'neu@example.org',
        roles: ['approver', 'treasury'],
        mustChangePassword: true,
      });
      expect(created.body.generatedPassword).toMatch(/^.{20}$/);
      expect((await login('neu@example.org', created.body.generatedPassword)).body.mustChangePassword).toBe(
        true,
      );

      const dup = await call(t.url, 'POST', '/api/v1/admin/users', {
        bearer: a.admin.token,
        body: { email: 'neu@example.org', roles: ['approver'] },
      });
      expect(dup.status).toBe(409);
      expect(dup.body.error.code).toBe('USER_EMAIL_TAKEN');

      const badRole = await call(t.url, 'POST', '/api/v1/admin/users', {
        bearer: a.admin.token,
        body: { email: 'x@example.org', roles: ['root'] },
      });
      expect(badRole.status).toBe(400);

      const key = await call(t.url, 'POST', '/api/v1/admin/api-keys', {
        bearer: a.admin.token,
        body: { name: 'ERP', role: 'finance' },
      });
      expect(key.status).toBe(201);
      expect(key.body.key).toMatch(/^eik_[0-9a-f]{12}_/);
      const list = await call(t.url, 'GET', '/api/v1/admin/api-keys', { bearer: a.admin.token });
      expect(list.body.map((k: { id: string }) => k.id)).toContain(key.body.apiKey.id);
      expect(JSON.stringify(list.body)).not.toContain(key.body.key);
    },
    SLOW,
  );

  it(
    'a user changes the password: the own session stays, other sessions end, must-change is cleared',
    async () => {
      const created = await ctx.users.create(
        a.tenant.id,
        { email: 'wechsel@example.org', roles: ['approver'] },
        'test',
      );
      const first = await login('wechsel@example.org', created.generatedPassword!);
      const second = await login('wechsel@example.org', created.generatedPassword!);
      expect(first.body.mustChangePassword).toBe(true);

      const short = await call(t.url, 'POST', '/api/v1/auth/password', {
        bearer: first.body.token,
        body: { currentPassword: created.generatedPassword, newPassword: 'short' },
      });
      expect(short.body.error.code).toBe('AUTH_PASSWORD_TOO_WEAK');
      const wrong = await call(t.url, 'POST', '/api/v1/auth/password', {
        bearer: first.body.token,
        body: { currentPassword: 'not-it-at-all', newPassword: 'a-new-long-password' },
      });
      expect(wrong.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');

      const ok = await call(t.url, 'POST', '/api/v1/auth/password', {
        bearer: first.body.token,
        body: { currentPassword: created.generatedPassword, newPassword: 'a-new-long-password' },
      });
      expect(ok.status).toBe(204);
      expect((await call(t.url, 'GET', '/api/v1/me', { bearer: first.body.token })).status).toBe(200);
      expect((await call(t.url, 'GET', '/api/v1/me', { bearer: second.body.token })).status).toBe(401);
      expect((await login('wechsel@example.org', created.generatedPassword!)).status).toBe(401);
      const again = await login('wechsel@example.org', 'a-new-long-password');
      expect(again.status).toBe(200);
      expect(again.body.mustChangePassword).toBe(false);

      const client = await call(t.url, 'POST', '/api/v1/auth/password', {
        bearer: a.apiKey.key,
        body: { currentPassword: 'x', newPassword: 'a-new-long-password' },
      });
      expect(client.status).toBe(403);
    },
    SLOW,
  );

  it(
    'documents its endpoints in the OpenAPI document',
    async () => {
      const doc = await call(t.url, 'GET', '/api/docs-json');
      expect(Object.keys(doc.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/auth/login',
          '/api/v1/auth/logout',
          '/api/v1/auth/password',
          '/api/v1/me',
          '/api/v1/admin/users',
          '/api/v1/admin/users/{id}',
          '/api/v1/admin/api-keys',
          '/api/v1/admin/api-keys/{id}',
          '/api/v1/audit',
        ]),
      );
    },
    SLOW,
  );

  it(
    'records security events and state changes in the audit log',
    async () => {
      const res = await call(t.url, 'GET', '/api/v1/audit?limit=1000', { bearer: a.admin.token });
      expect(res.status).toBe(200);
      const actions = new Set(res.body.map((e: { action: string }) => e.action));
      for (const action of [
        'tenant.created',
        'user.created',
        'api_key.created',
        'api_key.revoked',
        'auth.login',
        'auth.login_failed',
        'auth.account_locked',
        'auth.login_refused_locked',
        'auth.logout',
        'auth.revoked_api_key_used',
        'auth.password_change_failed',
        'user.password_changed',
      ]) {
        expect(actions).toContain(action);
      }
    },
    SLOW,
  );
});

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
  }, SLOW);
  afterAll(async () => {
    await t?.close();
  }, SLOW);

  it(
    'answers 429 once the per-minute login limit is used up',
    async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push(
          (
            await call(t.url, 'POST', '/api/v1/auth/login', {
              body: { email: 'x@example.org', password: 'y' },
            })
          ).status,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    },
    SLOW,
  );
});
