import { Injectable } from '@nestjs/common';
import {
  JobHandler,
  JobName,
  RecoverySweep,
  type JobPayloads,
  type JobRequest,
  type RecoverySweeper,
} from '../../jobs/index.js';
import { DayRootService } from './day-root.service.js';
import { firstOpenDay } from './records-day.js';
import { RecordsIntegrityRepository } from './records-integrity.repository.js';

const SWEEP_BATCH = 1000;
/**
 * How far back the sweep looks for days without a root. A day stays unsealed only while no
 * worker runs; 40 days covers any outage an installation survives unnoticed, and keeps the
 * sweep's scan to recent index entries. `einvoice records verify` shows older unsealed days.
 */
const SWEEP_WINDOW_DAYS = 40;

/**
 * Seals closed days. There is no timer of its own: the recovery sweep (every minute) asks
 * the database which closed days (Europe/Berlin, 15 minutes after midnight) have documents
 * but no root, and enqueues one job per tenant and day under its deterministic id — so the
 * first sweep after midnight seals yesterday, and a day missed while no worker ran is
 * sealed by the next one. Sealing is idempotent: a duplicate job finds the root and stops.
 */
@Injectable()
@RecoverySweep()
export class DayRootJob implements RecoverySweeper {
  readonly name = 'records.unsealed-days';

  constructor(
    private readonly roots: DayRootService,
    private readonly repo: RecordsIntegrityRepository,
  ) {}

  @JobHandler(JobName.RecordsDayRoot)
  async handle(p: JobPayloads['records.day-root']): Promise<void> {
    await this.roots.seal(p.tenantId, p.day);
  }

  async findPending(): Promise<JobRequest[]> {
    const days = await this.repo.daysWithoutRoot(firstOpenDay(new Date()), SWEEP_WINDOW_DAYS, SWEEP_BATCH);
    return days.map((d) => ({ name: JobName.RecordsDayRoot, payload: { tenantId: d.tenantId, day: d.day } }));
  }
}
