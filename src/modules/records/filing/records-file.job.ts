import { Injectable } from '@nestjs/common';
import {
  JobHandler,
  JobName,
  RecoverySweep,
  type JobPayloads,
  type JobRequest,
  type RecoverySweeper,
} from '../../jobs/index.js';
import { RecordsRepository } from '../records.repository.js';
import { RecordsFilingService } from './records-filing.service.js';

const SWEEP_BATCH = 1000;

/**
 * Files approved invoices into the case record. The database decides: every Vorgang without
 * `filed_at` is work for the sweep, so a lost enqueue or a worker that died half-way only
 * waits for the next sweep, and the re-run completes the same set.
 */
@Injectable()
@RecoverySweep()
export class RecordsFileJob implements RecoverySweeper {
  readonly name = 'records.unfiled';

  constructor(
    private readonly filing: RecordsFilingService,
    private readonly repo: RecordsRepository,
  ) {}

  @JobHandler(JobName.RecordsFile)
  async handle(p: JobPayloads['records.file']): Promise<void> {
    await this.filing.file(p.tenantId, p.vorgangId);
  }

  async findPending(): Promise<JobRequest[]> {
    const open = await this.repo.unfiledAcrossTenants(SWEEP_BATCH);
    return open.map((o) => ({
      name: JobName.RecordsFile,
      payload: { tenantId: o.tenantId, vorgangId: o.vorgangId },
    }));
  }
}
