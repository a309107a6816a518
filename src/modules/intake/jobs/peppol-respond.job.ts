import { Injectable } from '@nestjs/common';
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

const SWEEP_BATCH = 500;
const TIMEOUT_MS = 10_000;

/**
 * POSTs the final Message Level Response (AP or RE) of a Peppol delivery to the callback
 * the access point configured. A failed or refused POST fails the job, so the job module
 * retries it with backoff; delivered responses are marked and never sent again.
 */
@Injectable()
@RecoverySweep()
export class PeppolRespondJob implements RecoverySweeper {
  readonly name = 'intake.peppol-responses';

  constructor(
    private readonly responses: MessageLevelResponses,
    private readonly callbacks: PeppolCallbackRepository,
    private readonly invoices: InvoiceRepository,
  ) {}

  @JobHandler(JobName.PeppolRespond)
  async handle(p: JobPayloads['peppol.respond']): Promise<void> {
    const response = await this.responses.forDelivery(p.tenantId, p.messageId);
    if (!response?.invoice || response.code === 'AB') return;
    if (await this.invoices.answeredAt(p.tenantId, response.invoice.id)) return;
    const accessPoint = (response.message.meta as { accessPoint?: string }).accessPoint ?? '';
    const url = accessPoint.startsWith('api-key:')
      ? await this.callbacks.get(p.tenantId, accessPoint.slice('api-key:'.length))
      : undefined;
    if (!url) return;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/xml; charset=utf-8' },
      body: response.xml,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
    if (!res.ok) throw new Error(`callback ${new URL(url).host} answered ${res.status}`);
    await this.invoices.markAnswered(p.tenantId, { invoiceId: response.invoice.id });
  }

  async findPending(): Promise<JobRequest[]> {
    const owed = await this.callbacks.listUndeliveredAcrossTenants(SWEEP_BATCH);
    return owed.map((o) => ({ name: JobName.PeppolRespond, payload: o }));
  }
}
