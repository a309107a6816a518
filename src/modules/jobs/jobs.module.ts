import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TransactionRunner } from '../../database/tenant-transaction.js';
import { HealthRegistry } from '../health/health.registry.js';
import { AuditVerificationController } from './audit-verification/audit-verification.controller.js';
import { AuditVerificationJob } from './audit-verification/audit-verification.job.js';
import { AuditVerificationRepository } from './audit-verification/audit-verification.repository.js';
import { AuditVerificationService } from './audit-verification/audit-verification.service.js';
import { JobHandlerExplorer } from './job-handler.explorer.js';
import { JobQueue } from './job.queue.js';
import { JobsAdminController } from './jobs-admin.controller.js';
import { JobsAdminService } from './jobs-admin.service.js';
import { JobsMetrics } from './jobs.metrics.js';

/**
 * Jobs over BullMQ (Redis or its PostgreSQL backend): `JobQueue` for every module, handler
 * discovery with the exactly-one check at boot, recovery sweeps, the failed-jobs admin API
 * and the platform's own `audit.verify` job. Needs the global config, database, audit and
 * health modules.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [JobsAdminController, AuditVerificationController],
  providers: [
    JobQueue,
    JobHandlerExplorer,
    JobsMetrics,
    JobsAdminService,
    TransactionRunner,
    AuditVerificationRepository,
    AuditVerificationService,
    AuditVerificationJob,
  ],
  exports: [JobQueue],
})
export class JobsModule implements OnModuleInit {
  constructor(
    private readonly queue: JobQueue,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.health.register('queue', async () => {
      const h = await this.queue.health();
      if (!h.ok) throw new Error(`${h.backend}: ${h.detail ?? 'unavailable'}`);
    });
  }
}
