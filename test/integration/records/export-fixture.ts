/**
 * A filed Vorgang for the export tests, built the way the filing will leave it: an invoice
 * submitted through intake (as the approval fixtures do), an Akte, a Vorgang with
 * `filed_at` set, and its documents in `record_documents` with their content in the blob
 * store under its sha256. Rows are written directly (the filing itself is another module's).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { BLOB_STORE, type BlobStore } from '../../../src/modules/documents/storage/blob-store.js';
import { IntakeService } from '../../../src/modules/intake/intake.service.js';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import type { TestApp } from '../../support/app.js';

export interface FiledDocument {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly mediaType: string;
  readonly bytes: Buffer;
  readonly sha256: string;
}

export interface FiledVorgang {
  readonly vorgangId: string;
  readonly invoiceId: string;
  readonly invoiceNumber: string;
  readonly aktenzeichen: string;
  readonly betreff: string;
  readonly documents: readonly FiledDocument[];
}

/** A small but real PDF 1.7 (one empty page). */
export function tinyPdf(text: string): Buffer {
  return Buffer.from(
    `%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
      `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );
}

let seq = 0;

export async function filedVorgang(
  t: TestApp,
  tenantId: string,
  apiKeyId: string,
  opts: { filed?: boolean } = {},
): Promise<FiledVorgang> {
  seq++;
  const number = `RE-${randomBytes(3).toString('hex')}-${seq}`;
  const xml = Buffer.from(buildUblInvoice({ number }));
  const submitted = await t.app.get(IntakeService).submit(tenantId, {
    channel: 'upload',
    raw: xml,
    rawContentType: 'application/xml',
    documents: [{ content: xml, fileName: 'rechnung.xml', contentType: 'application/xml' }],
    sender: `api-key:${apiKeyId}`,
  });
  const invoiceId = submitted.invoices[0].id;
  const ds = t.db.dataSource;
  const year = 2026;
  const akteKey = `${year}-${randomBytes(3).toString('hex')}`;
  const akteId = randomUUID();
  const akteZeichen = `902.31-${year}/${String(seq).padStart(3, '0')}-${randomBytes(2).toString('hex')}`;
  await ds.query(
    `INSERT INTO record_akten (id, tenant_id, akte_key, aktenzeichen, title, fiscal_year, aktenplan_key)
     VALUES ($1, $2, $3, $4, $5, $6, '902.31')`,
    [akteId, tenantId, akteKey, akteZeichen, `Rechnungen ${year}`, year],
  );
  const vorgangId = randomUUID();
  const aktenzeichen = `${akteZeichen}-${String(seq).padStart(5, '0')}`;
  const betreff = `Rechnung ${number} der Müller & Söhne GmbH`;
  await ds.query(
    `INSERT INTO record_vorgaenge (id, tenant_id, akte_id, invoice_id, aktenzeichen, betreff, filed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [vorgangId, tenantId, akteId, invoiceId, aktenzeichen, betreff, opts.filed === false ? null : new Date()],
  );
  const blobs = t.app.get<BlobStore>(BLOB_STORE);
  const specs = [
    { kind: 'invoice-original', name: 'rechnung.xml', mediaType: 'application/xml', bytes: xml },
    { kind: 'laufzettel-pdf', name: 'laufzettel.pdf', mediaType: 'application/pdf', bytes: tinyPdf(number) },
    {
      kind: 'validation-report-json',
      name: 'pruefbericht.json',
      mediaType: 'application/json',
      bytes: Buffer.from(JSON.stringify({ valid: true, invoice: number })),
    },
  ];
  const documents: FiledDocument[] = [];
  for (const [i, s] of specs.entries()) {
    const stored = await blobs.put(s.bytes);
    const id = randomUUID();
    await ds.query(
      `INSERT INTO record_documents (id, tenant_id, vorgang_id, position, kind, name, media_type, sha256, size,
                                     retention_class, retain_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'buchungsbeleg', '2034-12-31')`,
      [id, tenantId, vorgangId, i + 1, s.kind, s.name, s.mediaType, stored.sha256, s.bytes.length],
    );
    documents.push({ id, ...s, sha256: stored.sha256 });
  }
  return { vorgangId, invoiceId, invoiceNumber: number, aktenzeichen, betreff, documents };
}

/** Marks a Vorgang filed (what the filing job does when it is done). */
export async function markFiled(t: TestApp, vorgangId: string): Promise<void> {
  await t.db.dataSource.query(`UPDATE record_vorgaenge SET filed_at = now() WHERE id = $1`, [vorgangId]);
}
