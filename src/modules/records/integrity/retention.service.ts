import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../../../common/errors/domain-error.js';
import { AuditService } from '../../audit/audit.service.js';
import { BLOB_STORE, type BlobStore } from '../../documents/storage/blob-store.js';
import { isDay, recordsDay } from './records-day.js';
import { RecordsIntegrityErrors } from './records-integrity.errors.js';
import {
  RecordsIntegrityRepository,
  type DisposalItem,
  type HoldRow,
} from './records-integrity.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface HoldRequest {
  readonly vorgangId?: string;
  readonly aktenzeichen?: string;
  readonly reason: string;
}

export interface DisposalPlan {
  readonly tenantId: string;
  /** Documents whose `retain_until` is before this day go (today, Berlin, by default). */
  readonly cutoff: string;
  readonly documents: readonly DisposalItem[];
  /** Expired documents kept because their Vorgang is on hold. */
  readonly heldBack: number;
}

export interface DisposalRun extends DisposalPlan {
  readonly disposalId: string;
  readonly executedAt: Date;
  /** Blobs removed from the store (content no other row referenced). */
  readonly blobsRemoved: readonly string[];
  /** Blobs kept because other rows still reference the content. */
  readonly blobsKept: readonly string[];
}

/**
 * Retention of the case record: legal holds on a Vorgang, and the disposal run that deletes
 * the documents whose retention ended. A run lists first (dry run); executed, it deletes
 * exactly the listed documents in one transaction with the transaction-local disposal switch
 * the immutability trigger honours, and records the run (`record_disposals`) and an audit
 * entry naming every deleted document. Blobs go afterwards, and only when no row references
 * the content any more.
 */
@Injectable()
export class RetentionService {
  private readonly log = new Logger(RetentionService.name);

  constructor(
    private readonly repo: RecordsIntegrityRepository,
    private readonly audit: AuditService,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async placeHold(tenantId: string, req: HoldRequest, actor: string): Promise<HoldRow> {
    const reason = typeof req.reason === 'string' ? req.reason.trim() : '';
    const byId = typeof req.vorgangId === 'string' && UUID.test(req.vorgangId) ? req.vorgangId : undefined;
    const byAz =
      typeof req.aktenzeichen === 'string' && req.aktenzeichen.trim() !== ''
        ? req.aktenzeichen.trim()
        : undefined;
    if (
      reason.length < 1 ||
      reason.length > 1000 ||
      (!byId && !byAz) ||
      (req.vorgangId !== undefined && !byId)
    )
      throw new DomainError(RecordsIntegrityErrors.RECORDS_HOLD_INVALID);
    return this.repo.inTenant(tenantId, async (m) => {
      // The row lock orders this hold against a disposal run of the same Vorgang.
      const vorgang = await this.repo.lockVorgang(m, tenantId, {
        id: byId,
        aktenzeichen: byId ? undefined : byAz,
      });
      if (!vorgang)
        throw new DomainError(RecordsIntegrityErrors.RECORDS_VORGANG_NOT_FOUND, {
          vorgang: byId ?? byAz,
        });
      const id = await this.repo.insertHold(m, tenantId, vorgang.id, reason, actor);
      if (!id)
        throw new DomainError(RecordsIntegrityErrors.RECORDS_HOLD_EXISTS, {
          aktenzeichen: vorgang.aktenzeichen,
        });
      await this.audit.record({
        tenantId,
        actor,
        action: 'records.hold_placed',
        subject: `record-vorgang:${vorgang.id}`,
        data: { holdId: id, aktenzeichen: vorgang.aktenzeichen, reason },
      });
      return (await this.repo.hold(m, tenantId, id))!;
    });
  }

  async releaseHold(tenantId: string, holdId: string, actor: string, reason?: string): Promise<HoldRow> {
    if (!UUID.test(holdId)) throw new DomainError(RecordsIntegrityErrors.RECORDS_HOLD_NOT_FOUND, { holdId });
    const why = typeof reason === 'string' && reason.trim() !== '' ? reason.trim().slice(0, 1000) : null;
    return this.repo.inTenant(tenantId, async (m) => {
      if (!(await this.repo.releaseHold(m, tenantId, holdId, actor, why)))
        throw new DomainError(RecordsIntegrityErrors.RECORDS_HOLD_NOT_FOUND, { holdId });
      const hold = (await this.repo.hold(m, tenantId, holdId))!;
      await this.audit.record({
        tenantId,
        actor,
        action: 'records.hold_released',
        subject: `record-vorgang:${hold.vorgangId}`,
        data: { holdId, aktenzeichen: hold.aktenzeichen, reason: why },
      });
      return hold;
    });
  }

  holds(tenantId: string, activeOnly = true): Promise<HoldRow[]> {
    return this.repo.holds(tenantId, activeOnly);
  }

  /** The dry run: what an executed run would delete now. */
  async plan(tenantId: string, opts: { cutoff?: string; now?: Date } = {}): Promise<DisposalPlan> {
    const cutoff = this.cutoffOf(opts);
    return this.repo.inTenant(tenantId, async (m) => ({
      tenantId,
      cutoff,
      documents: await this.repo.disposable(m, tenantId, cutoff),
      heldBack: await this.repo.heldBackCount(m, tenantId, cutoff),
    }));
  }

  /** Deletes what `plan` lists, as one audited run. A run with nothing to delete records nothing. */
  async execute(
    tenantId: string,
    actor: string,
    opts: { cutoff?: string; now?: Date } = {},
  ): Promise<DisposalRun> {
    const cutoff = this.cutoffOf(opts);
    const done = await this.repo.inTenant(tenantId, async (m) => {
      await this.repo.lockExpiredVorgaenge(m, tenantId, cutoff);
      // Read after the locks: a hold committed before them is seen, a later one waits for us.
      const documents = await this.repo.disposable(m, tenantId, cutoff);
      const heldBack = await this.repo.heldBackCount(m, tenantId, cutoff);
      if (documents.length === 0) return { documents, heldBack, disposalId: '', executedAt: new Date() };
      const deleted = await this.repo.deleteDocuments(
        m,
        tenantId,
        documents.map((d) => d.id),
      );
      if (deleted.length !== documents.length)
        throw new Error(`disposal: deleted ${deleted.length} of ${documents.length} listed documents`);
      const run = await this.repo.insertDisposal(m, tenantId, cutoff, actor, documents);
      await this.audit.record({
        tenantId,
        actor,
        action: 'records.disposal',
        subject: `record-disposal:${run.id}`,
        data: {
          cutoff,
          count: documents.length,
          heldBack,
          documents: documents.map((d) => ({
            id: d.id,
            aktenzeichen: d.aktenzeichen,
            kind: d.kind,
            name: d.name,
            sha256: d.sha256,
            retainUntil: d.retainUntil,
          })),
        },
      });
      return { documents, heldBack, disposalId: run.id, executedAt: run.executedAt };
    });
    const removed: string[] = [];
    const kept: string[] = [];
    for (const sha256 of new Set(done.documents.map((d) => d.sha256))) {
      if (await this.removeBlobIfUnreferenced(sha256)) removed.push(sha256);
      else kept.push(sha256);
    }
    return { tenantId, cutoff, ...done, blobsRemoved: removed, blobsKept: kept };
  }

  /**
   * Removes a blob no row references. A filing of the same content may commit between the
   * check and the removal; the content is held in memory and put back when a reference
   * appeared, so such a filing never loses its content for longer than that moment.
   */
  private async removeBlobIfUnreferenced(sha256: string): Promise<boolean> {
    if (await this.repo.blobReferenced(sha256)) return false;
    const content = await this.blobs.get(sha256);
    if (content === null) return false;
    await this.blobs.delete(sha256);
    if (await this.repo.blobReferenced(sha256)) {
      await this.blobs.put(content);
      this.log.warn(`blob ${sha256} was referenced again during the disposal run and was kept`);
      return false;
    }
    return true;
  }

  private cutoffOf(opts: { cutoff?: string; now?: Date }): string {
    if (opts.cutoff === undefined) return recordsDay(opts.now ?? new Date());
    if (!isDay(opts.cutoff))
      throw new DomainError(RecordsIntegrityErrors.RECORDS_DATE_INVALID, { day: opts.cutoff });
    // A cutoff in the future would delete documents whose retention has not ended.
    const today = recordsDay(opts.now ?? new Date());
    return opts.cutoff > today ? today : opts.cutoff;
  }
}
