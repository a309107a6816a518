import { Injectable, Logger } from '@nestjs/common';
import { OutboundGuard } from '../../../common/net/outbound-guard.js';
import {
  JobHandler,
  JobName,
  RecoverySweep,
  type JobPayloads,
  type JobRequest,
  type RecoverySweeper,
} from '../../jobs/index.js';
import { InvoiceRepository } from '../../invoices/invoice.repository.js';
import { MessageLevelResponses } from '../peppol/message-level-response.service.js';
import { PeppolCallbackRepository } from '../peppol/peppol-callback.repository.js';
import { deliverToCallback } from '../peppol/callback-delivery.js';

const SWEEP_BATCH = 500;

/**
 * POSTs the final Message Level Response (AP or RE) of a Peppol delivery to the callback
 * the access point configured. A failed or refused POST fails the job, so the job module
 * retries it with backoff; delivered responses are marked and never sent again.
 *
 * The callback is a tenant admin's URL: the POST goes through the `OutboundGuard`, and what
 * fails is reported — in the job's error, which the tenant's admin sees, and on the callback —
 * as a stable code only. What the target said (status, body) goes to the operator's log.
 */
@Injectable()
@RecoverySweep()
export class PeppolRespondJob implements RecoverySweeper {
  readonly name = 'intake.peppol-responses';
  private readonly log = new Logger('PeppolRespondJob');

  constructor(
    private readonly responses: MessageLevelResponses,
    private readonly callbacks: PeppolCallbackRepository,
    private readonly invoices: InvoiceRepository,
    private readonly guard: OutboundGuard,
  ) {}

  @JobHandler(JobName.PeppolRespond)
  async handle(p: JobPayloads['peppol.respond']): Promise<void> {
    const response = await this.responses.forDelivery(p.tenantId, p.messageId);
    if (!response?.invoice || response.code === 'AB') return;
    if (await this.invoices.answeredAt(p.tenantId, response.invoice.id)) return;
    const accessPoint = (response.message.meta as { accessPoint?: string }).accessPoint ?? '';
    if (!accessPoint.startsWith('api-key:')) return;
    const apiKeyId = accessPoint.slice('api-key:'.length);
    const callback = await this.callbacks.find(p.tenantId, apiKeyId);
    if (!callback?.enabled) return;
    await deliverToCallback(
      { guard: this.guard, callbacks: this.callbacks, log: this.log },
      { tenantId: p.tenantId, apiKeyId, url: callback.url },
      response.xml,
    );
    await this.invoices.markAnswered(p.tenantId, { invoiceId: response.invoice.id });
  }

  async findPending(): Promise<JobRequest[]> {
    const owed = await this.callbacks.listUndeliveredAcrossTenants(SWEEP_BATCH);
    return owed.map((o) => ({ name: JobName.PeppolRespond, payload: o }));
  }
}
