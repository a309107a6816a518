import { Module } from '@nestjs/common';
import { TransactionRunner } from '../../database/tenant-transaction.js';
import { AuthModule } from '../auth/auth.module.js';
import { IntakeModule } from '../intake/intake.module.js';
import { InvoicesModule } from '../invoices/invoices.module.js';
import { WebhookDeliveryJob } from './delivery/webhook-delivery.job.js';
import { WebhookRepository } from './delivery/webhook.repository.js';
import { WebhookService } from './delivery/webhook.service.js';
import { WebhooksController } from './delivery/webhooks.controller.js';
import { DatevSettingsRepository } from './export/datev-settings.repository.js';
import { ExportController } from './export/export.controller.js';
import { PostingExportService } from './export/posting-export.service.js';
import { PostingReadRepository } from './export/posting-read.repository.js';
import { StatusApplyJob } from './status/status-apply.job.js';
import { PostingStatusController } from './status/status.controller.js';
import { PostingStatusRepository } from './status/status.repository.js';
import { PostingStatusService } from './status/status.service.js';

/**
 * Postings going out to finance systems: webhooks (`delivery/`), DATEV and CSV files
 * (`export/`) and the status finance systems report back (`status/`). Builds on the
 * `postings` table; creating postings, the feed and acknowledgements are the postings module's.
 */
@Module({
  // IntakeModule: the outbound guard every connection to a tenant-configured target uses.
  imports: [AuthModule, InvoicesModule, IntakeModule],
  controllers: [WebhooksController, ExportController, PostingStatusController],
  providers: [
    TransactionRunner,
    WebhookRepository,
    WebhookService,
    WebhookDeliveryJob,
    PostingReadRepository,
    DatevSettingsRepository,
    PostingExportService,
    PostingStatusRepository,
    PostingStatusService,
    StatusApplyJob,
  ],
  exports: [PostingExportService, PostingStatusService, WebhookService],
})
export class PostingsOutModule {}
