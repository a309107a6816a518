import { Injectable } from '@nestjs/common';
import {
  JobHandler,
  JobName,
  RecoverySweep,
  type JobPayloads,
  type JobRequest,
  type RecoverySweeper,
} from '../../jobs/index.js';
import { PostingStatusService } from './status.service.js';

const SWEEP_BATCH = 500;

/**
 * Applies status reports that arrived before their invoice was filed (or whose immediate
 * application failed): the database says which invoices still lag behind their reports.
 */
@Injectable()
@RecoverySweep()
export class StatusApplyJob implements RecoverySweeper {
  readonly name = 'postings.status-unapplied';

  constructor(private readonly status: PostingStatusService) {}

  @JobHandler(JobName.PostingStatusApply)
  async handle(p: JobPayloads['posting.status-apply']): Promise<void> {
    await this.status.apply(p.tenantId, p.invoiceId);
  }

  async findPending(): Promise<JobRequest[]> {
    const owed = await this.status.unapplied(SWEEP_BATCH);
    return owed.map((o) => ({ name: JobName.PostingStatusApply, payload: o }));
  }
}
