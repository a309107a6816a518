import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryPrepared, withSystemContext, withTenant } from '../../../database/tenant-transaction.js';
import { auditPendingInsert, auditPendingRows, type AuditEntryInput } from '../../audit/audit.repository.js';
import type { InvoiceResponseCode } from './invoice-response.js';

type Row = Record<string, unknown>;

/** The channel a returned invoice was answered on. */
export type ReturnChannel = 'email' | 'status-link' | 'peppol';

/** An outgoing Peppol Invoice Response as stored. */
export interface StoredInvoiceResponse {
  readonly id: string;
  readonly invoiceId: string;
  readonly messageId: string;
  readonly code: InvoiceResponseCode;
  /** The invoice number the response refers to. */
  readonly documentReference: string;
  readonly xml: string;
  /** ISO 8601 with microseconds (UTC): the `since` of the next listing. */
  readonly createdAt: string;
  readonly deliveredAt: Date | null;
}

const RESPONSE_COLUMNS = `id, invoice_id, message_id, response_code, document_reference, xml,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_text, delivered_at`;

const toResponse = (r: Row): StoredInvoiceResponse => ({
  id: r.id as string,
  invoiceId: r.invoice_id as string,
  messageId: r.message_id as string,
  code: r.response_code as InvoiceResponseCode,
  documentReference: r.document_reference as string,
  xml: r.xml as string,
  createdAt: r.created_at_text as string,
  deliveredAt: (r.delivered_at as Date | null) ?? null,
});

function auditRows(tenantId: string, entry: AuditEntryInput): { at: Date; rows: string } {
  const batch = auditPendingRows([entry]);
  if (batch.tenantId !== tenantId.toLowerCase()) throw new Error('audit entry of another tenant');
  return batch;
}

/**
 * The answers owed to suppliers of returned invoices (`supplier_returns`: a row once the
 * answer is complete) and the outgoing Peppol Invoice Responses (`peppol_invoice_responses`).
 * Tenant-scoped under row-level security; the sweep's read crosses tenants and says so.
 */
@Injectable()
export class SupplierReturnRepository {
  constructor(private readonly dataSource: DataSource) {}

  async isAnswered(tenantId: string, invoiceId: string): Promise<boolean> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT 1 FROM supplier_returns WHERE tenant_id = $1 AND invoice_id = $2`,
        [tenantId, invoiceId],
      );
      return rows.length > 0;
    });
  }

  /**
   * Marks the return as answered, with its audit entry, in one statement; a second mark
   * (a duplicated job) changes nothing and writes no second entry.
   */
  async markAnswered(
    tenantId: string,
    invoiceId: string,
    channel: ReturnChannel,
    detail: Record<string, unknown>,
  ): Promise<boolean> {
    const audit = auditRows(tenantId, {
      tenantId,
      actor: 'system',
      action: 'invoice.return.answered',
      subject: `invoice:${invoiceId}`,
      data: { channel, ...detail },
    });
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows = await queryPrepared<Row>(
        m,
        `WITH ins AS (
           INSERT INTO supplier_returns (invoice_id, tenant_id, channel, detail) VALUES ($1, $2, $3, $4)
           ON CONFLICT (invoice_id) DO NOTHING RETURNING invoice_id
         ), au AS (
           ${auditPendingInsert({ source: 'ins', at: '$5', tenant: '$2', rows: '$6' })}
         )
         SELECT count(*)::int AS n FROM ins`,
        [invoiceId, tenantId, channel, JSON.stringify(detail), audit.at, audit.rows],
      );
      return rows[0]?.n === 1;
    });
  }

  /**
   * Stores the response of this code for the invoice, unless there is one already: then
   * that one is returned unchanged (a re-run answers with the same document, same id).
   * `build` gets the id the new document will have.
   */
  async issueResponse(
    tenantId: string,
    r: {
      invoiceId: string;
      messageId: string;
      code: InvoiceResponseCode;
      documentReference: string;
      build: (id: string) => string;
    },
  ): Promise<StoredInvoiceResponse> {
    const id = randomUUID();
    const xml = r.build(id);
    const audit = auditRows(tenantId, {
      tenantId,
      actor: 'system',
      action: 'peppol.invoice-response.issued',
      subject: `invoice:${r.invoiceId}`,
      data: { responseId: id, code: r.code, documentReference: r.documentReference },
    });
    return withTenant(this.dataSource, tenantId, async (m) => {
      const inserted = await queryPrepared<Row>(
        m,
        `WITH ins AS (
           INSERT INTO peppol_invoice_responses (id, tenant_id, invoice_id, message_id, response_code, document_reference, xml)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (invoice_id, response_code) DO NOTHING
           RETURNING ${RESPONSE_COLUMNS}
         ), au AS (
           ${auditPendingInsert({ source: 'ins', at: '$8', tenant: '$2', rows: '$9' })}
         )
         SELECT * FROM ins`,
        [id, tenantId, r.invoiceId, r.messageId, r.code, r.documentReference, xml, audit.at, audit.rows],
      );
      if (inserted[0]) return toResponse(inserted[0]);
      const rows: Row[] = await m.query(
        `SELECT ${RESPONSE_COLUMNS} FROM peppol_invoice_responses WHERE tenant_id = $1 AND invoice_id = $2 AND response_code = $3`,
        [tenantId, r.invoiceId, r.code],
      );
      return toResponse(rows[0]);
    });
  }

  async getResponse(tenantId: string, id: string): Promise<StoredInvoiceResponse | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT ${RESPONSE_COLUMNS} FROM peppol_invoice_responses WHERE tenant_id = $1 AND id = $2`,
        [tenantId, id],
      );
      return rows[0] ? toResponse(rows[0]) : undefined;
    });
  }

  /** The tenant's responses created at or after `since` (ISO instant), oldest first. */
  async listResponses(
    tenantId: string,
    since: string | undefined,
    limit: number,
  ): Promise<StoredInvoiceResponse[]> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT ${RESPONSE_COLUMNS} FROM peppol_invoice_responses
          WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR created_at >= $2::timestamptz)
          ORDER BY created_at, id LIMIT $3`,
        [tenantId, since ?? null, limit],
      );
      return rows.map(toResponse);
    });
  }

  async markResponseDelivered(tenantId: string, id: string): Promise<void> {
    await withTenant(this.dataSource, tenantId, (m) =>
      m.query(
        `UPDATE peppol_invoice_responses SET delivered_at = now() WHERE tenant_id = $1 AND id = $2 AND delivered_at IS NULL`,
        [tenantId, id],
      ),
    );
  }

  /** For the recovery sweep: returned invoices whose answer is still owed, across tenants. */
  async listDueAcrossTenants(limit: number): Promise<Array<{ tenantId: string; invoiceId: string }>> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT i.tenant_id, i.id FROM invoices i
          WHERE i.status = 'returned'
            AND NOT EXISTS (SELECT 1 FROM supplier_returns r WHERE r.invoice_id = i.id)
          ORDER BY i.updated_at LIMIT $1`,
        [limit],
      );
      return rows.map((r) => ({ tenantId: r.tenant_id as string, invoiceId: r.id as string }));
    });
  }
}
