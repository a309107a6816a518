import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../../../common/errors/domain-error.js';
import { TransactionRunner } from '../../../database/tenant-transaction.js';
import type { Principal } from '../../auth/auth.contract.js';
import { AuditService } from '../../audit/audit.service.js';
import { PermanentJobError } from '../job-engine.js';
import { JobQueue } from '../job.queue.js';
import { JobName } from '../job-names.js';
import { JobsErrors } from '../jobs.errors.js';
import type { AuditVerificationEntity } from './audit-verification.entity.js';
import { AuditVerificationRepository } from './audit-verification.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function actorOf(principal: Principal): string {
  return `${principal.kind === 'user' ? 'user' : 'api-key'}:${principal.id}`;
}

/**
 * Verifications of the audit hash chain, requested by a tenant's admin or auditor and
 * carried out asynchronously by the `audit.verify` job (in a worker process).
 */
@Injectable()
export class AuditVerificationService {
  private readonly logger = new Logger('AuditVerification');

  constructor(
    private readonly repository: AuditVerificationRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly jobs: JobQueue,
  ) {}

  /**
   * Records the request (with its audit entry, atomically), then enqueues the job. The row
   * is committed first: if the enqueue fails or the queue loses the job, the recovery sweep
   * finds the pending row and enqueues it again, so the request is never lost.
   */
  async request(principal: Principal): Promise<AuditVerificationEntity> {
    const tenantId = principal.tenantId;
    const row = await this.tx.inTenant(tenantId, async () => {
      const created = await this.repository.create(tenantId, actorOf(principal));
      await this.audit.record({
        tenantId,
        actor: actorOf(principal),
        action: 'audit.verification.requested',
        subject: `audit-verification:${created.id}`,
      });
      return created;
    });
    try {
      await this.jobs.enqueue(JobName.AuditVerify, { tenantId, verificationId: row.id });
    } catch (err) {
      this.logger.warn(
        `audit verification ${row.id} stored but not enqueued (the recovery sweep will): ${(err as Error).message}`,
      );
    }
    return row;
  }

  async get(tenantId: string, id: string): Promise<AuditVerificationEntity> {
    const row = UUID.test(id) ? await this.repository.findById(tenantId, id) : null;
    if (!row) throw new DomainError(JobsErrors.AUDIT_VERIFICATION_NOT_FOUND, { id });
    return row;
  }

  /**
   * The job's work. Idempotent: a verification that is no longer pending (a duplicate or
   * late delivery) is left alone, and the result is stored only if the row is still
   * pending when the verification finishes.
   */
  async run(tenantId: string, id: string): Promise<void> {
    // A malformed payload will not get better with retries: fail at once, visibly.
    if (!UUID.test(tenantId) || !UUID.test(id)) {
      throw new PermanentJobError(
        `malformed audit.verify payload (tenant '${tenantId}', verification '${id}')`,
      );
    }
    const row = await this.repository.findById(tenantId, id);
    if (!row || row.status !== 'pending') return;
    // The tenant's own count: the installation's total would tell it about the others.
    const result = await this.audit.verify({ tenantId });
    await this.tx.inTenant(tenantId, async () => {
      const stored = await this.repository.complete(tenantId, id, {
        ok: result.ok,
        checked: result.checked,
        firstBroken: result.firstBroken ?? null,
      });
      if (!stored) return;
      await this.audit.record({
        tenantId,
        actor: 'system',
        action: 'audit.verification.completed',
        subject: `audit-verification:${id}`,
        data: { ok: result.ok, checked: result.checked },
      });
    });
  }

  /** Every pending verification of every tenant (for the recovery sweep). */
  pending(): Promise<Array<{ tenantId: string; id: string }>> {
    return this.repository.findAllPending();
  }
}
