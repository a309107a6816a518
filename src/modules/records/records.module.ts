import { Module } from '@nestjs/common';
import { ApprovalModule } from '../approval/approval.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { InvoicesModule } from '../invoices/invoices.module.js';
import { RecordsAllocationHook } from './filing/records-allocation.hook.js';
import { RecordsFileJob } from './filing/records-file.job.js';
import { RecordsFilingService } from './filing/records-filing.service.js';
import { RecordsRepository } from './records.repository.js';
import { RecordsService } from './records.service.js';
import { RecordsSettingsController } from './records-settings.controller.js';

/**
 * The built-in case record (E-Akte): Akte → Vorgang → Dokument. Allocates the Vorgang in the
 * approving transaction (ApprovalHooks, order 100), files the documents by job and sweep, and
 * offers the record to the other modules through `RecordsService`.
 */
@Module({
  imports: [ApprovalModule, AuditModule, InvoicesModule],
  controllers: [RecordsSettingsController],
  providers: [RecordsRepository, RecordsService, RecordsFilingService, RecordsAllocationHook, RecordsFileJob],
  exports: [RecordsService],
})
export class RecordsModule {}
