/**
 * The rest of a staff account's life cycle, against the real application and database: an
 * admin changes a user's name and roles, and gives a user who forgot the password a new
 * one-time password; the operator does the same from the command line. No other tenant's
 * admin, no staff without the admin role and no API key can do either; an admin cannot
 * demote themself, and a tenant keeps at least one enabled admin.
 */
import { SESSION_COOKIE } from '../../../src/modules/auth/auth.contract.js';
import * as userCommand from '../../../src/modules/auth/cli/user.command.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { call, IdentityContext, type TenantFixture } from './identity-context.js';
import { runCli } from './run-cli.js';

/** Time limit for hooks and tests that boot the app or hash passwords (a limit, never an assertion). */
const SLOW = 120_000;

let t: TestApp;
let ctx: IdentityContext;
let a: TenantFixture;
let b: TenantFixture;
let staff: { id: string; email: string; password: string; token: string };

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000', LOGIN_MAX_FAILURES: '3' });
  ctx = new IdentityContext(t.app);
  a = await ctx.newTenant();
  b = await ctx.newTenant();
  staff = await ctx.newUser(a.tenant.id, ['approver']);
}, SLOW);

afterAll(async () => {
  await t?.close();
}, SLOW);

const login = (email: string, password: string) =>
  call(t.url, 'POST', '/api/v1/auth/login', { body: { email, password } });

async function auditActions(tenantId: string, subject: string): Promise<string[]> {
  const rows = await t.db.dataSource.query<{ action: string }[]>(
    `SELECT action FROM (
       SELECT action, at FROM audit_log WHERE tenant_id = $1 AND subject = $2 AND action LIKE 'user.%'
       UNION ALL SELECT action, at FROM audit_pending WHERE tenant_id = $1 AND subject = $2 AND action LIKE 'user.%') x
      ORDER BY at`,
    [tenantId, subject],
  );
  return rows.map((r) => r.action);
}

async function enabledAdmins(tenantId: string): Promise<number> {
  const [row] = await t.db.dataSource.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM users WHERE tenant_id = $1 AND 'admin' = ANY(roles) AND disabled_at IS NULL`,
    [tenantId],
  );
  return row.n;
}

describe('changing a staff account (PATCH /api/v1/admin/users/:id)', () => {
  it(
    'changes the display name and roles; the new roles apply to open sessions at once; audited',
    async () => {
      const user = await ctx.newUser(a.tenant.id, ['approver']);
      expect((await call(t.url, 'GET', '/api/v1/audit', { bearer: user.token })).status).toBe(403);
      const res = await call(t.url, 'PATCH', `/api/v1/admin/users/${user.id}`, {
        bearer: a.admin.token,
        body: { displayName: '  Erika Mustermann ', roles: ['auditor', 'approver', 'auditor'] },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: user.id, displayName: 'Erika Mustermann', email: user.email });
      expect([...res.body.roles].sort()).toEqual(['approver', 'auditor']);
      expect((await call(t.url, 'GET', '/api/v1/audit', { bearer: user.token })).status).toBe(200);

      const nameOnly = await call(t.url, 'PATCH', `/api/v1/admin/users/${user.id}`, {
        bearer: a.admin.token,
        body: { displayName: 'E. Mustermann' },
      });
      expect(nameOnly.body).toMatchObject({ displayName: 'E. Mustermann' });
      expect([...nameOnly.body.roles].sort()).toEqual(['approver', 'auditor']);
      expect(await auditActions(a.tenant.id, `user:${user.id}`)).toEqual([
        'user.created',
        'user.updated',
        'user.updated',
      ]);
    },
    SLOW,
  );

  it(
    'refuses unknown roles, an empty role list, an empty name and a body without changes',
    async () => {
      for (const body of [
        { roles: ['king'] },
        { roles: ['supplier'] },
        { roles: [] },
        { displayName: '   ' },
        { displayName: 'x'.repeat(201) },
        {},
      ]) {
        const res = await call(t.url, 'PATCH', `/api/v1/admin/users/${staff.id}`, {
          bearer: a.admin.token,
          body,
        });
        expect({ body, status: res.status, code: res.body.error.code }).toEqual({
          body,
          status: 400,
          code: 'AUTH_INVALID_INPUT',
        });
      }
      const me = await call(t.url, 'GET', `/api/v1/admin/users/${staff.id}`, { bearer: a.admin.token });
      expect(me.body.roles).toEqual(['approver']);
    },
    SLOW,
  );

  it(
    'takes only JSON',
    async () => {
      const res = await fetch(`${t.url}/api/v1/admin/users/${staff.id}`, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${a.admin.token}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: 'roles=admin',
      });
      expect(res.status).toBe(415);
      const me = await call(t.url, 'GET', `/api/v1/admin/users/${staff.id}`, { bearer: a.admin.token });
      expect(me.body.roles).toEqual(['approver']);
    },
    SLOW,
  );

  it(
    'does not let an admin take the admin role from themself (the name they may change)',
    async () => {
      const res = await call(t.url, 'PATCH', `/api/v1/admin/users/${a.admin.id}`, {
        bearer: a.admin.token,
        body: { roles: ['approver'] },
      });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('USER_CANNOT_DEMOTE_SELF');
      const name = await call(t.url, 'PATCH', `/api/v1/admin/users/${a.admin.id}`, {
        bearer: a.admin.token,
        body: { displayName: 'Die Verwaltung', roles: ['admin', 'auditor'] },
      });
      expect(name.status).toBe(200);
      expect([...name.body.roles].sort()).toEqual(['admin', 'auditor']);
    },
    SLOW,
  );

  it(
    'keeps the last enabled admin of a tenant: neither demoted nor disabled',
    async () => {
      const c = await ctx.newTenant();
      await expect(
        ctx.users.update(c.tenant.id, c.admin.id, { roles: ['approver'] }, 'test'),
      ).rejects.toMatchObject({ code: 'USER_LAST_ADMIN' });
      await expect(ctx.users.setDisabled(c.tenant.id, c.admin.id, true, 'test')).rejects.toMatchObject({
        code: 'USER_LAST_ADMIN',
      });
      // A disabled admin does not count: with the second admin disabled, the first is the last.
      const second = await ctx.newUser(c.tenant.id, ['admin']);
      await ctx.users.setDisabled(c.tenant.id, second.id, true, 'test');
      await expect(
        ctx.users.update(c.tenant.id, c.admin.id, { roles: ['approver'] }, 'test'),
      ).rejects.toMatchObject({ code: 'USER_LAST_ADMIN' });
      await ctx.users.setDisabled(c.tenant.id, second.id, false, 'test');
      // With two, one may go.
      const ok = await call(t.url, 'PATCH', `/api/v1/admin/users/${second.id}`, {
        bearer: c.admin.token,
        body: { roles: ['approver'] },
      });
      expect(ok.status).toBe(200);
      expect(await enabledAdmins(c.tenant.id)).toBe(1);
      expect(await auditActions(c.tenant.id, `user:${c.admin.id}`)).toEqual(['user.created']);
    },
    SLOW,
  );

  it(
    'leaves an admin when two admins demote or disable each other at the same moment',
    async () => {
      for (const action of ['demote', 'disable'] as const) {
        const c = await ctx.newTenant();
        const other = await ctx.newUser(c.tenant.id, ['admin']);
        const act = (bearer: string, id: string) =>
          action === 'demote'
            ? call(t.url, 'PATCH', `/api/v1/admin/users/${id}`, { bearer, body: { roles: ['approver'] } })
            : call(t.url, 'POST', `/api/v1/admin/users/${id}/disable`, { bearer });
        const answers = await Promise.all([act(c.admin.token, other.id), act(other.token, c.admin.id)]);
        const statuses = answers.map((r) => r.status).sort();
        expect({ action, ok: statuses.filter((s) => s < 300).length }).toEqual({ action, ok: 1 });
        for (const r of answers.filter((x) => x.status >= 300))
          expect(['USER_LAST_ADMIN', 'AUTH_FORBIDDEN', 'AUTH_SESSION_INVALID']).toContain(r.body.error.code);
        expect(await enabledAdmins(c.tenant.id)).toBe(1);
      }
    },
    SLOW,
  );
});

describe('resetting a password (POST /api/v1/admin/users/:id/reset-password)', () => {
  it(
    'issues a one-time password once, ends the sessions, lifts the lock and forces a change',
    async () => {
      const user = await ctx.newUser(a.tenant.id, ['approver']);
      const second = (await login(user.email, user.password)).body.token as string;
      // The user forgot the password and locked the address trying.
      for (let i = 0; i < 3; i++) await login(user.email, 'is-it-this-one-maybe');
      expect((await login(user.email, user.password)).status).toBe(423);

      const res = await call(t.url, 'POST', `/api/v1/admin/users/${user.id}/reset-password`, {
        bearer: a.admin.token,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.body.generatedPassword).toEqual(expect.any(String));
      expect(res.body.generatedPassword.length).toBeGreaterThanOrEqual(12);
      expect(res.body.user).toMatchObject({ id: user.id, mustChangePassword: true, lockedUntil: null });

      for (const token of [user.token, second])
        expect((await call(t.url, 'GET', '/api/v1/me', { bearer: token })).status).toBe(401);
      expect((await login(user.email, user.password)).status).toBe(401);
      const fresh = await login(user.email, res.body.generatedPassword);
      expect(fresh.status).toBe(200);
      expect(fresh.body.mustChangePassword).toBe(true);
      const blocked = await call(t.url, 'GET', '/api/v1/audit', { bearer: fresh.body.token });
      expect(blocked.status).toBe(403);
      expect(blocked.body.error.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
      const changed = await call(t.url, 'POST', '/api/v1/auth/password', {
        bearer: fresh.body.token,
        body: { currentPassword: res.body.generatedPassword, newPassword: 'ein-neues-langes-passwort' },
      });
      expect(changed.status).toBe(204);
      expect((await login(user.email, 'ein-neues-langes-passwort')).body.mustChangePassword).toBe(false);

      // Shown once: neither the user's page nor the list carries it.
      const listed = await call(t.url, 'GET', '/api/v1/admin/users', { bearer: a.admin.token });
      expect(JSON.stringify(listed.body)).not.toContain(res.body.generatedPassword);
      expect(await auditActions(a.tenant.id, `user:${user.id}`)).toEqual([
        'user.created',
        'user.password_reset',
        'user.password_changed',
      ]);
    },
    SLOW,
  );

  it(
    'is not for the own account (that is the password change)',
    async () => {
      const res = await call(t.url, 'POST', `/api/v1/admin/users/${a.admin.id}/reset-password`, {
        bearer: a.admin.token,
      });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('USER_CANNOT_RESET_OWN_PASSWORD');
      expect((await call(t.url, 'GET', '/api/v1/me', { bearer: a.admin.token })).status).toBe(200);
    },
    SLOW,
  );
});

describe('who may change or reset an account', () => {
  it(
    "answers 404 to another tenant's admin, 403 to staff without the admin role and to API keys; nothing changes",
    async () => {
      const target = await ctx.newUser(a.tenant.id, ['approver']);
      const requests = [
        { method: 'PATCH', path: `/api/v1/admin/users/${target.id}`, body: { roles: ['admin'] } },
        { method: 'POST', path: `/api/v1/admin/users/${target.id}/reset-password`, body: undefined },
      ];
      for (const r of requests) {
        const expectations: [string, string, number][] = [
          ["B's admin", b.admin.token, 404],
          ['A approver', staff.token, 403],
          ['A supplier key', a.apiKey.key, 403],
          ['A finance key', (await ctx.newApiKey(a.tenant.id, 'finance')).key, 403],
          ["B's supplier key", b.apiKey.key, 403],
        ];
        for (const [who, bearer, status] of expectations) {
          const res = await call(t.url, r.method, r.path, { bearer, body: r.body });
          expect({ who, path: r.path, status: res.status }).toEqual({ who, path: r.path, status });
        }
      }
      const after = await call(t.url, 'GET', `/api/v1/admin/users/${target.id}`, { bearer: a.admin.token });
      expect(after.body).toMatchObject({ roles: ['approver'], mustChangePassword: false });
      expect((await call(t.url, 'GET', '/api/v1/me', { bearer: target.token })).status).toBe(200);
      expect(await auditActions(a.tenant.id, `user:${target.id}`)).toEqual(['user.created']);
    },
    SLOW,
  );
});

describe('with a session cookie (the browser)', () => {
  it(
    'changes and resets only with proof of the own origin (CSRF), never from a form of another site',
    async () => {
      const target = await ctx.newUser(a.tenant.id, ['approver']);
      const { token } = await ctx.auth.login(a.admin.email, a.admin.password);
      const cookie = `${SESSION_COOKIE}=${token}`;
      const attempts: [string, string, Record<string, string>, string | undefined][] = [
        ['PATCH', '', { 'content-type': 'application/json' }, JSON.stringify({ roles: ['admin'] })],
        [
          'PATCH',
          '',
          { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
          'roles=admin',
        ],
        ['POST', '/reset-password', {}, undefined],
        ['POST', '/reset-password', { origin: 'https://evil.example' }, undefined],
      ];
      for (const [method, suffix, headers, body] of attempts) {
        const res = await fetch(`${t.url}/api/v1/admin/users/${target.id}${suffix}`, {
          method,
          headers: { cookie, accept: 'application/json', ...headers },
          body,
        });
        expect({ method, suffix, headers, status: res.status }).toEqual({
          method,
          suffix,
          headers,
          status: 403,
        });
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('AUTH_CSRF_REJECTED');
      }
      expect((await call(t.url, 'GET', '/api/v1/me', { bearer: target.token })).status).toBe(200);
      expect(await auditActions(a.tenant.id, `user:${target.id}`)).toEqual(['user.created']);

      // The application's own requests carry the CSRF token (see `call`) and pass.
      const ok = await call(t.url, 'PATCH', `/api/v1/admin/users/${target.id}`, {
        cookie,
        body: { roles: ['auditor'] },
      });
      expect(ok.status).toBe(200);
      const reset = await call(t.url, 'POST', `/api/v1/admin/users/${target.id}/reset-password`, { cookie });
      expect(reset.status).toBe(200);
      expect(reset.headers.get('cache-control')).toBe('no-store');
    },
    SLOW,
  );
});

describe('operator CLI: user update|disable|enable|reset-password', () => {
  const cli = (args: string[]) => runCli(userCommand, args, { DATABASE_URL: t.db.url });

  it(
    'updates the name and roles of a user found by tenant and e-mail',
    async () => {
      const user = await ctx.newUser(a.tenant.id, ['approver']);
      const res = await cli([
        'update',
        '--tenant',
        a.tenant.slug,
        '--email',
        user.email.toUpperCase(),
        '--name',
        'Max Muster',
        '--roles',
        'auditor,treasury',
        '--json',
      ]);
      expect(res.code).toBe(0);
      expect(res.json()).toMatchObject({
        id: user.id,
        displayName: 'Max Muster',
        roles: ['auditor', 'treasury'],
      });
      const human = await cli([
        'update',
        '--tenant',
        a.tenant.id,
        '--email',
        user.email,
        '--name',
        'M. Muster',
      ]);
      expect(human.code).toBe(0);
      expect(human.stdout).toContain(`updated user ${user.email}`);
      expect(await auditActions(a.tenant.id, `user:${user.id}`)).toEqual([
        'user.created',
        'user.updated',
        'user.updated',
      ]);
    },
    SLOW,
  );

  it(
    'disables and enables a user, and keeps the last admin',
    async () => {
      const user = await ctx.newUser(a.tenant.id, ['approver']);
      const off = await cli(['disable', '--tenant', a.tenant.slug, '--email', user.email, '--json']);
      expect(off.code).toBe(0);
      expect(off.json().disabledAt).toEqual(expect.any(String));
      expect((await call(t.url, 'GET', '/api/v1/me', { bearer: user.token })).status).toBe(401);
      const on = await cli(['enable', '--tenant', a.tenant.slug, '--email', user.email, '--json']);
      expect(on.json().disabledAt).toBeNull();
      expect((await login(user.email, user.password)).status).toBe(200);

      const c = await ctx.newTenant();
      for (const args of [
        ['disable', '--tenant', c.tenant.slug, '--email', c.admin.email, '--json'],
        ['update', '--tenant', c.tenant.slug, '--email', c.admin.email, '--roles', 'approver', '--json'],
      ]) {
        const res = await cli(args);
        expect({ args, code: res.code, error: res.json().error.code }).toEqual({
          args,
          code: 1,
          error: 'USER_LAST_ADMIN',
        });
      }
      const human = await cli(['disable', '--tenant', c.tenant.slug, '--email', c.admin.email]);
      expect(human.stderr).toContain('USER_LAST_ADMIN');
      expect(await enabledAdmins(c.tenant.id)).toBe(1);
    },
    SLOW,
  );

  it(
    'resets a password: printed once, sessions ended, change forced',
    async () => {
      const user = await ctx.newUser(a.tenant.id, ['approver']);
      const human = await cli(['reset-password', '--tenant', a.tenant.slug, '--email', user.email]);
      expect(human.code).toBe(0);
      const password = /one-time password[^:]*: (\S+)/.exec(human.stdout)?.[1];
      expect(password).toEqual(expect.any(String));
      expect((await call(t.url, 'GET', '/api/v1/me', { bearer: user.token })).status).toBe(401);
      const fresh = await login(user.email, password!);
      expect(fresh.status).toBe(200);
      expect(fresh.body.mustChangePassword).toBe(true);

      const json = await cli(['reset-password', '--tenant', a.tenant.slug, '--email', user.email, '--json']);
      expect(json.json()).toMatchObject({ id: user.id, mustChangePassword: true });
      expect(json.json().generatedPassword).not.toBe(password);
      expect((await call(t.url, 'GET', '/api/v1/me', { bearer: fresh.body.token })).status).toBe(401);
      expect((await login(user.email, json.json().generatedPassword)).status).toBe(200);
    },
    SLOW,
  );

  it(
    'names an unknown user or tenant, and refuses an update without changes',
    async () => {
      const unknown = await cli([
        'disable',
        '--tenant',
        a.tenant.slug,
        '--email',
        'niemand@example.org',
        '--json',
      ]);
      expect(unknown.code).toBe(1);
      expect(unknown.json().error.code).toBe('USER_NOT_FOUND');
      // Another tenant's user is not found through this tenant.
      const other = await cli([
        'reset-password',
        '--tenant',
        a.tenant.slug,
        '--email',
        b.admin.email,
        '--json',
      ]);
      expect(other.json().error.code).toBe('USER_NOT_FOUND');
      const noTenant = await cli(['enable', '--tenant', 'gibt-es-nicht', '--email', staff.email, '--json']);
      expect(noTenant.json().error.code).toBe('TENANT_NOT_FOUND');
      const nothing = await cli(['update', '--tenant', a.tenant.slug, '--email', staff.email]);
      expect(nothing.code).toBe(2);
      expect(nothing.stderr).toContain('nothing to change');
      const missing = await cli(['reset-password', '--tenant', a.tenant.slug]);
      expect(missing.code).toBe(2);
    },
    SLOW,
  );
});
