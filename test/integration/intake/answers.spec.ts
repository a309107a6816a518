/**
 * The answer mails of a rejection tell the supplier the truth, with a readable report:
 * a valid invoice addressed to a Leitweg-ID the receiver does not have names that reason
 * (no finding carries it), and the attached HTML report shows dates and amounts in the
 * reader's format with its styles inlined (it is opened from disk, where no server is).
 * Real application, PostgreSQL and Redis; an in-process smtp-server as the SMTP peer.
 */
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { ApiKeyService } from '../../../src/modules/auth/api-key.service.js';
import { leitwegCheckDigits } from '../../../src/modules/tenants/leitweg-id.js';
import { TenantService } from '../../../src/modules/tenants/tenant.service.js';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { waitFor } from '../../support/wait.js';

const LEITWEG = `04011000-54321-${leitwegCheckDigits('04011000', '54321')}`;
const FOREIGN = `991-77777-${leitwegCheckDigits('991', '77777')}`;

interface Sent {
  to: string;
  subject: string;
  text: string;
  attachments: { filename: string; content: string }[];
}

let t: TestApp;
let smtp: SMTPServer;
let supplierKey: string;
const sent: Sent[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      void simpleParser(stream).then((m) => {
        sent.push({
          to: session.envelope.rcptTo.map((r) => r.address).join(','),
          subject: m.subject ?? '',
          text: m.text ?? '',
          attachments: m.attachments.map((a) => ({
            filename: a.filename ?? '',
            content: a.content.toString('utf8'),
          })),
        });
        done();
      }, done);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}` });
  const tenant = await t.app
    .get(TenantService)
    .create({ name: 'Stadt Antwortheim', leitwegIds: [LEITWEG] }, 'operator:test');
  supplierKey = (
    await t.app.get(ApiKeyService).create(tenant.id, { name: 'Lieferant', role: 'supplier' }, 'operator:test')
  ).key;
}, 60_000);

afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

async function submit(xml: string, answerTo: string, lang: string): Promise<Sent> {
  const res = await fetch(`${t.url}/api/v1/invoices`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${supplierKey}`,
      'content-type': 'application/xml',
      'x-answer-to': answerTo,
      'accept-language': lang,
    },
    body: xml,
  });
  expect(res.status).toBe(202);
  return waitFor(`the answer to ${answerTo}`, async () => sent.find((m) => m.to === answerTo));
}

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('rejection mails', () => {
  it('name the routing reason of a valid invoice sent to a Leitweg-ID the receiver does not have', async () => {
    const xml = buildUblInvoice({
      number: 'ANS-ROUTE-1',
      patch: (x) => x.replace(/<cbc:BuyerReference>[^<]*</, `<cbc:BuyerReference>${FOREIGN}<`),
    });
    const mail = await submit(xml, 'routing@lieferant.example', 'de-DE');
    expect(mail.subject).toBe(
      'Ihre Rechnung wurde abgewiesen ANS-ROUTE-1 / Your invoice was rejected ANS-ROUTE-1',
    );
    expect(mail.text).toContain(
      `- [ROUTING-LEITWEG-ID-UNKNOWN] (BT-10) Die Leitweg-ID „${FOREIGN}“ (Käuferreferenz, BT-10) gehört zu keiner Stelle dieses Empfängers.`,
    );
    expect(mail.text).toContain(`The Leitweg-ID “${FOREIGN}” (buyer reference, BT-10) belongs to no office`);
  }, 60_000);

  it('attach a report with dates and amounts in the reader format and inline styles', async () => {
    const xml = buildUblInvoice({
      number: 'ANS-BAD-1',
      lines: 25,
      patch: (x) =>
        x
          .replace(/<cbc:BuyerReference>[^<]*</, `<cbc:BuyerReference>${LEITWEG}<`)
          .replace(/(<cbc:TaxInclusiveAmount currencyID="EUR">)[^<]*/, '$11800.00'),
    });
    const mail = await submit(xml, 'report@lieferant.example', 'en-US');
    expect(mail.text).toContain('- [BR-CO-15]');
    expect(mail.attachments.map((a) => a.filename)).toEqual([
      expect.stringMatching(/^validation-report-.*\.html$/),
    ]);
    const report = plain(mail.attachments[0].content);
    expect(report).toContain('<html lang="en">');
    expect(report).toContain('Failed the checks');
    expect(report).toContain('<dd>Mar 2, 2026</dd>');
    expect(report).toContain('<dd class="vr-num">€1,800.00</dd>');
    expect(report).toContain('<dd class="vr-num">€1,729.34</dd>');
    expect(report).toMatch(/<style>[^<]*\.vr \.vr-doc/);
    expect(report).not.toContain('<link');
  }, 60_000);
});
