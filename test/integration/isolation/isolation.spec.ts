/**
 * Tenants never see each other (DESIGN principle 5), proven three ways:
 * 1. through every HTTP route the application has (enumerated from the running app, so a
 *    new route is covered without touching this file), A's credentials neither read nor
 *    change anything of B;
 * 2. the repositories, given A's id, never return or touch B's rows;
 * 3. PostgreSQL row-level security on its own: as the application role, without a tenant
 *    context no tenant row is visible, and within A's context only A's rows are, whatever
 *    the SQL says.
 */
import type { DataSource } from 'typeorm';
import { APP_ROLE, withTenant } from '../../../src/database/tenant-transaction.js';
import { ApiKeyRepository } from '../../../src/modules/auth/api-key.repository.js';
import { STAFF_ROLES } from '../../../src/modules/auth/auth.contract.js';
import { RouteAccessCheck } from '../../../src/modules/auth/route-access.check.js';
import { SESSION_COOKIE } from '../../../src/modules/auth/auth.contract.js';
import { UserRepository } from '../../../src/modules/auth/user.repository.js';
import { AuditChainer } from '../../../src/modules/audit/audit.chainer.js';
import { AuditRepository } from '../../../src/modules/audit/audit.repository.js';
import { TenantRepository } from '../../../src/modules/tenants/tenant.repository.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import { IntakeService } from '../../../src/modules/intake/intake.service.js';
import { InvoiceRepository } from '../../../src/modules/invoices/invoice.repository.js';
import { isIntakeFinal } from '../../../src/modules/invoices/invoice-status.js';
import { call, IdentityContext, type TenantFixture } from '../auth/identity-context.js';

/** Time limit for hooks and tests that boot the app or hash passwords (a limit, never an assertion). */
const SLOW = 120_000;

/** Tables with a tenant column, and the tenants table itself (keyed by id). */
async function tenantScopedTables(ds: DataSource): Promise<{ table: string; column: string }[]> {
  const rows = await ds.query<{ table: string; column: string }[]>(
    `SELECT c.table_name AS table, c.column_name AS column
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
        AND (c.column_name = 'tenant_id' OR (c.table_name = 'tenants' AND c.column_name = 'id'))
      ORDER BY 1`,
  );
  return rows;
}

/**
 * A fingerprint of every row of one tenant in every tenant-scoped table (read as superuser).
 * Committed audit entries are chained first: the app's chainer moving them from
 * audit_pending into audit_log in between is no change of the tenant's data.
 */
async function fingerprint(ds: DataSource, tenantId: string): Promise<Record<string, string>> {
  await new AuditChainer(new AuditRepository(ds)).flush();
  const out: Record<string, string> = {};
  for (const { table, column } of await tenantScopedTables(ds)) {
    const [row] = await ds.query<{ n: number; h: string }[]>(
      `SELECT count(*)::int AS n, coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') AS h
         FROM "${table}" x WHERE "${column}" = $1`,
      [tenantId],
    );
    out[table] = `${row.n}:${row.h}`;
  }
  return out;
}

describe('tenant isolation', () => {
  let t: TestApp;
  let ctx: IdentityContext;
  let a: TenantFixture;
  let b: TenantFixture;
  let bSecrets: string[];
  let bIds: string[];
  /** Every credential of A: one staff member with all staff roles, one API key per client role. */
  let aCredentials: { label: string; bearer: string }[];

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_PER_MINUTE: '100000' });
    ctx = new IdentityContext(t.app);
    a = await ctx.newTenant('Gemeinde A');
    b = await ctx.newTenant('Gemeinde B');
    const aAll = await ctx.newUser(a.tenant.id, [...STAFF_ROLES]);
    const bOther = await ctx.newUser(b.tenant.id, ['approver']);
    const bFinance = await ctx.newApiKey(b.tenant.id, 'finance');
    aCredentials = [
      { label: 'A admin session', bearer: a.admin.token },
      { label: 'A all-roles session', bearer: aAll.token },
      { label: 'A supplier key', bearer: a.apiKey.key },
      { label: 'A access-point key', bearer: (await ctx.newApiKey(a.tenant.id, 'access-point')).key },
      { label: 'A finance key', bearer: (await ctx.newApiKey(a.tenant.id, 'finance')).key },
    ];
    const [session] = await t.db.dataSource.query<{ id: string }[]>(
      `SELECT id FROM sessions WHERE tenant_id = $1 LIMIT 1`,
      [b.tenant.id],
    );
    bIds = [b.tenant.id, b.admin.id, bOther.id, b.apiKey.id, bFinance.id, session.id];
    bSecrets = [
      ...bIds,
      b.tenant.name,
      b.tenant.slug,
      ...b.tenant.receiverIds.map((r) => r.value),
      b.admin.email,
      bOther.email,
      b.apiKey.key.slice(4, 16), // the key's public prefix
      bFinance.key.slice(4, 16),
    ];
    // B also has an invoice (a message, its invoice, lifecycle events, audit entries), settled
    // before the sweep starts so that only A's calls could change B's rows.
    const xml = Buffer.from(buildUblInvoice({ number: 'B-GEHEIM-4711' }));
    const submitted = await t.app.get(IntakeService).submit(b.tenant.id, {
      channel: 'upload',
      raw: xml,
      rawContentType: 'application/xml',
      documents: [{ content: xml, fileName: 'b-rechnung.xml', contentType: 'application/xml' }],
      sender: `api-key:${b.apiKey.id}`,
    });
    const bInvoice = submitted.invoices[0];
    const invoices = t.app.get(InvoiceRepository);
    for (let i = 0; i < 300; i++) {
      const current = await invoices.get(b.tenant.id, bInvoice.id);
      if (current && isIntakeFinal(current.status)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    bIds.push(bInvoice.id, submitted.message.id);
    // The status token is a capability of its own (the public status link): never sent, never echoed.
    bSecrets.push(bInvoice.id, submitted.message.id, 'B-GEHEIM-4711', bInvoice.statusToken);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  }, SLOW);

  describe('through every route', () => {
    it(
      'finds the routes of the application',
      () => {
        const routes = t.app.get(RouteAccessCheck).routes();
        const names = routes.map((r) => `${r.method} ${r.path}`);
        expect(names).toEqual(
          expect.arrayContaining([
            'GET /api/v1/me',
            'GET /api/v1/admin/users',
            'DELETE /api/v1/admin/api-keys/:id',
          ]),
        );
      },
      SLOW,
    );

    it("A's credentials neither read nor change anything of B", async () => {
      const before = await fingerprint(t.db.dataSource, b.tenant.id);
      // Routes that end the caller's own session go last, so every other route is called
      // with live credentials (checked after the sweep).
      const ends = (path: string) => /logout/.test(path);
      const routes = t.app
        .get(RouteAccessCheck)
        .routes()
        .sort((x, y) => Number(ends(x.path)) - Number(ends(y.path)));
      const leaks: string[] = [];
      let calls = 0;
      let checkedAlive = false;
      for (const route of routes) {
        if (ends(route.path) && !checkedAlive) {
          checkedAlive = true;
          for (const cred of aCredentials) {
            expect({
              cred: cred.label,
              status: (await call(t.url, 'GET', '/api/v1/me', { bearer: cred.bearer })).status,
            }).toEqual({
              cred: cred.label,
              status: 200,
            });
          }
        }
        const params = route.path.match(/:[A-Za-z0-9_]+/g) ?? [];
        // Every path parameter tried with every id of B (and the route once with A's own id).
        const paths =
          params.length === 0 ? [route.path] : bIds.map((id) => route.path.replace(/:[A-Za-z0-9_]+/g, id));
        for (const path of paths) {
          for (const cred of aCredentials) {
            const body =
              route.method === 'GET' || route.method === 'DELETE'
                ? undefined
                : {
                    // Whatever a handler might take a tenant or target from: all point at B.
                    tenantId: b.tenant.id,
                    tenant_id: b.tenant.id,
                    id: b.admin.id,
                    userId: b.admin.id,
                    name: `from A ${calls}`,
                    email: `a-made-${calls}@example.org`,
                    roles: ['approver'],
                    role: 'supplier',
                    password: 'not-a-real-password',
                  };
            for (const sep of ['?', '']) {
              const url = sep ? `${path}?tenantId=${b.tenant.id}&tenant=${b.tenant.slug}` : path;
              const res = await call(t.url, route.method, url, { bearer: cred.bearer, body });
              calls += 1;
              const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '');
              for (const secret of bSecrets) {
                // A response may echo what we sent (an error naming the id, a page linking to
                // its own URL); it must not mention anything else of B. Every B id we send is
                // accompanied by B data we never send (names, e-mails, Leitweg-IDs), so a
                // handler that served B's rows would still be caught.
                const sent = url.includes(secret) || JSON.stringify(body ?? '').includes(secret);
                if (text.includes(secret) && !sent)
                  leaks.push(`${cred.label}: ${route.method} ${url} → ${res.status} contains ${secret}`);
              }
            }
          }
        }
      }
      expect(calls).toBeGreaterThan(routes.length);
      expect(leaks).toEqual([]);
      expect(await fingerprint(t.db.dataSource, b.tenant.id)).toEqual(before);
    }, 300_000);

    it(
      'a session cookie of A cannot reach B either',
      async () => {
        const { token } = await ctx.auth.login(a.admin.email, a.admin.password);
        const cookie = `${SESSION_COOKIE}=${token}`;
        const user = await call(t.url, 'GET', `/api/v1/admin/users/${b.admin.id}`, { cookie });
        expect(user.status).toBe(404);
        const revoke = await call(t.url, 'DELETE', `/api/v1/admin/api-keys/${b.apiKey.id}`, { cookie });
        expect(revoke.status).toBe(404);
        expect((await call(t.url, 'GET', '/api/v1/me', { bearer: b.apiKey.key })).status).toBe(200); // still valid
      },
      SLOW,
    );
  });

  describe('the case-record settings', () => {
    it(
      "are each tenant's own: A reads and changes only A's, B's stay as B set them",
      async () => {
        const route = '/api/v1/admin/records/settings';
        // A fresh session: the route sweep above ends with A's logout.
        const aAdmin = (await ctx.auth.login(a.admin.email, a.admin.password)).token;
        const settings = (plan: string) => ({
          aktenplanKey: plan,
          akteRule: 'year',
          aktePattern: '{plan}/{year}/{seq:4}',
          vorgangPattern: '{akte}-{seq:4}',
          retentionYears: 12,
          subsidyRetentionYears: null,
        });
        expect(
          (await call(t.url, 'PUT', route, { bearer: b.admin.token, body: settings('B-777') })).status,
        ).toBe(200);
        const put = await call(t.url, 'PUT', `${route}?tenantId=${b.tenant.id}`, {
          bearer: aAdmin,
          body: settings('A-111'),
        });
        expect(put.status).toBe(200);
        const aGet = await call(t.url, 'GET', `${route}?tenantId=${b.tenant.id}`, { bearer: aAdmin });
        expect(aGet.body).toMatchObject({ aktenplanKey: 'A-111' });
        const bGet = await call(t.url, 'GET', route, { bearer: b.admin.token });
        expect(bGet.body).toMatchObject({ aktenplanKey: 'B-777', retentionYears: 12 });
        // Neither can a supplier key of A read them.
        expect((await call(t.url, 'GET', route, { bearer: a.apiKey.key })).status).toBe(403);
      },
      SLOW,
    );
  });

  describe('through the repositories', () => {
    it(
      "given A's id, never return B's rows",
      async () => {
        const ds = t.db.dataSource;
        const users = new UserRepository(ds);
        const keys = new ApiKeyRepository(ds);
        const tenants = new TenantRepository(ds);
        const audit = new AuditRepository(ds);

        expect((await users.list(a.tenant.id)).every((u) => u.tenantId === a.tenant.id)).toBe(true);
        expect((await users.list(a.tenant.id)).length).toBeGreaterThan(0);
        expect(await users.findById(a.tenant.id, b.admin.id)).toBeUndefined();
        expect((await keys.list(a.tenant.id)).every((k) => k.tenantId === a.tenant.id)).toBe(true);
        expect(await keys.findById(a.tenant.id, b.apiKey.id)).toBeUndefined();
        expect(await keys.revoke(a.tenant.id, b.apiKey.id)).toBeUndefined();
        expect((await tenants.findById(a.tenant.id))?.id).toBe(a.tenant.id);
        await new AuditChainer(audit).flush();
        const entries = await audit.listForTenant(a.tenant.id, 1000);
        expect(entries.length).toBeGreaterThan(0);
        expect(entries.every((e) => e.tenantId === a.tenant.id)).toBe(true);
      },
      SLOW,
    );
  });

  describe('row-level security on its own', () => {
    it(
      'protects every tenant-scoped table (enabled, forced, with the tenant policy)',
      async () => {
        const tables = await tenantScopedTables(t.db.dataSource);
        expect(tables.map((x) => x.table)).toEqual(
          expect.arrayContaining(['tenants', 'users', 'sessions', 'api_keys', 'audit_log']),
        );
        const rows = await t.db.dataSource.query<
          { table: string; enabled: boolean; forced: boolean; policy: boolean }[]
        >(
          `SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
                EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = current_schema() AND p.tablename = c.relname
                          AND p.policyname = 'tenant_isolation') AS policy
           FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY($1)`,
          [tables.map((x) => x.table)],
        );
        expect(rows).toHaveLength(tables.length);
        for (const r of rows)
          expect({ ...r, enabled: r.enabled && r.forced && r.policy }).toEqual({ ...r, enabled: true });
      },
      SLOW,
    );

    it(
      `as ${APP_ROLE} without app.tenant_id, a query returns no tenant rows`,
      async () => {
        const tables = await tenantScopedTables(t.db.dataSource);
        await t.db.dataSource.transaction(async (m) => {
          await m.query(`SET LOCAL ROLE ${APP_ROLE}`);
          for (const { table } of tables) {
            const [row] = await m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${table}"`);
            expect({ table, n: row.n }).toEqual({ table, n: 0 });
          }
          // Nor does asking for the system context help the application role.
          await m.query(`SELECT set_config('app.system_context', 'on', true)`);
          const [row] = await m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM users`);
          expect(row.n).toBe(0);
        });
        // Sanity: the rows exist.
        const [all] = await t.db.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM users`);
        expect(all.n).toBeGreaterThan(2);
      },
      SLOW,
    );

    it(
      "within A's context, unscoped SQL sees and changes only A's rows",
      async () => {
        const before = await fingerprint(t.db.dataSource, b.tenant.id);
        await withTenant(t.db.dataSource, a.tenant.id, async (m) => {
          const tenants = await m.query<{ id: string }[]>(`SELECT id FROM tenants`);
          expect(tenants.map((x) => x.id)).toEqual([a.tenant.id]);
          const users = await m.query<{ tenant_id: string }[]>(`SELECT DISTINCT tenant_id FROM users`);
          expect(users.map((x) => x.tenant_id)).toEqual([a.tenant.id]);
          const [, updated] = await m.query<[unknown, number]>(`UPDATE api_keys SET name = name`);
          const [count] = await m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM api_keys`);
          expect(updated).toBe(count?.n);
          await m.query(`DELETE FROM sessions WHERE tenant_id = $1`, [b.tenant.id]);
        });
        expect(await fingerprint(t.db.dataSource, b.tenant.id)).toEqual(before);
      },
      SLOW,
    );

    it(
      "within A's context, writing a row for B is refused",
      async () => {
        await expect(
          withTenant(t.db.dataSource, a.tenant.id, (m) =>
            m.query(
              `INSERT INTO api_keys (tenant_id, name, role, prefix, secret_hash, created_by)
                   VALUES ($1, 'sneaky', 'supplier', 'aaaaaaaaaaaa', 'x', 'test')`,
              [b.tenant.id],
            ),
          ),
        ).rejects.toThrow(/row-level security/);
        await expect(
          withTenant(t.db.dataSource, a.tenant.id, (m) =>
            m.query(`UPDATE users SET tenant_id = $1 WHERE tenant_id = $2`, [b.tenant.id, a.tenant.id]),
          ),
        ).rejects.toThrow(/row-level security/);
      },
      SLOW,
    );
  });
});
