import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import { BLOB_STORE, type BlobStore } from '../documents/storage/blob-store.js';
import { AKTE_RULES, type AkteRule, checkPattern } from './filing/aktenzeichen.js';
import { RecordsFilingService } from './filing/records-filing.service.js';
import { MAX_RETENTION_YEARS } from './filing/retention.js';
import { RecordsErrors as E } from './records.errors.js';
import {
  type AkteRecord,
  type RecordDocument,
  type RecordSettings,
  RecordsRepository,
  type VorgangRecord,
} from './records.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A Vorgang with its Akte and its documents, in filing order. */
export interface VorgangView extends VorgangRecord {
  readonly akte: AkteRecord;
  readonly documents: readonly RecordDocument[];
}

export type RecordSettingsInput = Omit<RecordSettings, 'updatedAt'>;

/** The content of a filed document, checked against its recorded hash. */
export interface DocumentContent {
  readonly document: RecordDocument;
  readonly content: Buffer;
}

/**
 * The case record for the other modules: where an invoice is filed, what its Vorgang holds,
 * a document's checked content, notes filed later (e.g. "paid" from finance), and the
 * tenant's settings. Tenant-scoped: another tenant's records do not exist here.
 */
@Injectable()
export class RecordsService {
  constructor(
    private readonly repo: RecordsRepository,
    private readonly filing: RecordsFilingService,
    private readonly audit: AuditService,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  /** The Vorgang of an invoice with its Akte and documents; undefined when it has none. */
  async vorgangOfInvoice(tenantId: string, invoiceId: string): Promise<VorgangView | undefined> {
    if (!UUID.test(invoiceId)) return undefined;
    return this.repo.tx(tenantId, async (m) => {
      const v = await this.repo.vorgangOfInvoiceIn(m, invoiceId);
      return v && this.viewOf(m, v);
    });
  }

  async vorgang(tenantId: string, id: string): Promise<VorgangView | undefined> {
    if (!UUID.test(id)) return undefined;
    return this.repo.tx(tenantId, async (m) => {
      const v = await this.repo.vorgang(m, id);
      return v && this.viewOf(m, v);
    });
  }

  private async viewOf(m: Parameters<RecordsRepository['akte']>[0], v: VorgangRecord): Promise<VorgangView> {
    const akte = await this.repo.akte(m, v.akteId);
    return { ...v, akte: akte!, documents: await this.repo.documents(m, v.id) };
  }

  /**
   * A filed document's content, read from the blob store and checked against the sha256
   * recorded when it was filed: a mismatch (content altered outside the application) is
   * refused with RECORDS_CONTENT_MISMATCH, never handed out.
   */
  async documentContent(tenantId: string, documentId: string): Promise<DocumentContent> {
    const document = UUID.test(documentId)
      ? await this.repo.tx(tenantId, (m) => this.repo.document(m, documentId))
      : undefined;
    if (!document) throw new DomainError(E.RECORDS_DOCUMENT_NOT_FOUND);
    const content = await this.blobs.get(document.sha256);
    if (!content) throw new DomainError(E.RECORDS_CONTENT_MISSING, { documentId, sha256: document.sha256 });
    const actual = createHash('sha256').update(content).digest('hex');
    if (actual !== document.sha256 || content.length !== document.size) {
      throw new DomainError(E.RECORDS_CONTENT_MISMATCH, { documentId, expected: document.sha256, actual });
    }
    return { document, content };
  }

  /**
   * Files a note (JSON: title, text, data, time) into the invoice's Vorgang, e.g. "paid"
   * from finance. Each call files a new document; notes are never changed.
   */
  async addNote(
    tenantId: string,
    invoiceId: string,
    title: string,
    text: string,
    data: Record<string, unknown> = {},
    actor = 'system',
  ): Promise<RecordDocument> {
    if (
      typeof title !== 'string' ||
      !title.trim() ||
      title.length > 200 ||
      typeof text !== 'string' ||
      text.length > 10_000
    )
      throw new DomainError(E.RECORDS_NOTE_INVALID);
    const v = UUID.test(invoiceId)
      ? await this.repo.tx(tenantId, (m) => this.repo.vorgangOfInvoiceIn(m, invoiceId))
      : undefined;
    if (!v) throw new DomainError(E.RECORDS_VORGANG_NOT_FOUND);
    const at = new Date();
    const id = randomUUID();
    const note = {
      format: 'einvoice-note/1',
      id,
      title: title.trim(),
      text,
      data,
      at: at.toISOString(),
      actor,
    };
    const retention = await this.filing.retentionOf(tenantId, invoiceId, at);
    const stamp = at
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    const document = await this.filing.store(
      tenantId,
      v.id,
      {
        kind: 'note',
        name: `vermerk-${stamp}-${id.slice(0, 8)}.json`,
        mediaType: 'application/json',
        content: Buffer.from(`${JSON.stringify(note, null, 2)}\n`, 'utf8'),
        metadata: { title: note.title, actor },
      },
      retention,
    );
    await this.audit.record({
      tenantId,
      actor,
      action: 'record.note_added',
      subject: `invoice:${invoiceId}`,
      data: { vorgangId: v.id, documentId: document.id, title: note.title },
    });
    return document;
  }

  // Settings ------------------------------------------------------------------------------

  async settings(tenantId: string): Promise<RecordSettings> {
    return this.repo.tx(tenantId, (m) => this.repo.settingsIn(m, tenantId));
  }

  /** Replaces the settings (checked by `parseRecordSettings`); a change is audited. */
  async updateSettings(tenantId: string, input: RecordSettingsInput, actor: string): Promise<RecordSettings> {
    return this.repo.tx(tenantId, async (m) => {
      const { before, after } = await this.repo.replaceSettings(m, tenantId, input);
      const { updatedAt: _b, ...b } = before;
      const { updatedAt: _a, ...a } = after;
      void _b;
      void _a;
      if (JSON.stringify(b) !== JSON.stringify(a)) {
        await this.audit.record({
          tenantId,
          actor,
          action: 'record.settings_updated',
          subject: `tenant:${tenantId}`,
          data: { before: b, after: a },
        });
      }
      return after;
    });
  }
}

/**
 * The whole settings object as an admin sends it, checked: the rule one of the three, the
 * patterns usable (`checkPattern`), the Aktenplan key short and plain, the years whole
 * numbers from 1 to 100 or null. Every problem is refused with RECORDS_SETTINGS_INVALID
 * naming the field.
 */
export function parseRecordSettings(body: unknown): RecordSettingsInput {
  const bad = (field: string, problem: string, extra: Record<string, unknown> = {}) =>
    new DomainError(E.RECORDS_SETTINGS_INVALID, { field, problem, ...extra });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('body', 'not-an-object');
  const b = body as Record<string, unknown>;
  const known = [
    'aktenplanKey',
    'akteRule',
    'aktePattern',
    'vorgangPattern',
    'retentionYears',
    'subsidyRetentionYears',
  ];
  for (const k of Object.keys(b)) if (!known.includes(k)) throw bad(k, 'unknown-field');
  const str = (k: string) => {
    const v = b[k];
    if (typeof v !== 'string') throw bad(k, 'required');
    return v.trim();
  };
  const aktenplanKey = str('aktenplanKey');
  if (!/^[\p{L}\p{N}][\p{L}\p{N}.\-/ ]{0,39}$/u.test(aktenplanKey)) throw bad('aktenplanKey', 'invalid');
  const akteRule = str('akteRule');
  if (!(AKTE_RULES as readonly string[]).includes(akteRule))
    throw bad('akteRule', 'unknown', { valid: AKTE_RULES });
  const aktePattern = str('aktePattern');
  const ap = checkPattern(aktePattern, 'akte');
  if (ap) throw bad('aktePattern', ap.problem, 'placeholder' in ap ? { placeholder: ap.placeholder } : {});
  const vorgangPattern = str('vorgangPattern');
  const vp = checkPattern(vorgangPattern, 'vorgang');
  if (vp) throw bad('vorgangPattern', vp.problem, 'placeholder' in vp ? { placeholder: vp.placeholder } : {});
  const years = (k: string): number | null => {
    const v = b[k];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_RETENTION_YEARS)
      throw bad(k, 'invalid');
    return v;
  };
  return {
    aktenplanKey,
    akteRule: akteRule as AkteRule,
    aktePattern,
    vorgangPattern,
    retentionYears: years('retentionYears'),
    subsidyRetentionYears: years('subsidyRetentionYears'),
  };
}
