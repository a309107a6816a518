import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withTenant } from '../../../database/tenant-transaction.js';
import type { Posting } from '../posting.js';

type Row = Record<string, unknown>;

/** Read access to the immutable postings of a tenant (the table belongs to the postings module). */
@Injectable()
export class PostingReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Postings whose invoice date (BT-2) lies in [from, to], in the order they were made. */
  async listByInvoiceDate(tenantId: string, from: string, to: string, limit: number): Promise<Posting[]> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT document FROM postings
          WHERE tenant_id = $1 AND (document->'invoice'->>'issueDate') BETWEEN $2 AND $3
          ORDER BY created_at, id LIMIT $4`,
        [tenantId, from, to, limit],
      );
      return rows.map((r) => r.document as Posting);
    });
  }

  async find(
    tenantId: string,
    postingId: string,
  ): Promise<{ posting: Posting; invoiceId: string; reversed: boolean } | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT p.document, p.invoice_id,
                EXISTS (SELECT 1 FROM postings r WHERE r.reverses_id = p.id) AS reversed
           FROM postings p WHERE p.tenant_id = $1 AND p.id = $2`,
        [tenantId, postingId],
      );
      const r = rows[0];
      return r
        ? {
            posting: r.document as Posting,
            invoiceId: r.invoice_id as string,
            reversed: r.reversed as boolean,
          }
        : undefined;
    });
  }
}
