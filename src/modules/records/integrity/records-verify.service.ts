import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { BLOB_STORE, type BlobStore } from '../../documents/storage/blob-store.js';
import { merkleRoot } from './merkle.js';
import { firstOpenDay } from './records-day.js';
import { RecordsIntegrityRepository, type StoredDocument } from './records-integrity.repository.js';

export type DocumentProblem =
  | 'blob-missing' // no content is stored under the document's sha256
  | 'size-mismatch' // the stored content's size differs from the row's size
  | 'sha256-mismatch'; // the stored content no longer hashes to its key: the file was altered

export type DayProblem =
  | 'root-mismatch' // the root recomputed from the documents differs from the stored root
  | 'audit-mismatch' // the stored root differs from the root the audit chain holds
  | 'root-missing' // the audit chain holds a root for the day but the table does not
  | 'root-not-audited'; // the table holds a root the audit chain does not

export interface DocumentFailure {
  readonly documentId: string;
  readonly aktenzeichen: string;
  readonly kind: string;
  readonly name: string;
  readonly day: string;
  readonly reason: DocumentProblem;
  readonly detail: string;
}

export interface DayResult {
  readonly day: string;
  readonly documents: number;
  /** `sealed`: checked against its root; `hash-only`: no root yet (the day is open or not yet sealed). */
  readonly check: 'sealed' | 'hash-only';
  /** Why a day was checked by hash only. */
  readonly note?: string;
  readonly storedRoot?: string;
  readonly recomputedRoot?: string;
  readonly auditSeq?: string;
  readonly problems: readonly { readonly reason: DayProblem; readonly detail: string }[];
}

export interface TenantVerification {
  readonly tenantId: string;
  readonly slug: string;
  readonly ok: boolean;
  readonly documents: number;
  readonly days: readonly DayResult[];
  readonly failures: readonly DocumentFailure[];
}

export interface RecordsVerification {
  readonly ok: boolean;
  readonly auditChainOk: boolean;
  readonly auditChainDetail?: string;
  readonly tenants: readonly TenantVerification[];
}

/**
 * Verifies the case record against the blob store and the audit chain: every stored
 * document is re-read, its size and sha256 checked; every day's Merkle root is recomputed
 * from the documents (and the ones a disposal run deleted, from the run's items) and
 * compared with the stored root and with the root the audit chain holds. The audit chain
 * itself is walked as well, since the roots in it are only as good as the chain.
 */
@Injectable()
export class RecordsVerifyService {
  constructor(
    private readonly repo: RecordsIntegrityRepository,
    private readonly audit: AuditService,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async verify(
    tenants: readonly { id: string; slug: string }[],
    opts: { day?: string; now?: Date } = {},
  ): Promise<RecordsVerification> {
    const chain = await this.audit.verify();
    const results: TenantVerification[] = [];
    for (const t of tenants) results.push(await this.verifyTenant(t, opts.day, opts.now ?? new Date()));
    return {
      ok: chain.ok && results.every((r) => r.ok),
      auditChainOk: chain.ok,
      ...(chain.firstBroken ? { auditChainDetail: chain.firstBroken.detail } : {}),
      tenants: results,
    };
  }

  private async verifyTenant(
    t: { id: string; slug: string },
    onlyDay: string | undefined,
    now: Date,
  ): Promise<TenantVerification> {
    const docs = await this.repo.documents(t.id, onlyDay);
    const failures: DocumentFailure[] = [];
    for (const d of docs) {
      const problem = await this.checkDocument(d);
      if (problem) failures.push(problem);
    }
    const stored = new Map((await this.repo.dayRoots(t.id, onlyDay)).map((r) => [r.day, r]));
    const audited = await this.repo.auditedDayRoots(t.id);
    const days = new Set<string>(docs.map((d) => d.day));
    for (const day of stored.keys()) days.add(day);
    for (const day of audited.keys()) if (!onlyDay || day === onlyDay) days.add(day);
    for (const day of await this.repo.disposedDays(t.id)) if (!onlyDay || day === onlyDay) days.add(day);
    const open = firstOpenDay(now);
    const dayResults: DayResult[] = [];
    for (const day of [...days].sort()) {
      const count = docs.filter((d) => d.day === day).length;
      const root = stored.get(day);
      const inAudit = audited.get(day);
      const problems: { reason: DayProblem; detail: string }[] = [];
      if (!root && !inAudit) {
        // Not sealed yet: the day is still open, or its job has not run. Hashes were checked above.
        const note = day >= open ? 'the day is still open' : 'not sealed yet: the day-root job has not run';
        dayResults.push({ day, documents: count, check: 'hash-only', note, problems });
        continue;
      }
      const leaves = await this.repo.dayLeaves(t.id, day);
      const recomputed = leaves.length > 0 ? merkleRoot(leaves.map((l) => l.sha256)) : '(no documents)';
      if (root && recomputed !== root.root)
        problems.push({
          reason: 'root-mismatch',
          detail: `the root over the day's ${leaves.length} document(s) is ${recomputed}, the stored root ${root.root} (over ${root.leafCount})`,
        });
      if (root && inAudit && inAudit.root !== root.root)
        problems.push({
          reason: 'audit-mismatch',
          detail: `the stored root ${root.root} differs from the root ${inAudit.root} in audit entry ${inAudit.seq}`,
        });
      if (!root && inAudit)
        problems.push({
          reason: 'root-missing',
          detail: `audit entry ${inAudit.seq} holds root ${inAudit.root}, but the table has no root for the day`,
        });
      if (root && !inAudit)
        problems.push({ reason: 'root-not-audited', detail: `no records.day_root audit entry for ${day}` });
      if (!root && inAudit && recomputed !== inAudit.root)
        problems.push({
          reason: 'root-mismatch',
          detail: `the root over the day's ${leaves.length} document(s) is ${recomputed}, the audited root ${inAudit.root}`,
        });
      dayResults.push({
        day,
        documents: count,
        check: 'sealed',
        storedRoot: root?.root,
        recomputedRoot: recomputed,
        auditSeq: inAudit?.seq,
        problems,
      });
    }
    return {
      tenantId: t.id,
      slug: t.slug,
      ok: failures.length === 0 && dayResults.every((d) => d.problems.length === 0),
      documents: docs.length,
      days: dayResults,
      failures,
    };
  }

  private async checkDocument(d: StoredDocument): Promise<DocumentFailure | undefined> {
    const fail = (reason: DocumentProblem, detail: string): DocumentFailure => ({
      documentId: d.id,
      aktenzeichen: d.aktenzeichen,
      kind: d.kind,
      name: d.name,
      day: d.day,
      reason,
      detail,
    });
    const content = await this.blobs.get(d.sha256);
    if (content === null) return fail('blob-missing', `no content is stored under ${d.sha256}`);
    const actual = createHash('sha256').update(content).digest('hex');
    if (actual !== d.sha256)
      return fail('sha256-mismatch', `the stored content hashes to ${actual}, not ${d.sha256}`);
    if (content.byteLength !== d.size)
      return fail(
        'size-mismatch',
        `the stored content has ${content.byteLength} bytes, the record says ${d.size}`,
      );
    return undefined;
  }
}
