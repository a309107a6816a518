import { Inject, Injectable } from '@nestjs/common';
import { BLOB_STORE, type BlobStore } from '../documents/storage/blob-store.js';
import type { CashDiscount } from '../intake/pipeline/cash-discount.js';
import type { Finding, ValidationResult } from '../validation/index.js';
import type { Invoice } from '../validation/semantic/en16931.js';
import type { InvoiceStatus } from './invoice-status.js';
import {
  type AttachmentRecord,
  type Channel,
  type InvoiceEvent,
  InvoiceRepository,
} from './invoice.repository.js';

/** An attachment as a reader sees it: what it is and where it came from, not its bytes. */
export interface InvoiceAttachmentInfo {
  readonly id: string;
  readonly name: string;
  /** Safe to send as the download's content type. */
  readonly mime: string;
  /** Bytes; null when the raw store no longer has it. */
  readonly size: number | null;
  /** Embedded in the invoice (BG-24) or another part of the e-mail it came with. */
  readonly source: AttachmentRecord['source'];
  /** BT-123 */
  readonly description: string | null;
}

/** The invoice's own file as received: the XML, or the PDF (ZUGFeRD / Factur-X) that carries it. */
export interface OriginalInfo {
  readonly fileName: string;
  readonly mime: string;
  readonly kind: 'xml' | 'pdf' | 'other';
  readonly size: number | null;
  /** `ubl-invoice`, `cii`, … as detected; null when not detected. */
  readonly syntax: string | null;
  /** BT-24 as written. */
  readonly customization: string | null;
}

/** The message the invoice arrived in. */
export interface MessageInfo {
  readonly id: string;
  readonly channel: Channel;
  readonly sender: string | null;
  readonly receivedAt: Date;
  /** The e-mail's subject (channel `email`). */
  readonly subject: string | null;
  readonly size: number;
  /** The raw e-mail (.eml) can be downloaded: channel `email` only (an upload's body is the original itself). */
  readonly downloadable: boolean;
  readonly fileName: string;
}

/** One finding of the validation, in both languages. */
export interface FindingView {
  readonly id: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly bt: readonly string[];
  readonly messages: { readonly de: string; readonly en: string };
  readonly location: string | null;
}

export interface ValidationSummary {
  readonly valid: boolean;
  readonly acceptRecommendation: string;
  readonly scenario: string | null;
  readonly release: string | null;
  readonly schemaErrors: readonly { readonly message: string; readonly line: number }[];
  readonly errors: readonly FindingView[];
  readonly warnings: readonly FindingView[];
  readonly infos: readonly FindingView[];
}

/**
 * One invoice for people to read: where it stands, its EN 16931 data as received, what came
 * with it, how it was checked and everything that happened to it. The read model every
 * rendering (the staff page, its PDF) is made from.
 */
export interface InvoiceView {
  readonly id: string;
  readonly tenantId: string;
  readonly status: InvoiceStatus;
  readonly receivedAt: Date;
  readonly updatedAt: Date;
  /** BT-1, BT-2, BT-9, BT-5, BT-115 as stored (ISO dates, decimal strings). */
  readonly number: string | null;
  readonly issueDate: string | null;
  readonly dueDate: string | null;
  readonly currency: string | null;
  readonly amountDue: string | null;
  readonly sellerName: string | null;
  /** The EN 16931 data; null when the document could not be read as an invoice. */
  readonly data: Invoice | null;
  /** Cash-discount offers computed from the payment terms (BT-20), earliest first. */
  readonly cashDiscounts: readonly CashDiscount[];
  readonly attachments: readonly InvoiceAttachmentInfo[];
  readonly original: OriginalInfo;
  readonly message: MessageInfo;
  /** Null while the invoice has not been checked yet. */
  readonly validation: ValidationSummary | null;
  /** Every lifecycle event, oldest first. */
  readonly history: readonly InvoiceEvent[];
  readonly duplicateOf: string | null;
  readonly suspectedDuplicateOf: string | null;
}

/** A file to hand out: its bytes, a content type safe to send, and a file name. */
export interface InvoiceFile {
  readonly content: Buffer;
  readonly mime: string;
  readonly fileName: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Types a browser would run or render as a page: handed out as plain bytes instead. */
const ACTIVE_TYPES =
  /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/javascript|application\/javascript|text\/xsl|application\/xslt\+xml)$/;

/** A content type for a download: a well-formed, inactive media type, else `application/octet-stream`. */
export function safeMime(value: string | null | undefined): string {
  const type = (value ?? '').split(';')[0].trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type) || ACTIVE_TYPES.test(type))
    return 'application/octet-stream';
  return type;
}

/**
 * A file name that is only a name: the last path segment, without control characters,
 * quotes or characters file systems refuse, at most 120 characters (the extension kept);
 * `fallback` when nothing is left.
 */
export function safeFileName(name: string | null | undefined, fallback: string): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  let clean = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f"*:<>?|]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  if (clean.length > 120) {
    const dot = clean.lastIndexOf('.');
    const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
    clean = clean.slice(0, 120 - ext.length) + ext;
  }
  return clean || fallback;
}

function finding(f: Finding): FindingView {
  return {
    id: f.id,
    severity: f.severity === 'error' || f.severity === 'warning' ? f.severity : 'info',
    bt: [...(f.bt ?? [])],
    messages: { de: f.messages.de, en: f.messages.en },
    location: f.location ?? null,
  };
}

function validationOf(report: unknown): ValidationSummary | null {
  if (!report || typeof report !== 'object') return null;
  const r = report as Partial<ValidationResult>;
  if (typeof r.valid !== 'boolean') return null;
  return {
    valid: r.valid,
    acceptRecommendation: r.acceptRecommendation ?? 'UNDEFINED',
    scenario: r.scenario ?? null,
    release: r.release ?? null,
    schemaErrors: (r.schemaErrors ?? []).map((e) => ({ message: e.message, line: e.line })),
    errors: (r.errors ?? []).map(finding),
    warnings: (r.warnings ?? []).map(finding),
    infos: (r.infos ?? []).map(finding),
  };
}

function originalKind(container: string | null, contentType: string | null, syntax: string | null) {
  if (container === 'pdf' || /pdf/i.test(contentType ?? '')) return 'pdf' as const;
  if (syntax || /xml/i.test(contentType ?? '')) return 'xml' as const;
  return 'other' as const;
}

/**
 * Reads invoices for people: the read model of one invoice and its files (the original,
 * the attachments, the e-mail it came in). Tenant-scoped: an invoice of another tenant
 * does not exist here (row-level security says so a second time).
 */
@Injectable()
export class InvoiceReadService {
  constructor(
    private readonly invoices: InvoiceRepository,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async get(tenantId: string, invoiceId: string): Promise<InvoiceView | undefined> {
    if (!UUID.test(invoiceId)) return undefined;
    const bundle = await this.invoices.readBundle(tenantId, invoiceId);
    if (!bundle) return undefined;
    const { invoice: inv, message: msg } = bundle;
    const kind = originalKind(inv.container, inv.contentType, inv.syntax);
    const attachments = await Promise.all(
      bundle.attachments.map(async (a, i): Promise<InvoiceAttachmentInfo> => ({
        id: a.id,
        name: safeFileName(a.fileName, `attachment-${i + 1}`),
        mime: safeMime(a.mimeCode),
        size: await this.blobs.size(a.sha256),
        source: a.source,
        description: a.description,
      })),
    );
    const meta = msg.meta ?? {};
    return {
      id: inv.id,
      tenantId: inv.tenantId,
      status: inv.status,
      receivedAt: inv.createdAt,
      updatedAt: inv.updatedAt,
      number: inv.number,
      issueDate: inv.issueDate,
      dueDate: inv.dueDate,
      currency: inv.currency,
      amountDue: inv.amountDue,
      sellerName: inv.sellerName,
      data: (inv.model as Invoice | null) ?? null,
      cashDiscounts: Array.isArray(inv.cashDiscounts) ? (inv.cashDiscounts as CashDiscount[]) : [],
      attachments,
      original: {
        fileName: this.originalName(inv.fileName, inv.number, kind),
        mime:
          kind === 'pdf'
            ? 'application/pdf'
            : kind === 'xml'
              ? 'application/xml'
              : 'application/octet-stream',
        kind,
        size: await this.blobs.size(inv.documentSha256),
        syntax: inv.syntax,
        customization: inv.customization,
      },
      message: {
        id: msg.id,
        channel: msg.channel,
        sender: msg.sender,
        receivedAt: msg.receivedAt,
        subject: typeof meta.subject === 'string' ? meta.subject : null,
        size: msg.byteSize,
        downloadable: msg.channel === 'email',
        fileName: `message-${msg.receivedAt.toISOString().slice(0, 10)}-${msg.id.slice(0, 8)}.eml`,
      },
      validation: validationOf(inv.report),
      history: bundle.history,
      duplicateOf: inv.duplicateOf,
      suspectedDuplicateOf: inv.suspectedDuplicateOf,
    };
  }

  /** The invoice's file as received (XML or PDF); undefined when there is no such invoice. */
  async openOriginal(tenantId: string, invoiceId: string): Promise<InvoiceFile | undefined> {
    if (!UUID.test(invoiceId)) return undefined;
    const inv = await this.invoices.get(tenantId, invoiceId);
    if (!inv) return undefined;
    const kind = originalKind(inv.container, inv.contentType, inv.syntax);
    const content = await this.blobs.get(inv.documentSha256);
    if (!content) return undefined;
    return {
      content,
      mime:
        kind === 'pdf' ? 'application/pdf' : kind === 'xml' ? 'application/xml' : 'application/octet-stream',
      fileName: this.originalName(inv.fileName, inv.number, kind),
    };
  }

  /** One attachment of the invoice; undefined when either is not the tenant's. */
  async openAttachment(
    tenantId: string,
    invoiceId: string,
    attachmentId: string,
  ): Promise<InvoiceFile | undefined> {
    if (!UUID.test(invoiceId) || !UUID.test(attachmentId)) return undefined;
    const list = await this.invoices.attachmentRecords(tenantId, invoiceId);
    const index = list.findIndex((a) => a.id === attachmentId.toLowerCase());
    if (index < 0) return undefined;
    const a = list[index];
    const content = await this.blobs.get(a.sha256);
    if (!content) return undefined;
    return {
      content,
      mime: safeMime(a.mimeCode),
      fileName: safeFileName(a.fileName, `attachment-${index + 1}`),
    };
  }

  /** The e-mail the invoice came in, as received (.eml); undefined for other channels. */
  async openMessage(tenantId: string, invoiceId: string): Promise<InvoiceFile | undefined> {
    const view = UUID.test(invoiceId) ? await this.invoices.get(tenantId, invoiceId) : undefined;
    if (!view) return undefined;
    const msg = await this.invoices.getMessage(tenantId, view.messageId);
    if (!msg || msg.channel !== 'email') return undefined;
    const content = await this.blobs.get(msg.blobSha256);
    if (!content) return undefined;
    return {
      content,
      mime: 'message/rfc822',
      fileName: `message-${msg.receivedAt.toISOString().slice(0, 10)}-${msg.id.slice(0, 8)}.eml`,
    };
  }

  private originalName(fileName: string | null, number: string | null, kind: OriginalInfo['kind']): string {
    const ext = kind === 'pdf' ? '.pdf' : kind === 'xml' ? '.xml' : '.bin';
    const fromNumber = number ? safeFileName(`${number.replace(/[\\/]/g, '-')}${ext}`, '') : '';
    return safeFileName(fileName, fromNumber || `invoice${ext}`);
  }
}
