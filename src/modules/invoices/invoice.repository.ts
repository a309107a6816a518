import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { queryPrepared, withSystemContext, withTenant } from '../../database/tenant-transaction.js';
import { auditPendingInsert, auditPendingRows } from '../audit/audit.repository.js';
import type { AuditEntryInput } from '../audit/audit.repository.js';
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

/** Filters of a supplier's list of its submissions; every given one must hold. */
export interface SubmissionFilter {
  readonly statuses?: readonly InvoiceStatus[];
  /** ISO 8601 instants: received at or after `receivedFrom`, before `receivedBefore`. */
  readonly receivedFrom?: string;
  readonly receivedBefore?: string;
  /** The invoice number (BT-1), exactly. */
  readonly number?: string;
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

export interface NewAttachment {
  readonly sha256: string;
  readonly fileName?: string;
  readonly mimeCode?: string;
  readonly description?: string;
  readonly source: 'embedded' | 'message';
}

/** An attachment of an invoice as stored: embedded in the document (BG-24) or another part of its mail. */
export interface AttachmentRecord {
  readonly id: string;
  readonly sha256: string;
  readonly fileName: string | null;
  readonly mimeCode: string | null;
  readonly description: string | null;
  readonly source: 'embedded' | 'message';
}

/** Everything stored about one invoice, read in one tenant transaction (see `readBundle`). */
export interface InvoiceBundle {
  readonly invoice: InvoiceRecord;
  readonly message: MessageRecord & { readonly byteSize: number };
  readonly attachments: readonly AttachmentRecord[];
  readonly history: readonly InvoiceEvent[];
}

/** An invoice as the pipeline reads it (see `loadForPipeline`). */
export interface PipelineView {
  readonly invoice: InvoiceRecord;
  readonly message: Pick<MessageRecord, 'id' | 'channel' | 'meta'>;
  /** The tenant's Leitweg-IDs (receiver ids of scheme 0204) as registered. */
  readonly leitwegIds: readonly string[];
  /** The first earlier invoice of the tenant with the same bytes that is neither a duplicate nor rejected. */
  readonly sameContentId: string | null;
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

/**
 * The compare-and-set of a transition: this invoice, still in status $3. The status test is
 * written so that it cannot serve as an index condition: the planner then finds the row by
 * its primary key, instead of walking ix_invoices_tenant_status over every invoice that was
 * ever in that status (the index keeps those entries until vacuum) — a walk that grows with
 * the tenant's history and with a backlog of open invoices.
 */
const CAS_ON_STATUS = `id = $1 AND tenant_id = $2 AND (status = $3) IS TRUE`;

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

/** Audit entries written by one of this repository's statements: they must be the tenant's own. */
function auditRowsOf(tenantId: string, entries: readonly AuditEntryInput[]): { at: Date; rows: string } {
  if (entries.length === 0) return { at: new Date(), rows: '[]' };
  const batch = auditPendingRows(entries);
  if (batch.tenantId !== tenantId.toLowerCase()) throw new Error('audit entries of another tenant');
  return batch;
}

function attachmentRow(a: NewAttachment): Row {
  return {
    blob_sha256: a.sha256,
    file_name: a.fileName ?? null,
    mime_code: a.mimeCode ?? null,
    description: a.description ?? null,
    source: a.source,
  };
}

/**
 * An invoice just inserted with its message: nothing learnt yet. Its created_at and
 * updated_at default to now(), the transaction's start, as the message's received_at does.
 */
function newInvoiceRecord(
  tenantId: string,
  msg: MessageRecord,
  d: NewDocument & { id: string },
): InvoiceRecord {
  return {
    id: d.id,
    tenantId,
    messageId: msg.id,
    documentSha256: d.sha256,
    fileName: d.fileName ?? null,
    contentType: d.contentType ?? null,
    status: 'received',
    statusToken: d.statusToken,
    container: null,
    syntax: null,
    customization: null,
    scenario: null,
    valid: null,
    report: null,
    number: null,
    issueDate: null,
    dueDate: null,
    currency: null,
    amountDue: null,
    sellerName: null,
    sellerVatId: null,
    buyerReference: null,
    routingReceiverId: null,
    model: null,
    cashDiscounts: null,
    duplicateOf: null,
    suspectedDuplicateOf: null,
    createdAt: msg.receivedAt,
    updatedAt: msg.receivedAt,
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

/** An invoice's attachments: embedded ones first, then the mail's, each by name. */
async function attachmentsOf(
  m: EntityManager,
  tenantId: string,
  invoiceId: string,
): Promise<AttachmentRecord[]> {
  const rows: Row[] = await m.query(
    `SELECT id, blob_sha256, file_name, mime_code, description, source FROM invoice_attachments
      WHERE invoice_id = $1 AND tenant_id = $2 ORDER BY source, file_name, id`,
    [invoiceId, tenantId],
  );
  return rows.map((r) => ({
    id: r.id as string,
    sha256: r.blob_sha256 as string,
    fileName: r.file_name as string | null,
    mimeCode: r.mime_code as string | null,
    description: r.description as string | null,
    source: r.source as AttachmentRecord['source'],
  }));
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
    audit?: (created: { messageId: string; invoiceIds: string[] }) => AuditEntryInput,
  ): Promise<{ message: MessageRecord; invoices: InvoiceRecord[]; created: boolean }> {
    const status: MessageRecord['status'] = message.refusalCode
      ? 'refused'
      : documents.length
        ? 'split'
        : 'received';
    return withTenant(this.dataSource, tenantId, async (m) => {
      // The same document twice in one message is one invoice (the first one's name).
      const unique = [...new Map(documents.map((d) => [d.sha256, d])).values()];
      const planned = unique.map((d) => ({ ...d, id: randomUUID() }));
      const messageId = randomUUID();
      const entry = audit?.({ messageId, invoiceIds: planned.map((d) => d.id) });
      const entries = auditRowsOf(tenantId, entry ? [entry] : []);
      // One statement (one round trip) stores the message, its invoices, their first
      // lifecycle events and the audit entry; when the external id was seen before, it
      // inserts nothing.
      const inserted = await queryPrepared<Row>(
        m,
        `WITH msg AS (
           INSERT INTO inbound_messages (id, tenant_id, channel, blob_sha256, content_type, byte_size, sender, external_id, status, meta, refusal_code)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (tenant_id, channel, external_id) WHERE external_id IS NOT NULL DO NOTHING
           RETURNING *
         ), inv AS (
           INSERT INTO invoices (id, tenant_id, message_id, document_sha256, file_name, content_type, status_token)
           SELECT d.id, $2, msg.id, d.sha256, d.file_name, d.content_type, d.status_token
             FROM msg, jsonb_to_recordset($12::jsonb) AS d(ord int, id uuid, sha256 text, file_name text, content_type text, status_token text)
            ORDER BY d.ord
           RETURNING id
         ), ev AS (
           INSERT INTO invoice_events (tenant_id, invoice_id, from_status, to_status, actor)
           SELECT $2, inv.id, NULL, 'received', 'system' FROM inv
         ), au AS (
           ${auditPendingInsert({ source: 'msg', at: '$13', tenant: '$2', rows: '$14' })}
         )
         SELECT * FROM msg`,
        [
          messageId,
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
          JSON.stringify(
            planned.map((d, ord) => ({
              ord,
              id: d.id,
              sha256: d.sha256,
              file_name: d.fileName ?? null,
              content_type: d.contentType ?? null,
              status_token: d.statusToken,
            })),
          ),
          entries.at,
          entries.rows,
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
      const invoices = planned.map((d) => newInvoiceRecord(tenantId, msg, d));
      return { message: msg, invoices, created: true };
    });
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
   * The invoices of the messages one sender submitted (a supplier's API key lists its own
   * submissions), newest first, in keyset pages: `after` is the (received_at, id) of the
   * last row of the previous page. received_at is handed out as text with microseconds,
   * since a JavaScript Date would cut it to milliseconds and the next page would repeat or
   * skip rows received within the same millisecond.
   */
  async listBySender(
    tenantId: string,
    sender: string,
    filter: SubmissionFilter,
    page: { limit: number; after?: { receivedAt: string; id: string } },
  ): Promise<{ invoice: InvoiceRecord; receivedAt: string }[]> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT ${INVOICE_COLUMNS}, page_at FROM (
           SELECT i.*, m.received_at AS page_ts,
                  to_char(m.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS page_at
             FROM inbound_messages m
             JOIN invoices i ON i.message_id = m.id AND i.tenant_id = m.tenant_id
            WHERE m.tenant_id = $1 AND m.sender = $2
              AND ($3::text[] IS NULL OR i.status = ANY ($3::text[]))
              AND ($4::timestamptz IS NULL OR m.received_at >= $4::timestamptz)
              AND ($5::timestamptz IS NULL OR m.received_at < $5::timestamptz)
              AND ($6::text IS NULL OR i.number = $6::text)
              AND ($7::timestamptz IS NULL OR (m.received_at, i.id) < ($7::timestamptz, $8::uuid))
            ORDER BY m.received_at DESC, i.id DESC
            LIMIT $9
         ) page
         ORDER BY page_ts DESC, id DESC`,
        [
          tenantId,
          sender,
          filter.statuses?.length ? filter.statuses : null,
          filter.receivedFrom ?? null,
          filter.receivedBefore ?? null,
          filter.number ?? null,
          page.after?.receivedAt ?? null,
          page.after?.id ?? null,
          page.limit,
        ],
      );
      return rows.map((r) => ({ invoice: toInvoice(r), receivedAt: r.page_at as string }));
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
   * An invoice with its message, attachments and full history, for reading it (the staff's
   * invoice page): one snapshot, so the parts agree with each other. Undefined when the
   * invoice is not the tenant's.
   */
  async readBundle(tenantId: string, invoiceId: string): Promise<InvoiceBundle | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT ${INVOICE_COLUMNS} FROM invoices WHERE id = $1 AND tenant_id = $2`,
        [invoiceId, tenantId],
      );
      if (!rows[0]) return undefined;
      const invoice = toInvoice(rows[0]);
      const messages: Row[] = await m.query(
        `SELECT * FROM inbound_messages WHERE id = $1 AND tenant_id = $2`,
        [invoice.messageId, tenantId],
      );
      const attachments = await attachmentsOf(m, tenantId, invoiceId);
      const events: Row[] = await m.query(
        `SELECT from_status, to_status, at, actor, detail FROM invoice_events
          WHERE invoice_id = $1 AND tenant_id = $2 ORDER BY id`,
        [invoiceId, tenantId],
      );
      return {
        invoice,
        message: { ...toMessage(messages[0]), byteSize: Number(messages[0].byte_size) },
        attachments,
        history: events.map((r) => ({
          fromStatus: r.from_status as InvoiceStatus | null,
          toStatus: r.to_status as InvoiceStatus,
          at: r.at as Date,
          actor: r.actor as string,
          detail: r.detail as Record<string, unknown> | null,
        })),
      };
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
      // An UPDATE answers [rows, rowCount] through TypeORM's query().
      const [updated] = await m.query<[Row[], number]>(
        `UPDATE invoices SET ${sets.join(', ')} WHERE ${CAS_ON_STATUS} RETURNING id`,
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
   * What the intake pipeline needs of an invoice, read with one statement: the invoice,
   * its message's channel and meta (for answers), the tenant's Leitweg-IDs (routing) and
   * the first earlier invoice of the tenant with the same document bytes that is neither
   * a duplicate nor rejected: sending a rejected invoice again is a new attempt, not a
   * duplicate (an earlier attempt may have been refused for a fault of ours, or for
   * rules since corrected).
   */
  async loadForPipeline(tenantId: string, invoiceId: string): Promise<PipelineView | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT ${INVOICE_COLUMNS}, msg.channel AS message_channel, msg.meta AS message_meta,
                (SELECT coalesce(json_agg(r.value ORDER BY r.value), '[]'::json) FROM tenant_receiver_ids r
                  WHERE r.tenant_id = invoices.tenant_id AND r.scheme = '0204') AS leitweg_ids,
                (SELECT s.id FROM invoices s
                  WHERE s.tenant_id = invoices.tenant_id AND s.document_sha256 = invoices.document_sha256
                    AND s.id <> invoices.id AND s.status NOT IN ('duplicate', 'rejected')
                    AND (s.created_at, s.id) < (invoices.created_at, invoices.id)
                  ORDER BY s.created_at, s.id LIMIT 1) AS same_content_id
           FROM invoices
           LEFT JOIN LATERAL (SELECT channel, meta FROM inbound_messages WHERE id = invoices.message_id) msg ON true
          WHERE invoices.id = $1 AND invoices.tenant_id = $2`,
        [invoiceId, tenantId],
      );
      const r = rows[0];
      if (!r) return undefined;
      return {
        invoice: toInvoice(r),
        message: {
          id: r.message_id as string,
          channel: r.message_channel as Channel,
          meta: (r.message_meta as Record<string, unknown> | null) ?? {},
        },
        leitwegIds: r.leitweg_ids as string[],
        sameContentId: (r.same_content_id as string | null) ?? null,
      };
    });
  }

  /**
   * Moves an invoice from `from` through `steps` (it ends in the last one's status) with one
   * statement: a compare-and-set on the status that stores the facts, one lifecycle event
   * per step (in order), the given attachments and the audit entries (of this tenant, in
   * order). Returns false, having changed nothing,
   * when the invoice is no longer in `from` — another worker got there first — so a
   * duplicated job changes nothing (the compare-and-set is the lock). Runs inside the
   * caller's tenant transaction when there is one.
   */
  async advance(
    tenantId: string,
    invoiceId: string,
    from: InvoiceStatus,
    steps: readonly { to: InvoiceStatus; detail?: Record<string, unknown> }[],
    facts: InvoiceFacts,
    actor: string,
    audit: readonly AuditEntryInput[],
    attachments: readonly NewAttachment[] = [],
  ): Promise<boolean> {
    if (steps.length === 0) throw new Error('advance: no step');
    const entries = auditRowsOf(tenantId, audit);
    const to = steps[steps.length - 1].to;
    const events = steps.map((s, i) => ({
      ord: i,
      from_status: i === 0 ? from : steps[i - 1].to,
      to_status: s.to,
      detail: s.detail ?? null,
    }));
    const params: unknown[] = [
      invoiceId,
      tenantId,
      from,
      to,
      JSON.stringify(events),
      actor,
      JSON.stringify(attachments.map(attachmentRow)),
      entries.at,
      entries.rows,
    ];
    const sets = ['status = $4', 'updated_at = now()'];
    for (const [key, value] of Object.entries(facts) as [keyof InvoiceFacts, unknown][]) {
      if (value === undefined) continue;
      const spec = FACT_COLUMNS[key];
      params.push(spec.json && value !== null ? JSON.stringify(value) : value);
      sets.push(`${spec.col} = $${params.length}`);
    }
    return withTenant(this.dataSource, tenantId, async (m) => {
      // The events, attachments and audit entries are written only when the compare-and-set matched.
      const rows = await queryPrepared<Row>(
        m,
        `WITH moved AS (
           UPDATE invoices SET ${sets.join(', ')} WHERE ${CAS_ON_STATUS} RETURNING id
         ), ev AS (
           INSERT INTO invoice_events (tenant_id, invoice_id, from_status, to_status, actor, detail)
           SELECT $2, moved.id, e.from_status, e.to_status, $6, e.detail
             FROM moved, jsonb_to_recordset($5::jsonb) AS e(ord int, from_status text, to_status text, detail jsonb)
            ORDER BY e.ord
         ), att AS (
           INSERT INTO invoice_attachments (tenant_id, invoice_id, blob_sha256, file_name, mime_code, description, source)
           SELECT $2, moved.id, a.blob_sha256, a.file_name, a.mime_code, a.description, a.source
             FROM moved, jsonb_to_recordset($7::jsonb) AS a(blob_sha256 text, file_name text, mime_code text, description text, source text)
           ON CONFLICT DO NOTHING
         ), au AS (
           ${auditPendingInsert({ source: 'moved', at: '$8', tenant: '$2', rows: '$9' })}
         )
         SELECT count(*)::int AS moved FROM moved`,
        params,
      );
      return rows[0]?.moved === 1;
    });
  }

  /**
   * An earlier invoice with the same business key — seller, invoice number, issue date and
   * amount due — that arrived as different bytes (e.g. once by mail as PDF, once by Peppol).
   * The seller is the VAT id, or the name when there is none. Spelt out per case (not as
   * `coalesce(...) = seller`) so that the index finds the candidates directly, whatever
   * the planner's statistics, instead of scanning all the tenant's invoices.
   */
  async findSameBusinessKey(
    tenantId: string,
    key: { seller: string; number: string; issueDate: string; amountDue: string },
    excludeId: string,
  ): Promise<InvoiceRecord | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      // One branch per way the seller can match, each an exact lookup in
      // ix_invoices_business_key (tenant, VAT id, number, date).
      const candidates = (seller: string) =>
        `SELECT ${INVOICE_COLUMNS} FROM invoices
          WHERE tenant_id = $1 AND ${seller} AND number = $4 AND issue_date = $5::date
            AND id <> $2 AND status NOT IN ('duplicate', 'rejected') AND amount_due = $6::numeric
            AND (created_at, id) < (SELECT created_at, id FROM invoices WHERE id = $2)`;
      const rows: Row[] = await m.query(
        `SELECT * FROM (
           ${candidates('seller_vat_id = $3')}
           UNION ALL
           ${candidates('seller_vat_id IS NULL AND seller_name = $3')}
         ) AS c ORDER BY created_at, id LIMIT 1`,
        [tenantId, excludeId, key.seller, key.number, key.issueDate, key.amountDue],
      );
      return rows[0] ? toInvoice(rows[0]) : undefined;
    });
  }

  async addAttachment(tenantId: string, invoiceId: string, a: NewAttachment): Promise<void> {
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

  /** The invoice's attachments with their descriptions, in the order the invoice page lists them. */
  async attachmentRecords(tenantId: string, invoiceId: string): Promise<AttachmentRecord[]> {
    return withTenant(this.dataSource, tenantId, (m) => attachmentsOf(m, tenantId, invoiceId));
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
  /** Invoices waiting for the official schemas, oldest first, across tenants (re-enqueued once they are installed). */
  async listAwaitingSchemasAcrossTenants(
    limit: number,
  ): Promise<Array<{ tenantId: string; invoiceId: string }>> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT tenant_id, id FROM invoices WHERE status = 'awaiting_schemas' ORDER BY updated_at LIMIT $1`,
        [limit],
      );
      return rows.map((r) => ({ tenantId: r.tenant_id as string, invoiceId: r.id as string }));
    });
  }

  /** How many invoices wait for the official schemas, across tenants (readiness, start-up log). */
  async countAwaitingSchemasAcrossTenants(): Promise<number> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT count(*)::int AS n FROM invoices WHERE status = 'awaiting_schemas'`,
      );
      return (rows[0]?.n as number | undefined) ?? 0;
    });
  }

  /**
   * Sends a final invoice back to the start of the pipeline (an admin's re-validation):
   * compare-and-set on `from`, forgets what the earlier run concluded (verdict and report,
   * duplicate links, the answer already sent, so the supplier hears the new verdict; the
   * lifecycle history and the audit log keep it), one lifecycle event
   * and the audit entries. False when the invoice is no longer in `from`.
   */
  async reopenForRevalidation(
    tenantId: string,
    invoiceId: string,
    from: InvoiceStatus,
    actor: string,
    detail: Record<string, unknown>,
    audit: readonly AuditEntryInput[],
  ): Promise<boolean> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const moved = await this.advance(
        tenantId,
        invoiceId,
        from,
        [{ to: 'received', detail }],
        { valid: null, report: null, duplicateOf: null, suspectedDuplicateOf: null },
        actor,
        audit,
      );
      if (moved) {
        await m.query(`UPDATE invoices SET answered_at = NULL WHERE id = $1 AND tenant_id = $2`, [
          invoiceId,
          tenantId,
        ]);
      }
      return moved;
    });
  }
  /**
   * Rejected invoices of the tenant whose report names one of `findings`, and duplicates
   * of such invoices, newest first, each with the invoice a duplicate points to.
   */
  async listRevalidationCandidates(
    tenantId: string,
    findings: readonly string[],
    limit: number,
  ): Promise<{ invoice: InvoiceRecord; original?: Pick<InvoiceRecord, 'status' | 'report'> }[]> {
    const patterns = findings.map((id) => JSON.stringify([{ id }]));
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT ${INVOICE_COLUMNS}, o.original_status, o.original_report
           FROM invoices
           LEFT JOIN LATERAL (SELECT d.status AS original_status, d.report AS original_report FROM invoices d
                               WHERE d.id = invoices.duplicate_of AND d.tenant_id = invoices.tenant_id) o ON true
          WHERE invoices.tenant_id = $1
            AND ((invoices.status = 'rejected' AND invoices.report -> 'errors' @> ANY ($2::jsonb[]))
              OR (invoices.status = 'duplicate' AND o.original_status = 'rejected'
                  AND o.original_report -> 'errors' @> ANY ($2::jsonb[])))
          ORDER BY invoices.created_at DESC, invoices.id
          LIMIT $3`,
        [tenantId, patterns, limit],
      );
      return rows.map((r) => ({
        invoice: toInvoice(r),
        original:
          r.original_status === null || r.original_status === undefined
            ? undefined
            : { status: r.original_status as InvoiceStatus, report: r.original_report },
      }));
    });
  }
}
