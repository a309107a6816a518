import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AccountsModule } from './accounts/accounts.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { IntakeModule } from '../intake/intake.module.js';
import { ApprovalHooks } from './approval-hooks.js';
import { ApprovalController } from './approval.controller.js';
import { ApprovalRepository } from './approval.repository.js';
import { ApprovalService } from './approval.service.js';
import { ApprovalStartJob } from './jobs/approval-start.job.js';

/** Approval policies, tasks, decisions, Kontierung, groups, limits and substitutes. */
@Module({
  imports: [AuditModule, IntakeModule, AccountsModule, CalendarModule],
  controllers: [ApprovalController],
  providers: [ApprovalRepository, ApprovalService, ApprovalStartJob, ApprovalHooks],
  exports: [ApprovalService, ApprovalRepository, ApprovalHooks],
})
export class ApprovalModule {}
