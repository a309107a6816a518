/**
 * An admin disables and enables a staff account of the own tenant: a disabled account
 * cannot sign in (answered like an unknown one), its open sessions end at once, it is
 * enabled again without losing anything, and no other tenant's admin can touch it. And an
 * API key can be looked at on its own (list, show, create and revoke make its life cycle).
 */
import { startTestApp, type TestApp } from '../../support/app.js';
import { call, IdentityContext, type TenantFixture } from './identity-context.js';

let t: TestApp;
let ctx: IdentityContext;
let a: TenantFixture;
let b: TenantFixture;
let staff: { id: string; email: string; password: string; token: string };

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
  ctx = new IdentityContext(t.app);
  a = await ctx.newTenant();
  b = await ctx.newTenant();
  staff = await ctx.newUser(a.tenant.id, ['approver']);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

const login = (email: string, password: string) =>
  call(t.url, 'POST', '/api/v1/auth/login', { body: { email, password } });

describe('disabling a staff account', () => {
  it("is refused for another tenant's admin and for staff without the admin role", async () => {
    for (const action of ['disable', 'enable']) {
      const other = await call(t.url, 'POST', `/api/v1/admin/users/${staff.id}/${action}`, {
        bearer: b.admin.token,
      });
      expect([action, other.status]).toEqual([action, 404]);
      const approver = await call(t.url, 'POST', `/api/v1/admin/users/${a.admin.id}/${action}`, {
        bearer: staff.token,
      });
      expect([action, approver.status]).toEqual([action, 403]);
    }
    expect((await call(t.url, 'GET', '/api/v1/me', { bearer: staff.token })).status).toBe(200);
  });

  it('ends the sessions at once and refuses sign-in like for an unknown account', async () => {
    const res = await call(t.url, 'POST', `/api/v1/admin/users/${staff.id}/disable`, {
      bearer: a.admin.token,
    });
    expect(res.status).toBe(201);
    expect(res.body.disabledAt).toEqual(expect.any(String));
    expect((await call(t.url, 'GET', '/api/v1/me', { bearer: staff.token })).status).toBe(401);

    const refused = await login(staff.email, staff.password);
    const unknown = await login('nobody-here@example.org', staff.password);
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual(unknown.body);
    const listed = await call(t.url, 'GET', `/api/v1/admin/users/${staff.id}`, { bearer: a.admin.token });
    expect(listed.body.disabledAt).toEqual(expect.any(String));
  });

  it('is undone by enabling the account', async () => {
    const res = await call(t.url, 'POST', `/api/v1/admin/users/${staff.id}/enable`, {
      bearer: a.admin.token,
    });
    expect(res.status).toBe(201);
    expect(res.body.disabledAt).toBeNull();
    const again = await login(staff.email, staff.password);
    expect(again.status).toBe(200);
  });

  it('is refused for the own account', async () => {
    const res = await call(t.url, 'POST', `/api/v1/admin/users/${a.admin.id}/disable`, {
      bearer: a.admin.token,
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('USER_CANNOT_DISABLE_SELF');
  });

  it('is audited', async () => {
    const res = await call(t.url, 'GET', '/api/v1/audit?limit=500', { bearer: a.admin.token });
    const actions = (res.body as Array<{ action: string; subject: string | null; seq: string }>)
      .filter((e) => e.subject === `user:${staff.id}` && e.action.startsWith('user.'))
      .sort((x, y) => Number(x.seq) - Number(y.seq))
      .map((e) => e.action);
    expect(actions).toEqual(['user.created', 'user.disabled', 'user.enabled']);
  });
});

describe('an API key', () => {
  it("is shown to its tenant's admin only, revoked or not", async () => {
    const key = await ctx.newApiKey(a.tenant.id, 'supplier');
    const mine = await call(t.url, 'GET', `/api/v1/admin/api-keys/${key.id}`, { bearer: a.admin.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ id: key.id, role: 'supplier', revokedAt: null });
    expect(JSON.stringify(mine.body)).not.toContain(key.key);
    const other = await call(t.url, 'GET', `/api/v1/admin/api-keys/${key.id}`, { bearer: b.admin.token });
    expect(other.status).toBe(404);
    await call(t.url, 'DELETE', `/api/v1/admin/api-keys/${key.id}`, { bearer: a.admin.token });
    const revoked = await call(t.url, 'GET', `/api/v1/admin/api-keys/${key.id}`, { bearer: a.admin.token });
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
  });
});
