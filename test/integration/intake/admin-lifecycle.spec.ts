/**
 * The life cycle of a tenant's admin-configured intake targets through the API, against the
 * real application, PostgreSQL, Redis and the test IMAP server (dovecot, on loopback, which
 * the operator's OUTBOUND_ALLOW lets through): a mailbox is created, watched, disabled —
 * and no longer watched, without a restart — enabled, changed and removed, while what came
 * in through it keeps its history; Peppol callbacks likewise. Every change is audited, and
 * no tenant reaches another's.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { waitFor } from '../../support/wait.js';
import { call, IdentityContext, randomLeitwegId } from '../auth/identity-context.js';
import { TenantService } from '../../../src/modules/tenants/tenant.service.js';
import { SESSION_COOKIE } from '../../../src/modules/auth/auth.contract.js';
import { InvoiceRepository } from '../../../src/modules/invoices/invoice.repository.js';
import { ImapPoller } from '../../../src/modules/intake/mail/imap-poller.service.js';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';

const IMAP = {
  host: '127.0.0.1',
  port: Number(process.env.EINVOICE_TEST_IMAP_PORT ?? 10143),
  user: process.env.EINVOICE_TEST_IMAP_USER ?? 'intake@test.local',
  pass: process.env.EINVOICE_TEST_IMAP_PASSWORD ?? 'intake-test-secret',
};
const run = randomBytes(4).toString('hex');
const FOLDER = `L-${run}`;
const FOLDERS = [FOLDER, `${FOLDER}-P`, `${FOLDER}-R`];

let t: TestApp;
let blobDir: string;
let leitweg: string;
let a: { tenantId: string; admin: string; approver: string; accessPointId: string };
let b: { tenantId: string; admin: string };

function imap(): ImapFlow {
  return new ImapFlow({
    host: IMAP.host,
    port: IMAP.port,
    secure: false,
    auth: { user: IMAP.user, pass: IMAP.pass },
    logger: false,
  });
}

async function deliver(number: string): Promise<void> {
  const xml = buildUblInvoice({
    number,
    patch: (x) => x.replace(/<cbc:BuyerReference>[^<]*</, `<cbc:BuyerReference>${leitweg}<`),
  });
  const raw = await new MailComposer({
    from: 'buchhaltung@lieferant.example',
    to: 'rechnung@stadt.example',
    subject: `Rechnung ${number}`,
    text: 'Anbei.',
    attachments: [{ filename: `${number}.xml`, content: xml, contentType: 'application/xml' }],
  })
    .compile()
    .build();
  const c = imap();
  await c.connect();
  try {
    await c.append(FOLDER, raw);
  } finally {
    await c.logout();
  }
}

async function messagesIn(folder: string): Promise<number> {
  const c = imap();
  await c.connect();
  try {
    const status = await c.status(folder, { messages: true });
    return status ? (status.messages ?? 0) : 0;
  } finally {
    await c.logout();
  }
}

beforeAll(async () => {
  const c = imap();
  await c.connect();
  await c.mailboxCreate(FOLDER);
  await c.logout();
  blobDir = mkdtempSync(join(tmpdir(), 'einvoice-lifecycle-blobs-'));
  t = await startTestApp({
    BLOB_STORE_DIR: blobDir,
    IMAP_POLL_SECONDS: '1',
    OUTBOUND_ALLOW: `127.0.0.1:${IMAP.port}`,
  });
  const ctx = new IdentityContext(t.app);
  leitweg = randomLeitwegId();
  const ta = await t.app
    .get(TenantService)
    .create({ name: `Lebenslauf ${run}`, leitwegIds: [leitweg] }, 'test');
  a = {
    tenantId: ta.id,
    admin: (await ctx.newUser(ta.id, ['admin'])).token,
    approver: (await ctx.newUser(ta.id, ['approver'])).token,
    accessPointId: (await ctx.newApiKey(ta.id, 'access-point')).id,
  };
  const tb = await ctx.newTenant();
  b = { tenantId: tb.tenant.id, admin: tb.admin.token };
}, 60_000);

afterAll(async () => {
  await t?.close();
  const c = imap();
  await c.connect().catch(() => undefined);
  for (const f of FOLDERS) await c.mailboxDelete(f).catch(() => undefined);
  await c.logout().catch(() => undefined);
  rmSync(blobDir, { recursive: true, force: true });
});

const as = (token: string) => (method: string, path: string, body?: unknown) =>
  call(t.url, method, path, { bearer: token, body });

async function auditActions(subject: string): Promise<string[]> {
  const res = await as(a.admin)('GET', '/api/v1/audit?limit=1000');
  return (res.body as Array<{ action: string; subject: string | null; seq: string }>)
    .filter((e) => e.subject === subject)
    .sort((x, y) => Number(x.seq) - Number(y.seq))
    .map((e) => e.action);
}

describe('mailbox life cycle', () => {
  let id: string;
  const poller = () => t.app.get(ImapPoller);

  it('creates a mailbox, watches it and takes mail in through it', async () => {
    const res = await as(a.admin)('POST', '/api/v1/admin/mailboxes', {
      name: 'Rechnungseingang',
      host: IMAP.host,
      port: IMAP.port,
      secure: false,
      username: IMAP.user,
      password: IMAP.pass,
      folder: FOLDER,
      processedFolder: `${FOLDER}-P`,
      rejectedFolder: `${FOLDER}-R`,
    });
    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty('password');
    expect(res.body).not.toHaveProperty('passwordEncrypted');
    id = res.body.id as string;
    await waitFor('the watcher', async () => poller().watching().includes(id));
    await deliver(`LC-1-${run}`);
    await waitFor('the first invoice', async () => (await messagesIn(`${FOLDER}-P`)) === 1);
  }, 60_000);

  it('stops watching a disabled mailbox at once, and takes its mail in again once enabled', async () => {
    const off = await as(a.admin)('POST', `/api/v1/admin/mailboxes/${id}/disable`);
    expect(off.status).toBe(201);
    expect(off.body.enabled).toBe(false);
    await waitFor('the watcher to stop', async () => !poller().watching().includes(id));
    await deliver(`LC-2-${run}`);
    // Several poll intervals (1 s) pass: the mail stays where it is.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await messagesIn(FOLDER)).toBe(1);
    expect(await messagesIn(`${FOLDER}-P`)).toBe(1);

    const on = await as(a.admin)('POST', `/api/v1/admin/mailboxes/${id}/enable`);
    expect(on.body.enabled).toBe(true);
    await waitFor('the waiting mail', async () => (await messagesIn(`${FOLDER}-P`)) === 2);
  }, 60_000);

  it('changes settings, restarts the watcher with them, and never shows the password', async () => {
    const res = await as(a.admin)('PATCH', `/api/v1/admin/mailboxes/${id}`, {
      name: 'Rechnungen Kämmerei',
      password: IMAP.pass,
    });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('Rechnungen Kämmerei');
    const got = await as(a.admin)('GET', `/api/v1/admin/mailboxes/${id}`);
    expect(got.body).toMatchObject({ id, name: 'Rechnungen Kämmerei', enabled: true, folder: FOLDER });
    expect(JSON.stringify(got.body)).not.toContain(IMAP.pass);
    const bad = await as(a.admin)('PATCH', `/api/v1/admin/mailboxes/${id}`, { port: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('MAILBOX_INVALID');
    const unknown = await as(a.admin)('PATCH', `/api/v1/admin/mailboxes/${id}`, { colour: 'blue' });
    expect(unknown.status).toBe(400);
    await waitFor('the watcher to run again', async () => poller().watching().includes(id));
  }, 60_000);

  it('removes a mailbox: no longer watched or listed, its invoices keep their origin, its account can be set up again', async () => {
    const repo = t.app.get(InvoiceRepository);
    const before = await repo.list(a.tenantId, { limit: 100 });
    expect(before.length).toBe(2);

    const del = await as(a.admin)('DELETE', `/api/v1/admin/mailboxes/${id}`);
    expect(del.status).toBe(204);
    await waitFor('the watcher to stop', async () => !poller().watching().includes(id));
    expect((await as(a.admin)('GET', `/api/v1/admin/mailboxes/${id}`)).status).toBe(404);
    expect((await as(a.admin)('DELETE', `/api/v1/admin/mailboxes/${id}`)).status).toBe(404);
    expect((await as(a.admin)('POST', `/api/v1/admin/mailboxes/${id}/enable`)).status).toBe(404);
    const list = await as(a.admin)('GET', '/api/v1/admin/mailboxes');
    expect((list.body as Array<{ id: string }>).map((m) => m.id)).not.toContain(id);

    // The history stays: the invoices, their message naming the mailbox, and the row itself —
    // without its password.
    const after = await repo.list(a.tenantId, { limit: 100 });
    expect(after.map((i) => i.id).sort()).toEqual(before.map((i) => i.id).sort());
    const message = await repo.getMessage(a.tenantId, after[0].messageId);
    expect(message?.meta.mailbox).toBe(id);
    const [row] = await t.db.dataSource.query<Array<{ deleted_at: Date | null; password_encrypted: string }>>(
      `SELECT deleted_at, password_encrypted FROM mailboxes WHERE id = $1`,
      [id],
    );
    expect(row.deleted_at).toBeInstanceOf(Date);
    expect(row.password_encrypted).toBe('');

    const again = await as(a.admin)('POST', '/api/v1/admin/mailboxes', {
      name: 'Neu',
      host: IMAP.host,
      port: IMAP.port,
      secure: false,
      username: IMAP.user,
      password: IMAP.pass,
      folder: FOLDER,
      processedFolder: `${FOLDER}-P`,
      rejectedFolder: `${FOLDER}-R`,
    });
    expect(again.status).toBe(201);
    const twice = await as(b.admin)('POST', '/api/v1/admin/mailboxes', {
      name: 'Dasselbe Konto',
      host: IMAP.host,
      port: IMAP.port,
      secure: false,
      username: IMAP.user,
      password: IMAP.pass,
      folder: FOLDER,
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('MAILBOX_ALREADY_EXISTS');
    expect((await as(a.admin)('DELETE', `/api/v1/admin/mailboxes/${again.body.id}`)).status).toBe(204);
  }, 60_000);

  it('audits every change', async () => {
    expect(await auditActions(`mailbox:${id}`)).toEqual([
      'mailbox.created',
      'mailbox.disabled',
      'mailbox.enabled',
      'mailbox.updated',
      'mailbox.removed',
    ]);
    const res = await as(a.admin)('GET', '/api/v1/audit?limit=1000');
    expect(JSON.stringify(res.body)).not.toContain(IMAP.pass);
  });
});

describe('Peppol callback life cycle', () => {
  const path = () => `/api/v1/admin/peppol/callbacks/${a.accessPointId}`;

  it('sets, shows, disables, enables, replaces and removes a callback, audited', async () => {
    expect((await as(a.admin)('GET', path())).status).toBe(404);
    expect((await as(a.admin)('PUT', path(), { url: 'https://ap.example.org/mlr' })).status).toBe(204);
    expect((await as(a.admin)('GET', path())).body).toMatchObject({
      apiKeyId: a.accessPointId,
      url: 'https://ap.example.org/mlr',
      enabled: true,
      lastError: null,
    });
    const off = await as(a.admin)('POST', `${path()}/disable`);
    expect(off.body.enabled).toBe(false);
    const on = await as(a.admin)('POST', `${path()}/enable`);
    expect(on.body.enabled).toBe(true);
    expect((await as(a.admin)('PUT', path(), { url: 'https://ap2.example.org/mlr' })).status).toBe(204);
    expect((await as(a.admin)('GET', '/api/v1/admin/peppol/callbacks')).body).toEqual([
      expect.objectContaining({ apiKeyId: a.accessPointId, url: 'https://ap2.example.org/mlr' }),
    ]);
    expect((await as(a.admin)('PUT', path(), { url: 'https://user:pw@ap.example.org/' })).status).toBe(400);
    expect((await as(a.admin)('DELETE', path())).status).toBe(204);
    expect((await as(a.admin)('GET', path())).status).toBe(404);
    expect((await as(a.admin)('DELETE', path())).status).toBe(404);
    expect(await auditActions(`api-key:${a.accessPointId}`)).toEqual(
      expect.arrayContaining([
        'peppol.callback.set',
        'peppol.callback.disabled',
        'peppol.callback.enabled',
        'peppol.callback.removed',
      ]),
    );
  });
});

describe('tenant isolation and roles', () => {
  let mailboxId: string;

  beforeAll(async () => {
    const res = await as(a.admin)('POST', '/api/v1/admin/mailboxes', {
      name: 'Nur A',
      host: 'imap.a.example',
      username: 'a',
      password: 'geheim-a',
      folder: `A-${run}`,
    });
    mailboxId = res.body.id as string;
    await as(a.admin)('POST', `/api/v1/admin/mailboxes/${mailboxId}/disable`);
    await as(a.admin)('PUT', `/api/v1/admin/peppol/callbacks/${a.accessPointId}`, {
      url: 'https://ap.a.example/mlr',
    });
  });

  it("does not let another tenant's admin see or change a mailbox", async () => {
    const other = as(b.admin);
    expect((await other('GET', '/api/v1/admin/mailboxes')).body).toEqual([]);
    for (const [method, p, body] of [
      ['GET', `/api/v1/admin/mailboxes/${mailboxId}`, undefined],
      ['PATCH', `/api/v1/admin/mailboxes/${mailboxId}`, { name: 'B war hier' }],
      ['POST', `/api/v1/admin/mailboxes/${mailboxId}/enable`, undefined],
      ['POST', `/api/v1/admin/mailboxes/${mailboxId}/disable`, undefined],
      ['DELETE', `/api/v1/admin/mailboxes/${mailboxId}`, undefined],
    ] as const) {
      const res = await other(method, p, body);
      expect([method, p, res.status]).toEqual([method, p, 404]);
    }
    const mine = await as(a.admin)('GET', `/api/v1/admin/mailboxes/${mailboxId}`);
    expect(mine.body).toMatchObject({ name: 'Nur A', enabled: false });
  });

  it("does not let another tenant's admin see or change a callback", async () => {
    const other = as(b.admin);
    const p = `/api/v1/admin/peppol/callbacks/${a.accessPointId}`;
    expect((await other('GET', '/api/v1/admin/peppol/callbacks')).body).toEqual([]);
    for (const [method, path, body] of [
      ['GET', p, undefined],
      ['PUT', p, { url: 'https://evil.example/' }],
      ['POST', `${p}/disable`, undefined],
      ['POST', `${p}/enable`, undefined],
      ['DELETE', p, undefined],
    ] as const) {
      const res = await other(method, path, body);
      expect([method, path, res.status]).toEqual([method, path, 404]);
    }
    const mine = await as(a.admin)('GET', p);
    expect(mine.body).toMatchObject({ url: 'https://ap.a.example/mlr', enabled: true });
  });

  it("does not let another tenant's admin use the web page's forms on a mailbox", async () => {
    // Web pages take the session cookie only; with a valid double-submit CSRF token, only
    // the tenant may stop the request.
    const csrf = randomBytes(32).toString('base64url');
    for (const action of ['disable', 'enable', 'remove']) {
      const res = await fetch(`${t.url}/admin/mailboxes/${mailboxId}/${action}`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          cookie: `${SESSION_COOKIE}=${b.admin}; einvoice_csrf=${csrf}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: `_csrf=${csrf}`,
      });
      expect([action, res.status]).toEqual([action, 404]);
    }
    const page = await fetch(`${t.url}/admin/mailboxes`, {
      headers: { cookie: `${SESSION_COOKIE}=${b.admin}` },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain('Nur A');
    const form = await fetch(`${t.url}/admin/mailboxes/${mailboxId}/remove`, {
      headers: { cookie: `${SESSION_COOKIE}=${b.admin}` },
    });
    expect(form.status).toBe(404);
    const mine = await as(a.admin)('GET', `/api/v1/admin/mailboxes/${mailboxId}`);
    expect(mine.body).toMatchObject({ name: 'Nur A', enabled: false });
  });

  it('refuses staff without the admin role', async () => {
    const approver = as(a.approver);
    expect((await approver('GET', '/api/v1/admin/mailboxes')).status).toBe(403);
    expect((await approver('POST', `/api/v1/admin/mailboxes/${mailboxId}/enable`)).status).toBe(403);
    expect((await approver('DELETE', `/api/v1/admin/mailboxes/${mailboxId}`)).status).toBe(403);
    expect((await approver('DELETE', `/api/v1/admin/peppol/callbacks/${a.accessPointId}`)).status).toBe(403);
  });
});
