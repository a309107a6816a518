import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, type DomainErrorSpec } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { BLOB_STORE, type BlobStore } from '../documents/storage/blob-store.js';
import { JobName, JobQueue } from '../jobs/index.js';
import {
  InvoiceRepository,
  type Channel,
  type InvoiceRecord,
  type MessageRecord,
  type NewDocument,
} from '../invoices/invoice.repository.js';
import type { ListSubmissionsQuery } from './dto/submission-list.dto.js';
import { IntakeErrors } from './intake.errors.js';

export interface SubmittedFile {
  readonly content: Buffer;
  readonly fileName?: string;
  readonly contentType?: string;
}

export interface Submission {
  readonly channel: Channel;
  /** The whole message as received (request body, .eml, SBDH envelope). */
  readonly raw: Buffer;
  readonly rawContentType: string;
  /** The invoice documents the message carries (already split for upload and Peppol). */
  readonly documents: readonly SubmittedFile[];
  /** Who sent it: `api-key:<id>`, a mail address, a participant id. */
  readonly sender: string;
  /** Idempotency-Key, Message-ID, SBDH instance id. */
  readonly externalId?: string;
  /**
   * The external id stands for one request (an Idempotency-Key, an SBDH instance id): used
   * again with other documents, the submission is refused with this error rather than
   * answered with the first one, which would silently drop the new documents. Without it a
   * seen id is simply the same message (a Message-ID fetched twice).
   */
  readonly externalIdReusedError?: DomainErrorSpec;
  readonly meta?: Record<string, unknown>;
  /** The message as a whole is refused (a mail over the limits, without an invoice): stored, not processed. */
  readonly refusalCode?: string;
}

export interface SubmissionPage {
  /** `receivedAt`: when the message arrived, ISO 8601 with microseconds. */
  readonly items: readonly { readonly invoice: InvoiceRecord; readonly receivedAt: string }[];
  readonly nextCursor: string | null;
}

export interface SubmissionResult {
  readonly message: MessageRecord;
  readonly invoices: readonly InvoiceRecord[];
  /** false: the same message (by its external id) was received before; nothing was stored again. */
  readonly created: boolean;
}

/**
 * Takes in what a channel received. Order matters and is the whole point: every byte is
 * durably in the raw store and the message with its invoices committed to the database
 * before this returns — only then may the channel acknowledge (HTTP 202, IMAP move,
 * Peppol receipt). Enqueuing the pipeline jobs comes last and may fail without loss: the
 * recovery sweep finds every invoice the database says is still open.
 */
@Injectable()
export class IntakeService {
  private readonly log = new Logger(IntakeService.name);

  constructor(
    private readonly invoices: InvoiceRepository,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly jobs: JobQueue,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async submit(tenantId: string, s: Submission): Promise<SubmissionResult> {
    const raw = await this.blobs.put(s.raw);
    const documents: NewDocument[] = [];
    for (const d of s.documents) {
      const stored = d.content === s.raw ? raw : await this.blobs.put(d.content);
      documents.push({
        sha256: stored.sha256,
        fileName: d.fileName,
        contentType: d.contentType,
        // 192 random bits: the status link of a supplier without an account.
        statusToken: randomBytes(24).toString('base64url'),
      });
    }
    // The message, its invoices and the audit entry commit together, in one statement.
    const result = await this.invoices.createMessage(
      tenantId,
      {
        channel: s.channel,
        blobSha256: raw.sha256,
        contentType: s.rawContentType,
        byteSize: s.raw.byteLength,
        sender: s.sender,
        externalId: s.externalId,
        meta: s.meta,
        refusalCode: s.refusalCode,
      },
      documents,
      ({ messageId, invoiceIds }) => ({
        tenantId,
        actor: s.sender.startsWith('api-key:') ? s.sender : 'system',
        action: 'intake.received',
        subject: `message:${messageId}`,
        data: {
          channel: s.channel,
          sha256: raw.sha256,
          invoices: invoiceIds,
          ...(s.refusalCode ? { refusal: s.refusalCode } : {}),
        },
      }),
    );
    if (!result.created && s.externalIdReusedError && !sameDocuments(documents, result.invoices))
      throw new DomainError(s.externalIdReusedError);
    await this.enqueueAll(tenantId, result.invoices);
    return result;
  }

  private async enqueueAll(tenantId: string, invoices: readonly InvoiceRecord[]): Promise<void> {
    for (const inv of invoices) {
      try {
        await this.jobs.enqueue(JobName.InvoiceProcess, { tenantId, invoiceId: inv.id });
      } catch (err) {
        // Stored and committed: the sweep will enqueue it. Losing the queue must not lose the invoice.
        this.log.warn(`could not enqueue invoice ${inv.id} (the recovery sweep will): ${String(err)}`);
      }
    }
  }

  /**
   * One page of what a sender (a supplier's API key) submitted, newest first. The cursor is
   * opaque to the client: the position after the last row of this page, so that invoices
   * arriving meanwhile neither repeat nor shift a page.
   */
  async listSubmissions(tenantId: string, sender: string, q: ListSubmissionsQuery): Promise<SubmissionPage> {
    const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    // One row more than asked tells whether there is a next page.
    const rows = await this.invoices.listBySender(tenantId, sender, q, { limit: q.limit + 1, after });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      items: page,
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.receivedAt, last.invoice.id) : null,
    };
  }

  /** Stores bytes in the raw store; returns the content hash. */
  async storeBlob(content: Uint8Array): Promise<string> {
    return (await this.blobs.put(content)).sha256;
  }

  statusUrl(token: string): string {
    return `${this.config.publicBaseUrl}/status/${token}`;
  }
}

/**
 * The request fingerprint of the Idempotency-Key draft (draft-ietf-httpapi-idempotency-key-header):
 * the set of documents a request carried, by content hash. Not the hash of the raw body: a
 * client that retries a multipart upload draws a new boundary each time, and that retry is
 * the same request. The stored invoices are already one per distinct document.
 */
function sameDocuments(sent: readonly NewDocument[], stored: readonly InvoiceRecord[]): boolean {
  const a = [...new Set(sent.map((d) => d.sha256))].sort();
  const b = [...new Set(stored.map((i) => i.documentSha256))].sort();
  return a.length === b.length && a.every((h, i) => h === b[i]);
}

function encodeCursor(receivedAt: string, id: string): string {
  return Buffer.from(JSON.stringify([receivedAt, id])).toString('base64url');
}

const CURSOR_AT = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A cursor from outside: anything that is not one of ours is refused, never passed to SQL as is. */
function decodeCursor(cursor: string): { receivedAt: string; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      CURSOR_AT.test(v[0]) &&
      // A real instant (no 31 February), the way the database wrote it.
      new Date(v[0]).toISOString().slice(0, 23) === v[0].slice(0, 23) &&
      typeof v[1] === 'string' &&
      UUID.test(v[1])
    )
      return { receivedAt: v[0], id: v[1] };
  } catch {
    // Not base64url JSON: refused below.
  }
  throw new DomainError(IntakeErrors.SUBMISSIONS_QUERY_INVALID, { parameter: 'cursor' });
}
