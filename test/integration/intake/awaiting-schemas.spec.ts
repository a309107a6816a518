/**
 * Without the official schemas nothing is rejected for that fault of ours: an invoice
 * waits in `awaiting_schemas`, readiness says why, and once the schemas are installed —
 * by `einvoice schemas install --from …` against the running system's directory, or by
 * the download at start from a mirror on 127.0.0.1 — the waiting invoices continue
 * without a restart. Admins can send invoices rejected for an internal reason (as older
 * releases did with SCHEMA-NOT-INSTALLED) through validation again, and the earlier
 * attempt does not count as their duplicate; another tenant's admin cannot.
 */
import { jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { SESSION_COOKIE } from '../../../src/modules/auth/auth.contract.js';
import { createValidator } from '../../../src/modules/validation/index.js';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { ensureBuilt, REPO_ROOT } from '../../support/process.js';
import { startSchemaMirror, type SchemaMirror } from '../../support/schema-mirror.js';
import { waitFor } from '../../support/wait.js';
import { call, IdentityContext, type TenantFixture } from '../auth/identity-context.js';
import { SHARED_SCHEMAS, describeWithShared } from '../validation/shared-corpus.js';

jest.setTimeout(180_000);

function invoiceFor(t: TenantFixture, number: string): string {
  const leitweg = t.tenant.receiverIds.find((r) => r.scheme === '0204')?.value ?? '';
  return buildUblInvoice({
    number,
    patch: (x) =>
      x.replace(
        /<cbc:BuyerReference>[^<]*<\/cbc:BuyerReference>/,
        `<cbc:BuyerReference>${leitweg}</cbc:BuyerReference>`,
      ),
  });
}

async function upload(app: TestApp, key: string, xml: string): Promise<string> {
  const res = await fetch(`${app.url}/api/v1/invoices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' },
    body: xml,
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

interface InvoiceView {
  status: string;
  duplicateOf: string | null;
  history: { from: string | null; to: string; actor?: string }[];
}

function statusOf(app: TestApp, key: string, id: string): Promise<InvoiceView> {
  return call(app.url, 'GET', `/api/v1/invoices/${id}`, { bearer: key }).then((r) => {
    expect(r.status).toBe(200);
    return r.body as InvoiceView;
  });
}

function reaches(app: TestApp, key: string, id: string, status: string, ms = 60_000): Promise<InvoiceView> {
  return waitFor(
    `invoice ${id} to reach ${status}`,
    async () => {
      const v = await statusOf(app, key, id);
      return v.status === status && v;
    },
    ms,
  );
}

describeWithShared('invoices wait for the official schemas', () => {
  let t: TestApp;
  let dataDir: string;
  let schemasDir: string;
  let a: TenantFixture;

  beforeAll(async () => {
    ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'einvoice-noschemas-'));
    schemasDir = join(dataDir, 'schemas');
    t = await startTestApp({
      EINVOICE_DATA_DIR: dataDir,
      SCHEMAS_DIR: schemasDir,
      SCHEMAS_DOWNLOAD: 'false',
    });
    a = await new IdentityContext(t.app).newTenant();
  });

  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('waits instead of rejecting, says why, and continues once `schemas install --from` ran — no restart', async () => {
    const id = await upload(t, a.apiKey.key, invoiceFor(a, 'WAIT-1'));
    await reaches(t, a.apiKey.key, id, 'awaiting_schemas');

    const ready = await call(t.url, 'GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.schemas.status).toBe('down');
    expect(ready.body.checks.schemas.error).toContain(`not installed in ${schemasDir}`);
    expect(ready.body.checks.schemas.error).toContain('1 invoice(s) waiting in awaiting_schemas');
    expect(ready.body.checks.schemas.error).toContain('einvoice schemas install --from DIR|ZIP');

    // the operator installs into the running system's directory, with the CLI
    const install = spawnSync(
      process.execPath,
      ['dist/cli.js', 'schemas', 'install', '--from', SHARED_SCHEMAS],
      {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH, EINVOICE_DATA_DIR: dataDir },
        encoding: 'utf8',
      },
    );
    expect(install.stderr).toBe('');
    expect(install.status).toBe(0);

    const done = await reaches(t, a.apiKey.key, id, 'awaiting_approval');
    expect(done.history.map((h) => h.to)).toEqual([
      'received',
      'awaiting_schemas',
      'extracted',
      'validated',
      'awaiting_approval',
    ]);
    expect((await call(t.url, 'GET', '/health/ready')).status).toBe(200);
  });
});

describeWithShared('re-validation of invoices rejected for an internal reason', () => {
  let t: TestApp;
  let a: TenantFixture;
  let b: TenantFixture;
  let db: Client;

  beforeAll(async () => {
    t = await startTestApp();
    const ctx = new IdentityContext(t.app);
    a = await ctx.newTenant();
    b = await ctx.newTenant();
    db = new Client({ connectionString: t.db.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  /** What an older release stored for an invoice it rejected with SCHEMA-NOT-INSTALLED. */
  async function oldReport(xml: string): Promise<string> {
    const empty = mkdtempSync(join(tmpdir(), 'einvoice-empty-schemas-'));
    try {
      const v = createValidator({ schemaDir: empty, summary: true });
      const r = await v.validate(new TextEncoder().encode(xml), { fileName: 'invoice.xml' });
      expect(r.errors.map((e) => e.id)).toEqual(['SCHEMA-NOT-INSTALLED']);
      return JSON.stringify({ ...r, steps: [] });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }

  /** An invoice as an older release left it: rejected with SCHEMA-NOT-INSTALLED. */
  async function oldRejection(tenant: TenantFixture, number: string): Promise<string> {
    const xml = invoiceFor(tenant, number);
    const id = await upload(t, tenant.apiKey.key, xml);
    await reaches(t, tenant.apiKey.key, id, 'awaiting_approval');
    await db.query(
      `UPDATE invoices SET status = 'rejected', valid = false, report = $2::jsonb WHERE id = $1`,
      [id, await oldReport(xml)],
    );
    return id;
  }

  it('sends such an invoice through validation again; the admin of another tenant gets 404', async () => {
    const id = await oldRejection(a, 'REVAL-1');

    const listed = await call(t.url, 'GET', '/api/v1/admin/invoices/revalidation', { bearer: a.admin.token });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    const foreignList = await call(t.url, 'GET', '/api/v1/admin/invoices/revalidation', {
      bearer: b.admin.token,
    });
    expect(foreignList.body.items).toEqual([]);

    // tenant isolation: another tenant's admin, and the tenant's own supplier key
    const foreign = await call(t.url, 'POST', `/api/v1/admin/invoices/${id}/revalidate`, {
      bearer: b.admin.token,
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('INVOICE_NOT_FOUND');
    const supplier = await call(t.url, 'POST', `/api/v1/admin/invoices/${id}/revalidate`, {
      bearer: a.apiKey.key,
    });
    expect(supplier.status).toBe(403);
    expect((await statusOf(t, a.apiKey.key, id)).status).toBe('rejected');

    const res = await call(t.url, 'POST', `/api/v1/admin/invoices/${id}/revalidate`, {
      bearer: a.admin.token,
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id, status: 'received', cause: 'SCHEMA-NOT-INSTALLED' });
    const done = await reaches(t, a.apiKey.key, id, 'awaiting_approval');
    expect(done.history.slice(-5).map((h) => [h.from, h.to])).toEqual([
      ['validated', 'awaiting_approval'],
      ['rejected', 'received'],
      ['received', 'extracted'],
      ['extracted', 'validated'],
      ['validated', 'awaiting_approval'],
    ]);
    const audit = await db.query(
      `SELECT actor, data FROM audit_log WHERE action = 'invoice.revalidation-requested' AND subject = $1
       UNION ALL
       SELECT actor, data FROM audit_pending WHERE action = 'invoice.revalidation-requested' AND subject = $1`,
      [`invoice:${id}`],
    );
    expect(audit.rows).toEqual([
      { actor: `user:${a.admin.id}`, data: { from: 'rejected', cause: 'SCHEMA-NOT-INSTALLED' } },
    ]);

    // valid, or rejected for the invoice's own fault, is not for re-validation
    const again = await call(t.url, 'POST', `/api/v1/admin/invoices/${id}/revalidate`, {
      bearer: a.admin.token,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVOICE_NOT_REVALIDATABLE');
  });

  it('does not count the earlier rejected attempt: the same bytes sent again are not a duplicate', async () => {
    const xml = invoiceFor(a, 'REVAL-2');
    const first = await upload(t, a.apiKey.key, xml);
    await reaches(t, a.apiKey.key, first, 'awaiting_approval');
    await db.query(
      `UPDATE invoices SET status = 'rejected', valid = false, report = $2::jsonb WHERE id = $1`,
      [first, await oldReport(xml)],
    );
    const second = await upload(t, a.apiKey.key, xml);
    const v = await reaches(t, a.apiKey.key, second, 'awaiting_approval');
    expect(v.duplicateOf).toBeNull();
  });

  it('the admin web page lists them with a button that validates again', async () => {
    const w = await new IdentityContext(t.app).newTenant();
    const id = await oldRejection(w, 'REVAL-WEB');
    const session = `${SESSION_COOKIE}=${w.admin.token}`;
    const page = await fetch(`${t.url}/admin/revalidation?lang=en`, { headers: { cookie: session } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Validate again');
    expect(html).toContain(`action="/admin/revalidation/${id}"`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const csrfCookie = (page.headers.getSetCookie() ?? [])
      .map((c) => c.split(';')[0])
      .filter((c) => c.startsWith('einvoice_csrf='));
    expect(csrf).not.toBe('');

    // another tenant's admin, with a valid form of their own, cannot reach this invoice
    const other = await new IdentityContext(t.app).newTenant();
    const otherPage = await fetch(`${t.url}/admin/revalidation`, {
      headers: { cookie: `${SESSION_COOKIE}=${other.admin.token}` },
    });
    expect(await otherPage.text()).not.toContain(id);
    const otherCsrf = (otherPage.headers.getSetCookie() ?? [])
      .map((c) => c.split(';')[0])
      .filter((c) => c.startsWith('einvoice_csrf='));
    const otherToken = otherCsrf[0]?.slice('einvoice_csrf='.length) ?? '';
    const foreign = await fetch(`${t.url}/admin/revalidation/${id}`, {
      method: 'POST',
      headers: {
        cookie: [`${SESSION_COOKIE}=${other.admin.token}`, ...otherCsrf].join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ _csrf: otherToken }).toString(),
      redirect: 'manual',
    });
    expect(foreign.status).toBe(404);
    expect((await statusOf(t, w.apiKey.key, id)).status).toBe('rejected');

    const posted = await fetch(`${t.url}/admin/revalidation/${id}`, {
      method: 'POST',
      headers: {
        cookie: [session, ...csrfCookie].join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/admin/revalidation?done=1');
    await reaches(t, w.apiKey.key, id, 'awaiting_approval');
  });

  it('the CLI lists and reopens them for the running workers', async () => {
    const c = await new IdentityContext(t.app).newTenant();
    const id = await oldRejection(c, 'REVAL-3');
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: t.db.url };
    const list = spawnSync(
      process.execPath,
      ['dist/cli.js', 'invoice', 'revalidation', '--tenant', c.tenant.id, '--json'],
      { cwd: REPO_ROOT, env, encoding: 'utf8' },
    );
    expect(list.status).toBe(0);
    expect((JSON.parse(list.stdout) as { id: string }[]).map((i) => i.id)).toEqual([id]);
    const run = spawnSync(
      process.execPath,
      ['dist/cli.js', 'invoice', 'revalidate', '--tenant', c.tenant.id, '--all', '--json'],
      { cwd: REPO_ROOT, env, encoding: 'utf8' },
    );
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([{ id, status: 'received', cause: 'SCHEMA-NOT-INSTALLED' }]);
    const row = await db.query(`SELECT status FROM invoices WHERE id = $1`, [id]);
    expect(['received', 'extracted', 'validated', 'awaiting_approval']).toContain(row.rows[0].status);
  });
});

describeWithShared('the schemas are fetched at start', () => {
  let mirror: SchemaMirror;
  let t: TestApp;
  let dataDir: string;

  beforeAll(async () => {
    mirror = await startSchemaMirror(SHARED_SCHEMAS);
    dataDir = mkdtempSync(join(tmpdir(), 'einvoice-download-'));
  });

  afterAll(async () => {
    await t?.close();
    await mirror?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('from the mirror SCHEMAS_SOURCE_URL into the data directory, and invoices are validated', async () => {
    t = await startTestApp({
      EINVOICE_DATA_DIR: dataDir,
      SCHEMAS_DIR: join(dataDir, 'schemas'),
      SCHEMAS_DOWNLOAD: 'true',
      SCHEMAS_SOURCE_URL: mirror.url,
    });
    const a = await new IdentityContext(t.app).newTenant();
    await waitFor(
      'readiness',
      async () => (await call(t.url, 'GET', '/health/ready')).status === 200,
      60_000,
    );
    expect(mirror.requests).toContain('ubl-2.1/maindoc/UBL-Invoice-2.1.xsd');
    const id = await upload(t, a.apiKey.key, invoiceFor(a, 'DL-1'));
    await reaches(t, a.apiKey.key, id, 'awaiting_approval');
  });
});
