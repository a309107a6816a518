import { Global, Module } from '@nestjs/common';
import { CASE_RECORD_NOTES } from '../postings/status/case-record-notes.js';
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
  exports: [RecordsService, RecordsFilingService],
})
export class RecordsModule {}

/**
 * The case record's notes for other domains without a dependency on this module: the postings
 * status back files "ordered" and "paid" notes through `CASE_RECORD_NOTES` (optional there).
 */
@Global()
@Module({
  imports: [RecordsModule],
  providers: [{ provide: CASE_RECORD_NOTES, useExisting: RecordsService }],
  exports: [CASE_RECORD_NOTES],
})
export class RecordsNotesModule {}
