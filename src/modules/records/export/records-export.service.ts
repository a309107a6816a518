import { randomUUID } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../../../common/errors/domain-error.js';
import { isOutboundForbidden, OutboundGuard } from '../../../common/net/outbound-guard.js';
import { AppConfig } from '../../../config/app-config.js';
import { AuditService } from '../../audit/audit.service.js';
import { BLOB_STORE, type BlobStore } from '../../documents/storage/blob-store.js';
import { MailSecrets } from '../../intake/mail/mail-secrets.js';
import { JobName, JobQueue } from '../../jobs/index.js';
import { SchemaStore } from '../../validation/xsd/schema-store.js';
import { readZip } from '../../validation/xsd/zip-reader.js';
import { CmisClient, CmisError } from './cmis/cmis-client.js';
import { parseTargets, targetDir, type ExportTarget } from './export-targets.js';
import { guardedRequest } from './guarded-http.js';
import { RecordsExportErrors } from './records-export.errors.js';
import {
  EXPORT_STATES,
  RecordsExportRepository,
  type ExportKey,
  type ExportState,
  type RecordExport,
  type StoredTarget,
  type VorgangForExport,
} from './records-export.repository.js';
import { checkXdomea, readImportBestaetigung, type ImportBestaetigung } from './xdomea/xdomea-answer.js';
import {
  buildSgoAblegen,
  containerFileName,
  messageBaseName,
  SGO_ABLEGEN,
  type XdomeaVorgang,
} from './xdomea/xdomea-messages.js';
import { zipToBuffer } from '../query/zip-stream.writer.js';

/** Retries: 1 min, 2, 4, … capped at a day; after this many attempts the export waits for the admin. */
export const MAX_ATTEMPTS = 10;
const BACKOFF_BASE_SECONDS = 60;
const BACKOFF_MAX_SECONDS = 24 * 3600;
/** How long one attempt holds an export before another may take it (a crashed attempt). */
const LEASE_SECONDS = 15 * 60;
const ANSWER_MAX_BYTES = 20 * 1024 * 1024;
const ANSWERS_PER_SCAN = 500;

export function retryAt(attempts: number, now: Date = new Date()): Date | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const seconds = Math.min(BACKOFF_BASE_SECONDS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_SECONDS);
  return new Date(now.getTime() + seconds * 1000);
}

interface Failure {
  readonly code: string;
  readonly message: string;
}

/**
 * Hands filed Vorgänge to the tenant's DMS and follows them until the DMS confirmed.
 *
 * One `record_exports` row per Vorgang and target, so a Vorgang is exported exactly once
 * per target. An attempt builds a new message under a new ProzessID (the DMS may have
 * recorded the old one as processed — AllgemeineRueckmeldung 0000009 — and a retry is a
 * new filing request, not a repetition); the row keeps only the last ProzessID, and an
 * answer to an older one is filed away without changing the row.
 *
 * - xdomea-dir: the ZIP `{ProzessID}_FVDaten.SGOAblegen.0605.zip` is written into the
 *   transfer folder (under a temporary name, then renamed, so the DMS never picks up half
 *   a file) → `sent`; the 0630 in the return folder → `confirmed` or `failed` (retried).
 * - xdomea-http: the same ZIP POSTed; a 0630 in the answer is applied at once.
 * - cmis: folder + documents created → `confirmed` at once.
 * Failures record a stable code and the DMS's words and are retried with exponential
 * backoff until MAX_ATTEMPTS; the admin sees them (`GET …/exports?state=failed`) and can
 * make one due at once.
 */
@Injectable()
export class RecordsExportService {
  private readonly logger = new Logger('RecordsExport');
  private schemaStore: SchemaStore | undefined;

  constructor(
    private readonly repo: RecordsExportRepository,
    private readonly config: AppConfig,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly guard: OutboundGuard,
    private readonly secrets: MailSecrets,
    private readonly audit: AuditService,
    private readonly jobs: JobQueue,
  ) {}

  // ---- targets (admin) ----

  async targets(tenantId: string): Promise<ExportTarget[]> {
    return (await this.repo.listTargets(tenantId)).map(publicTarget);
  }

  async putTargets(tenantId: string, body: unknown, actor: string): Promise<ExportTarget[]> {
    const parsed = parseTargets(body);
    const root = this.config.get('RECORDS_EXPORT_DIR');
    for (const t of parsed) {
      if (t.kind === 'xdomea-dir') {
        if (!root) throw new DomainError(RecordsExportErrors.EXPORT_DIR_NOT_CONFIGURED);
        targetDir(root, tenantId, t.config.transferDir!);
        targetDir(root, tenantId, t.config.returnDir!);
      } else {
        const url = new URL(t.kind === 'cmis' ? t.config.endpoint! : t.config.url!);
        const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
        this.guard.checkConfigured(url.hostname, port);
      }
    }
    const stored = await this.repo.replaceTargets(
      tenantId,
      parsed.map((t) => ({ ...t, sealedPassword: t.password ? this.secrets.seal(t.password) : undefined })),
    );
    await this.audit.record({
      tenantId,
      actor,
      action: 'records.export.targets.set',
      subject: `tenant:${tenantId}`,
      data: { targets: parsed.map((t) => ({ name: t.name, kind: t.kind, enabled: t.enabled, ...t.config })) },
    });
    return stored.map(publicTarget);
  }

  // ---- exports (admin) ----

  list(tenantId: string, state: unknown): Promise<RecordExport[]> {
    if (state !== undefined && !EXPORT_STATES.includes(state as ExportState)) {
      throw new DomainError(RecordsExportErrors.EXPORT_STATE_INVALID);
    }
    return this.repo.list(tenantId, state as ExportState | undefined, 500);
  }

  /** The admin's retry of a failed export: due now, and enqueued. */
  async retry(tenantId: string, exportId: string, actor: string): Promise<RecordExport | undefined> {
    const e = await this.repo.retryNow(tenantId, exportId);
    if (!e) return undefined;
    await this.audit.record({
      tenantId,
      actor,
      action: 'records.export.retry',
      subject: `vorgang:${e.vorgangId}`,
      data: { exportId, targetId: e.targetId },
    });
    await this.enqueue({ tenantId, vorgangId: e.vorgangId, targetId: e.targetId });
    return this.repo.get(tenantId, exportId);
  }

  /**
   * For the filing job, after the Vorgang is filed: one export per enabled target,
   * enqueued. Safe to call twice; the sweep finds the same work when this is lost.
   */
  async enqueueFor(tenantId: string, vorgangId: string): Promise<void> {
    for (const t of await this.repo.listTargets(tenantId)) {
      if (t.enabled) await this.enqueue({ tenantId, vorgangId, targetId: t.id });
    }
  }

  private async enqueue(k: ExportKey): Promise<void> {
    try {
      await this.jobs.enqueue(JobName.RecordsExport, { ...k });
    } catch (err) {
      this.logger.warn(`records.export not enqueued (the sweep will): ${(err as Error).message}`);
    }
  }

  // ---- the work (jobs) ----

  dueWork(limit: number): Promise<ExportKey[]> {
    return this.repo.dueWork(limit);
  }

  answerTargets(): Promise<{ tenantId: string; targetId: string }[]> {
    return this.repo.answerTargets();
  }

  /** One attempt to export a filed Vorgang to a target; nothing when it is not due. */
  async exportOne(k: ExportKey): Promise<void> {
    const target = await this.repo.findTarget(k.tenantId, k.targetId);
    if (!target?.enabled) return;
    const vorgang = await this.repo.vorgang(k.tenantId, k.vorgangId);
    if (!vorgang?.filedAt) return;
    await this.repo.ensure(k);
    const prozessId = randomUUID();
    const claimed = await this.repo.claim(k, prozessId, LEASE_SECONDS);
    if (!claimed) return;
    try {
      if (target.kind === 'cmis') {
        const folderId = await this.toCmis(target, vorgang);
        await this.repo.markConfirmed(k.tenantId, claimed.id, prozessId, folderId);
        await this.audit.record({
          tenantId: k.tenantId,
          actor: 'system',
          action: 'records.export.confirmed',
          subject: `vorgang:${k.vorgangId}`,
          data: { target: target.name, kind: target.kind, dmsId: folderId, attempts: claimed.attempts },
        });
        return;
      }
      const container = await this.container(target, vorgang, prozessId);
      if (target.kind === 'xdomea-dir') {
        this.writeTransfer(k.tenantId, target, container);
        await this.repo.markSent(k.tenantId, claimed.id, prozessId);
      } else {
        const answer = await this.postHttp(target, container);
        await this.repo.markSent(k.tenantId, claimed.id, prozessId);
        if (answer && answer.prozessId === prozessId) await this.applyAnswer(k.tenantId, target, answer);
      }
      await this.audit.record({
        tenantId: k.tenantId,
        actor: 'system',
        action: 'records.export.sent',
        subject: `vorgang:${k.vorgangId}`,
        data: { target: target.name, kind: target.kind, prozessId, attempts: claimed.attempts },
      });
    } catch (err) {
      const failure = this.failureOf(err);
      this.logger.warn(
        `export of vorgang ${k.vorgangId} to '${target.name}' failed: ${failure.code} ${failure.message}`,
      );
      await this.repo.markFailed(k.tenantId, claimed.id, prozessId, {
        ...failure,
        retryAt: retryAt(claimed.attempts),
      });
      await this.audit.record({
        tenantId: k.tenantId,
        actor: 'system',
        action: 'records.export.failed',
        subject: `vorgang:${k.vorgangId}`,
        data: { target: target.name, kind: target.kind, prozessId, attempts: claimed.attempts, ...failure },
      });
    }
  }

  private failureOf(err: unknown): Failure {
    if (err instanceof DomainError) {
      const detail = err.details?.message;
      return { code: err.code, message: typeof detail === 'string' ? detail : err.messages.en };
    }
    if (isOutboundForbidden(err)) {
      return { code: RecordsExportErrors.EXPORT_ADDRESS_FORBIDDEN.code, message: (err as Error).message };
    }
    if (err instanceof CmisError) {
      return {
        code: RecordsExportErrors.EXPORT_CMIS_FAILED.code,
        message: `${err.exception}: ${err.message}`,
      };
    }
    return { code: 'EXPORT_FAILED', message: err instanceof Error ? err.message : String(err) };
  }

  private schemas(): SchemaStore | undefined {
    this.schemaStore ??= new SchemaStore(this.config.schemasDir);
    return this.schemaStore.status().ok ? this.schemaStore : undefined;
  }

  private async content(vorgang: VorgangForExport): Promise<Map<string, Buffer>> {
    const out = new Map<string, Buffer>();
    for (const d of vorgang.documents) {
      const bytes = await this.blobs.get(d.sha256);
      if (!bytes) {
        throw new DomainError(RecordsExportErrors.EXPORT_DOCUMENT_MISSING, {
          message: `document ${d.id} (${d.name}): blob ${d.sha256} missing`,
        });
      }
      out.set(d.id, bytes);
    }
    return out;
  }

  /** The 0605 container: `{ProzessID}_FVDaten.SGOAblegen.0605.zip` with the XML and the primary files. */
  private async container(
    target: StoredTarget,
    vorgang: VorgangForExport,
    prozessId: string,
  ): Promise<{ name: string; zip: Buffer; prozessId: string }> {
    const content = await this.content(vorgang);
    const now = new Date();
    const dokumente = vorgang.documents.map((d) => ({
      id: randomUUID(),
      fileId: randomUUID(),
      betreff: documentBetreff(d.kind, d.name),
      name: d.name,
      mediaType: d.mediaType,
      formatVersion: formatVersion(d.mediaType, content.get(d.id)!),
      filedAt: d.filedAt,
    }));
    const message: XdomeaVorgang = {
      id: randomUUID(),
      fachverfahrenObjektId: vorgang.id,
      betreff: vorgang.betreff,
      aktenzeichen: vorgang.aktenzeichen,
      dokumente,
    };
    const xml = Buffer.from(
      buildSgoAblegen(
        {
          prozessId,
          createdAt: now,
          absender: target.absender,
          empfaenger: target.empfaenger,
          sendendesSystem: { produktname: 'einvoice-intake' },
          empfangendesSystem: { produktname: target.config.dmsProduct ?? target.name },
          erstellerkennung: 'einvoice-intake',
        },
        message,
      ),
      'utf8',
    );
    const schemas = this.schemas();
    if (schemas) {
      const errors = checkXdomea(xml, schemas);
      if (errors && errors.length > 0) {
        throw new DomainError(RecordsExportErrors.EXPORT_MESSAGE_INVALID, {
          message: `${errors[0].message} (line ${errors[0].line})`,
        });
      }
    }
    const base = messageBaseName(prozessId, SGO_ABLEGEN);
    // Stored, not deflated: the container's files are mostly PDFs, and any DMS unpacks it.
    const zip = await zipToBuffer(
      [
        { name: `${base}.xml`, content: Buffer.from(xml) },
        ...vorgang.documents.map((d, i) => ({
          name: containerFileName(dokumente[i]),
          content: content.get(d.id)!,
        })),
      ],
      now,
      { store: true },
    );
    return { name: `${base}.zip`, zip, prozessId };
  }

  private dir(tenantId: string, dir: string): string {
    const root = this.config.get('RECORDS_EXPORT_DIR');
    if (!root) throw new DomainError(RecordsExportErrors.EXPORT_DIR_NOT_CONFIGURED);
    return targetDir(root, tenantId, dir);
  }

  private writeTransfer(tenantId: string, target: StoredTarget, c: { name: string; zip: Buffer }): void {
    try {
      const dir = this.dir(tenantId, target.config.transferDir!);
      mkdirSync(dir, { recursive: true });
      const temp = join(dir, `.${c.name}.${randomUUID()}.part`);
      writeFileSync(temp, c.zip, { flag: 'wx' });
      renameSync(temp, join(dir, c.name));
    } catch (err) {
      if (err instanceof DomainError) throw err;
      throw new DomainError(RecordsExportErrors.EXPORT_TRANSFER_FAILED, {
        message: (err as NodeJS.ErrnoException).code ?? (err as Error).message,
      });
    }
  }

  private async postHttp(
    target: StoredTarget,
    c: { name: string; zip: Buffer },
  ): Promise<ImportBestaetigung | undefined> {
    const a = await guardedRequest(this.guard, 'POST', new URL(target.config.url!), {
      headers: {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="${c.name}"`,
      },
      body: c.zip,
      timeoutMs: 60_000,
      maxBytes: ANSWER_MAX_BYTES,
    }).catch((err: Error) => {
      if (isOutboundForbidden(err)) throw err;
      throw new DomainError(RecordsExportErrors.EXPORT_HTTP_FAILED, { message: err.message });
    });
    if (a.status < 200 || a.status >= 300) {
      throw new DomainError(RecordsExportErrors.EXPORT_HTTP_FAILED, { message: `HTTP ${a.status}` });
    }
    if (a.body.length === 0) return undefined;
    const r = readImportBestaetigung(a.body, this.schemas());
    return r.ok ? r.answer : undefined;
  }

  private async toCmis(target: StoredTarget, vorgang: VorgangForExport): Promise<string> {
    const c = target.config;
    const client = new CmisClient(
      {
        endpoint: c.endpoint!,
        repositoryId: c.repositoryId!,
        user: c.user!,
        password: target.secret ? this.secrets.open(target.secret) : '',
      },
      this.guard,
    );
    const content = await this.content(vorgang);
    // One folder per Vorgang, named after its Aktenzeichen ('/' is a path separator in CMIS).
    const folderName = vorgang.aktenzeichen.replace(/\//g, '_');
    const existing = (await client.children(c.parentFolderId!)).find((o) => o.name === folderName);
    const folder = existing ?? (await client.createFolder(c.parentFolderId!, folderName, c.folderTypeId!));
    // A retry after a cut-off attempt keeps what was filed already.
    const present = new Set((await client.children(folder.objectId)).map((o) => o.name));
    for (const d of vorgang.documents) {
      const name = `${String(d.position).padStart(2, '0')}_${d.name.replace(/\//g, '_')}`;
      if (present.has(name)) continue;
      const properties: [string, string][] = [];
      if (c.aktenzeichenProperty) properties.push([c.aktenzeichenProperty, vorgang.aktenzeichen]);
      if (c.invoiceNumberProperty && vorgang.invoiceNumber) {
        properties.push([c.invoiceNumberProperty, vorgang.invoiceNumber]);
      }
      if (c.sha256Property) properties.push([c.sha256Property, d.sha256]);
      await client.createDocument(folder.objectId, {
        name,
        typeId: c.documentTypeId!,
        mediaType: d.mediaType,
        content: content.get(d.id)!,
        properties,
      });
    }
    return folder.objectId;
  }

  // ---- the DMS's answers ----

  /**
   * Reads the 0630 messages in a directory target's return folder (`.xml`, or a `.zip`
   * holding one), applies each to the export with its ProzessID, and moves it to `done/`
   * (what cannot be read as a 0630 goes to `rejected/`). Returns how many it processed.
   */
  async scanAnswers(tenantId: string, targetId: string): Promise<number> {
    const target = await this.repo.findTarget(tenantId, targetId);
    if (!target?.enabled || target.kind !== 'xdomea-dir') return 0;
    const dir = this.dir(tenantId, target.config.returnDir!);
    if (!existsSync(dir)) return 0;
    const names = readdirSync(dir)
      .filter((n) => /\.(xml|zip)$/i.test(n) && !n.startsWith('.'))
      .sort()
      .slice(0, ANSWERS_PER_SCAN);
    let processed = 0;
    for (const name of names) {
      const path = join(dir, name);
      let bytes: Buffer;
      try {
        const st = statSync(path);
        if (!st.isFile()) continue;
        if (st.size > ANSWER_MAX_BYTES) {
          this.moveTo(dir, name, 'rejected');
          continue;
        }
        bytes = readFileSync(path);
      } catch {
        continue; // gone meanwhile
      }
      const xml = /\.zip$/i.test(name) ? answerFromZip(bytes) : bytes;
      const read = xml
        ? readImportBestaetigung(xml, this.schemas())
        : { ok: false as const, reason: 'no XML in the ZIP' };
      if (!read.ok) {
        this.logger.warn(
          `return folder of '${target.name}': ${name} is not a readable 0630 (${read.reason})`,
        );
        await this.audit.record({
          tenantId,
          actor: 'system',
          action: 'records.export.answer-rejected',
          subject: `export-target:${target.id}`,
          data: { file: name, reason: read.reason },
        });
        this.moveTo(dir, name, 'rejected');
        continue;
      }
      // An answer to the message whose attempt has not recorded `sent` yet waits for the next scan.
      if ((await this.applyAnswer(tenantId, target, read.answer)) === 'not-yet') continue;
      this.moveTo(dir, name, 'done');
      processed++;
    }
    return processed;
  }

  private async applyAnswer(
    tenantId: string,
    target: StoredTarget,
    a: ImportBestaetigung,
  ): Promise<'applied' | 'not-yet' | 'unmatched'> {
    const e = await this.repo.byProzessId(tenantId, target.id, a.prozessId);
    if (!e) {
      this.logger.warn(
        `answer ${a.prozessId} to '${target.name}' matches no current export (an older message?)`,
      );
      return 'unmatched';
    }
    if (e.state === 'pending' || e.state === 'failed') return 'not-yet';
    if (e.state === 'confirmed') return 'applied';
    if (a.success) {
      const changed = await this.repo.markConfirmed(tenantId, e.id, a.prozessId, a.idSgo);
      if (changed) {
        await this.audit.record({
          tenantId,
          actor: 'system',
          action: 'records.export.confirmed',
          subject: `vorgang:${e.vorgangId}`,
          data: { target: target.name, prozessId: a.prozessId, dmsId: a.idSgo },
        });
      }
      return 'applied';
    }
    const message = a.rueckmeldungen.join('; ');
    const changed = await this.repo.markFailed(tenantId, e.id, a.prozessId, {
      code: RecordsExportErrors.EXPORT_REJECTED_BY_DMS.code,
      message,
      retryAt: retryAt(e.attempts),
    });
    if (changed) {
      await this.audit.record({
        tenantId,
        actor: 'system',
        action: 'records.export.failed',
        subject: `vorgang:${e.vorgangId}`,
        data: { target: target.name, prozessId: a.prozessId, code: 'EXPORT_REJECTED_BY_DMS', message },
      });
    }
    return 'applied';
  }

  private moveTo(dir: string, name: string, sub: 'done' | 'rejected'): void {
    const to = join(dir, sub);
    mkdirSync(to, { recursive: true });
    const dest = existsSync(join(to, name)) ? `${basename(name)}.${randomUUID()}` : name;
    try {
      renameSync(join(dir, name), join(to, dest));
    } catch (err) {
      this.logger.warn(`could not move ${name} to ${sub}/: ${(err as Error).message}`);
    }
  }
}

function publicTarget(t: StoredTarget): ExportTarget {
  const { secret: _secret, ...rest } = t;
  void _secret;
  return rest;
}

const KIND_BETREFF: Readonly<Record<string, string>> = {
  'invoice-original': 'Rechnung (Original)',
  'invoice-pdf': 'Rechnung (PDF)',
  'inbound-message': 'Eingangsnachricht',
  attachment: 'Anlage',
  'validation-report-html': 'Prüfbericht',
  'validation-report-json': 'Prüfbericht (maschinenlesbar)',
  'invoice-rendering': 'Rechnung (Sichtfassung)',
  'laufzettel-pdf': 'Laufzettel',
  'laufzettel-json': 'Laufzettel (maschinenlesbar)',
  anordnung: 'Anordnung',
  note: 'Vermerk',
};

function documentBetreff(kind: string, name: string): string {
  return `${KIND_BETREFF[kind] ?? kind}: ${name}`;
}

/** The format version the Format element names: an XML declaration's, a PDF header's, else ''. */
function formatVersion(mediaType: string, bytes: Buffer): string {
  const head = bytes.subarray(0, 64).toString('latin1');
  if (/pdf/i.test(mediaType)) return /^%PDF-(\d\.\d)/.exec(head)?.[1] ?? '';
  if (/xml/i.test(mediaType))
    return /^(?:\uFEFF|ï»¿)?<\?xml[^>]*version=["']([\d.]+)["']/.exec(head)?.[1] ?? '1.0';
  return '';
}

function answerFromZip(zip: Buffer): Buffer | undefined {
  try {
    const entries = readZip(zip, ANSWER_MAX_BYTES);
    const xml =
      entries.find((e) => /ImportBestaetigen\.0630\.xml$/i.test(e.name)) ??
      entries.find((e) => /\.xml$/i.test(e.name));
    return xml?.read();
  } catch {
    return undefined;
  }
}
