import { Module } from '@nestjs/common';
import { OutboundGuard } from '../../../common/net/outbound-guard.js';
import { AppConfig } from '../../../config/app-config.js';
import { DocumentsModule } from '../../documents/documents.module.js';
import { MailSecrets } from '../../intake/mail/mail-secrets.js';
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
  imports: [DocumentsModule, WebPagesModule],
  controllers: [RecordsExportController, RecordsExportsWebController],
  providers: [
    RecordsExportRepository,
    RecordsExportService,
    RecordsExportJob,
    MailSecrets,
    {
      provide: OutboundGuard,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new OutboundGuard(config.get('OUTBOUND_ALLOW')),
    },
  ],
  exports: [RecordsExportService],
})
export class RecordsExportModule {}
