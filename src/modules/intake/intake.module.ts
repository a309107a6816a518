import { Logger, Module } from '@nestjs/common';
import { OutboundGuard } from '../../common/net/outbound-guard.js';
import { AppConfig } from '../../config/app-config.js';
import { TransactionRunner } from '../../database/tenant-transaction.js';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { InvoiceRepository } from '../invoices/invoice.repository.js';
import { InvoiceRevalidation } from '../invoices/invoice-revalidation.js';
import { InvoiceRevalidationController } from '../invoices/invoice-revalidation.controller.js';
import { InvoicesModule } from '../invoices/invoices.module.js';
import { JobName, JobQueue } from '../jobs/index.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { WebPagesModule } from '../web/web-pages.module.js';
import { IntakeController } from './intake.controller.js';
import { IntakeService } from './intake.service.js';
import { InvoiceProcessJob } from './jobs/invoice-process.job.js';
import { PeppolController } from './peppol/peppol.controller.js';
import { MessageLevelResponses } from './peppol/message-level-response.service.js';
import { PeppolCallbackRepository } from './peppol/peppol-callback.repository.js';
import { PeppolCallbacksController } from './peppol/peppol-callbacks.controller.js';
import { PeppolCallbackService } from './peppol/peppol-callback.service.js';
import { PeppolRespondJob } from './jobs/peppol-respond.job.js';
import { SupplierAnswerJob } from './jobs/supplier-answer.job.js';
import { SupplierReturnJob } from './jobs/supplier-return.job.js';
import { InvoiceResponsesController } from './returns/invoice-responses.controller.js';
import { SupplierReturnRepository } from './returns/supplier-return.repository.js';
import { ImapPoller } from './mail/imap-poller.service.js';
import { MailIntakeService } from './mail/mail-intake.service.js';
import { MailboxRepository } from './mail/mailbox.repository.js';
import { MailboxesController } from './mail/mailboxes.controller.js';
import { MailboxService } from './mail/mailbox.service.js';
import { MailSecrets } from './mail/mail-secrets.js';
import { LogMailer, MAILER, SmtpMailer } from './mail/mailer.js';
import { InvoicePipeline } from './pipeline/invoice-pipeline.service.js';
import { SchemaAvailability } from './pipeline/schema-availability.service.js';
import { ValidatorProvider } from './pipeline/validator.provider.js';

/** Intake channels (upload API, IMAP mailboxes, Peppol-like endpoint) and the pipeline that turns what they receive into routed invoices. */
@Module({
  imports: [AuditModule, TenantsModule, AuthModule, WebPagesModule, DocumentsModule, InvoicesModule],
  controllers: [
    IntakeController,
    PeppolController,
    PeppolCallbacksController,
    InvoiceResponsesController,
    MailboxesController,
    InvoiceRevalidationController,
  ],
  providers: [
    TransactionRunner,
    IntakeService,
    InvoicePipeline,
    ValidatorProvider,
    SchemaAvailability,
    InvoiceProcessJob,
    {
      provide: InvoiceRevalidation,
      inject: [InvoiceRepository, JobQueue],
      useFactory: (invoices: InvoiceRepository, jobs: JobQueue) =>
        new InvoiceRevalidation(invoices, async (tenantId, invoiceId) => {
          // The invoice is committed as open: a lost enqueue only waits for the recovery sweep.
          await jobs.enqueue(JobName.InvoiceProcess, { tenantId, invoiceId }).catch((err: unknown) => {
            new Logger('InvoiceRevalidation').warn(
              `enqueueing invoice ${invoiceId} failed (the recovery sweep takes it): ${String(err)}`,
            );
          });
        }),
    },
    {
      provide: MAILER,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const url = config.get('SMTP_URL');
        return url ? new SmtpMailer(url, config.get('MAIL_FROM')) : new LogMailer();
      },
    },
    SupplierAnswerJob,
    MessageLevelResponses,
    {
      provide: OutboundGuard,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new OutboundGuard(config.get('OUTBOUND_ALLOW')),
    },
    PeppolCallbackRepository,
    PeppolCallbackService,
    PeppolRespondJob,
    SupplierReturnRepository,
    SupplierReturnJob,
    MailSecrets,
    MailboxRepository,
    MailboxService,
    MailIntakeService,
    ImapPoller,
  ],
  exports: [
    IntakeService,
    MailboxService,
    InvoiceRevalidation,
    InvoicesModule,
    DocumentsModule,
    MAILER,
    // One key for sealed secrets and one guard for outbound connections, also for the DMS
    // exports and the posting webhooks.
    MailSecrets,
    OutboundGuard,
  ],
})
export class IntakeModule {}
