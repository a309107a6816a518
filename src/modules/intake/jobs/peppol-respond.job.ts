import { Injectable, Logger } from '@nestjs/common';
import {
  isOutboundForbidden,
  OUTBOUND_ADDRESS_FORBIDDEN,
  OutboundGuard,
} from '../../../common/net/outbound-guard.js';
import { postOutbound } from '../../../common/net/outbound-http.js';
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
import { PeppolCallbackErrors } from '../peppol/peppol-callback.errors.js';

const SWEEP_BATCH = 500;
const TIMEOUT_MS = 10_000;

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
    const url = new URL(callback.url);
    let failure: string | undefined;
    try {
      const status = await postOutbound(this.guard, url, {
        headers: { 'content-type': 'application/xml; charset=utf-8' },
        body: response.xml,
        timeoutMs: TIMEOUT_MS,
      });
      if (status < 200 || status > 299) {
        this.log.warn(`callback of api-key ${apiKeyId} (${url.host}) answered ${status}`);
        failure = PeppolCallbackErrors.CALLBACK_DELIVERY_FAILED.code;
      }
    } catch (err) {
      this.log.warn(`callback of api-key ${apiKeyId} (${url.host}): ${String(err)}`);
      failure = isOutboundForbidden(err)
        ? OUTBOUND_ADDRESS_FORBIDDEN
        : PeppolCallbackErrors.CALLBACK_DELIVERY_FAILED.code;
    }
    await this.callbacks.recordAttempt(p.tenantId, apiKeyId, failure ?? null);
    if (failure) throw new Error(failure);
    await this.invoices.markAnswered(p.tenantId, { invoiceId: response.invoice.id });
  }

  async findPending(): Promise<JobRequest[]> {
    const owed = await this.callbacks.listUndeliveredAcrossTenants(SWEEP_BATCH);
    return owed.map((o) => ({ name: JobName.PeppolRespond, payload: o }));
  }
}
