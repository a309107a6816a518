/**
 * The e-mail channel against real servers: Debian's dovecot as the IMAP server (started by
 * scripts/services.sh, which `npm test` runs first) and an in-process smtp-server as the
 * SMTP peer that captures our answers. Each run works in folders of its own.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { SMTPServer } from 'smtp-server';
import { startTestApp, type TestApp } from '../../support/app.js';
import { waitFor } from '../../support/wait.js';
import { TenantService } from '../../../src/modules/tenants/tenant.service.js';
import { ApiKeyService } from '../../../src/modules/auth/api-key.service.js';
import { leitwegCheckDigits } from '../../../src/modules/tenants/leitweg-id.js';
import { InvoiceRepository } from '../../../src/modules/invoices/invoice.repository.js';
import { ImapPoller } from '../../../src/modules/intake/mail/imap-poller.service.js';
import { MailboxRepository } from '../../../src/modules/intake/mail/mailbox.repository.js';
import { MailSecrets } from '../../../src/modules/intake/mail/mail-secrets.js';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';

const IMAP = {
  host: '127.0.0.1',
  port: Number(process.env.EINVOICE_TEST_IMAP_PORT ?? 10143),
  user: process.env.EINVOICE_TEST_IMAP_USER ?? 'intake@test.local',
  pass: process.env.EINVOICE_TEST_IMAP_PASSWORD ?? 'intake-test-secret',
};
const LEITWEG = `04011000-54321-${leitwegCheckDigits('04011000', '54321')}`;
const run = randomBytes(4).toString('hex');
const FOLDER = `T-${run}`;
const PROCESSED = `T-${run}-Processed`;
const REJECTED = `T-${run}-Rejected`;

let t: TestApp;
let smtp: SMTPServer;
let blobDir: string;
let tenantId: string;
const sent: Array<{
  to: string;
  subject: string;
  text: string;
  attachments: string[];
  headers: Map<string, unknown>;
}> = [];

function imapClient(): ImapFlow {
  return new ImapFlow({
    host: IMAP.host,
    port: IMAP.port,
    secure: false,
    auth: { user: IMAP.user, pass: IMAP.pass },
    logger: false,
  });
}

/** Puts a mail into a folder as the mail server would on delivery (`copies` > 1: the same bytes again). */
async function deliver(
  mail: ConstructorParameters<typeof MailComposer>[0],
  folder = FOLDER,
  copies = 1,
): Promise<void> {
  const raw = await new MailComposer({ to: 'rechnung@pruefhausen.example', ...mail }).compile().build();
  const c = imapClient();
  await c.connect();
  try {
    for (let i = 0; i < copies; i++) await c.append(folder, raw);
  } finally {
    await c.logout();
  }
}

async function folderSubjects(folder: string): Promise<string[]> {
  const c = imapClient();
  await c.connect();
  try {
    const lock = await c.getMailboxLock(folder);
    try {
      const out: string[] = [];
      if ((c.mailbox ? c.mailbox.exists : 0) === 0) return out;
      for await (const m of c.fetch('1:*', { envelope: true })) out.push(m.envelope?.subject ?? '');
      return out.sort();
    } finally {
      lock.release();
    }
  } finally {
    await c.logout();
  }
}

beforeAll(async () => {
  const probe = imapClient();
  await probe.connect().catch((err: unknown) => {
    throw new Error(
      `the test IMAP server on ${IMAP.host}:${IMAP.port} is not running: run scripts/services.sh ensure (${String(err)})`,
    );
  });
  await probe.mailboxCreate(FOLDER);
  await probe.logout();

  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      void simpleParser(stream).then((m) => {
        sent.push({
          to: session.envelope.rcptTo.map((r) => r.address).join(','),
          subject: m.subject ?? '',
          text: m.text ?? '',
          attachments: m.attachments.map((a) => a.filename ?? ''),
          headers: m.headers,
        });
        done();
      }, done);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  blobDir = mkdtempSync(join(tmpdir(), 'einvoice-mail-blobs-'));
  t = await startTestApp({
    BLOB_STORE_DIR: blobDir,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    IMAP_POLL_SECONDS: '1',
    MAIL_SECRET_KEY: randomBytes(32).toString('base64'),
    // The test IMAP server and the dropping proxy listen on loopback, which the outbound
    // guard refuses unless the operator allows it.
    OUTBOUND_ALLOW: '127.0.0.1',
  });
  const tenant = await t.app
    .get(TenantService)
    .create({ name: `Mailstadt ${run}`, leitwegIds: [LEITWEG] }, 'operator:test');
  tenantId = tenant.id;
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
  const c = imapClient();
  await c.connect().catch(() => undefined);
  for (const f of [FOLDER, PROCESSED, REJECTED]) await c.mailboxDelete(f).catch(() => undefined);
  await c.logout().catch(() => undefined);
  rmSync(blobDir, { recursive: true, force: true });
});

const invoiceXml = (number: string) =>
  buildUblInvoice({
    number,
    patch: (x) => x.replace(/<cbc:BuyerReference>[^<]*</, `<cbc:BuyerReference>${LEITWEG}<`),
  });

describe('IMAP mailbox intake', () => {
  it('takes in mails, splits invoices, keeps supporting documents, moves the mail and answers the sender', async () => {
    await deliver({
      from: 'buchhaltung@lieferant.example',
      subject: 'Rechnung M-1',
      text: 'Anbei die Rechnung.',
      attachments: [
        { filename: 'm-1.xml', content: invoiceXml('M-1'), contentType: 'application/xml' },
        {
          filename: 'm-1-stundennachweis.pdf',
          content: Buffer.from('%PDF-1.4 not an invoice'),
          contentType: 'application/pdf',
        },
      ],
    });
    await deliver({
      from: 'info@lieferant.example',
      subject: 'Zwei Rechnungen',
      text: 'Zwei Rechnungen.',
      attachments: [
        { filename: 'm-2.xml', content: invoiceXml('M-2'), contentType: 'text/xml' },
        { filename: 'm-3.xml', content: invoiceXml('M-3'), contentType: 'text/xml' },
      ],
    });
    await deliver({ from: 'newsletter@lieferant.example', subject: 'Ohne Rechnung', text: 'Hallo!' });
    await deliver({
      from: 'mailer-daemon@mx.example',
      subject: 'Undelivered Mail',
      text: 'bounce',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });

    await t.app.get(ImapPoller).refresh();
    const repo = t.app.get(InvoiceRepository);
    const invoices = await waitFor('three invoices to be decided', async () => {
      const list = await repo.list(tenantId, { limit: 100 });
      return list.length === 3 && list.every((i) => i.status === 'awaiting_approval') && list;
    });
    expect(invoices.map((i) => i.number).sort()).toEqual(['M-1', 'M-2', 'M-3']);
    const m1 = invoices.find((i) => i.number === 'M-1')!;
    const attachments = await repo.attachments(tenantId, m1.id);
    expect(attachments.map((a) => [a.fileName, a.source])).toContainEqual([
      'm-1-stundennachweis.pdf',
      'message',
    ]);

    expect(
      await waitFor('mails to be moved', async () => {
        const processed = await folderSubjects(PROCESSED);
        return processed.length === 2 && processed;
      }),
    ).toEqual(['Rechnung M-1', 'Zwei Rechnungen']);
    // The refused mails come after the invoices: the pipeline may decide those first.
    expect(
      await waitFor('refused mails to be moved', async () => {
        const rejected = await folderSubjects(REJECTED);
        return rejected.length === 2 && rejected;
      }),
    ).toEqual(['Ohne Rechnung', 'Undelivered Mail']);
    expect(await folderSubjects(FOLDER)).toEqual([]);

    await waitFor('four answers', async () => sent.length >= 4);
    await new Promise((r) => setTimeout(r, 500));
    const receipts = sent.filter((m) => m.subject.startsWith('Eingangsbestätigung'));
    expect(receipts.map((m) => m.to).sort()).toEqual([
      'buchhaltung@lieferant.example',
      'info@lieferant.example',
      'info@lieferant.example',
    ]);
    expect(receipts[0].attachments[0]).toMatch(/^validation-report-.*\.html$/);
    const refusals = sent.filter((m) =>
      m.subject.startsWith('Ihre Nachricht konnte nicht angenommen werden'),
    );
    expect(refusals.map((m) => m.to)).toEqual(['newsletter@lieferant.example']);
    expect(refusals[0].text).toContain('MAIL-NO-INVOICE');
    // Never an answer to automatic mail; every answer is itself marked automatic.
    expect(sent.some((m) => m.to.includes('mailer-daemon'))).toBe(false);
    expect(sent.every((m) => m.headers.get('auto-submitted') === 'auto-replied')).toBe(true);
  }, 60_000);

  it('refuses a mail with 300 attachments, answers why, and keeps it in Rejected', async () => {
    await deliver({
      from: 'massenversand@lieferant.example',
      subject: 'Dreihundert Anhänge',
      text: 'Viele Anhänge.',
      attachments: [
        { filename: 'r.xml', content: invoiceXml('M-300'), contentType: 'application/xml' },
        ...Array.from({ length: 299 }, (_, i) => ({
          filename: `z${i}.csv`,
          content: 'a;b\n1;2\n',
          contentType: 'text/csv',
        })),
      ],
    });
    await waitFor('the mail to be rejected', async () =>
      (await folderSubjects(REJECTED)).includes('Dreihundert Anhänge'),
    );
    const answer = await waitFor('the refusal', async () =>
      sent.find((m) => m.to === 'massenversand@lieferant.example'),
    );
    expect(answer.text).toContain('MAIL-TOO-MANY-ATTACHMENTS');
    const repo = t.app.get(InvoiceRepository);
    expect((await repo.list(tenantId, { limit: 100 })).some((i) => i.number === 'M-300')).toBe(false);
  }, 60_000);

  it('takes a mail in once even when it is fetched again before it was moved', async () => {
    const repo = t.app.get(InvoiceRepository);
    const before = (await repo.list(tenantId, { limit: 100 })).length;
    const xml = invoiceXml('M-AGAIN');
    // The same mail appended twice: what a crash between commit and move leaves behind.
    await deliver(
      {
        from: 'buchhaltung@lieferant.example',
        subject: 'Rechnung M-AGAIN',
        messageId: `<again-${run}@lieferant.example>`,
        attachments: [{ filename: 'again.xml', content: xml, contentType: 'application/xml' }],
      },
      FOLDER,
      2,
    );
    await waitFor('both copies to leave the folder', async () => (await folderSubjects(FOLDER)).length === 0);
    const after = await repo.list(tenantId, { limit: 100 });
    expect(after.length).toBe(before + 1);
  }, 60_000);
});

describe('answers on request for the upload API', () => {
  it('mails the receipt to the X-Answer-To address of an upload, in the language asked for', async () => {
    const { key } = await t.app
      .get(ApiKeyService)
      .create(tenantId, { name: 'Portal', role: 'supplier' }, 'operator:test');
    const bad = await fetch(`${t.url}/api/v1/invoices`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/xml',
        'x-answer-to': 'not an address',
      },
      body: invoiceXml('API-ANSWER-0'),
    });
    expect(bad.status).toBe(400);
    const res = await fetch(`${t.url}/api/v1/invoices`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/xml',
        'x-answer-to': 'portal@lieferant.example',
        'accept-language': 'en-GB',
      },
      body: invoiceXml('API-ANSWER-1'),
    });
    expect(res.status).toBe(202);
    const answer = await waitFor('the answer to the upload', async () =>
      sent.find((m) => m.to === 'portal@lieferant.example'),
    );
    expect(answer.subject).toBe(
      'Receipt of your invoice API-ANSWER-1 / Eingangsbestätigung Ihrer Rechnung API-ANSWER-1',
    );
    // Uploads without X-Answer-To get no mail.
    const before = sent.length;
    const quiet = (await (
      await fetch(`${t.url}/api/v1/invoices`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' },
        body: invoiceXml('API-ANSWER-2'),
      })
    ).json()) as { id: string };
    await waitFor('the quiet upload to be decided', async () => {
      const inv = await t.app.get(InvoiceRepository).get(tenantId, quiet.id);
      return inv?.status === 'awaiting_approval';
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(sent.length).toBe(before);
  }, 60_000);
});

describe('IMAP connection dropped mid-fetch', () => {
  const DROP_FOLDER = `D-${run}`;
  let proxy: ReturnType<typeof createServer>;
  const sockets = new Set<Socket>();
  let cuts = 0;

  afterAll(async () => {
    for (const so of sockets) so.destroy();
    await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
    const c = imapClient();
    await c.connect().catch(() => undefined);
    for (const f of [DROP_FOLDER, `${DROP_FOLDER}-P`, `${DROP_FOLDER}-R`])
      await c.mailboxDelete(f).catch(() => undefined);
    await c.logout().catch(() => undefined);
  });

  it('loses nothing and doubles nothing when the server connection breaks while mail is being fetched', async () => {
    // A TCP proxy in front of dovecot that cuts the first two connections once 300 KB
    // of mail data have flowed to the client — in the middle of a FETCH of large mails.
    proxy = createServer((client) => {
      const upstream = connect(IMAP.port, IMAP.host);
      sockets.add(client).add(upstream);
      const cutThis = cuts < 2;
      let down = 0;
      upstream.on('data', (d: Buffer) => {
        down += d.length;
        if (cutThis && down > 300_000) {
          cuts++;
          client.destroy();
          upstream.destroy();
          return;
        }
        client.write(d);
      });
      client.on('data', (d: Buffer) => upstream.write(d));
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyPort = (proxy.address() as AddressInfo).port;

    const c = imapClient();
    await c.connect();
    await c.mailboxCreate(DROP_FOLDER);
    await c.logout();
    const padding = Buffer.alloc(120_000, 0x41);
    for (let i = 0; i < 6; i++) {
      await deliver(
        {
          from: 'gross@lieferant.example',
          subject: `Drop ${i}`,
          messageId: `<drop-${run}-${i}@lieferant.example>`,
          attachments: [
            { filename: `drop-${i}.xml`, content: invoiceXml(`DROP-${i}`), contentType: 'application/xml' },
            { filename: `anlage-${i}.pdf`, content: padding, contentType: 'application/pdf' },
          ],
        },
        DROP_FOLDER,
      );
    }
    await t.app.get(MailboxRepository).create(tenantId, {
      name: 'via proxy',
      host: '127.0.0.1',
      port: proxyPort,
      secure: false,
      username: IMAP.user,
      passwordEncrypted: t.app.get(MailSecrets).seal(IMAP.pass),
      folder: DROP_FOLDER,
      processedFolder: `${DROP_FOLDER}-P`,
      rejectedFolder: `${DROP_FOLDER}-R`,
    });
    await t.app.get(ImapPoller).refresh();
    const repo = t.app.get(InvoiceRepository);
    const drops = await waitFor('six DROP invoices', async () => {
      const list = (await repo.list(tenantId, { limit: 1000 })).filter((i) => i.number?.startsWith('DROP-'));
      return list.length >= 6 && (await folderSubjects(DROP_FOLDER)).length === 0 && list;
    });
    expect(cuts).toBe(2);
    expect(drops.map((i) => i.number).sort()).toEqual([
      'DROP-0',
      'DROP-1',
      'DROP-2',
      'DROP-3',
      'DROP-4',
      'DROP-5',
    ]);
    expect((await folderSubjects(`${DROP_FOLDER}-P`)).length).toBe(6);
  }, 90_000);
});
