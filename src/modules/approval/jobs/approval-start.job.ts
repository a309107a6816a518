import { Injectable } from '@nestjs/common';
import {
  JobHandler,
  JobName,
  RecoverySweep,
  type JobPayloads,
  type JobRequest,
  type RecoverySweeper,
} from '../../jobs/index.js';
import { ApprovalService } from '../approval.service.js';

const SWEEP_BATCH = 1000;

/**
 * Starts the approval of invoices that reached `awaiting_approval`. The database decides:
 * every such invoice without an approval is work for the sweep, so a lost enqueue only
 * waits for the next sweep, and a duplicate start changes nothing.
 */
@Injectable()
@RecoverySweep()
export class ApprovalStartJob implements RecoverySweeper {
  readonly name = 'approval.unstarted';

  constructor(private readonly approval: ApprovalService) {}

  @JobHandler(JobName.ApprovalStart)
  async handle(p: JobPayloads['approval.start']): Promise<void> {
    await this.approval.start(p.tenantId, p.invoiceId);
  }

  async findPending(): Promise<JobRequest[]> {
    const open = await this.approval.unstarted(SWEEP_BATCH);
    return open.map((o) => ({
      name: JobName.ApprovalStart,
      payload: { tenantId: o.tenantId, invoiceId: o.invoiceId },
    }));
  }
}
