import { Inject, Injectable } from '@nestjs/common';
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
import type { ValidationResult } from '../../validation/index.js';
import { htmlReport } from '../../validation/report/html-report.js';
import { ENGINE_FINDINGS } from '../../validation/findings.js';
import { composeSupplierAnswer, type AnswerFinding, type AnswerInput } from '../answers/supplier-answer.js';
import { isRoutingCode, routingReason } from '../pipeline/routing-reasons.js';
import { IntakeService } from '../intake.service.js';
import { MAILER, type Mailer } from '../mail/mailer.js';

const SWEEP_BATCH = 500;

interface AnswerMeta {
  /** Upload API: the address given in `X-Answer-To`. */
  answerTo?: string;
  replyTo?: string;
  lang?: 'de' | 'en';
  automatic?: boolean;
  messageId?: string;
}

/** Mail senders are answered (unless their mail was automatic); upload senders when they asked. */
export function wantsAnswer(message: Pick<MessageRecord, 'channel' | 'meta'>): boolean {
  const meta = message.meta as AnswerMeta;
  if (message.channel === 'email') return !meta.automatic;
  return message.channel === 'upload' && typeof meta.answerTo === 'string';
}

/**
 * The address answers to this message go to: `X-Answer-To` of an upload, else the mail's
 * Reply-To, else its sender; none for automatic mail or when no answer is wanted.
 */
export function answerAddressOf(
  message: Pick<MessageRecord, 'channel' | 'meta' | 'sender'>,
): string | undefined {
  if (!wantsAnswer(message)) return undefined;
  const meta = message.meta as AnswerMeta;
  const to = meta.answerTo ?? meta.replyTo ?? message.sender;
  return meta.automatic || !to || !to.includes('@') ? undefined : to;
}

/** Explanations of whole-mail refusals, by stable code. */
const REFUSALS: Record<string, { de: string; en: string }> = {
  'MAIL-TOO-LARGE': { de: 'Die E-Mail ist größer als 20 MB.', en: 'The e-mail is larger than 20 MB.' },
  'MAIL-TOO-MANY-ATTACHMENTS': {
    de: 'Die E-Mail hat mehr als 200 Anhänge.',
    en: 'The e-mail has more than 200 attachments.',
  },
  'MAIL-NO-INVOICE': {
    de: 'Die E-Mail enthält keine elektronische Rechnung (XRechnung oder ZUGFeRD/Factur-X als Anhang).',
    en: 'The e-mail contains no electronic invoice (XRechnung or ZUGFeRD/Factur-X as attachment).',
  },
  'MAIL-UNREADABLE': { de: 'Die E-Mail kann nicht gelesen werden.', en: 'The e-mail cannot be read.' },
};

/**
 * Answers suppliers who sent by e-mail (or asked for it on upload, `X-Answer-To`): a receipt when their invoice was taken in, the
 * findings when it was rejected, the reason when their mail was refused. Never answers
 * automatic mail (auto-replies, bounces, lists). Sent at least once: the mark is set after
 * sending, so a crash in between sends the answer again rather than never.
 */
@Injectable()
@RecoverySweep()
export class SupplierAnswerJob implements RecoverySweeper {
  readonly name = 'intake.mail-answers';

  constructor(
    private readonly invoices: InvoiceRepository,
    private readonly intake: IntakeService,
    @Inject(MAILER) private readonly mailer: Mailer,
  ) {}

  @JobHandler(JobName.SupplierAnswer)
  async handle(p: JobPayloads['supplier.answer']): Promise<void> {
    const message = await this.invoices.getMessage(p.tenantId, p.messageId);
    const to = message && answerAddressOf(message);
    if (!message || !to) return;
    const meta = message.meta as AnswerMeta;
    const base = {
      lang: meta.lang ?? 'de',
      receivedAt: message.receivedAt,
      inReplyTo: meta.messageId,
    } as const;

    let input: AnswerInput;
    if (!p.invoiceId) {
      if (message.answeredAt || message.status !== 'refused') return;
      const code = message.refusalCode ?? 'MAIL-UNREADABLE';
      input = {
        ...base,
        kind: 'refusal',
        trackingId: message.id,
        refusal: { code, ...(REFUSALS[code] ?? ENGINE_FINDINGS['FILE-UNREADABLE']) },
      };
    } else {
      const inv = await this.invoices.get(p.tenantId, p.invoiceId);
      if (!inv || (await this.invoices.answeredAt(p.tenantId, inv.id))) return;
      if (!['rejected', 'duplicate', 'awaiting_approval'].includes(inv.status)) return;
      const report = inv.report as ValidationResult | null;
      const rejected = inv.status === 'rejected';
      input = {
        ...base,
        kind: rejected ? 'rejection' : 'receipt',
        trackingId: inv.id,
        invoiceNumber: inv.number ?? undefined,
        fileName: inv.fileName ?? undefined,
        statusUrl: this.intake.statusUrl(inv.statusToken),
        findings: rejected ? await this.rejectionReasons(inv, report) : undefined,
        reportHtml: report ? htmlReport([report], meta.lang ?? 'de') : undefined,
      };
    }
    const answer = composeSupplierAnswer(input);
    await this.mailer.send({ to, ...answer });
    await this.invoices.markAnswered(
      p.tenantId,
      p.invoiceId ? { invoiceId: p.invoiceId } : { messageId: p.messageId },
    );
  }

  /**
   * What the rejection mail lists: the findings of the checks, or — for an invoice that
   * passed them but could not be routed — the routing reason, which no finding carries.
   */
  private async rejectionReasons(
    inv: InvoiceRecord,
    report: ValidationResult | null,
  ): Promise<AnswerFinding[]> {
    const history = await this.invoices.history(inv.tenantId, inv.id);
    const detail = history.reverse().find((e) => e.toStatus === 'rejected')?.detail ?? {};
    if (detail.reason === 'routing' && isRoutingCode(detail.code)) {
      const ref =
        typeof detail.buyerReference === 'string' ? detail.buyerReference : (inv.buyerReference ?? '');
      return [{ id: detail.code, bt: ['BT-10'], message: routingReason(detail.code, ref) }];
    }
    return (report?.errors ?? []).map((f) => ({
      id: f.id,
      bt: f.bt,
      message: f.messages,
      location: f.location,
    }));
  }

  async findPending(): Promise<JobRequest[]> {
    const owed = await this.invoices.listUnansweredMailAcrossTenants(SWEEP_BATCH);
    return owed.map((o) => ({ name: JobName.SupplierAnswer, payload: o }));
  }
}
