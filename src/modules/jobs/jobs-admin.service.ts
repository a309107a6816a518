import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error.js';
import type { Principal } from '../auth/auth.contract.js';
import { AuditService } from '../audit/audit.service.js';
import { actorOf } from './audit-verification/audit-verification.service.js';
import type { FailedJob } from './job-engine.js';
import { JobQueue } from './job.queue.js';
import { JobsErrors } from './jobs.errors.js';

/** How many failed jobs are scanned for a tenant's list. */
const SCAN_LIMIT = 2000;

/**
 * Failed jobs for a tenant's admin. The queue is shared by all tenants; a tenant's admin
 * sees and retries only jobs whose payload names their tenant (jobs without a tenant are
 * the operator's). A job of another tenant is reported as not found, not as forbidden,
 * so its existence is not revealed.
 */
@Injectable()
export class JobsAdminService {
  constructor(
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
  ) {}

  async listFailed(tenantId: string): Promise<FailedJob[]> {
    const failed = await this.jobs.listFailed(SCAN_LIMIT);
    return failed.filter((j) => j.payload.tenantId === tenantId);
  }

  async retry(principal: Principal, id: string): Promise<void> {
    const job = await this.jobs.getFailed(id);
    if (!job || job.payload.tenantId !== principal.tenantId) {
      throw new DomainError(JobsErrors.JOB_NOT_FOUND, { id });
    }
    if (!(await this.jobs.retryFailed(id))) throw new DomainError(JobsErrors.JOB_NOT_FOUND, { id });
    await this.audit.record({
      tenantId: principal.tenantId,
      actor: actorOf(principal),
      action: 'job.retried',
      subject: `job:${id}`,
      data: { name: job.name, attempts: job.attempts, lastError: job.lastError.slice(0, 500) },
    });
  }
}
