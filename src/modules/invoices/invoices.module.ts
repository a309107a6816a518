import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module.js';
import { InvoiceReadService } from './invoice-read.service.js';
import { InvoiceRepository } from './invoice.repository.js';

/**
 * The one owner of "an invoice": its tables (one `InvoiceRepository` per process, which
 * intake writes through) and the read model for people (`InvoiceReadService`).
 */
@Module({
  imports: [DocumentsModule],
  providers: [InvoiceRepository, InvoiceReadService],
  exports: [InvoiceRepository, InvoiceReadService, DocumentsModule],
})
export class InvoicesModule {}
