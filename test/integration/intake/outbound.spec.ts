/**
 * Server-side request forgery through the targets a tenant's admin configures. Local
 * servers on 127.0.0.1 play what must stay out of reach — the platform's own database, a
 * cloud metadata service, an internal web service — and what an operator allowed. The
 * outbound guard must refuse the first kind when the target is saved (a literal address)
 * and, for names, on the address resolved at connect time; errors reach the tenant as
 * stable codes that repeat nothing the target said.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../../support/app.js';
import { waitFor } from '../../support/wait.js';
import { call, IdentityContext, randomLeitwegId } from '../auth/identity-context.js';
import { TenantService } from '../../../src/modules/tenants/tenant.service.js';
import { ImapFlow } from 'imapflow';
import { ImapPoller } from '../../../src/modules/intake/mail/imap-poller.service.js';
import { MailboxRepository } from '../../../src/modules/intake/mail/mailbox.repository.js';
import { MailSecrets } from '../../../src/modules/intake/mail/mail-secrets.js';
import { InvoiceRepository } from '../../../src/modules/invoices/invoice.repository.js';
import { PeppolCallbackRepository } from '../../../src/modules/intake/peppol/peppol-callback.repository.js';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';

const SECRET = 'INTERNAL-SECRET-7f3a';
const IMAP_PORT = Number(process.env.EINVOICE_TEST_IMAP_PORT ?? 10143);
const IMAP_USER = process.env.EINVOICE_TEST_IMAP_USER ?? 'intake@test.local';
const IMAP_PASSWORD = process.env.EINVOICE_TEST_IMAP_PASSWORD ?? 'intake-test-secret';

let t: TestApp;
let blobDir: string;
/** An internal web service that must never be reached: it counts every request. */
let internal: HttpServer;
let internalPort: number;
const internalHits: string[] = [];
/** The allowed callback target; answers 500 with a body once asked to. */
let allowed: HttpServer;
let allowedPort: number;
const allowedBodies: string[] = [];
let allowedFails = false;
/** An allowed port where something that is no IMAP server answers with a banner. */
let banner: Server;
let bannerPort: number;
let tenantId: string;
let leitweg: string;
let adminToken: string;
let accessPoint: { id: string; key: string };
let dbPort: number;

async function listenHttp(handler: Parameters<typeof createHttpServer>[1]): Promise<[HttpServer, number]> {
  const s = createHttpServer(handler);
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  return [s, (s.address() as AddressInfo).port];
}

beforeAll(async () => {
  [internal, internalPort] = await listenHttp((req, res) => {
    internalHits.push(req.url ?? '');
    req.resume();
    res.writeHead(200).end(SECRET);
  });
  [allowed, allowedPort] = await listenHttp((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (allowedFails) return void res.writeHead(500, { 'content-type': 'text/plain' }).end(SECRET);
      allowedBodies.push(body);
      res.writeHead(204).end();
    });
  });
  banner = createServer((s) => s.end(`220 ${SECRET} ESMTP not IMAP\r\n`));
  banner.listen(0, '127.0.0.1');
  await once(banner, 'listening');
  bannerPort = (banner.address() as AddressInfo).port;

  blobDir = mkdtempSync(join(tmpdir(), 'einvoice-outbound-blobs-'));
  t = await startTestApp({
    BLOB_STORE_DIR: blobDir,
    IMAP_POLL_SECONDS: '1',
    JOBS_SWEEP_INTERVAL_SECONDS: '1',
    // Only these loopback ports are allowed; the internal server's is not.
    OUTBOUND_ALLOW: `127.0.0.1:${allowedPort}, 127.0.0.1:${bannerPort}, 127.0.0.1:${IMAP_PORT}`,
  });
  dbPort = Number(new URL(t.db.url).port || 5432);
  const ctx = new IdentityContext(t.app);
  leitweg = randomLeitwegId();
  const tenant = await t.app
    .get(TenantService)
    .create({ name: 'Stadt Außenrand', leitwegIds: [leitweg] }, 'test');
  tenantId = tenant.id;
  adminToken = (await ctx.newUser(tenantId, ['admin'])).token;
  accessPoint = await ctx.newApiKey(tenantId, 'access-point');
}, 60_000);

afterAll(async () => {
  await t?.close();
  for (const s of [internal, allowed, banner]) s?.close();
  rmSync(blobDir, { recursive: true, force: true });
});

const admin = (method: string, path: string, body?: unknown) =>
  call(t.url, method, path, { bearer: adminToken, body });

function sbdh(instance: string, payload: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader">
  <StandardBusinessDocumentHeader>
    <HeaderVersion>1.0</HeaderVersion>
    <Sender><Identifier Authority="iso6523-actorid-upis">0088:4000001000005</Identifier></Sender>
    <Receiver><Identifier Authority="iso6523-actorid-upis">0204:${leitweg}</Identifier></Receiver>
    <DocumentIdentification><Standard>urn:oasis:names:specification:ubl:schema:xsd:Invoice-2</Standard>
      <TypeVersion>2.1</TypeVersion><InstanceIdentifier>${instance}</InstanceIdentifier><Type>Invoice</Type>
      <CreationDateAndTime>2026-11-21T10:00:00Z</CreationDateAndTime></DocumentIdentification>
  </StandardBusinessDocumentHeader>
${payload.replace(/^<\?xml[^>]*>\s*/, '')}
</StandardBusinessDocument>`;
}

async function deliverPeppol(instance: string): Promise<void> {
  const xml = buildUblInvoice({
    number: instance,
    patch: (x) => x.replace(/<cbc:BuyerReference>[^<]*</, `<cbc:BuyerReference>${leitweg}<`),
  });
  const res = await fetch(`${t.url}/peppol/inbound`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessPoint.key}`, 'content-type': 'application/xml' },
    body: sbdh(instance, xml),
  });
  expect(res.status).toBe(202);
}

describe('Peppol callbacks', () => {
  it.each([
    ['loopback', () => `http://127.0.0.1:${internalPort}/`],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/'],
    ['hex notation', () => `http://0x7f.1:${internalPort}/`],
    ['decimal notation', () => `http://2130706433:${internalPort}/`],
    ['IPv4-mapped IPv6', () => `http://[::ffff:127.0.0.1]:${internalPort}/`],
    ['IPv6 loopback', () => `http://[::1]:${internalPort}/`],
    ['private', () => 'https://10.0.0.8/mlr'],
    ['localhost', () => `http://localhost:${internalPort}/`],
  ])('refuses a %s URL when it is set (422 OUTBOUND_ADDRESS_FORBIDDEN)', async (_label, url) => {
    const res = await admin('PUT', `/api/v1/admin/peppol/callbacks/${accessPoint.id}`, { url: url() });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('OUTBOUND_ADDRESS_FORBIDDEN');
    expect(internalHits).toEqual([]);
  });

  it('refuses at delivery a name that resolves to a forbidden address, and reports only a code', async () => {
    // Stored as if saved before the check existed (or as a name whose DNS answer changed
    // since): the name resolves to loopback at delivery.
    await t.app
      .get(PeppolCallbackRepository)
      .set(tenantId, accessPoint.id, `http://localhost:${internalPort}/mlr`);
    await deliverPeppol('OUT-REBOUND');
    const cb = await waitFor('the refused delivery', async () => {
      const r = await admin('GET', `/api/v1/admin/peppol/callbacks/${accessPoint.id}`);
      return r.body.lastError ? r.body : undefined;
    });
    expect(cb.lastError).toBe('OUTBOUND_ADDRESS_FORBIDDEN');
    expect(internalHits).toEqual([]);
  }, 60_000);

  it('delivers to an allow-listed target, and a failing one shows a code, not its answer', async () => {
    const url = `http://127.0.0.1:${allowedPort}/mlr`;
    const set = await admin('PUT', `/api/v1/admin/peppol/callbacks/${accessPoint.id}`, { url });
    expect(set.status).toBe(204);
    await waitFor('the waiting response to be delivered', async () => allowedBodies.length > 0);
    expect(allowedBodies[0]).toContain('<cbc:ResponseCode>AP</cbc:ResponseCode>');
    const ok = await admin('GET', `/api/v1/admin/peppol/callbacks/${accessPoint.id}`);
    expect(ok.body).toMatchObject({ url, enabled: true, lastError: null });
    expect(ok.body.lastDeliveredAt).toEqual(expect.any(String));

    allowedFails = true;
    await deliverPeppol('OUT-FAILING');
    const failed = await waitFor('the failed delivery', async () => {
      const r = await admin('GET', `/api/v1/admin/peppol/callbacks/${accessPoint.id}`);
      return r.body.lastError ? r : undefined;
    });
    expect(failed.body.lastError).toBe('CALLBACK_DELIVERY_FAILED');
    expect(JSON.stringify(failed.body)).not.toContain(SECRET);
    allowedFails = false;
  }, 60_000);

  it('sends nothing to a disabled callback, and what waited once it is enabled again', async () => {
    const off = await admin('POST', `/api/v1/admin/peppol/callbacks/${accessPoint.id}/disable`);
    expect(off.body.enabled).toBe(false);
    await deliverPeppol('OUT-DISABLED');
    const repo = t.app.get(InvoiceRepository);
    await waitFor('the invoice to be decided', async () =>
      (await repo.list(tenantId, { limit: 100 })).some(
        (i) => i.number === 'OUT-DISABLED' && i.status === 'awaiting_approval',
      ),
    );
    // Several sweeps (every second here) pass without a delivery.
    await new Promise((r) => setTimeout(r, 3000));
    expect(allowedBodies.some((b) => b.includes('OUT-DISABLED'))).toBe(false);
    await admin('POST', `/api/v1/admin/peppol/callbacks/${accessPoint.id}/enable`);
    await waitFor('the waiting response', async () => allowedBodies.some((b) => b.includes('OUT-DISABLED')));
  }, 60_000);
});

describe('IMAP mailboxes', () => {
  const mailbox = (host: string, port: number) => ({
    name: `Box ${host}:${port}`,
    host,
    port,
    secure: false,
    username: 'intake@test.local',
    password: 'whatever',
    folder: `F-${port}`,
  });

  it.each([
    ['the database port on loopback', () => mailbox('127.0.0.1', dbPort)],
    ['an odd loopback notation', () => mailbox('0x7f.1', dbPort)],
    ['IPv4-mapped IPv6', () => mailbox('[::ffff:127.0.0.1]', dbPort)],
    ['cloud metadata', () => mailbox('169.254.169.254', 143)],
    ['localhost', () => mailbox('localhost', dbPort)],
  ])('refuses %s when it is created (422)', async (_label, body) => {
    const res = await admin('POST', '/api/v1/admin/mailboxes', body());
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('OUTBOUND_ADDRESS_FORBIDDEN');
  });

  it('refuses to change a mailbox to a forbidden address', async () => {
    const created = await admin('POST', '/api/v1/admin/mailboxes', mailbox('imap.example.org', 993));
    expect(created.status).toBe(201);
    const res = await admin('PATCH', `/api/v1/admin/mailboxes/${created.body.id}`, {
      host: '127.0.0.1',
      port: dbPort,
    });
    expect(res.status).toBe(422);
    await admin('DELETE', `/api/v1/admin/mailboxes/${created.body.id}`);
  });

  it('does not connect to a name that resolves to the database port, and says only OUTBOUND_ADDRESS_FORBIDDEN', async () => {
    const mb = await t.app.get(MailboxRepository).create(tenantId, {
      name: 'rebound',
      host: 'localhost',
      port: dbPort,
      secure: false,
      username: 'x',
      passwordEncrypted: t.app.get(MailSecrets).seal('x'),
      folder: 'INBOX',
      processedFolder: 'P',
      rejectedFolder: 'R',
    });
    await t.app.get(ImapPoller).refresh();
    const view = await waitFor('the refused connection', async () => {
      const r = await admin('GET', `/api/v1/admin/mailboxes/${mb!.id}`);
      return r.body.lastError ? r.body : undefined;
    });
    expect(view.lastError).toBe('OUTBOUND_ADDRESS_FORBIDDEN');
    expect(view.lastErrorMessage.en).toContain('cannot be reached');
    await admin('DELETE', `/api/v1/admin/mailboxes/${mb!.id}`);
  }, 60_000);

  it('reports an allowed server that is no IMAP server as MAILBOX_CONNECT_FAILED, without its banner', async () => {
    const created = await admin('POST', '/api/v1/admin/mailboxes', mailbox('127.0.0.1', bannerPort));
    expect(created.status).toBe(201);
    await t.app.get(ImapPoller).refresh();
    const view = await waitFor('the failed connection', async () => {
      const r = await admin('GET', `/api/v1/admin/mailboxes/${created.body.id}`);
      return r.body.lastError ? r.body : undefined;
    });
    expect(view.lastError).toBe('MAILBOX_CONNECT_FAILED');
    expect(JSON.stringify(view)).not.toContain(SECRET);
    await admin('DELETE', `/api/v1/admin/mailboxes/${created.body.id}`);
  }, 60_000);

  it('reports a refused login as MAILBOX_AUTH_FAILED', async () => {
    const created = await admin('POST', '/api/v1/admin/mailboxes', {
      ...mailbox('127.0.0.1', IMAP_PORT),
      username: IMAP_USER,
      password: 'not-the-password',
    });
    expect(created.status).toBe(201);
    await t.app.get(ImapPoller).refresh();
    const view = await waitFor('the refused login', async () => {
      const r = await admin('GET', `/api/v1/admin/mailboxes/${created.body.id}`);
      return r.body.lastError ? r.body : undefined;
    });
    expect(view.lastError).toBe('MAILBOX_AUTH_FAILED');
    expect(view.lastErrorMessage.de).toBe('Der IMAP-Server hat Benutzername oder Passwort abgelehnt.');
    await admin('DELETE', `/api/v1/admin/mailboxes/${created.body.id}`);
  }, 60_000);

  it('polls an allow-listed IMAP server', async () => {
    // A folder of its own on the shared test account: other suites poll theirs.
    const folder = `OUT-${Date.now()}`;
    const imap = () =>
      new ImapFlow({
        host: '127.0.0.1',
        port: IMAP_PORT,
        secure: false,
        auth: { user: IMAP_USER, pass: IMAP_PASSWORD },
        logger: false,
      });
    const c = imap();
    await c.connect();
    await c.mailboxCreate(folder);
    await c.logout();
    const created = await admin('POST', '/api/v1/admin/mailboxes', {
      ...mailbox('127.0.0.1', IMAP_PORT),
      username: IMAP_USER,
      password: IMAP_PASSWORD,
      folder,
      processedFolder: `${folder}-P`,
      rejectedFolder: `${folder}-R`,
    });
    expect(created.status).toBe(201);
    await t.app.get(ImapPoller).refresh();
    const view = await waitFor('a successful poll', async () => {
      const r = await admin('GET', `/api/v1/admin/mailboxes/${created.body.id}`);
      return r.body.lastPolledAt ? r.body : undefined;
    });
    expect(view.lastError).toBeNull();
    await admin('DELETE', `/api/v1/admin/mailboxes/${created.body.id}`);
    const d = imap();
    await d.connect();
    for (const f of [folder, `${folder}-P`, `${folder}-R`]) await d.mailboxDelete(f).catch(() => undefined);
    await d.logout();
  }, 60_000);
});
