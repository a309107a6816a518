/**
 * The case record against the real application: an invoice approved through the approval
 * API is filed into its Vorgang (every document, hashes that match the stored content) and
 * ends `filed`; Aktenzeichen follow the tenant's patterns with gapless counters; re-running
 * the filing changes nothing; a filing cut off half-way is completed by the sweep to exactly
 * one set; filed documents cannot be changed or deleted; a ZUGFeRD invoice files its XML and
 * its PDF; retention follows Land and Fördermittel; a tampered blob is refused.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { PDFDocument } from 'pdf-lib';
import { ApprovalHooks } from '../../../src/modules/approval/approval-hooks.js';
import { ApprovalService } from '../../../src/modules/approval/approval.service.js';
import { IntakeService } from '../../../src/modules/intake/intake.service.js';
import { InvoiceRepository } from '../../../src/modules/invoices/invoice.repository.js';
import { JobQueue } from '../../../src/modules/jobs/index.js';
import { RecordsAllocationHook } from '../../../src/modules/records/filing/records-allocation.hook.js';
import { RecordsFilingService } from '../../../src/modules/records/filing/records-filing.service.js';
import { RecordsService, type VorgangView } from '../../../src/modules/records/records.service.js';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import { type TestApp, startTestApp } from '../../support/app.js';
import { call } from '../auth/identity-context.js';
import { type ApprovalFixture, type Person, approvalFixture } from '../approval/approval-context.js';

jest.setTimeout(180_000);

const ALL_KINDS = [
  'invoice-original',
  'inbound-message',
  'validation-report-html',
  'validation-report-json',
  'invoice-rendering',
  'laufzettel-json',
  'laufzettel-pdf',
  'anordnung',
];

describe('case record: filing approved invoices', () => {
  let t: TestApp;
  let f: ApprovalFixture;
  let a: Person; // Feststellung
  let b: Person; // Anordnung
  let records: RecordsService;
  const year = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' }).slice(0, 4));

  const decide = (who: Person, id: string, body: unknown) =>
    call(t.url, 'POST', `/api/v1/approval/invoices/${id}/decisions`, { bearer: who.token, body });

  /** Submits a document through intake and waits until its approval has started. */
  async function submit(
    content: Buffer,
    fileName: string,
    contentType: string,
    mail?: { eml: Buffer; from: string },
  ): Promise<string> {
    const submitted = await t.app.get(IntakeService).submit(f.tenant.id, {
      channel: mail ? 'email' : 'upload',
      raw: mail ? mail.eml : content,
      rawContentType: mail ? 'message/rfc822' : contentType,
      documents: [{ content, fileName, contentType }],
      sender: mail ? mail.from : `api-key:${f.apiKey.id}`,
    });
    const id = submitted.invoices[0].id;
    for (let i = 0; i < 600; i++) {
      try {
        await t.app.get(ApprovalService).state(f.adminPrincipal, id);
        return id;
      } catch (err) {
        if ((err as { code?: string }).code !== 'APPROVAL_NOT_FOUND') throw err;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const inv = await t.app.get(InvoiceRepository).get(f.tenant.id, id);
    throw new Error(
      `invoice ${id} did not reach approval (status ${inv?.status}): ${JSON.stringify(inv?.report)}`,
    );
  }

  const ubl = (extra: { number?: string; patch?: (x: string) => string } = {}) =>
    buildUblInvoice({
      number: extra.number ?? `RE-${randomBytes(4).toString('hex')}`,
      linePrices: [10000],
      buyerReference: f.leitwegId,
      patch: extra.patch,
    });

  /** Sachlich and rechnerisch by A with a one-line Kontierung, the Anordnung by B. */
  async function approve(id: string, line: Record<string, string> = {}): Promise<void> {
    await certify(id, line);
    const ok = await decide(b, id, { action: 'approve' });
    expect(ok.body).toMatchObject({ invoiceStatus: 'approved' });
  }

  async function certify(id: string, line: Record<string, string> = {}): Promise<void> {
    const gross = (await t.app.get(ApprovalService).state(f.adminPrincipal, id)).instance.amount;
    expect((await decide(a, id, { action: 'approve' })).status).toBe(200);
    const k = await call(t.url, 'PUT', `/api/v1/approval/invoices/${id}/kontierung`, {
      bearer: a.token,
      body: { lines: [{ buchungsstelle: '11101.5431000', kostenstelle: 'KST-100', amount: gross, ...line }] },
    });
    expect(k.status).toBe(200);
    expect((await decide(a, id, { action: 'approve' })).status).toBe(200);
  }

  async function waitFiled(id: string): Promise<VorgangView> {
    const invoices = t.app.get(InvoiceRepository);
    for (let i = 0; i < 1200; i++) {
      if ((await invoices.get(f.tenant.id, id))?.status === 'filed') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await invoices.get(f.tenant.id, id))?.status).toBe('filed');
    return (await records.vorgangOfInvoice(f.tenant.id, id))!;
  }

  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  beforeAll(async () => {
    // Sweeps only when a test asks for one: the half-done filing below must wait for it.
    t = await startTestApp({ JOBS_SWEEP_INTERVAL_SECONDS: '0' });
    f = await approvalFixture(t);
    a = await f.person('Anna Feststellerin', ['approver']);
    b = await f.person('Bernd Anordner', ['approver']);
    await f.usePolicy({ preset: 'kommune-thueringen' });
    await f.limit(b, 'anordnung', '5000.00');
    records = t.app.get(RecordsService);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('files an approved invoice with every document, hashes matching, and ends filed', async () => {
    const attachment = Buffer.from('Lieferschein;4711').toString('base64');
    const xml = Buffer.from(
      ubl({
        patch: (x) =>
          x.replace(
            '<cac:AccountingSupplierParty>',
            `<cac:AdditionalDocumentReference>
    <cbc:ID>Anlage 1</cbc:ID>
    <cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="text/csv" filename="lieferschein.csv">${attachment}</cbc:EmbeddedDocumentBinaryObject></cac:Attachment>
  </cac:AdditionalDocumentReference>
  <cac:AccountingSupplierParty>`,
          ),
      }),
    );
    const id = await submit(xml, 'rechnung.xml', 'application/xml');
    await approve(id);
    const v = await waitFiled(id);

    expect(v.aktenzeichen).toMatch(new RegExp(`^902\\.31-${year}/\\d{3}-\\d{5}$`));
    expect(v.aktenzeichen.startsWith(`${v.akte.aktenzeichen}-`)).toBe(true);
    expect(v.betreff).toMatch(/^Rechnung RE-[0-9a-f]{8} .+ vom \d{2}\.\d{2}\.\d{4}$/);
    expect(v.filedAt).not.toBeNull();
    const kinds = v.documents.map((d) => d.kind);
    expect([...kinds].sort()).toEqual([...ALL_KINDS, 'attachment'].sort());
    expect(v.documents.map((d) => d.position)).toEqual(v.documents.map((_, i) => i + 1));

    for (const d of v.documents) {
      const { content } = await records.documentContent(f.tenant.id, d.id);
      expect({ name: d.name, sha: sha(content), size: content.length }).toEqual({
        name: d.name,
        sha: d.sha256,
        size: d.size,
      });
      expect({ name: d.name, cls: d.retentionClass, until: d.retainUntil }).toEqual({
        name: d.name,
        cls: 'buchungsbeleg',
        until: `${year + 8}-12-31`,
      });
    }
    const byKind = (k: string) => v.documents.find((d) => d.kind === k)!;
    const content = async (k: string) => (await records.documentContent(f.tenant.id, byKind(k).id)).content;
    // The original exactly as received; the upload's body is the message.
    expect((await content('invoice-original')).equals(xml)).toBe(true);
    expect(byKind('invoice-original').mediaType).toBe('application/xml');
    expect((await content('inbound-message')).equals(xml)).toBe(true);
    expect((await content('attachment')).toString()).toBe('Lieferschein;4711');
    expect(byKind('attachment').name).toBe('01-lieferschein.csv');
    for (const k of ['invoice-rendering', 'laufzettel-pdf', 'anordnung'])
      expect((await content(k)).subarray(0, 5).toString()).toBe('%PDF-');
    const html = (await content('validation-report-html')).toString();
    expect(html).toContain('Prüfung bestanden / Passed the checks');
    expect(html).toContain(v.aktenzeichen);
    expect(JSON.parse((await content('validation-report-json')).toString())).toMatchObject({ valid: true });

    const laufzettel = JSON.parse((await content('laufzettel-json')).toString());
    expect(laufzettel.aktenzeichen).toBe(v.aktenzeichen);
    expect(laufzettel.policy).toMatchObject({ version: 1 });
    expect(
      laufzettel.decisions
        .filter((d: { action: string }) => d.action === 'approve')
        .map((d: { stepKey: string; actorName: string }) => `${d.stepKey}:${d.actorName}`),
    ).toEqual(['sachlich:Anna Feststellerin', 'rechnerisch:Anna Feststellerin', 'anordnung:Bernd Anordner']);
    expect(
      laufzettel.steps.map((s: { key: string; decidedBy: { name: string } }) => s.decidedBy.name),
    ).toEqual(['Anna Feststellerin', 'Anna Feststellerin', 'Bernd Anordner']);
    expect(laufzettel.kontierung).toEqual([
      {
        buchungsstelle: '11101.5431000',
        kostenstelle: 'KST-100',
        investitionsnummer: null,
        amount: '119.00',
      },
    ]);
    // The Anordnung PDF names who ordered it (text is in the uncompressed content stream as hex or literal).
    const anordnung = await PDFDocument.load(await content('anordnung'));
    expect(anordnung.getTitle()).toBe(`Auszahlungsanordnung ${v.aktenzeichen}`);

    const history = await t.app.get(InvoiceRepository).history(f.tenant.id, id);
    expect(history.at(-1)).toMatchObject({ fromStatus: 'approved', toStatus: 'filed', actor: 'system' });
    expect(await records.vorgang(f.tenant.id, v.id)).toMatchObject({ id: v.id, invoiceId: id });
  });

  it('numbers Aktenzeichen by the pattern, gapless across invoices, and keeps by Land and Fördermittel', async () => {
    const bad = await call(t.url, 'PUT', '/api/v1/admin/records/settings', {
      bearer: f.admin.token,
      body: {
        aktenplanKey: '001.1',
        akteRule: 'year',
        aktePattern: '{plan}/{jahr}',
        vorgangPattern: '{akte}-{seq:4}',
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({
      code: 'RECORDS_SETTINGS_INVALID',
      details: { field: 'aktePattern', problem: 'unknown-placeholder', placeholder: '{jahr}' },
    });
    const put = await call(t.url, 'PUT', '/api/v1/admin/records/settings', {
      bearer: f.admin.token,
      body: {
        aktenplanKey: '001.1',
        akteRule: 'year',
        aktePattern: '{plan}/{year}/{seq:2}',
        vorgangPattern: '{akte}-{seq:4}',
        retentionYears: null,
        subsidyRetentionYears: 25,
      },
    });
    expect(put.status).toBe(200);
    const got = await call(t.url, 'GET', '/api/v1/admin/records/settings', { bearer: f.admin.token });
    expect(got.body).toMatchObject({ aktenplanKey: '001.1', akteRule: 'year', subsidyRetentionYears: 25 });
    expect(
      (await call(t.url, 'PUT', '/api/v1/admin/calendar', { bearer: f.admin.token, body: { land: 'SN' } }))
        .status,
    ).toBe(200);

    const first = await submit(Buffer.from(ubl()), 'r1.xml', 'application/xml');
    const second = await submit(Buffer.from(ubl()), 'r2.xml', 'application/xml');
    await approve(first, { investitionsnummer: 'I-2026-07' });
    await approve(second);
    const v1 = await waitFiled(first);
    const v2 = await waitFiled(second);
    expect([v1.aktenzeichen, v2.aktenzeichen]).toEqual([`001.1/${year}/01-0001`, `001.1/${year}/01-0002`]);
    expect(v1.akte.id).toBe(v2.akte.id);
    expect(v1.akte.title).toBe(`Eingangsrechnungen ${year}`);
    // Sachsen: 10 years (SächsKomKBVO § 34(2)); with an Investitionsnummer: the Zweckbindungsfrist.
    expect(new Set(v1.documents.map((d) => `${d.retentionClass}:${d.retainUntil}`))).toEqual(
      new Set([`foerdermittel:${year + 25}-12-31`]),
    );
    expect(new Set(v2.documents.map((d) => `${d.retentionClass}:${d.retainUntil}`))).toEqual(
      new Set([`buchungsbeleg:${year + 10}-12-31`]),
    );
  });

  it('filing twice changes nothing: one Vorgang, one row per document', async () => {
    const id = await submit(Buffer.from(ubl()), 'r3.xml', 'application/xml');
    await approve(id);
    const v = await waitFiled(id);
    const filing = t.app.get(RecordsFilingService);
    expect(await filing.file(f.tenant.id, v.id)).toBe(false);
    const again = await filing.storeDocuments(f.tenant.id, v.id);
    expect(again.map((d) => d.id).sort()).toEqual(v.documents.map((d) => d.id).sort());
    await t.app.get(JobQueue).enqueue('records.file', { tenantId: f.tenant.id, vorgangId: v.id });
    await t.app.get(JobQueue).sweep();
    const after = await records.vorgangOfInvoice(f.tenant.id, id);
    expect(after!.documents).toEqual(v.documents);
    const [count] = await t.db.dataSource.query(
      `SELECT count(*)::int AS vorgaenge, (SELECT count(*)::int FROM record_documents WHERE vorgang_id = $2) AS documents
         FROM record_vorgaenge WHERE invoice_id = $1`,
      [id, v.id],
    );
    expect(count).toEqual({ vorgaenge: 1, documents: ALL_KINDS.length });
  });

  it('completes a filing cut off half-way through the sweep, to exactly one set', async () => {
    const hooks = t.app.get(ApprovalHooks);
    const allocation = t.app.get(RecordsAllocationHook);
    // The process dies after the commit, before the filing is enqueued ...
    hooks.register({
      name: 'records',
      order: 100,
      inTransaction: async (m, ctx) => {
        await allocation.allocate(m, ctx);
      },
    });
    let vorgangId: string;
    let firstHalf: string[];
    const id = await submit(Buffer.from(ubl()), 'r4.xml', 'application/xml');
    try {
      await approve(id);
      const v = (await records.vorgangOfInvoice(f.tenant.id, id))!;
      vorgangId = v.id;
      expect(v.filedAt).toBeNull();
      // ... or a worker dies after filing three of the documents.
      const stored = await t.app
        .get(RecordsFilingService)
        .storeDocuments(f.tenant.id, v.id, ['invoice-original', 'inbound-message', 'validation-report-json']);
      firstHalf = stored.map((d) => d.id);
      expect(firstHalf).toHaveLength(3);
    } finally {
      allocation.onModuleInit(); // the real hook again
    }
    expect((await t.app.get(InvoiceRepository).get(f.tenant.id, id))?.status).toBe('approved');
    expect((await t.app.get(JobQueue).sweep()).enqueued).toBeGreaterThanOrEqual(1);
    const v = await waitFiled(id);
    expect(v.id).toBe(vorgangId!);
    expect([...v.documents.map((d) => d.kind)].sort()).toEqual([...ALL_KINDS].sort());
    expect(v.documents.map((d) => d.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(v.documents.slice(0, 3).map((d) => d.id)).toEqual(firstHalf!);
  });

  it('refuses UPDATE and DELETE of filed documents (trigger), and a tampered blob', async () => {
    const id = await submit(Buffer.from(ubl()), 'r5.xml', 'application/xml');
    await approve(id);
    const v = await waitFiled(id);
    const ds = t.db.dataSource;
    const doc = v.documents[0];
    await expect(ds.query(`UPDATE record_documents SET name = 'x' WHERE id = $1`, [doc.id])).rejects.toThrow(
      /immutable/,
    );
    await expect(ds.query(`DELETE FROM record_documents WHERE id = $1`, [doc.id])).rejects.toThrow(
      /immutable/,
    );
    expect((await records.vorgang(f.tenant.id, v.id))!.documents).toEqual(v.documents);

    // Another tenant sees none of it, whatever ids it is given.
    const other = await approvalFixture(t);
    expect(await records.vorgang(other.tenant.id, v.id)).toBeUndefined();
    expect(await records.vorgangOfInvoice(other.tenant.id, id)).toBeUndefined();
    await expect(records.documentContent(other.tenant.id, doc.id)).rejects.toMatchObject({
      code: 'RECORDS_DOCUMENT_NOT_FOUND',
    });
    await expect(records.addNote(other.tenant.id, id, 'Bezahlt', 'x')).rejects.toMatchObject({
      code: 'RECORDS_VORGANG_NOT_FOUND',
    });

    // A note from finance; its blob altered on disk is refused with a stable code.
    const note = await records.addNote(f.tenant.id, id, 'Bezahlt', 'Zahllauf 17', { amount: '119.00' });
    expect(note).toMatchObject({
      kind: 'note',
      position: v.documents.length + 1,
      mediaType: 'application/json',
    });
    const read = JSON.parse((await records.documentContent(f.tenant.id, note.id)).content.toString());
    expect(read).toMatchObject({ title: 'Bezahlt', text: 'Zahllauf 17', data: { amount: '119.00' } });
    const path = join(
      t.config.dataDir,
      'blobs',
      note.sha256.slice(0, 2),
      note.sha256.slice(2, 4),
      note.sha256,
    );
    chmodSync(path, 0o640);
    writeFileSync(path, '{"title":"Nicht bezahlt"}');
    await expect(records.documentContent(f.tenant.id, note.id)).rejects.toMatchObject({
      code: 'RECORDS_CONTENT_MISMATCH',
    });
    await expect(records.addNote(f.tenant.id, id, ' ', 'x')).rejects.toMatchObject({
      code: 'RECORDS_NOTE_INVALID',
    });
    await expect(records.documentContent(f.tenant.id, 'nope')).rejects.toMatchObject({
      code: 'RECORDS_DOCUMENT_NOT_FOUND',
    });
  });

  it('files the e-mail an invoice came in, and two approvals at once share one new Akte, numbered gapless', async () => {
    const put = await call(t.url, 'PUT', '/api/v1/admin/records/settings', {
      bearer: f.admin.token,
      body: {
        aktenplanKey: '777',
        akteRule: 'year-supplier',
        aktePattern: '{plan}-{year}/{seq:3}',
        vorgangPattern: '{akte}-{seq:5}',
      },
    });
    expect(put.status).toBe(200);
    const xml = Buffer.from(ubl());
    const eml = Buffer.from(
      [
        'From: rechnung@lieferant.example',
        'To: eingang@stadt.example',
        'Subject: Rechnung',
        'Message-ID: <r-1@lieferant.example>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Anbei die Rechnung.',
        '--b1',
        'Content-Type: application/xml; name="rechnung.xml"',
        'Content-Disposition: attachment; filename="rechnung.xml"',
        'Content-Transfer-Encoding: base64',
        '',
        xml.toString('base64'),
        '--b1--',
        '',
      ].join('\r\n'),
    );
    const byMail = await submit(xml, 'rechnung.xml', 'application/xml', {
      eml,
      from: 'rechnung@lieferant.example',
    });
    const other = await submit(Buffer.from(ubl()), 'r6.xml', 'application/xml');
    await certify(byMail);
    await certify(other);
    const decided = await Promise.all([byMail, other].map((id) => decide(b, id, { action: 'approve' })));
    expect(decided.map((r) => r.body.invoiceStatus)).toEqual(['approved', 'approved']);
    const [v1, v2] = [await waitFiled(byMail), await waitFiled(other)];
    expect(v1.akte.id).toBe(v2.akte.id);
    expect(v1.akte.aktenzeichen).toBe(`777-${year}/001`);
    expect(new Set([v1.aktenzeichen, v2.aktenzeichen])).toEqual(
      new Set([`777-${year}/001-00001`, `777-${year}/001-00002`]),
    );
    const message = v1.documents.find((d) => d.kind === 'inbound-message')!;
    expect(message.name).toMatch(/^message-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.eml$/);
    expect(message.mediaType).toBe('message/rfc822');
    expect((await records.documentContent(f.tenant.id, message.id)).content.equals(eml)).toBe(true);
  });

  it('files a ZUGFeRD / Factur-X invoice as its XML and its PDF', async () => {
    const xml = Buffer.from(ubl());
    const pdf = await PDFDocument.create();
    pdf.addPage().drawText('Rechnung');
    await pdf.attach(xml, 'xrechnung.xml', { mimeType: 'application/xml', description: 'XRechnung' });
    const bytes = Buffer.from(await pdf.save());
    const id = await submit(bytes, 'rechnung.pdf', 'application/pdf');
    await approve(id);
    const v = await waitFiled(id);
    const byKind = (k: string) => v.documents.filter((d) => d.kind === k);
    expect(byKind('invoice-original')).toHaveLength(1);
    expect(byKind('invoice-pdf')).toHaveLength(1);
    expect(byKind('attachment')).toHaveLength(0);
    const original = await records.documentContent(f.tenant.id, byKind('invoice-original')[0].id);
    expect(original.content.equals(xml)).toBe(true);
    expect(original.document).toMatchObject({ name: 'xrechnung.xml', mediaType: 'application/xml' });
    const pdfDoc = await records.documentContent(f.tenant.id, byKind('invoice-pdf')[0].id);
    expect(pdfDoc.content.equals(bytes)).toBe(true);
    expect(pdfDoc.document.mediaType).toBe('application/pdf');
  });
});
