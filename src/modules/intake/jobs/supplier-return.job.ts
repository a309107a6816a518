import { Inject, Injectable, Logger } from '@nestjs/common';
import { OutboundGuard } from '../../../common/net/outbound-guard.js';
import {
  JobHandler,
  JobName,
  RecoverySweep,
  type JobPayloads,
  type JobRequest,
  type RecoverySweeper,
} from '../../jobs/index.js';
import {
  InvoiceRepository,
  type InvoiceRecord,
  type MessageRecord,
} from '../../invoices/invoice.repository.js';
import { TenantService } from '../../tenants/tenant.service.js';
import { secureParse } from '../../validation/xml/secure-parse.js';
import { composeReturnNotice } from '../answers/return-answer.js';
import { IntakeService } from '../intake.service.js';
import { MAILER, type Mailer } from '../mail/mailer.js';
import type { ParticipantId } from '../peppol/participant-id.js';
import { deliverToCallback } from '../peppol/callback-delivery.js';
import { PeppolCallbackRepository } from '../peppol/peppol-callback.repository.js';
import { buildInvoiceResponse, documentTypeCodeOf } from '../returns/invoice-response.js';
import { SupplierReturnRepository } from '../returns/supplier-return.repository.js';
import { answerAddressOf } from './supplier-answer.job.js';

const SWEEP_BATCH = 500;

/** What the approval core records with the move to `returned`. */
export interface ReturnDetail {
  readonly reason: string;
  readonly at: Date;
}

/** The reason and time of the (last) move to `returned`, from the lifecycle history. */
export function returnDetailOf(
  history: ReadonlyArray<{ toStatus: string; at: Date; detail: Record<string, unknown> | null }>,
): ReturnDetail | undefined {
  const event = [...history].reverse().find((e) => e.toStatus === 'returned');
  if (!event) return undefined;
  const reason = event.detail?.reason;
  return { reason: typeof reason === 'string' ? reason : '', at: event.at };
}

/**
 * Tells the supplier of a returned invoice why, on the channel the invoice came by:
 * - e-mail (or an upload that gave `X-Answer-To`): a mail to the address the intake answer
 *   went to, threaded to the supplier's mail;
 * - Peppol: a Peppol BIS Invoice Response (RE, the reason as status reason OTH), stored for
 *   the access point to fetch and POSTed to its callback when one is set;
 * - an upload without `X-Answer-To`: the status link is the channel, nothing to send.
 *
 * The database decides what is owed (a returned invoice without a `supplier_returns` row);
 * the mark is written after the answer went out, so a crash in between answers again
 * (at least once) and an answered return is never answered twice.
 */
@Injectable()
@RecoverySweep()
export class SupplierReturnJob implements RecoverySweeper {
  readonly name = 'intake.supplier-returns';
  private readonly log = new Logger('SupplierReturnJob');

  constructor(
    private readonly invoices: InvoiceRepository,
    private readonly returns: SupplierReturnRepository,
    private readonly callbacks: PeppolCallbackRepository,
    private readonly tenants: TenantService,
    private readonly intake: IntakeService,
    private readonly guard: OutboundGuard,
    @Inject(MAILER) private readonly mailer: Mailer,
  ) {}

  @JobHandler(JobName.SupplierReturn)
  async handle(p: JobPayloads['supplier.return']): Promise<void> {
    const inv = await this.invoices.get(p.tenantId, p.invoiceId);
    if (!inv || inv.status !== 'returned') return;
    if (await this.returns.isAnswered(p.tenantId, inv.id)) return;
    const message = await this.invoices.getMessage(p.tenantId, inv.messageId);
    const detail = returnDetailOf(await this.invoices.history(p.tenantId, inv.id));
    if (!message || !detail) return;
    if (message.channel === 'peppol') return this.answerByPeppol(inv, message, detail);
    const to = answerAddressOf(message);
    if (!to) {
      await this.returns.markAnswered(p.tenantId, inv.id, 'status-link', {});
      return;
    }
    const tenant = await this.tenants.get(p.tenantId);
    const meta = message.meta as { lang?: 'de' | 'en'; messageId?: string };
    const notice = composeReturnNotice({
      lang: meta.lang === 'en' ? 'en' : 'de',
      invoiceNumber: inv.number ?? undefined,
      issueDate: inv.issueDate ?? undefined,
      amountDue: inv.amountDue ?? undefined,
      currency: inv.currency ?? undefined,
      reason: detail.reason,
      office: tenant.name,
      returnedAt: detail.at,
      trackingId: inv.id,
      statusUrl: this.intake.statusUrl(inv.statusToken),
      // Threaded to the supplier's mail; an upload has no mail to thread to.
      inReplyTo: message.channel === 'email' ? meta.messageId : undefined,
    });
    await this.mailer.send({ to, ...notice });
    await this.returns.markAnswered(p.tenantId, inv.id, 'email', { to });
  }

  private async answerByPeppol(
    inv: InvoiceRecord,
    message: MessageRecord,
    detail: ReturnDetail,
  ): Promise<void> {
    const tenant = await this.tenants.get(inv.tenantId);
    const meta = message.meta as { sender?: ParticipantId; receiver?: ParticipantId; accessPoint?: string };
    const unknown = { scheme: '0000', value: 'unknown' };
    const documentReference = inv.number ?? message.externalId ?? inv.id;
    const response = await this.returns.issueResponse(inv.tenantId, {
      invoiceId: inv.id,
      messageId: message.id,
      code: 'RE',
      documentReference,
      build: (id) => {
        const xml = buildInvoiceResponse({
          id,
          issuedAt: new Date(),
          code: 'RE',
          sender: { endpoint: meta.receiver ?? unknown, name: tenant.name },
          receiver: {
            endpoint: meta.sender ?? unknown,
            name: inv.sellerName ?? meta.sender?.value ?? 'unknown',
          },
          document: {
            id: documentReference,
            issueDate: inv.issueDate ?? undefined,
            typeCode: documentTypeCodeOf(
              (inv.model as { typeCode?: unknown } | null)?.typeCode,
              inv.syntax === 'ubl-creditnote',
            ),
          },
          effectiveDate: detail.at.toISOString().slice(0, 10),
          clarifications: [{ list: 'OPStatusReason', code: 'OTH', text: detail.reason || undefined }],
        });
        // Never store (or send) a document that does not parse.
        const parsed = secureParse(new TextEncoder().encode(xml));
        if (!parsed.ok) throw new Error(`invoice response not well-formed: ${parsed.finding.id}`);
        parsed.doc.dispose();
        return xml;
      },
    });

    let callback = 'none';
    const accessPoint = meta.accessPoint ?? '';
    const apiKeyId = accessPoint.startsWith('api-key:') ? accessPoint.slice('api-key:'.length) : undefined;
    const cb = apiKeyId ? await this.callbacks.find(inv.tenantId, apiKeyId) : undefined;
    if (apiKeyId && cb?.enabled && !response.deliveredAt) {
      await deliverToCallback(
        { guard: this.guard, callbacks: this.callbacks, log: this.log },
        { tenantId: inv.tenantId, apiKeyId, url: cb.url },
        response.xml,
      );
      await this.returns.markResponseDelivered(inv.tenantId, response.id);
      callback = 'delivered';
    } else if (response.deliveredAt) {
      callback = 'delivered';
    }
    await this.returns.markAnswered(inv.tenantId, inv.id, 'peppol', { responseId: response.id, callback });
  }

  async findPending(): Promise<JobRequest[]> {
    const owed = await this.returns.listDueAcrossTenants(SWEEP_BATCH);
    return owed.map((o) => ({ name: JobName.SupplierReturn, payload: o }));
  }
}
