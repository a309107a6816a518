import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { withSystemContext, withTenant } from '../../database/tenant-transaction.js';
import type { InvoiceStatus } from './invoice-status.js';

export type Channel = 'upload' | 'email' | 'peppol';

export interface NewMessage {
  readonly channel: Channel;
  readonly blobSha256: string;
  readonly contentType: string;
  readonly byteSize: number;
  readonly sender?: string;
  /** Idempotency-Key, Message-ID or SBDH instance id: the same id is the same message. */
  readonly externalId?: string;
  readonly meta?: Record<string, unknown>;
  /** The whole message is refused (limits, no invoice); it is still stored. */
  readonly refusalCode?: string;
}

export interface NewDocument {
  readonly sha256: string;
  readonly fileName?: string;
  readonly contentType?: string;
  readonly statusToken: string;
}

export interface MessageRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly channel: Channel;
  readonly blobSha256: string;
  readonly contentType: string;
  readonly status: 'received' | 'split' | 'refused';
  readonly sender: string | null;
  readonly externalId: string | null;
  readonly receivedAt: Date;
  readonly meta: Record<string, unknown>;
  readonly refusalCode: string | null;
  readonly answeredAt: Date | null;
}

export interface InvoiceRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly messageId: string;
  readonly documentSha256: string;
  readonly fileName: string | null;
  readonly contentType: string | null;
  readonly status: InvoiceStatus;
  readonly statusToken: string;
  readonly container: string | null;
  readonly syntax: string | null;
  readonly customization: string | null;
  readonly scenario: string | null;
  readonly valid: boolean | null;
  readonly report: unknown;
  readonly number: string | null;
  readonly issueDate: string | null;
  readonly dueDate: string | null;
  readonly currency: string | null;
  readonly amountDue: string | null;
  readonly sellerName: string | null;
  readonly sellerVatId: string | null;
  readonly buyerReference: string | null;
  readonly routingReceiverId: string | null;
  readonly model: unknown;
  readonly cashDiscounts: unknown;
  readonly duplicateOf: string | null;
  readonly suspectedDuplicateOf: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface InvoiceEvent {
  readonly fromStatus: InvoiceStatus | null;
  readonly toStatus: InvoiceStatus;
  readonly at: Date;
  readonly actor: string;
  readonly detail: Record<string, unknown> | null;
}

/** Columns the pipeline fills in as it learns them. */
export interface InvoiceFacts {
  container?: string | null;
  syntax?: string | null;
  customization?: string | null;
  scenario?: string | null;
  valid?: boolean | null;
  report?: unknown;
  number?: string | null;
  issueDate?: string | null;
  dueDate?: string | null;
  currency?: string | null;
  amountDue?: string | null;
  sellerName?: string | null;
  sellerVatId?: string | null;
  buyerReference?: string | null;
  routingReceiverId?: string | null;
  model?: unknown;
  cashDiscounts?: unknown;
  duplicateOf?: string | null;
  suspectedDuplicateOf?: string | null;
}

const FACT_COLUMNS: Record<keyof InvoiceFacts, { col: string; json?: boolean }> = {
  container: { col: 'container' },
  syntax: { col: 'syntax' },
  customization: { col: 'customization' },
  scenario: { col: 'scenario' },
  valid: { col: 'valid' },
  report: { col: 'report', json: true },
  number: { col: 'number' },
  issueDate: { col: 'issue_date' },
  dueDate: { col: 'due_date' },
  currency: { col: 'currency' },
  amountDue: { col: 'amount_due' },
  sellerName: { col: 'seller_name' },
  sellerVatId: { col: 'seller_vat_id' },
  buyerReference: { col: 'buyer_reference' },
  routingReceiverId: { col: 'routing_receiver_id' },
  model: { col: 'model', json: true },
  cashDiscounts: { col: 'cash_discounts', json: true },
  duplicateOf: { col: 'duplicate_of' },
  suspectedDuplicateOf: { col: 'suspected_duplicate_of' },
};

const INVOICE_COLUMNS = `id, tenant_id, message_id, document_sha256, file_name, content_type, status, status_token,
  container, syntax, customization, scenario, valid, report, number, to_char(issue_date, 'YYYY-MM-DD') AS issue_date,
  to_char(due_date, 'YYYY-MM-DD') AS due_date, currency, amount_due::text AS amount_due, seller_name, seller_vat_id,
  buyer_reference, routing_receiver_id, model, cash_discounts, duplicate_of, suspected_duplicate_of, created_at, updated_at`;

type Row = Record<string, unknown>;

function toInvoice(r: Row): InvoiceRecord {
  return {
    id: r.id as string,
    tenantId: r.tenant_id as string,
    messageId: r.message_id as string,
    documentSha256: r.document_sha256 as string,
    fileName: r.file_name as string | null,
    contentType: r.content_type as string | null,
    status: r.status as InvoiceStatus,
    statusToken: r.status_token as string,
    container: r.container as string | null,
    syntax: r.syntax as string | null,
    customization: r.customization as string | null,
    scenario: r.scenario as string | null,
    valid: r.valid as boolean | null,
    report: r.report,
    number: r.number as string | null,
    issueDate: r.issue_date as string | null,
    dueDate: r.due_date as string | null,
    currency: r.currency as string | null,
    amountDue: r.amount_due as string | null,
    sellerName: r.seller_name as string | null,
    sellerVatId: r.seller_vat_id as string | null,
    buyerReference: r.buyer_reference as string | null,
    routingReceiverId: r.routing_receiver_id as string | null,
    model: r.model,
    cashDiscounts: r.cash_discounts,
    duplicateOf: r.duplicate_of as string | null,
    suspectedDuplicateOf: r.suspected_duplicate_of as string | null,
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
  };
}

function toMessage(r: Row): MessageRecord {
  return {
    id: r.id as string,
    tenantId: r.tenant_id as string,
    channel: r.channel as Channel,
    blobSha256: r.blob_sha256 as string,
    contentType: r.content_type as string,
    status: r.status as MessageRecord['status'],
    sender: r.sender as string | null,
    externalId: r.external_id as string | null,
    receivedAt: r.received_at as Date,
    meta: (r.meta as Record<string, unknown>) ?? {},
    refusalCode: (r.refusal_code as string | null) ?? null,
    answeredAt: (r.answered_at as Date | null) ?? null,
  };
}

/**
 * Inbound messages, invoices and their lifecycle history. Tenant-scoped methods take the
 * tenant first and run under row-level security (`withTenant`); the few cross-tenant reads
 * (the public status link, the recovery sweep) say so in their name.
 */
@Injectable()
export class InvoiceRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores a message and the invoices taken from it in one transaction. A message whose
   * external id was seen before is not stored again: the earlier one is returned with
   * `created: false`, so retried deliveries are answered identically.
   */
  async createMessage(
    tenantId: string,
    message: NewMessage,
    documents: readonly NewDocument[],
    status: MessageRecord['status'] = message.refusalCode
      ? 'refused'
      : documents.length
        ? 'split'
        : 'received',
  ): Promise<{ message: MessageRecord; invoices: InvoiceRecord[]; created: boolean }> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const inserted: Row[] = await m.query(
        `INSERT INTO inbound_messages (tenant_id, channel, blob_sha256, content_type, byte_size, sender, external_id, status, meta, refusal_code)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (tenant_id, channel, external_id) WHERE external_id IS NOT NULL DO NOTHING
         RETURNING *`,
        [
          tenantId,
          message.channel,
          message.blobSha256,
          message.contentType,
          message.byteSize,
          message.sender ?? null,
          message.externalId ?? null,
          status,
          JSON.stringify(message.meta ?? {}),
          message.refusalCode ?? null,
        ],
      );
      if (inserted.length === 0) {
        const [existing]: Row[] = await m.query(
          `SELECT * FROM inbound_messages WHERE tenant_id = $1 AND channel = $2 AND external_id = $3`,
          [tenantId, message.channel, message.externalId],
        );
        const msg = toMessage(existing);
        return { message: msg, invoices: await this.invoicesOfMessage(m, tenantId, msg.id), created: false };
      }
      const msg = toMessage(inserted[0]);
      const invoices = await this.insertInvoices(m, tenantId, msg.id, documents);
      return { message: msg, invoices, created: true };
    });
  }

  private async insertInvoices(
    m: EntityManager,
    tenantId: string,
    messageId: string,
    documents: readonly NewDocument[],
  ): Promise<InvoiceRecord[]> {
    const out: InvoiceRecord[] = [];
    for (const d of documents) {
      const rows: Row[] = await m.query(
        `INSERT INTO invoices (tenant_id, message_id, document_sha256, file_name, content_type, status_token)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (message_id, document_sha256) DO NOTHING
         RETURNING ${INVOICE_COLUMNS}`,
        [tenantId, messageId, d.sha256, d.fileName ?? null, d.contentType ?? null, d.statusToken],
      );
      if (rows.length) {
        const inv = toInvoice(rows[0]);
        await m.query(
          `INSERT INTO invoice_events (tenant_id, invoice_id, from_status, to_status, actor) VALUES ($1, $2, NULL, 'received', 'system')`,
          [tenantId, inv.id],
        );
        out.push(inv);
      }
    }
    return out;
  }

  private async invoicesOfMessage(
    m: EntityManager,
    tenantId: string,
    messageId: string,
  ): Promise<InvoiceRecord[]> {
    const rows: Row[] = await m.query(
      `SELECT ${INVOICE_COLUMNS} FROM invoices WHERE tenant_id = $1 AND message_id = $2 ORDER BY created_at, id`,
      [tenantId, messageId],
    );
    return rows.map(toInvoice);
  }

  async listByMessage(tenantId: string, messageId: string): Promise<InvoiceRecord[]> {
    return withTenant(this.dataSource, tenantId, (m) => this.invoicesOfMessage(m, tenantId, messageId));
  }

  async getMessage(tenantId: string, messageId: string): Promise<MessageRecord | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(`SELECT * FROM inbound_messages WHERE id = $1 AND tenant_id = $2`, [
        messageId,
        tenantId,
      ]);
      return rows[0] ? toMessage(rows[0]) : undefined;
    });
  }

  async get(tenantId: string, invoiceId: string): Promise<InvoiceRecord | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT ${INVOICE_COLUMNS} FROM invoices WHERE id = $1 AND tenant_id = $2`,
        [invoiceId, tenantId],
      );
      return rows[0] ? toInvoice(rows[0]) : undefined;
    });
  }

  async list(tenantId: string, opts: { status?: InvoiceStatus; limit: number }): Promise<InvoiceRecord[]> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT ${INVOICE_COLUMNS} FROM invoices WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2)
         ORDER BY created_at DESC, id LIMIT $3`,
        [tenantId, opts.status ?? null, opts.limit],
      );
      return rows.map(toInvoice);
    });
  }

  /**
   * The public status link: a supplier without an account opens it. The token is the only
   * key (unguessable, 192 bits), so this read crosses tenants deliberately.
   */
  async findByStatusTokenAcrossTenants(token: string): Promise<InvoiceRecord | undefined> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows: Row[] = await m.query(`SELECT ${INVOICE_COLUMNS} FROM invoices WHERE status_token = $1`, [
        token,
      ]);
      return rows[0] ? toInvoice(rows[0]) : undefined;
    });
  }

  async history(tenantId: string, invoiceId: string): Promise<InvoiceEvent[]> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT from_status, to_status, at, actor, detail FROM invoice_events WHERE invoice_id = $1 AND tenant_id = $2 ORDER BY id`,
        [invoiceId, tenantId],
      );
      return rows.map((r) => ({
        fromStatus: r.from_status as InvoiceStatus | null,
        toStatus: r.to_status as InvoiceStatus,
        at: r.at as Date,
        actor: r.actor as string,
        detail: r.detail as Record<string, unknown> | null,
      }));
    });
  }

  /**
   * Moves an invoice from `from` to `to` and records the event, storing `facts` in the same
   * statement. Returns false when the invoice is no longer in `from` — another worker got
   * there first — so a duplicated job changes nothing (the compare-and-set is the lock).
   * Runs inside the caller's tenant transaction when there is one.
   */
  async transition(
    tenantId: string,
    invoiceId: string,
    from: InvoiceStatus,
    to: InvoiceStatus,
    actor: string,
    facts: InvoiceFacts = {},
    detail?: Record<string, unknown>,
  ): Promise<boolean> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const sets = ['status = $4', 'updated_at = now()'];
      const params: unknown[] = [invoiceId, tenantId, from, to];
      for (const [key, value] of Object.entries(facts) as [keyof InvoiceFacts, unknown][]) {
        if (value === undefined) continue;
        const spec = FACT_COLUMNS[key];
        params.push(spec.json && value !== null ? JSON.stringify(value) : value);
        sets.push(`${spec.col} = $${params.length}`);
      }
      const updated: Row[] = await m.query(
        `UPDATE invoices SET ${sets.join(', ')} WHERE id = $1 AND tenant_id = $2 AND status = $3 RETURNING id`,
        params,
      );
      if (updated.length === 0) return false;
      await m.query(
        `INSERT INTO invoice_events (tenant_id, invoice_id, from_status, to_status, actor, detail) VALUES ($1, $2, $3, $4, $5, $6)`,
        [tenantId, invoiceId, from, to, actor, detail ? JSON.stringify(detail) : null],
      );
      return true;
    });
  }

  /**
   * `synchronous_commit = off` for the surrounding transaction: for work that is derivable
   * from durable state and re-done by the recovery sweep if a crash loses it.
   */
  async relaxDurabilityOfCurrentTransaction(tenantId: string): Promise<void> {
    await withTenant(this.dataSource, tenantId, (m) => m.query(`SET LOCAL synchronous_commit = off`));
  }

  /** The first earlier invoice of the tenant with the same document bytes (not itself a duplicate). */
  async findSameContent(
    tenantId: string,
    sha256: string,
    excludeId: string,
  ): Promise<InvoiceRecord | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT ${INVOICE_COLUMNS} FROM invoices
          WHERE tenant_id = $1 AND document_sha256 = $2 AND id <> $3 AND status <> 'duplicate'
            AND (created_at, id) < (SELECT created_at, id FROM invoices WHERE id = $3)
          ORDER BY created_at, id LIMIT 1`,
        [tenantId, sha256, excludeId],
      );
      return rows[0] ? toInvoice(rows[0]) : undefined;
    });
  }

  /**
   * An earlier invoice with the same business key — seller, invoice number, issue date and
   * amount due — that arrived as different bytes (e.g. once by mail as PDF, once by Peppol).
   */
  async findSameBusinessKey(
    tenantId: string,
    key: { seller: string; number: string; issueDate: string; amountDue: string },
    excludeId: string,
  ): Promise<InvoiceRecord | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT ${INVOICE_COLUMNS} FROM invoices
          WHERE tenant_id = $1 AND id <> $2 AND status NOT IN ('duplicate', 'rejected')
            AND coalesce(seller_vat_id, seller_name) = $3 AND number = $4 AND issue_date = $5::date AND amount_due = $6::numeric
            AND (created_at, id) < (SELECT created_at, id FROM invoices WHERE id = $2)
          ORDER BY created_at, id LIMIT 1`,
        [tenantId, excludeId, key.seller, key.number, key.issueDate, key.amountDue],
      );
      return rows[0] ? toInvoice(rows[0]) : undefined;
    });
  }

  async addAttachment(
    tenantId: string,
    invoiceId: string,
    a: {
      sha256: string;
      fileName?: string;
      mimeCode?: string;
      description?: string;
      source: 'embedded' | 'message';
    },
  ): Promise<void> {
    await withTenant(this.dataSource, tenantId, (m) =>
      m.query(
        `INSERT INTO invoice_attachments (tenant_id, invoice_id, blob_sha256, file_name, mime_code, description, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [
          tenantId,
          invoiceId,
          a.sha256,
          a.fileName ?? null,
          a.mimeCode ?? null,
          a.description ?? null,
          a.source,
        ],
      ),
    );
  }

  async attachments(
    tenantId: string,
    invoiceId: string,
  ): Promise<
    Array<{ id: string; sha256: string; fileName: string | null; mimeCode: string | null; source: string }>
  > {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT id, blob_sha256, file_name, mime_code, source FROM invoice_attachments WHERE invoice_id = $1 AND tenant_id = $2 ORDER BY file_name, id`,
        [invoiceId, tenantId],
      );
      return rows.map((r) => ({
        id: r.id as string,
        sha256: r.blob_sha256 as string,
        fileName: r.file_name as string | null,
        mimeCode: r.mime_code as string | null,
        source: r.source as string,
      }));
    });
  }

  /** Marks the answer to the sender as sent (a message's refusal, or an invoice's receipt/rejection). */
  async markAnswered(tenantId: string, target: { messageId: string } | { invoiceId: string }): Promise<void> {
    await withTenant(this.dataSource, tenantId, (m) =>
      'invoiceId' in target
        ? m.query(`UPDATE invoices SET answered_at = now() WHERE id = $1 AND tenant_id = $2`, [
            target.invoiceId,
            tenantId,
          ])
        : m.query(`UPDATE inbound_messages SET answered_at = now() WHERE id = $1 AND tenant_id = $2`, [
            target.messageId,
            tenantId,
          ]),
    );
  }

  async answeredAt(tenantId: string, invoiceId: string): Promise<Date | null> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(`SELECT answered_at FROM invoices WHERE id = $1 AND tenant_id = $2`, [
        invoiceId,
        tenantId,
      ]);
      return (rows[0]?.answered_at as Date | null | undefined) ?? null;
    });
  }

  /** For the recovery sweep: e-mail answers still owed (final invoices of mails or of uploads that asked for one, refused mails), across tenants. */
  async listUnansweredMailAcrossTenants(
    limit: number,
  ): Promise<Array<{ tenantId: string; messageId: string; invoiceId: string }>> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT i.tenant_id, i.message_id, i.id::text AS invoice_id FROM invoices i JOIN inbound_messages msg ON msg.id = i.message_id
          WHERE (msg.channel = 'email' OR msg.meta ? 'answerTo') AND i.answered_at IS NULL
            AND i.status IN ('rejected', 'duplicate', 'awaiting_approval')
            AND coalesce((msg.meta->>'automatic')::boolean, false) = false
         UNION ALL
         SELECT tenant_id, id, '' FROM inbound_messages
          WHERE channel = 'email' AND status = 'refused' AND answered_at IS NULL
            AND coalesce((meta->>'automatic')::boolean, false) = false
         LIMIT $1`,
        [limit],
      );
      return rows.map((r) => ({
        tenantId: r.tenant_id as string,
        messageId: r.message_id as string,
        invoiceId: r.invoice_id as string,
      }));
    });
  }

  /** For the recovery sweep: invoices the pipeline has not finished, across tenants. */
  async listOpenAcrossTenants(limit: number): Promise<Array<{ tenantId: string; invoiceId: string }>> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT tenant_id, id FROM invoices WHERE status IN ('received', 'extracted', 'validated') ORDER BY updated_at LIMIT $1`,
        [limit],
      );
      return rows.map((r) => ({ tenantId: r.tenant_id as string, invoiceId: r.id as string }));
    });
  }
}
