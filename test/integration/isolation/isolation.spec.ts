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
import { randomUUID } from 'node:crypto';
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
import type { Posting } from '../../../src/modules/postings/posting.js';
import { PostingsRepository } from '../../../src/modules/postings/postings.repository.js';
import { call, IdentityContext, type TenantFixture } from '../auth/identity-context.js';
import { RecordsExportService } from '../../../src/modules/records/export/records-export.service.js';
import { filedVorgang } from '../records/export-fixture.js';
import { RecordsFixture } from '../records/search-fixture.js';
import { WebhookRepository } from '../../../src/modules/postings/delivery/webhook.repository.js';
import { DatevSettingsRepository } from '../../../src/modules/postings/export/datev-settings.repository.js';
import { PostingReadRepository } from '../../../src/modules/postings/export/posting-read.repository.js';
import { PostingStatusRepository } from '../../../src/modules/postings/status/status.repository.js';

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

/** A posting document as the approval hook writes it (amounts and names only matter here). */
function postingFor(tenantId: string, invoiceId: string, creditorName: string): Posting {
  return {
    id: randomUUID(),
    tenantId,
    kind: 'posting',
    reverses: null,
    createdAt: new Date(Date.now() - 48 * 3_600_000).toISOString(),
    invoice: {
      id: invoiceId,
      number: 'B-GEHEIM-4711',
      issueDate: '2026-03-02',
      typeCode: '380',
      creditNote: false,
      buyerReference: null,
      purchaseOrder: null,
    },
    creditor: {
      name: creditorName,
      street: null,
      postcode: null,
      city: null,
      country: 'DE',
      vatId: null,
      taxNumber: null,
      iban: null,
      bic: null,
      creditorNumber: null,
    },
    currency: 'EUR',
    totals: { net: '100.00', vat: '19.00', gross: '119.00', due: '119.00' },
    vat: [{ category: 'S', rate: '19.00', net: '100.00', vat: '19.00' }],
    kontierung: [],
    dueDate: null,
    skonto: null,
    leitwegId: null,
    record: null,
    approval: { policyId: randomUUID(), policyVersion: 1, approvers: [] },
  };
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
  let bPostingId: string;
  let bDeliveryId: string;
  let aFinanceKey: string;
  let bPosting: Posting;

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
      { label: 'A finance key', bearer: (aFinanceKey = (await ctx.newApiKey(a.tenant.id, 'finance')).key) },
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
    // B files into its DMS: an export target (with a password, disabled) and a failed export of
    // a filed Vorgang, given up (no retry due), so nothing but A's calls could change them.
    const [bTarget] = await t.app.get(RecordsExportService).putTargets(
      b.tenant.id,
      {
        targets: [
          {
            name: 'B-DMS-GEHEIM',
            kind: 'cmis',
            // Disabled: no sweep exports B's other filed Vorgänge while the routes are walked.
            enabled: false,
            endpoint: 'https://dms.b-geheim.example/browser',
            repositoryId: 'b-repo',
            user: 'b-svc-user',
            password: 'b-cmis-password',
            parentFolderId: 'b-parent-folder',
            absender: 'B Kämmerei',
            empfaenger: 'B Registratur',
          },
        ],
      },
      'test',
    );
    const bExported = await filedVorgang(t, b.tenant.id, b.apiKey.id);
    const [bExport] = await t.db.dataSource.query<{ id: string }[]>(
      `INSERT INTO record_exports (id, tenant_id, vorgang_id, target_id, state, attempts, next_attempt_at,
                                   prozess_id, last_error, last_message)
       VALUES (gen_random_uuid(), $1, $2, $3, 'failed', 10, NULL, gen_random_uuid(), 'EXPORT_CMIS_FAILED', 'B-DMS-FEHLER')
       RETURNING id`,
      [b.tenant.id, bExported.vorgangId, bTarget.id],
    );
    bIds.push(bTarget.id, bExported.vorgangId, bExport.id);
    bSecrets.push(
      'B-DMS-GEHEIM',
      'dms.b-geheim.example',
      'b-svc-user',
      'b-cmis-password',
      'B-DMS-FEHLER',
      bExported.aktenzeichen,
    );
    bIds.push(bInvoice.id, submitted.message.id);
    // The status token is a capability of its own (the public status link): never sent, never echoed.
    bSecrets.push(bInvoice.id, submitted.message.id, 'B-GEHEIM-4711', bInvoice.statusToken);
    // B's invoice filed in B's case record: the Vorgang and a document are ids to try on every route.
    const records = new RecordsFixture(t);
    const bAkte = await records.akte(b.tenant.id, '2026|geheim', 'B-AKTE-GEHEIM-902');
    const bVorgang = await records.file(b.tenant.id, bInvoice.id, {
      akteId: bAkte,
      aktenzeichen: 'B-AZ-GEHEIM-902/0001',
      betreff: 'Betreff des geheimen Vorgangs von B',
      documents: [
        {
          kind: 'invoice-original',
          name: 'b-geheim-original.xml',
          mediaType: 'application/xml',
          content: Buffer.from('<Invoice>B-INHALT-GEHEIM</Invoice>'),
        },
      ],
    });
    bIds.push(bVorgang.id, bVorgang.documents[0].id);
    bSecrets.push(
      bVorgang.id,
      bVorgang.documents[0].id,
      'B-AKTE-GEHEIM-902',
      'B-AZ-GEHEIM-902',
      'Betreff des geheimen Vorgangs von B',
      'b-geheim-original.xml',
      'B-INHALT-GEHEIM',
      bVorgang.documents[0].sha256,
    );
    // B's Vorgang also gets an expired document and a legal hold, so the records admin
    // routes are tried with B's hold id too.
    const [bRecord] = await t.db.dataSource.query<{ hold: string }[]>(
      `WITH doc AS (
         INSERT INTO record_documents (id, tenant_id, vorgang_id, position, kind, name, media_type, sha256, size,
                                       retention_class, retain_until)
         VALUES (gen_random_uuid(), $1, $2, 99, 'note', 'b.txt', 'text/plain', repeat('b', 64), 1, 'x', '2020-01-01')
         RETURNING id
       ), hold AS (
         INSERT INTO record_holds (tenant_id, vorgang_id, reason, held_by)
         VALUES ($1, $2, 'B-HOLD-GRUND', 'test') RETURNING id
       ) SELECT hold.id AS hold FROM hold, doc`,
      [b.tenant.id, bVorgang.id],
    );
    bIds.push(bRecord.hold);
    bSecrets.push(bRecord.hold, 'B-HOLD-GRUND');
    // B has a posting of that invoice (unacknowledged, unmatched) and a creditor master entry.
    bPosting = postingFor(b.tenant.id, bInvoice.id, 'B-Kreditor Geheim GmbH');
    const postings = t.app.get(PostingsRepository);
    await withTenant(t.db.dataSource, b.tenant.id, async (m) => {
      await postings.insert(m, bPosting);
      await postings.putCreditors(
        m,
        b.tenant.id,
        [{ creditorNumber: 'B-KRED-0815', name: 'B-Stammkreditor Geheim', vatId: 'DE999999999', iban: null }],
        false,
      );
    });
    bIds.push(bPosting.id);
    bSecrets.push(bPosting.id, 'B-Kreditor Geheim GmbH', 'B-KRED-0815', 'B-Stammkreditor Geheim');
    // B's postings going out: a posting, a (disabled, so nothing moves) webhook with a failed
    // delivery, a status report and DATEV settings.
    const ds = t.db.dataSource;
    await ds.query(
      `INSERT INTO posting_webhooks (api_key_id, tenant_id, url, secret, enabled) VALUES ($1, $2, 'https://b-geheim.example/hook', 'whsec_QkdFSEVJTQ==', false)`,
      [bFinance.id, b.tenant.id],
    );
    const [bDelivery] = await ds.query<{ id: string }[]>(
      `INSERT INTO posting_deliveries (tenant_id, posting_id, api_key_id, webhook_id, state, attempts, last_error)
       VALUES ($1, $2, $3, 'msg_b0000000000000000000000000000001', 'failed', 9, 'WEBHOOK_UNREACHABLE') RETURNING id`,
      [b.tenant.id, bPosting.id, bFinance.id],
    );
    await ds.query(
      `INSERT INTO posting_status_reports (tenant_id, posting_id, invoice_id, status, kassenzeichen, ordered_at, reported_by)
       VALUES ($1, $2, $3, 'ordered', 'KZ-B-GEHEIM', now(), 'test')`,
      [b.tenant.id, bPosting.id, bInvoice.id],
    );
    await ds.query(
      `INSERT INTO posting_datev_settings (tenant_id, berater_nr, mandant_nr, default_kreditor) VALUES ($1, 4711, 815, '70815')`,
      [b.tenant.id],
    );
    bPostingId = bPosting.id;
    bDeliveryId = bDelivery.id;
    bIds.push(bDelivery.id);
    bSecrets.push(
      bDelivery.id,
      'b-geheim.example',
      'msg_b0000000000000000000000000000001',
      'KZ-B-GEHEIM',
      'whsec_QkdFSEVJTQ',
    );
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
            'GET /api/v1/admin/records/export-targets',
            'PUT /api/v1/admin/records/export-targets',
            'GET /api/v1/admin/records/exports',
            'POST /api/v1/admin/records/exports/:id/retry',
            'GET /api/v1/records/vorgaenge',
            'GET /api/v1/records/vorgaenge/:id',
            'GET /api/v1/records/vorgaenge/:id/zip',
            'GET /api/v1/records/documents/:id/content',
            'GET /records',
            'GET /records/:id',
            'GET /records/:id/zip',
            'GET /records/documents/:documentId',
            'GET /records/documents/:documentId/download',
            'POST /api/v1/admin/records/holds',
            'DELETE /api/v1/admin/records/holds/:id',
            'POST /api/v1/admin/records/disposal',
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

  describe('postings', () => {
    it(
      "A's finance key and admin see none of B's postings or creditors, and cannot acknowledge or reverse them",
      async () => {
        const before = await fingerprint(t.db.dataSource, b.tenant.id);
        for (const q of ['', '?state=unacknowledged', '?limit=1000']) {
          const feed = await call(t.url, 'GET', `/api/v1/postings${q}`, { bearer: aFinanceKey });
          expect(feed.status).toBe(200);
          expect(feed.body.postings).toEqual([]);
        }
        const ack = await call(t.url, 'POST', '/api/v1/postings/ack', {
          bearer: aFinanceKey,
          body: [{ postingId: bPosting.id, bookingId: 'A-1' }],
        });
        expect(ack.body.error.code).toBe('POSTINGS_ACK_UNKNOWN_POSTING');
        // A fresh session: the route sweep above ends the fixture's sessions (logout).
        const { token } = await ctx.auth.login(a.admin.email, a.admin.password);
        const admin = { bearer: token };
        for (const path of [
          '/api/v1/admin/postings',
          '/api/v1/admin/postings?state=unacknowledged',
          '/api/v1/admin/postings/unmatched-creditors',
        ]) {
          const res = await call(t.url, 'GET', path, admin);
          expect({ path, status: res.status }).toEqual({ path, status: 200 });
          expect(JSON.stringify(res.body)).not.toContain('Geheim');
        }
        expect((await call(t.url, 'GET', `/api/v1/admin/postings/${bPosting.id}`, admin)).status).toBe(404);
        const reverse = await call(t.url, 'POST', `/api/v1/admin/postings/${bPosting.id}/reverse`, {
          ...admin,
          body: { reason: 'von A' },
        });
        expect(reverse.body.error.code).toBe('POSTINGS_NOT_FOUND');
        // A's replace of its own creditor master leaves B's untouched.
        const put = await call(t.url, 'PUT', '/api/v1/postings/creditors', {
          bearer: aFinanceKey,
          body: { mode: 'replace', creditors: [] },
        });
        expect(put.status).toBe(200);
        const page = await call(t.url, 'GET', '/admin/postings', { cookie: `${SESSION_COOKIE}=${token}` });
        expect(page.status).toBe(200);
        expect(String(page.body)).not.toContain('Geheim');
        expect(await fingerprint(t.db.dataSource, b.tenant.id)).toEqual(before);
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
        const webhooks = new WebhookRepository(ds);
        expect(await webhooks.findDelivery(a.tenant.id, bDeliveryId)).toBeUndefined();
        expect(await webhooks.retry(a.tenant.id, bDeliveryId)).toBeUndefined();
        expect(await webhooks.listDeliveries(a.tenant.id, { limit: 1000 })).toEqual([]);
        expect(await webhooks.list(a.tenant.id)).toEqual([]);
        expect(await new PostingReadRepository(ds).find(a.tenant.id, bPostingId)).toBeUndefined();
        expect(await new PostingStatusRepository(ds).listForPosting(a.tenant.id, bPostingId)).toEqual([]);
        expect(await new DatevSettingsRepository(ds).get(a.tenant.id)).toBeUndefined();
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
