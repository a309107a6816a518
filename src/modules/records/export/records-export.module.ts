import { Module, type OnModuleInit } from '@nestjs/common';
import { RecordsFilingService } from '../filing/records-filing.service.js';
import { RecordsModule } from '../records.module.js';
import { DocumentsModule } from '../../documents/documents.module.js';
import { IntakeModule } from '../../intake/intake.module.js';
import { WebPagesModule } from '../../web/web-pages.module.js';
import { RecordsExportController } from './records-export.controller.js';
import { RecordsExportJob } from './records-export.job.js';
import { RecordsExportRepository } from './records-export.repository.js';
import { RecordsExportService } from './records-export.service.js';
import { RecordsExportsWebController } from './web/records-exports-web.controller.js';

/**
 * The case record's export to the tenant's DMS: xdomea 3.0.0 FVDaten.SGOAblegen.0605 into
 * a transfer directory or over HTTP (answered by FVDaten.ImportBestaetigen.0630), or CMIS
 * 1.1 browser binding. `RecordsExportService.enqueueFor` is what the filing calls.
 */
@Module({
  // IntakeModule: the sealed-secret key (CMIS passwords) and the outbound guard.
  imports: [DocumentsModule, WebPagesModule, RecordsModule, IntakeModule],
  controllers: [RecordsExportController, RecordsExportsWebController],
  providers: [RecordsExportRepository, RecordsExportService, RecordsExportJob],
  exports: [RecordsExportService],
})
export class RecordsExportModule implements OnModuleInit {
  constructor(
    private readonly filing: RecordsFilingService,
    private readonly exports: RecordsExportService,
  ) {}

  /** A filed Vorgang goes to the DMS at once (the export sweep finds it too, later). */
  onModuleInit(): void {
    this.filing.onFiled((tenantId, vorgangId) => this.exports.enqueueFor(tenantId, vorgangId));
  }
}
