import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../../../common/errors/domain-error.js';
import { AuditService } from '../../audit/audit.service.js';
import { BLOB_STORE, type BlobStore } from '../../documents/storage/blob-store.js';
import { safeFileName } from '../../invoices/invoice-read.service.js';
import { RecordsQueryErrors } from './records-query.errors.js';
import { RecordsQueryRepository } from './records-query.repository.js';
import type { RecordDocument, VorgangDetail, VorgangPage } from './records-query.types.js';
import { archivePath, vorgangManifest } from './vorgang-manifest.js';
import { parseVorgangSearch } from './vorgang-search.js';
import { ZipLimitError, ZipStreamWriter } from './zip-stream.writer.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What a ZIP without ZIP64 can hold, less room for the manifests, headers and directory. */
const ZIP_MAX_CONTENT = 0xffffffff - 16 * 1024 * 1024;

/** The reader of an archive went away (closed the tab, lost the connection): nothing to report to the operators. */
export class ClientGoneError extends Error {
  constructor() {
    super('the client went away');
    this.name = 'ClientGoneError';
  }
}

/** Where the archive of a Vorgang goes: an HTTP response in practice. */
export interface ZipSink {
  /** Called once, right before the first byte: the moment to send the headers. */
  begin(fileName: string): void;
  /** Resolves when the sink takes more (back-pressure). */
  write(chunk: Buffer): Promise<void>;
  end(): void;
  /** After bytes have gone out, an error can only cut the archive off: it must not look complete. */
  abort(err: Error): void;
}

/** A document's verified bytes. */
export interface RecordFile {
  readonly document: RecordDocument;
  readonly content: Buffer;
}

/**
 * Reads the case record for people and systems: search over the tenant's Vorgänge, one
 * Vorgang with its documents, a document's content and the whole Vorgang as a ZIP with a
 * manifest. Every document's bytes are checked against the sha256 they were filed under
 * before they are handed out: bytes that no longer match are never served (a stable error,
 * an audit entry, a log line for the operators).
 */
@Injectable()
export class RecordsQueryService {
  private readonly logger = new Logger('RecordsQuery');

  constructor(
    private readonly repo: RecordsQueryRepository,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly audit: AuditService,
  ) {}

  /** Searches with criteria as a query string gives them; bad criteria are a `RECORDS_SEARCH_INVALID` naming the fields. */
  async search(tenantId: string, query: Record<string, unknown>): Promise<VorgangPage> {
    const parsed = parseVorgangSearch(query);
    if (parsed.invalid.length > 0)
      throw new DomainError(RecordsQueryErrors.RECORDS_SEARCH_INVALID, { fields: parsed.invalid });
    const { items, total } = await this.repo.search(tenantId, parsed.search);
    return { items, total, page: parsed.page, limit: parsed.search.limit };
  }

  /** One Vorgang with its Akte, its invoice and its documents; another tenant's, or none, is "not found". */
  async get(tenantId: string, vorgangId: string): Promise<VorgangDetail> {
    const v = UUID.test(vorgangId) ? await this.repo.get(tenantId, vorgangId) : undefined;
    if (!v) throw new DomainError(RecordsQueryErrors.RECORDS_VORGANG_NOT_FOUND, { id: vorgangId });
    return v;
  }

  /** The Vorgang of an invoice, when one was allocated (for a link from the invoice page). */
  async ofInvoice(
    tenantId: string,
    invoiceId: string,
  ): Promise<{ id: string; aktenzeichen: string; filedAt: Date | null } | undefined> {
    return UUID.test(invoiceId) ? this.repo.ofInvoice(tenantId, invoiceId) : undefined;
  }

  /** A filed document with its bytes, checked against its sha256. */
  async openDocument(tenantId: string, documentId: string, actor: string): Promise<RecordFile> {
    const document = UUID.test(documentId) ? await this.repo.document(tenantId, documentId) : undefined;
    if (!document) throw new DomainError(RecordsQueryErrors.RECORDS_DOCUMENT_NOT_FOUND, { id: documentId });
    return { document, content: await this.verifiedContent(tenantId, document, actor) };
  }

  /**
   * Streams the whole Vorgang as a ZIP: `manifest.json`, `MANIFEST.txt`, then every
   * document in filing order. Checks that can fail before the first byte (not found, not
   * filed, too large, the first document's content) are thrown as domain errors; a
   * document that fails its check later cuts the archive off (`sink.abort`), so a partial
   * archive can never pass for a whole one.
   */
  async streamZip(tenantId: string, vorgangId: string, actor: string, sink: ZipSink): Promise<void> {
    const v = await this.get(tenantId, vorgangId);
    if (!v.filedAt) throw new DomainError(RecordsQueryErrors.RECORDS_VORGANG_NOT_FILED, { id: vorgangId });
    const total = v.documents.reduce((n, d) => n + d.size, 0);
    if (v.documents.length + 2 > 0xffff || total > ZIP_MAX_CONTENT)
      throw new DomainError(RecordsQueryErrors.RECORDS_ZIP_TOO_LARGE, { id: vorgangId });
    const exportedAt = new Date();
    const manifest = vorgangManifest(v, exportedAt);
    const [first, ...rest] = v.documents;
    const firstContent = first ? await this.verifiedContent(tenantId, first, actor) : undefined;

    sink.begin(`${safeFileName(v.aktenzeichen.replace(/[\\/]/g, '-'), 'vorgang')}.zip`);
    const zip = new ZipStreamWriter((chunk) => sink.write(chunk));
    try {
      await zip.add('manifest.json', manifest.json, exportedAt);
      await zip.add('MANIFEST.txt', manifest.text, exportedAt);
      if (first && firstContent) await zip.add(archivePath(first), firstContent, first.filedAt);
      for (const d of rest)
        await zip.add(archivePath(d), await this.verifiedContent(tenantId, d, actor), d.filedAt);
      await zip.finish();
    } catch (err) {
      const cause =
        err instanceof ZipLimitError ? new DomainError(RecordsQueryErrors.RECORDS_ZIP_TOO_LARGE) : err;
      if (cause instanceof ClientGoneError)
        this.logger.warn({ vorgangId, tenantId }, 'Vorgang archive not read to its end');
      else this.logger.error({ err: cause, vorgangId, tenantId }, 'Vorgang archive cut off');
      sink.abort(cause instanceof Error ? cause : new Error(String(cause)));
      return;
    }
    try {
      // Recorded before the archive's last bytes go out: an export the log does not know of never completes.
      await this.audit.record({
        tenantId,
        actor,
        action: 'records.vorgang.exported',
        subject: `vorgang:${v.id}`,
        data: {
          aktenzeichen: v.aktenzeichen,
          files: v.documents.length,
          manifestSha256: manifest.jsonSha256,
        },
      });
    } catch (err) {
      this.logger.error(
        { err, vorgangId, tenantId },
        'Vorgang archive cut off: its export could not be audited',
      );
      sink.abort(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    sink.end();
  }

  /** The bytes of a filed document, or a stable error when they are missing or no longer the filed ones. */
  private async verifiedContent(tenantId: string, d: RecordDocument, actor: string): Promise<Buffer> {
    const content = await this.blobs.get(d.sha256);
    const problem =
      content === null
        ? RecordsQueryErrors.RECORDS_DOCUMENT_CONTENT_MISSING
        : createHash('sha256').update(content).digest('hex') !== d.sha256 || content.length !== d.size
          ? RecordsQueryErrors.RECORDS_DOCUMENT_INTEGRITY_FAILED
          : undefined;
    if (!problem && content) return content;
    const error = new DomainError(problem ?? RecordsQueryErrors.RECORDS_DOCUMENT_INTEGRITY_FAILED, {
      documentId: d.id,
    });
    this.logger.error(
      { tenantId, documentId: d.id, sha256: d.sha256, code: error.code },
      'filed document fails its check',
    );
    await this.audit
      .record({
        tenantId,
        actor,
        action: 'records.document.check-failed',
        subject: `record-document:${d.id}`,
        data: { code: error.code, sha256: d.sha256, vorgangId: d.vorgangId },
      })
      .catch((err: unknown) => this.logger.error({ err }, 'audit of a failed document check not recorded'));
    throw error;
  }
}
