import { Injectable } from '@nestjs/common';
import { JobHandler, RecoverySweep } from '../job-handler.decorator.js';
import { JobName, type JobPayloads, type JobRequest } from '../job-names.js';
import type { RecoverySweeper } from '../recovery-sweeper.js';
import { AuditVerificationService } from './audit-verification.service.js';

/** Runs `audit.verify` jobs and re-enqueues pending verifications the queue lost. */
@Injectable()
@RecoverySweep()
export class AuditVerificationJob implements RecoverySweeper {
  readonly name = 'audit-verifications';

  constructor(private readonly verifications: AuditVerificationService) {}

  @JobHandler(JobName.AuditVerify)
  async verify(payload: JobPayloads['audit.verify']): Promise<void> {
    await this.verifications.run(payload.tenantId, payload.verificationId);
  }

  async findPending(): Promise<JobRequest[]> {
    const rows = await this.verifications.pending();
    return rows.map((r) => ({
      name: JobName.AuditVerify,
      payload: { tenantId: r.tenantId, verificationId: r.id },
    }));
  }
}
