import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InvoiceRepository } from '../../invoices/invoice.repository.js';
import { JobName, JobQueue } from '../../jobs/index.js';
import { isPdf } from '../../validation/pdf/pdf-extract.js';
import { NS } from '../../validation/xml/xnode.js';
import { secureParse } from '../../validation/xml/secure-parse.js';
import { IntakeService } from '../intake.service.js';
import { ValidatorProvider } from '../pipeline/validator.provider.js';
import { analyzeMail, type InvoiceDetector, type MailPlan } from './mail-analyzer.js';
import type { Mailbox } from './mailbox.repository.js';

export type MailDisposition = 'processed' | 'rejected';

/**
 * Takes in one fetched e-mail: stores it raw, splits it into invoices (each invoice
 * attachment becomes one invoice, the other attachments stay with their invoice), or
 * records why the whole mail is refused. Everything is committed before this returns;
 * only then does the poller move the mail to `Processed` or `Rejected`.
 */
@Injectable()
export class MailIntakeService {
  private readonly log = new Logger(MailIntakeService.name);

  constructor(
    private readonly intake: IntakeService,
    private readonly invoices: InvoiceRepository,
    private readonly validators: ValidatorProvider,
    private readonly jobs: JobQueue,
  ) {}

  readonly detect: InvoiceDetector = async (content, contentType) => {
    if (contentType === 'application/pdf' || isPdf(content)) {
      return (await this.validators.extractFromPdf(content)).ok;
    }
    if (!contentType.includes('xml')) return false;
    const parsed = secureParse(content, this.validators.get().options.limits);
    if (!parsed.ok) return true; // a broken XML invoice is still an invoice to answer with findings
    try {
      const r = parsed.root;
      return (
        (r.ns === NS.ubl && r.local === 'Invoice') ||
        (r.ns === NS.cn && r.local === 'CreditNote') ||
        (r.ns === NS.rsm && r.local === 'CrossIndustryInvoice')
      );
    } finally {
      parsed.doc.dispose();
    }
  };

  async process(mailbox: Mailbox, raw: Buffer): Promise<MailDisposition> {
    const plan: MailPlan = await analyzeMail(raw, this.detect);
    const invoiceAttachments = plan.attachments.filter((a) => a.kind === 'invoice');
    const externalId = plan.messageId ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`;
    const result = await this.intake.submit(mailbox.tenantId, {
      channel: 'email',
      raw,
      rawContentType: 'message/rfc822',
      documents: plan.refusal
        ? []
        : invoiceAttachments.map((a) => ({
            content: a.content,
            fileName: a.filename,
            contentType: a.contentType,
          })),
      sender: plan.from ?? 'unknown',
      externalId,
      refusalCode: plan.refusal,
      meta: {
        mailbox: mailbox.id,
        subject: plan.subject,
        replyTo: plan.replyTo,
        lang: plan.lang,
        automatic: plan.automatic,
        messageId: plan.messageId,
        refusedAttachments: plan.attachments.filter((a) => a.kind === 'refused').map((a) => a.filename),
      },
    });
    // Supporting documents stay with their invoice(s); idempotent, so a re-fetched mail adds nothing twice.
    if (!plan.refusal) {
      const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
      const byIndex = new Map(
        invoiceAttachments.map((a) => [
          a.index,
          result.invoices.find((i) => i.documentSha256 === sha(a.content)),
        ]),
      );
      for (const a of plan.attachments.filter((x) => x.kind === 'supporting')) {
        const stored = await this.intake.storeBlob(a.content);
        for (const owner of a.belongsTo) {
          const inv = byIndex.get(owner);
          if (inv) {
            await this.invoices.addAttachment(mailbox.tenantId, inv.id, {
              sha256: stored,
              fileName: a.filename,
              mimeCode: a.contentType,
              source: 'message',
            });
          }
        }
      }
    } else if (!plan.automatic) {
      await this.jobs
        .enqueue(JobName.SupplierAnswer, {
          tenantId: mailbox.tenantId,
          messageId: result.message.id,
          invoiceId: '',
        })
        .catch((err: unknown) =>
          this.log.warn(`answer for message ${result.message.id} not enqueued (sweep will): ${String(err)}`),
        );
    }
    return plan.refusal ? 'rejected' : 'processed';
  }
}
