import { Inject, Injectable, Optional } from '@nestjs/common';
import { DomainError } from '../../../common/errors/domain-error.js';
import { AppConfig } from '../../../config/app-config.js';
import { AuditService } from '../../audit/audit.service.js';
import { PostingsOutErrors } from '../postings-out.errors.js';
import { encodeWindows1252 } from '../../../common/text/windows-1252.js';
import { buildBuchungsstapel, checkDatevPeriod, MAX_BOOKINGS } from './datev-extf.js';
import { type DatevSettings, DatevSettingsRepository } from './datev-settings.repository.js';
import { buildCsv } from './posting-csv.js';
import { POSTING_ACKS, type PostingAcks } from './posting-acks.js';
import { PostingReadRepository } from './posting-read.repository.js';

export type ExportFormat = 'datev' | 'csv';

export interface ExportRequest {
  readonly format: unknown;
  readonly from: unknown;
  readonly to: unknown;
  readonly ack?: unknown;
}

export interface ExportFile {
  readonly body: Buffer;
  readonly contentType: string;
  readonly fileName: string;
  readonly postingIds: readonly string[];
  /** Lines below the headings: DATEV bookings or CSV rows. */
  readonly lines: number;
  readonly acknowledged: boolean;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const m = DATE.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === v;
}

/** Reads a period; from ≤ to, at most 366 days. */
export function parsePeriod(from: unknown, to: unknown): { from: string; to: string } {
  if (!isDate(from) || !isDate(to) || from > to)
    throw new DomainError(PostingsOutErrors.EXPORT_PERIOD_INVALID);
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > 366)
    throw new DomainError(PostingsOutErrors.EXPORT_PERIOD_INVALID);
  return { from, to };
}

function flag(v: unknown): boolean {
  if (v === undefined || v === false || v === 'false' || v === '0' || v === '') return false;
  if (v === true || v === 'true' || v === '1') return true;
  throw new DomainError(PostingsOutErrors.POSTINGS_INVALID_INPUT, { field: 'ack' });
}

/**
 * Files for finance systems that read files: a DATEV EXTF Buchungsstapel (Windows-1252) or
 * a plain CSV (UTF-8) of the postings whose invoice date lies in the period. Producing a file
 * acknowledges nothing unless `ack` is asked for: a file may be produced to look at.
 */
@Injectable()
export class PostingExportService {
  private readonly baseUrl: string;

  constructor(
    private readonly postings: PostingReadRepository,
    private readonly settings: DatevSettingsRepository,
    private readonly audit: AuditService,
    config: AppConfig,
    @Optional() @Inject(POSTING_ACKS) private readonly acks?: PostingAcks,
  ) {
    this.baseUrl = config.publicBaseUrl;
  }

  async export(tenantId: string, req: ExportRequest, actor: string): Promise<ExportFile> {
    if (req.format !== 'datev' && req.format !== 'csv')
      throw new DomainError(PostingsOutErrors.POSTINGS_INVALID_INPUT, {
        field: 'format',
        allowed: ['datev', 'csv'],
      });
    const format: ExportFormat = req.format;
    const { from, to } = parsePeriod(req.from, req.to);
    const ack = flag(req.ack);
    if (ack && !this.acks) throw new DomainError(PostingsOutErrors.EXPORT_ACK_UNAVAILABLE);
    let file: Omit<ExportFile, 'acknowledged'>;
    if (format === 'datev') {
      const settings = await this.settings.get(tenantId);
      if (!settings) throw new DomainError(PostingsOutErrors.DATEV_SETTINGS_MISSING);
      checkDatevPeriod(from, to, settings.wjBeginMonth);
      const postings = await this.postings.listByInvoiceDate(tenantId, from, to, MAX_BOOKINGS + 1);
      const batch = buildBuchungsstapel(postings, settings, {
        from,
        to,
        createdAt: new Date(),
        baseUrl: this.baseUrl,
      });
      file = {
        body: encodeWindows1252(batch.text),
        contentType: 'text/csv; charset=windows-1252',
        fileName: `EXTF_Buchungsstapel_${from.replace(/-/g, '')}_${to.replace(/-/g, '')}.csv`,
        postingIds: batch.postingIds,
        lines: batch.bookings,
      };
    } else {
      const postings = await this.postings.listByInvoiceDate(tenantId, from, to, 1_000_000);
      const csv = buildCsv(postings, this.baseUrl);
      file = {
        body: Buffer.from(csv.text, 'utf8'),
        contentType: 'text/csv; charset=utf-8',
        fileName: `postings_${from.replace(/-/g, '')}_${to.replace(/-/g, '')}.csv`,
        postingIds: postings.map((p) => p.id),
        lines: csv.lines,
      };
    }
    if (ack && file.postingIds.length > 0) await this.acks!.acknowledge(tenantId, file.postingIds, actor);
    await this.audit.record({
      tenantId,
      actor,
      action: 'postings.exported',
      subject: `tenant:${tenantId}`,
      data: { format, from, to, postings: file.postingIds.length, lines: file.lines, acknowledged: ack },
    });
    return { ...file, acknowledged: ack };
  }

  getSettings(tenantId: string): Promise<DatevSettings | undefined> {
    return this.settings.get(tenantId);
  }

  async setSettings(tenantId: string, body: unknown, actor: string): Promise<DatevSettings> {
    const s = parseSettings(body);
    const saved = await this.settings.set(tenantId, s);
    await this.audit.record({
      tenantId,
      actor,
      action: 'postings.datev-settings.set',
      subject: `tenant:${tenantId}`,
      data: { ...saved },
    });
    return saved;
  }
}

function parseSettings(body: unknown): DatevSettings {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const bad = (field: string) => new DomainError(PostingsOutErrors.POSTINGS_INVALID_INPUT, { field });
  const int = (field: string, min: number, max: number, fallback?: number): number => {
    const v = b[field] ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw bad(field);
    return v;
  };
  const sachkontenLaenge = int('sachkontenLaenge', 4, 8, 4);
  const dk = b.defaultKreditor;
  if (
    dk !== undefined &&
    dk !== null &&
    (typeof dk !== 'string' || !/^\d+$/.test(dk) || dk.length > sachkontenLaenge + 1)
  )
    throw bad('defaultKreditor');
  const skr = b.skr ?? '03';
  if (skr !== '03' && skr !== '04') throw bad('skr');
  return {
    beraterNr: int('beraterNr', 1001, 9_999_999),
    mandantNr: int('mandantNr', 1, 99_999),
    wjBeginMonth: int('wjBeginMonth', 1, 12, 1),
    sachkontenLaenge,
    defaultKreditor: dk ?? null,
    skr,
  };
}
