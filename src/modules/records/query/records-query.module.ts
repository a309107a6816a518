import { Module } from '@nestjs/common';
import { DocumentsModule } from '../../documents/documents.module.js';
import { RecordsQueryController } from './records-query.controller.js';
import { RecordsQueryRepository } from './records-query.repository.js';
import { RecordsQueryService } from './records-query.service.js';

/**
 * Reading the case record (search, a Vorgang, a document, the Vorgang as ZIP). Reads the
 * record tables and the invoices' columns; writes nothing but audit entries.
 */
@Module({
  imports: [DocumentsModule],
  controllers: [RecordsQueryController],
  providers: [RecordsQueryRepository, RecordsQueryService],
  exports: [RecordsQueryService],
})
export class RecordsQueryModule {}
