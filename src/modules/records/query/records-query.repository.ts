import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withTenant } from '../../../database/tenant-transaction.js';
import type {
  DocumentKind,
  RecordDocument,
  VorgangDetail,
  VorgangSearch,
  VorgangSummary,
} from './records-query.types.js';

type Row = Record<string, unknown>;

/** `%`, `_` and `\` taken literally inside a LIKE pattern. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The invoice's columns as the case record shows them, read the way the invoices module
 * reads them (dates as ISO text, amounts as decimal text); never written here.
 */
const VORGANG_COLUMNS = `v.id, v.akte_id, v.invoice_id, v.aktenzeichen, v.betreff, v.created_at, v.filed_at,
  a.aktenzeichen AS akte_aktenzeichen, a.title AS akte_title, a.fiscal_year AS akte_fiscal_year,
  a.aktenplan_key AS akte_aktenplan_key,
  i.number, to_char(i.issue_date, 'YYYY-MM-DD') AS issue_date, i.currency, i.amount_due::text AS amount_due,
  i.seller_name, i.seller_vat_id, i.status AS invoice_status`;

const DOCUMENT_COLUMNS = `d.id, d.vorgang_id, d.position, d.kind, d.name, d.media_type, d.sha256, d.size::text AS size,
  d.retention_class, to_char(d.retain_until, 'YYYY-MM-DD') AS retain_until, d.filed_at`;

function toDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v : new Date(v as string);
}

function toSummary(r: Row): VorgangSummary {
  return {
    id: r.id as string,
    aktenzeichen: r.aktenzeichen as string,
    betreff: r.betreff as string,
    createdAt: toDate(r.created_at) as Date,
    filedAt: toDate(r.filed_at),
    akte: {
      id: r.akte_id as string,
      aktenzeichen: r.akte_aktenzeichen as string,
      title: r.akte_title as string,
      fiscalYear: Number(r.akte_fiscal_year),
      aktenplanKey: r.akte_aktenplan_key as string,
    },
    invoice: {
      id: r.invoice_id as string,
      number: (r.number as string | null) ?? null,
      issueDate: (r.issue_date as string | null) ?? null,
      currency: (r.currency as string | null) ?? null,
      amount: (r.amount_due as string | null) ?? null,
      sellerName: (r.seller_name as string | null) ?? null,
      sellerVatId: (r.seller_vat_id as string | null) ?? null,
      status: r.invoice_status as string,
    },
  };
}

function toDocument(r: Row): RecordDocument {
  return {
    id: r.id as string,
    vorgangId: r.vorgang_id as string,
    position: Number(r.position),
    kind: r.kind as DocumentKind,
    name: r.name as string,
    mediaType: r.media_type as string,
    sha256: r.sha256 as string,
    size: Number(r.size),
    retentionClass: r.retention_class as string,
    retainUntil: r.retain_until as string,
    filedAt: toDate(r.filed_at) as Date,
  };
}

/**
 * Reads of the case record for people: Vorgänge joined with their Akte and their invoice,
 * and the filed documents' metadata. Tenant-scoped (tenant first, row-level security a
 * second time); read-only.
 */
@Injectable()
export class RecordsQueryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One page of the tenant's Vorgänge matching every given criterion, newest filing first; with the total. */
  async search(tenantId: string, s: VorgangSearch): Promise<{ items: VorgangSummary[]; total: number }> {
    const params: unknown[] = [tenantId];
    const where: string[] = ['v.tenant_id = $1'];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (s.aktenzeichen) where.push(`starts_with(lower(v.aktenzeichen), lower(${p(s.aktenzeichen)}))`);
    if (s.number) where.push(`starts_with(lower(i.number), lower(${p(s.number)}))`);
    if (s.supplier) {
      const name = p(`%${likeLiteral(s.supplier)}%`);
      const vat = p(s.supplier.replace(/\s+/g, '').toUpperCase());
      where.push(`(i.seller_name ILIKE ${name} OR upper(replace(i.seller_vat_id, ' ', '')) = ${vat})`);
    }
    if (s.amountFrom !== undefined) where.push(`i.amount_due >= ${p(s.amountFrom)}::numeric`);
    if (s.amountTo !== undefined) where.push(`i.amount_due <= ${p(s.amountTo)}::numeric`);
    if (s.from || s.to) {
      // Filed: a day of German time; the invoice date is a date already.
      const column =
        s.dateField === 'filed' ? `(v.filed_at AT TIME ZONE 'Europe/Berlin')::date` : 'i.issue_date';
      if (s.from) where.push(`${column} >= ${p(s.from)}::date`);
      if (s.to) where.push(`${column} <= ${p(s.to)}::date`);
    }
    const limit = p(s.limit);
    const offset = p(s.offset);
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT ${VORGANG_COLUMNS}, count(*) OVER ()::int AS total
           FROM record_vorgaenge v
           JOIN record_akten a ON a.id = v.akte_id AND a.tenant_id = v.tenant_id
           JOIN invoices i ON i.id = v.invoice_id AND i.tenant_id = v.tenant_id
          WHERE ${where.join(' AND ')}
          ORDER BY v.filed_at DESC NULLS FIRST, v.created_at DESC, v.id DESC
          LIMIT ${limit} OFFSET ${offset}`,
        params,
      );
      if (rows.length === 0 && s.offset > 0) {
        // Past the last page: the total still says how many there are.
        const [c] = await m.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM record_vorgaenge v
             JOIN invoices i ON i.id = v.invoice_id AND i.tenant_id = v.tenant_id
            WHERE ${where.join(' AND ')}`,
          params.slice(0, -2),
        );
        return { items: [], total: c?.n ?? 0 };
      }
      return { items: rows.map(toSummary), total: rows.length ? Number(rows[0].total) : 0 };
    });
  }

  async get(tenantId: string, vorgangId: string): Promise<VorgangDetail | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT ${VORGANG_COLUMNS}
           FROM record_vorgaenge v
           JOIN record_akten a ON a.id = v.akte_id AND a.tenant_id = v.tenant_id
           JOIN invoices i ON i.id = v.invoice_id AND i.tenant_id = v.tenant_id
          WHERE v.id = $1 AND v.tenant_id = $2`,
        [vorgangId, tenantId],
      );
      if (!rows[0]) return undefined;
      const docs: Row[] = await m.query(
        `SELECT ${DOCUMENT_COLUMNS} FROM record_documents d
          WHERE d.vorgang_id = $1 AND d.tenant_id = $2 ORDER BY d.position, d.id`,
        [vorgangId, tenantId],
      );
      return { ...toSummary(rows[0]), documents: docs.map(toDocument) };
    });
  }

  /** The Vorgang of an invoice (id and Aktenzeichen), if one was allocated. */
  async ofInvoice(
    tenantId: string,
    invoiceId: string,
  ): Promise<{ id: string; aktenzeichen: string; filedAt: Date | null } | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT id, aktenzeichen, filed_at FROM record_vorgaenge WHERE invoice_id = $1 AND tenant_id = $2`,
        [invoiceId, tenantId],
      );
      const r = rows[0];
      return r
        ? { id: r.id as string, aktenzeichen: r.aktenzeichen as string, filedAt: toDate(r.filed_at) }
        : undefined;
    });
  }

  async document(tenantId: string, documentId: string): Promise<RecordDocument | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT ${DOCUMENT_COLUMNS} FROM record_documents d WHERE d.id = $1 AND d.tenant_id = $2`,
        [documentId, tenantId],
      );
      return rows[0] ? toDocument(rows[0]) : undefined;
    });
  }
}
