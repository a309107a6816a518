/**
 * A returned invoice's supplier gets the reason on the channel the invoice came by:
 * - e-mail (taken in from the test IMAP server): a mail captured by the SMTP peer,
 *   threaded to the supplier's mail, with the reason verbatim;
 * - Peppol: an Invoice Response (RE, the reason) the access point fetches with its key —
 *   another tenant's key does not find it — and gets POSTed to its callback;
 * - an upload without X-Answer-To: the status link only, which shows the reason.
 * The approval core's contract is played as it will run: the invoice moves
 * awaiting_approval → returned with { reason, step, by }, then `supplier.return` is
 * enqueued (or, lost, found by the recovery sweep). Answered once and never again; an
 * answer that went out without being recorded goes out again.
 * Real application, PostgreSQL, Redis, dovecot (scripts/services.sh), an in-process
 * smtp-server and an HTTP callback target.
 */
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { SMTPServer } from 'smtp-server';
import { startTestApp, type TestApp } from '../../support/app.js';
import { waitFor } from '../../support/wait.js';
import { call, IdentityContext, randomLeitwegId } from '../auth/identity-context.js';
import { JobName, JobQueue } from '../../../src/modules/jobs/index.js';
import { InvoiceRepository, type InvoiceRecord } from '../../../src/modules/invoices/invoice.repository.js';
import { SupplierReturnJob } from '../../../src/modules/intake/jobs/supplier-return.job.js';
import { ImapPoller } from '../../../src/modules/intake/mail/imap-poller.service.js';
import { MailboxRepository } from '../../../src/modules/intake/mail/mailbox.repository.js';
import { MailSecrets } from '../../../src/modules/intake/mail/mail-secrets.js';
import { PeppolCallbackRepository } from '../../../src/modules/intake/peppol/peppol-callback.repository.js';
import { SupplierReturnRepository } from '../../../src/modules/intake/returns/supplier-return.repository.js';
import { TenantService } from '../../../src/modules/tenants/tenant.service.js';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import { secureParse } from '../../../src/modules/validation/xml/secure-parse.js';
import type { XNode } from '../../../src/modules/validation/xml/xnode.js';

const IMAP = {
  host: '127.0.0.1',
  port: Number(process.env.EINVOICE_TEST_IMAP_PORT ?? 10143),
  user: process.env.EINVOICE_TEST_IMAP_USER ?? 'intake@test.local',
  pass: process.env.EINVOICE_TEST_IMAP_PASSWORD ?? 'intake-test-secret',
};
const run = randomBytes(4).toString('hex');
const FOLDER = `R-${run}`;
const PROCESSED = `R-${run}-Processed`;
const REJECTED = `R-${run}-Rejected`;
const REASON =
  'Die Leistung wurde nicht erbracht <siehe Lieferschein> & die Bestellnummer fehlt.\nBitte senden Sie eine Gutschrift.';

interface Sent {
  to: string;
  subject: string;
  text: string;
  inReplyTo?: string;
  references: string[];
}

let t: TestApp;
let smtp: SMTPServer;
let callbackServer: HttpServer;
const callbackBodies: string[] = [];
let blobDir: string;
const sent: Sent[] = [];
/** Addresses whose next return mail the SMTP peer takes in but answers with a failure. */
const failNextFor = new Set<string>();
let tenantId: string;
let tenantName: string;
let leitweg: string;
let supplierKey: string;
let approverToken: string;
let accessPoint: { id: string; key: string };
let otherAccessPoint: { id: string; key: string };

function imapClient(): ImapFlow {
  return new ImapFlow({
    host: IMAP.host,
    port: IMAP.port,
    secure: false,
    auth: { user: IMAP.user, pass: IMAP.pass },
    logger: false,
  });
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      void simpleParser(stream).then((m) => {
        const to = session.envelope.rcptTo.map((r) => r.address).join(',');
        const refs = m.references;
        sent.push({
          to,
          subject: m.subject ?? '',
          text: m.text ?? '',
          inReplyTo: m.inReplyTo,
          references: refs === undefined ? [] : Array.isArray(refs) ? refs : [refs],
        });
        // The supplier has the mail, but the sender hears of no success (a reply lost,
        // a process gone before it could record the send).
        if (/^(Invoice returned|Rechnung zurückgewiesen)/.test(m.subject ?? '') && failNextFor.delete(to))
          return done(Object.assign(new Error('try later'), { responseCode: 451 }));
        done();
      }, done);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  callbackServer = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      callbackBodies.push(body);
      res.writeHead(204).end();
    });
  });
  callbackServer.listen(0, '127.0.0.1');
  await once(callbackServer, 'listening');

  blobDir = mkdtempSync(join(tmpdir(), 'einvoice-returns-blobs-'));
  t = await startTestApp({
    BLOB_STORE_DIR: blobDir,
    SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    IMAP_POLL_SECONDS: '1',
    JOBS_SWEEP_INTERVAL_SECONDS: '1',
    MAIL_SECRET_KEY: randomBytes(32).toString('base64'),
    // The test IMAP server and the callback target listen on loopback.
    OUTBOUND_ALLOW: `127.0.0.1:${IMAP.port}, 127.0.0.1:${(callbackServer.address() as AddressInfo).port}`,
  });
  const ctx = new IdentityContext(t.app);
  leitweg = randomLeitwegId();
  tenantName = `Stadt Rückgabe ${run}`;
  const tenant = await t.app.get(TenantService).create({ name: tenantName, leitwegIds: [leitweg] }, 'test');
  tenantId = tenant.id;
  supplierKey = (await ctx.newApiKey(tenantId, 'supplier')).key;
  approverToken = (await ctx.newUser(tenantId, ['approver'])).token;
  accessPoint = await ctx.newApiKey(tenantId, 'access-point');
  await t.app
    .get(PeppolCallbackRepository)
    .set(tenantId, accessPoint.id, `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/ir`);
  const other = await ctx.newTenant();
  otherAccessPoint = await ctx.newApiKey(other.tenant.id, 'access-point');
  await t.app.get(MailboxRepository).create(tenantId, {
    name: 'Rechnungseingang',
    host: IMAP.host,
    port: IMAP.port,
    secure: false,
    username: IMAP.user,
    passwordEncrypted: t.app.get(MailSecrets).seal(IMAP.pass),
    folder: FOLDER,
    processedFolder: PROCESSED,
    rejectedFolder: REJECTED,
  });
}, 60_000);

afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  callbackServer?.close();
  const c = imapClient();
  await c.connect().catch(() => undefined);
  for (const f of [FOLDER, PROCESSED, REJECTED]) await c.mailboxDelete(f).catch(() => undefined);
  await c.logout().catch(() => undefined);
  if (blobDir) rmSync(blobDir, { recursive: true, force: true });
});

const invoiceXml = (number: string) =>
  buildUblInvoice({
    number,
    patch: (x) => x.replace(/<cbc:BuyerReference>[^<]*</, `<cbc:BuyerReference>${leitweg}<`),
  });

async function accepted(number: string): Promise<InvoiceRecord> {
  return waitFor(`invoice ${number} to await approval`, async () => {
    const list = await t.app.get(InvoiceRepository).list(tenantId, { limit: 200 });
    return list.find((i) => i.number === number && i.status === 'awaiting_approval');
  });
}

/**
 * An approver returns the invoice through the approval API (which moves it to `returned`
 * with { reason, step, by } and enqueues `supplier.return`). Without `enqueue`, the move is
 * made as the approval core makes it but the job is lost: the recovery sweep must find it.
 */
async function returnInvoice(inv: InvoiceRecord, reason: string, enqueue = true): Promise<void> {
  if (enqueue) {
    await waitFor(`approval of ${inv.id} to start`, async () =>
      (await call(t.url, 'GET', `/api/v1/approval/invoices/${inv.id}`, { bearer: approverToken })).status ===
      200
        ? true
        : undefined,
    );
    const res = await call(t.url, 'POST', `/api/v1/approval/invoices/${inv.id}/decisions`, {
      bearer: approverToken,
      body: { action: 'reject', reason },
    });
    expect(res.status).toBe(200);
    expect(res.body.invoiceStatus).toBe('returned');
    return;
  }
  const moved = await t.app
    .get(InvoiceRepository)
    .transition(
      tenantId,
      inv.id,
      'awaiting_approval',
      'returned',
      'user:approver',
      {},
      { reason, step: 'sachlich', by: 'Erika Prüferin' },
    );
  expect(moved).toBe(true);
}

const returnMails = (to: string) =>
  sent.filter((m) => m.to === to && m.subject.startsWith('Rechnung zurückgewiesen'));
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const tokenOf = (inv: InvoiceRecord) => inv.statusToken;

function child(n: XNode | undefined, local: string): XNode | undefined {
  return n?.children.find((c) => c.local === local);
}
function at(n: XNode | undefined, ...path: string[]): XNode | undefined {
  return path.reduce((node, local) => child(node, local), n);
}

describe('returning an invoice to its supplier', () => {
  it('mails the reason to an e-mail supplier, threaded to the mail, once and never again', async () => {
    const messageId = `<ret-${run}@lieferant.example>`;
    const raw = await new MailComposer({
      from: 'buchhaltung@lieferant.example',
      to: 'rechnung@rueckgabe.example',
      subject: 'Rechnung RET-MAIL-1',
      messageId,
      text: 'Anbei.',
      attachments: [
        { filename: 'ret-mail-1.xml', content: invoiceXml('RET-MAIL-1'), contentType: 'application/xml' },
      ],
    })
      .compile()
      .build();
    const c = imapClient();
    await c.connect();
    try {
      await c.mailboxCreate(FOLDER).catch(() => undefined);
      await c.append(FOLDER, raw);
    } finally {
      await c.logout();
    }
    await t.app.get(ImapPoller).refresh();
    const inv = await accepted('RET-MAIL-1');
    await returnInvoice(inv, REASON);

    const mail = await waitFor(
      'the return mail',
      async () => returnMails('buchhaltung@lieferant.example')[0],
    );
    expect(mail.subject).toBe('Rechnung zurückgewiesen RET-MAIL-1 / Invoice returned RET-MAIL-1');
    expect(mail.inReplyTo).toBe(messageId);
    expect(mail.references).toContain(messageId);
    const text = plain(mail.text);
    expect(text).toContain(`${tenantName} hat Ihre Rechnung RET-MAIL-1 am`);
    expect(text).toContain(
      '    Die Leistung wurde nicht erbracht <siehe Lieferschein> & die Bestellnummer fehlt.\n    Bitte senden Sie eine Gutschrift.',
    );
    expect(text).toMatch(/Rechnungsdatum: \d\d\.\d\d\.\d{4}/);
    expect(text).toMatch(/Zahlbetrag: [\d.]+,\d\d €/);
    expect(text).toContain(`/status/${tokenOf(inv)}`);
    expect(text).not.toContain('Erika');

    // Answered: the database says so, the sweep finds nothing, a duplicate job sends nothing.
    await waitFor('the mark', () => t.app.get(SupplierReturnRepository).isAnswered(tenantId, inv.id));
    expect(JSON.stringify(await t.app.get(SupplierReturnJob).findPending())).not.toContain(inv.id);
    await t.app.get(SupplierReturnJob).handle({ tenantId, invoiceId: inv.id });
    await t.app.get(JobQueue).enqueue(JobName.SupplierReturn, { tenantId, invoiceId: inv.id });
    await new Promise((r) => setTimeout(r, 2_500)); // two sweeps
    expect(returnMails('buchhaltung@lieferant.example')).toHaveLength(1);
  }, 90_000);

  it('sends again when the answer went out but its success was not recorded (at least once)', async () => {
    const to = `retry-${run}@lieferant.example`;
    const res = await fetch(`${t.url}/api/v1/invoices`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${supplierKey}`,
        'content-type': 'application/xml',
        'x-answer-to': to,
        'accept-language': 'en',
      },
      body: invoiceXml('RET-RETRY-1'),
    });
    expect(res.status).toBe(202);
    const inv = await accepted('RET-RETRY-1');
    failNextFor.add(to);
    await returnInvoice(inv, 'Wrong purchase order number.');
    const mails = await waitFor(
      'the return mail a second time (after the retry)',
      async () => {
        const m = sent.filter((x) => x.to === to && x.subject.startsWith('Invoice returned'));
        return m.length === 2 && m;
      },
      60_000,
    );
    // English first: the supplier asked in English. No thread: an upload has no mail.
    expect(mails[1].subject).toBe('Invoice returned RET-RETRY-1 / Rechnung zurückgewiesen RET-RETRY-1');
    expect(mails[1].text).toContain('    Wrong purchase order number.');
    expect(mails[1].inReplyTo).toBeUndefined();
    await waitFor('the mark', () => t.app.get(SupplierReturnRepository).isAnswered(tenantId, inv.id));
    await new Promise((r) => setTimeout(r, 2_500));
    expect(sent.filter((m) => m.to === to && m.subject.startsWith('Invoice returned'))).toHaveLength(2);
  }, 120_000);

  it('answers an upload without X-Answer-To on the status link only, found by the sweep', async () => {
    const before = sent.length;
    const res = await fetch(`${t.url}/api/v1/invoices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${supplierKey}`, 'content-type': 'application/xml' },
      body: invoiceXml('RET-LINK-1'),
    });
    expect(res.status).toBe(202);
    const { statusUrl } = (await res.json()) as { statusUrl: string };
    const inv = await accepted('RET-LINK-1');
    // The enqueue is lost: the sweep finds the return the database says is owed.
    await returnInvoice(inv, REASON, false);
    await waitFor('the sweep to settle the return', () =>
      t.app.get(SupplierReturnRepository).isAnswered(tenantId, inv.id),
    );
    expect(sent.length).toBe(before);

    const json = await call(t.url, 'GET', new URL(statusUrl).pathname);
    expect(json.status).toBe(200);
    expect(json.body.status).toBe('returned');
    expect(json.body.returned).toEqual({ at: expect.any(String), reason: REASON });
    const event = (json.body.history as { to: string; detail: unknown }[]).find((h) => h.to === 'returned');
    // The reason, not who decided it at which step.
    expect(event?.detail).toEqual({ reason: REASON });

    const html = plain(
      await (
        await fetch(`${t.url}${new URL(statusUrl).pathname}?lang=de`, { headers: { accept: 'text/html' } })
      ).text(),
    );
    expect(html).toContain('An Sie zurückgegeben');
    expect(html).toMatch(/Zurückgegeben am \d\d\.\d\d\.\d{4}, \d\d:\d\d ME(S)?Z\./);
    expect(html).toContain(
      'Die Leistung wurde nicht erbracht &lt;siehe Lieferschein&gt; &amp; die Bestellnummer fehlt.',
    );
    expect(html).not.toContain('Erika');
  }, 90_000);

  it('issues a Peppol Invoice Response the access point fetches with its key and gets POSTed', async () => {
    const instance = `ret-${run}-1`;
    const payload = invoiceXml('RET-PEPPOL-1').replace(/^<\?xml[^>]*>\s*/, '');
    const res = await fetch(`${t.url}/peppol/inbound`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessPoint.key}`, 'content-type': 'application/xml' },
      body: `<?xml version="1.0" encoding="UTF-8"?>
<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader">
  <StandardBusinessDocumentHeader>
    <HeaderVersion>1.0</HeaderVersion>
    <Sender><Identifier Authority="iso6523-actorid-upis">0088:4000001000005</Identifier></Sender>
    <Receiver><Identifier Authority="iso6523-actorid-upis">0204:${leitweg}</Identifier></Receiver>
    <DocumentIdentification><Standard>urn:oasis:names:specification:ubl:schema:xsd:Invoice-2</Standard>
      <TypeVersion>2.1</TypeVersion><InstanceIdentifier>${instance}</InstanceIdentifier><Type>Invoice</Type>
      <CreationDateAndTime>2026-11-21T10:00:00Z</CreationDateAndTime></DocumentIdentification>
  </StandardBusinessDocumentHeader>
${payload}
</StandardBusinessDocument>`,
    });
    expect(res.status).toBe(202);
    const inv = await accepted('RET-PEPPOL-1');
    const since = new Date(Date.now() - 60_000).toISOString();
    await returnInvoice(inv, REASON);

    const listed = await waitFor('the invoice response to be listed', async () => {
      const r = await call(t.url, 'GET', `/api/v1/peppol/invoice-responses?since=${since}`, {
        bearer: accessPoint.key,
      });
      return (
        r.status === 200 && (r.body.items as { invoiceId: string }[]).find((i) => i.invoiceId === inv.id)
      );
    });
    expect(listed).toMatchObject({ responseCode: 'RE', documentReference: 'RET-PEPPOL-1' });
    const { id, href } = listed as unknown as { id: string; href: string };

    const doc = await fetch(t.url + href, { headers: { authorization: `Bearer ${accessPoint.key}` } });
    expect(doc.status).toBe(200);
    expect(doc.headers.get('content-type')).toMatch(/^application\/xml/);
    const xml = await doc.text();
    const parsed = secureParse(new TextEncoder().encode(xml));
    if (!parsed.ok) throw new Error('not well-formed');
    parsed.doc.dispose();
    const root = parsed.root;
    expect(root.local).toBe('ApplicationResponse');
    expect(at(root, 'CustomizationID')?.text).toBe('urn:fdc:peppol.eu:poacc:trns:invoice_response:3');
    expect(at(root, 'ID')?.text).toBe(id);
    expect(at(root, 'DocumentResponse', 'Response', 'ResponseCode')?.text).toBe('RE');
    expect(at(root, 'DocumentResponse', 'Response', 'Status', 'StatusReasonCode')?.text).toBe('OTH');
    expect(at(root, 'DocumentResponse', 'Response', 'Status', 'StatusReason')?.text).toBe(REASON);
    expect(at(root, 'DocumentResponse', 'DocumentReference', 'ID')?.text).toBe('RET-PEPPOL-1');
    expect(at(root, 'DocumentResponse', 'DocumentReference', 'DocumentTypeCode')?.text).toBe('380');
    expect(at(root, 'SenderParty', 'EndpointID')?.text).toBe(leitweg);
    expect(at(root, 'SenderParty', 'PartyLegalEntity', 'RegistrationName')?.text).toBe(tenantName);
    expect(at(root, 'ReceiverParty', 'EndpointID')?.text).toBe('4000001000005');

    // POSTed to the access point's callback, once.
    await waitFor('the callback POST', async () => callbackBodies.includes(xml));
    await waitFor('the mark', () => t.app.get(SupplierReturnRepository).isAnswered(tenantId, inv.id));
    await t.app.get(SupplierReturnJob).handle({ tenantId, invoiceId: inv.id });
    await new Promise((r) => setTimeout(r, 2_500));
    expect(callbackBodies.filter((b) => b.includes('invoice_response:3'))).toHaveLength(1);

    // Tenant-scoped: another tenant's access point does not find it; a supplier key may not ask.
    const foreign = await call(t.url, 'GET', href, { bearer: otherAccessPoint.key });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('INVOICE_RESPONSE_NOT_FOUND');
    const foreignList = await call(t.url, 'GET', '/api/v1/peppol/invoice-responses', {
      bearer: otherAccessPoint.key,
    });
    expect(foreignList.body.items).toEqual([]);
    expect((await call(t.url, 'GET', href, { bearer: supplierKey })).status).toBe(403);
    const bad = await call(t.url, 'GET', '/api/v1/peppol/invoice-responses?since=yesterday', {
      bearer: accessPoint.key,
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'INVOICE_RESPONSES_QUERY_INVALID']);
  }, 90_000);
});
