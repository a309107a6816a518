/**
 * Filed Vorgänge for the tests of reading the case record: invoices submitted through the
 * real intake (as the approval fixtures do) and, for each, the rows the filing writes —
 * an Akte, a Vorgang, its documents — with the documents' bytes in the real blob store.
 * The rows are written as the database owner, as a filing job of another module would;
 * nothing here goes through the code under test.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { BLOB_STORE, type BlobStore } from '../../../src/modules/documents/storage/blob-store.js';
import { IntakeService } from '../../../src/modules/intake/intake.service.js';
import { isIntakeFinal } from '../../../src/modules/invoices/invoice-status.js';
import { InvoiceRepository } from '../../../src/modules/invoices/invoice.repository.js';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import type { TestApp } from '../../support/app.js';

export interface InvoiceSpec {
  number: string;
  /** Net prices in cents (19 % VAT added). */
  netCents?: number[];
  issueDate?: string;
  sellerName?: string;
  sellerVatId?: string;
}

export interface DocumentSpec {
  kind: string;
  name: string;
  mediaType: string;
  content: Buffer;
  retainUntil?: string;
}

export interface FiledVorgang {
  id: string;
  akteId: string;
  invoiceId: string;
  aktenzeichen: string;
  documents: { id: string; name: string; kind: string; sha256: string; content: Buffer }[];
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export class RecordsFixture {
  private readonly akten = new Map<string, string>();

  constructor(private readonly t: TestApp) {}

  get blobs(): BlobStore {
    return this.t.app.get<BlobStore>(BLOB_STORE);
  }

  /** Submits an invoice through intake and waits until intake is done with it; returns its id. */
  async invoice(tenantId: string, leitwegId: string, spec: InvoiceSpec): Promise<string> {
    let xml = buildUblInvoice({
      number: spec.number,
      linePrices: spec.netCents ?? [10000],
      buyerReference: leitwegId,
      issueDate: spec.issueDate,
    });
    const escaped = (spec.sellerName ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;');
    if (spec.sellerName) xml = xml.split('Musterlieferant GmbH').join(escaped);
    if (spec.sellerVatId) xml = xml.split('DE123456789').join(spec.sellerVatId);
    const raw = Buffer.from(xml);
    const submitted = await this.t.app.get(IntakeService).submit(tenantId, {
      channel: 'upload',
      raw,
      rawContentType: 'application/xml',
      documents: [{ content: raw, fileName: 'rechnung.xml', contentType: 'application/xml' }],
      sender: 'test',
    });
    const id = submitted.invoices[0].id;
    const repo = this.t.app.get(InvoiceRepository);
    for (let i = 0; i < 600; i++) {
      const inv = await repo.get(tenantId, id);
      if (inv && isIntakeFinal(inv.status)) {
        if (inv.number !== spec.number || inv.status === 'rejected')
          throw new Error(
            `invoice ${id} not taken: ${inv.status} ${JSON.stringify(inv.report ?? null).slice(0, 600)}`,
          );
        return id;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`invoice ${id} did not finish intake`);
  }

  /** The Akte of a key (created once per tenant and key). */
  async akte(tenantId: string, key: string, aktenzeichen: string, year = 2026): Promise<string> {
    const known = this.akten.get(`${tenantId}|${key}`);
    if (known) return known;
    const id = randomUUID();
    await this.t.db.dataSource.query(
      `INSERT INTO record_akten (id, tenant_id, akte_key, aktenzeichen, title, fiscal_year, aktenplan_key)
       VALUES ($1, $2, $3, $4, $5, $6, '902.31')`,
      [id, tenantId, key, aktenzeichen, `Rechnungen ${year} – ${key}`, year],
    );
    this.akten.set(`${tenantId}|${key}`, id);
    return id;
  }

  /** Files a Vorgang for an invoice with the given documents (default: the XML and a report); `filedAt: null` leaves it unfiled. */
  async file(
    tenantId: string,
    invoiceId: string,
    opts: {
      akteId: string;
      aktenzeichen: string;
      betreff?: string;
      filedAt?: Date | null;
      documents?: DocumentSpec[];
    },
  ): Promise<FiledVorgang> {
    const id = randomUUID();
    const filedAt = opts.filedAt === undefined ? new Date() : opts.filedAt;
    await this.t.db.dataSource.query(
      `INSERT INTO record_vorgaenge (id, tenant_id, akte_id, invoice_id, aktenzeichen, betreff, filed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        id,
        tenantId,
        opts.akteId,
        invoiceId,
        opts.aktenzeichen,
        opts.betreff ?? `Rechnung ${invoiceId}`,
        filedAt,
      ],
    );
    const specs =
      opts.documents ??
      (filedAt
        ? [
            {
              kind: 'invoice-original',
              name: 'rechnung.xml',
              mediaType: 'application/xml',
              content: Buffer.from(`<Invoice>${randomBytes(8).toString('hex')}</Invoice>`),
            },
            {
              kind: 'validation-report-html',
              name: 'pruefbericht.html',
              mediaType: 'text/html',
              content: Buffer.from(
                `<html><body><script>alert(1)</script>ok ${randomBytes(4).toString('hex')}</body></html>`,
              ),
            },
          ]
        : []);
    const documents: FiledVorgang['documents'] = [];
    for (const [i, d] of specs.entries()) {
      const stored = await this.blobs.put(d.content);
      const docId = randomUUID();
      await this.t.db.dataSource.query(
        `INSERT INTO record_documents (id, tenant_id, vorgang_id, position, kind, name, media_type, sha256, size,
                                       retention_class, retain_until, filed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'buchungsbeleg-8', $10, $11)`,
        [
          docId,
          tenantId,
          id,
          i + 1,
          d.kind,
          d.name,
          d.mediaType,
          stored.sha256,
          d.content.length,
          d.retainUntil ?? '2034-12-31',
          filedAt ?? new Date(),
        ],
      );
      documents.push({
        id: docId,
        name: d.name,
        kind: d.kind,
        sha256: sha256(d.content),
        content: d.content,
      });
    }
    return { id, akteId: opts.akteId, invoiceId, aktenzeichen: opts.aktenzeichen, documents };
  }
}
