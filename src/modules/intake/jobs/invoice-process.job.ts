import { Injectable } from '@nestjs/common';
import {
  JobHandler,
  JobName,
  JobQueue,
  RecoverySweep,
  type JobPayloads,
  type JobRequest,
  type RecoverySweeper,
} from '../../jobs/index.js';
import { InvoiceRepository } from '../../invoices/invoice.repository.js';
import { isIntakeFinal } from '../../invoices/invoice-status.js';
import { wantsAnswer } from './supplier-answer.job.js';
import { InvoicePipeline } from '../pipeline/invoice-pipeline.service.js';
import { SchemaAvailability } from '../pipeline/schema-availability.service.js';

/** How many open invoices one sweep re-enqueues at most (the next sweep takes the rest). */
const SWEEP_BATCH = 1000;

/**
 * Runs the intake pipeline of one invoice, and recovers the pipeline after a lost queue:
 * every invoice the database says is still open (received, extracted, validated; waiting for
 * the schemas once they are installed) is work.
 */
@Injectable()
@RecoverySweep()
export class InvoiceProcessJob implements RecoverySweeper {
  readonly name = 'intake.open-invoices';

  constructor(
    private readonly pipeline: InvoicePipeline,
    private readonly invoices: InvoiceRepository,
    private readonly jobs: JobQueue,
    private readonly schemas: SchemaAvailability,
  ) {}

  @JobHandler(JobName.InvoiceProcess)
  async handle(payload: JobPayloads['invoice.process']): Promise<void> {
    const outcome = await this.pipeline.process(payload.tenantId, payload.invoiceId);
    if (!outcome || !isIntakeFinal(outcome.status)) return;
    // Suppliers who sent by e-mail, or asked for an answer on upload, get it once the pipeline has decided.
    const { message } = outcome;
    if (outcome.status === 'awaiting_approval') {
      await this.jobs.enqueue(JobName.ApprovalStart, {
        tenantId: payload.tenantId,
        invoiceId: payload.invoiceId,
      });
    }
    if (message.channel === 'peppol') {
      await this.jobs.enqueue(JobName.PeppolRespond, {
        tenantId: payload.tenantId,
        messageId: message.id,
        invoiceId: payload.invoiceId,
      });
    }
    if (wantsAnswer(message)) {
      await this.jobs.enqueue(JobName.SupplierAnswer, {
        tenantId: payload.tenantId,
        messageId: message.id,
        invoiceId: payload.invoiceId,
      });
    }
  }

  async findPending(): Promise<JobRequest[]> {
    const open = await this.invoices.listOpenAcrossTenants(SWEEP_BATCH);
    // Invoices waiting for the schemas are work only once the schemas are there.
    if (this.schemas.installed())
      open.push(...(await this.invoices.listAwaitingSchemasAcrossTenants(SWEEP_BATCH)));
    return open.map((o) => ({
      name: JobName.InvoiceProcess,
      payload: { tenantId: o.tenantId, invoiceId: o.invoiceId },
    }));
  }
}
