import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withSystemContext, withTenant } from '../../../database/tenant-transaction.js';

type Row = Record<string, unknown>;

export type StatusReport =
  | {
      readonly id: string;
      readonly postingId: string;
      readonly invoiceId: string;
      readonly status: 'ordered';
      readonly kassenzeichen: string;
      readonly at: string;
      readonly reportedBy: string;
      readonly createdAt: Date;
    }
  | {
      readonly id: string;
      readonly postingId: string;
      readonly invoiceId: string;
      readonly status: 'paid';
      readonly date: string;
      readonly amount: string;
      readonly skontoTaken: boolean;
      readonly reportedBy: string;
      readonly createdAt: Date;
    };

export type NewStatusReport =
  | { status: 'ordered'; kassenzeichen: string; at: string }
  | { status: 'paid'; date: string; amount: string; skontoTaken: boolean };

const toReport = (r: Row): StatusReport =>
  r.status === 'ordered'
    ? {
        id: r.id as string,
        postingId: r.posting_id as string,
        invoiceId: r.invoice_id as string,
        status: 'ordered',
        kassenzeichen: r.kassenzeichen as string,
        at: (r.ordered_at as Date).toISOString(),
        reportedBy: r.reported_by as string,
        createdAt: r.created_at as Date,
      }
    : {
        id: r.id as string,
        postingId: r.posting_id as string,
        invoiceId: r.invoice_id as string,
        status: 'paid',
        date: r.paid_date_text as string,
        amount: r.amount as string,
        skontoTaken: r.skonto_taken as boolean,
        reportedBy: r.reported_by as string,
        createdAt: r.created_at as Date,
      };

const COLUMNS = `*, to_char(paid_date, 'YYYY-MM-DD') AS paid_date_text`;

/** The append-only status reports of finance systems. */
@Injectable()
export class PostingStatusRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    tenantId: string,
    ref: { postingId: string; invoiceId: string; reportedBy: string },
    r: NewStatusReport,
  ): Promise<StatusReport> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `INSERT INTO posting_status_reports
           (tenant_id, posting_id, invoice_id, status, kassenzeichen, ordered_at, paid_date, amount, skonto_taken, reported_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
        [
          tenantId,
          ref.postingId,
          ref.invoiceId,
          r.status,
          r.status === 'ordered' ? r.kassenzeichen : null,
          r.status === 'ordered' ? r.at : null,
          r.status === 'paid' ? r.date : null,
          r.status === 'paid' ? r.amount : null,
          r.status === 'paid' ? r.skontoTaken : null,
          ref.reportedBy,
        ],
      );
      return toReport(rows[0]);
    });
  }

  async listForPosting(tenantId: string, postingId: string): Promise<StatusReport[]> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT ${COLUMNS} FROM posting_status_reports WHERE tenant_id = $1 AND posting_id = $2 ORDER BY created_at, id`,
        [tenantId, postingId],
      );
      return rows.map(toReport);
    });
  }

  async listForInvoice(tenantId: string, invoiceId: string): Promise<StatusReport[]> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT ${COLUMNS} FROM posting_status_reports WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY created_at, id`,
        [tenantId, invoiceId],
      );
      return rows.map(toReport);
    });
  }

  /** Paid reports with a payment date in [from, to], with the posting's due amount and Skonto offer. */
  async paidInRange(
    tenantId: string,
    from: string,
    to: string,
  ): Promise<
    Array<{
      report: StatusReport & { status: 'paid' };
      due: string;
      skonto: { date: string; amount: string } | null;
    }>
  > {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT r.*, to_char(r.paid_date, 'YYYY-MM-DD') AS paid_date_text,
                p.document->'totals'->>'due' AS due, p.document->'skonto' AS skonto
           FROM posting_status_reports r JOIN postings p ON p.id = r.posting_id
          WHERE r.tenant_id = $1 AND r.status = 'paid' AND r.paid_date BETWEEN $2 AND $3
          ORDER BY r.paid_date, r.id`,
        [tenantId, from, to],
      );
      return rows.map((r) => ({
        report: toReport(r) as StatusReport & { status: 'paid' },
        due: r.due as string,
        skonto: (r.skonto as { date: string; amount: string } | null) ?? null,
      }));
    });
  }

  /**
   * Invoices with reports not yet applied, across tenants: filed with any report, or posted
   * with a payment.
   */
  async unapplied(limit: number): Promise<Array<{ tenantId: string; invoiceId: string }>> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT DISTINCT r.tenant_id, r.invoice_id FROM posting_status_reports r JOIN invoices i ON i.id = r.invoice_id
          WHERE i.status = 'filed' OR (i.status = 'posted' AND r.status = 'paid')
          LIMIT $1`,
        [limit],
      );
      return rows.map((r) => ({ tenantId: r.tenant_id as string, invoiceId: r.invoice_id as string }));
    });
  }
}
