import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module.js';
import { DocumentsModule } from '../../documents/documents.module.js';
import { DayRootJob } from './day-root.job.js';
import { DayRootService } from './day-root.service.js';
import { ProcedureRepository } from './procedure.repository.js';
import { ProcedureService } from './procedure.service.js';
import { RecordsIntegrityController } from './records-integrity.controller.js';
import { RecordsIntegrityRepository } from './records-integrity.repository.js';
import { RecordsVerifyService } from './records-verify.service.js';
import { RetentionService } from './retention.service.js';

/**
 * Integrity and retention of the case record: the daily Merkle roots and their job,
 * verification, legal holds and disposal runs. The filing itself is the records module's.
 */
@Module({
  imports: [AuditModule, DocumentsModule],
  controllers: [RecordsIntegrityController],
  providers: [
    RecordsIntegrityRepository,
    ProcedureRepository,
    ProcedureService,
    DayRootService,
    DayRootJob,
    RecordsVerifyService,
    RetentionService,
  ],
  exports: [ProcedureService, DayRootService, RecordsVerifyService, RetentionService],
})
export class RecordsIntegrityModule {}
