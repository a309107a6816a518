import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../common/errors/domain-error.js';
import { AuditService } from '../../audit/audit.service.js';
import { merkleRoot } from './merkle.js';
import { firstOpenDay, isDay } from './records-day.js';
import { RecordsIntegrityErrors } from './records-integrity.errors.js';
import { RecordsIntegrityRepository } from './records-integrity.repository.js';

export type DayRootOutcome =
  | {
      readonly status: 'created' | 'exists';
      readonly day: string;
      readonly root: string;
      readonly leafCount: number;
    }
  | { readonly status: 'empty'; readonly day: string };

/** The audit subject of a day's root. */
export const dayRootSubject = (day: string) => `records-day:${day}`;

/**
 * Seals each day of the case record: the Merkle root (`merkle.ts`) over the sha256 of every
 * document filed that day, in the order (filed_at, id), stored once in `record_day_roots`
 * and written into the hash-chained audit log in the same transaction. Once the audit chain
 * holds it, neither a document nor the root row can change unnoticed.
 */
@Injectable()
export class DayRootService {
  constructor(
    private readonly repo: RecordsIntegrityRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * Makes the root of a closed day; idempotent (an existing root is left as it is, and
   * reported). A day without documents gets no root.
   */
  async seal(tenantId: string, day: string, now = new Date()): Promise<DayRootOutcome> {
    if (!isDay(day)) throw new DomainError(RecordsIntegrityErrors.RECORDS_DATE_INVALID, { day });
    if (day >= firstOpenDay(now))
      throw new DomainError(RecordsIntegrityErrors.RECORDS_DAY_NOT_CLOSED, { day });
    return this.repo.inTenant(tenantId, async (m) => {
      const [existing] = await this.repo.dayRoots(tenantId, day);
      if (existing) return { status: 'exists', day, root: existing.root, leafCount: existing.leafCount };
      const leaves = await this.repo.dayLeaves(tenantId, day);
      if (leaves.length === 0) return { status: 'empty', day };
      const root = merkleRoot(leaves.map((l) => l.sha256));
      // A concurrent run of the same day (two workers) inserted first: its root stands.
      if (!(await this.repo.insertDayRoot(m, tenantId, day, root, leaves.length))) {
        const [winner] = await this.repo.dayRoots(tenantId, day);
        return { status: 'exists', day, root: winner.root, leafCount: winner.leafCount };
      }
      await this.audit.record({
        tenantId,
        actor: 'system',
        action: 'records.day_root',
        subject: dayRootSubject(day),
        data: {
          day,
          root,
          leafCount: leaves.length,
          tree: 'rfc6962-sha256',
          order: 'filed_at,id',
          firstDocument: leaves[0].id,
          lastDocument: leaves[leaves.length - 1].id,
        },
      });
      return { status: 'created', day, root, leafCount: leaves.length };
    });
  }
}
