/**
 * Answers to suppliers (e-mail channel, and the API on request): a receipt, a rejection
 * with the findings, or the refusal of a whole message. Every answer carries both
 * languages — the one the supplier asked for first — because a German municipality's
 * supplier may be anywhere in Europe. The HTML validation report travels as attachment.
 */
import { formatDateTime } from '../../validation/index.js';

export type AnswerKind = 'receipt' | 'rejection' | 'refusal';

export interface AnswerFinding {
  readonly id: string;
  readonly bt?: readonly string[];
  readonly message: { readonly de: string; readonly en: string };
  readonly location?: string;
}

export interface AnswerInput {
  readonly kind: AnswerKind;
  readonly lang: 'de' | 'en';
  readonly recipientName?: string;
  readonly invoiceNumber?: string;
  readonly fileName?: string;
  readonly receivedAt: Date;
  readonly trackingId: string;
  readonly statusUrl?: string;
  readonly findings?: readonly AnswerFinding[];
  /** For refusals: the stable code and its explanation. */
  readonly refusal?: { readonly code: string; readonly de: string; readonly en: string };
  readonly reportHtml?: string;
  readonly inReplyTo?: string;
}

export interface AnswerMessage {
  readonly subject: string;
  readonly text: string;
  readonly headers: Record<string, string>;
  readonly inReplyTo?: string;
  readonly attachments: ReadonlyArray<{ filename: string; content: string; contentType: string }>;
}

const SUBJECT: Record<AnswerKind, { de: string; en: string }> = {
  receipt: { de: 'Eingangsbestätigung Ihrer Rechnung', en: 'Receipt of your invoice' },
  rejection: { de: 'Ihre Rechnung wurde abgewiesen', en: 'Your invoice was rejected' },
  refusal: { de: 'Ihre Nachricht konnte nicht angenommen werden', en: 'Your message could not be accepted' },
};

function part(lang: 'de' | 'en', input: AnswerInput): string {
  const de = lang === 'de';
  const lines: string[] = [];
  const ref = input.invoiceNumber ?? input.fileName;
  // In the reader's format and the receiver's time zone, named (`21.11.2026, 10:30 MEZ`).
  const when = formatDateTime(input.receivedAt, lang);
  lines.push(de ? 'Guten Tag,' : 'Hello,', '');
  switch (input.kind) {
    case 'receipt':
      lines.push(
        de
          ? `Ihre Rechnung${ref ? ` ${ref}` : ''} ist am ${when} bei uns eingegangen und wurde formal geprüft. Sie wird nun fachlich bearbeitet.`
          : `Your invoice${ref ? ` ${ref}` : ''} was received on ${when} and passed the formal checks. It is now being processed.`,
      );
      break;
    case 'rejection':
      lines.push(
        de
          ? `Ihre Rechnung${ref ? ` ${ref}` : ''} vom ${when} entspricht nicht den Vorgaben (EN 16931 / XRechnung) und wird nicht bearbeitet. Bitte korrigieren Sie die folgenden Punkte und senden Sie die Rechnung erneut:`
          : `Your invoice${ref ? ` ${ref}` : ''} of ${when} does not meet the requirements (EN 16931 / XRechnung) and will not be processed. Please correct the following and send it again:`,
        '',
        ...(input.findings ?? []).map(
          (f) =>
            `- [${f.id}]${f.bt?.length ? ` (${f.bt.join(', ')})` : ''} ${de ? f.message.de : f.message.en}${f.location ? `\n  ${de ? 'Stelle' : 'Location'}: ${f.location}` : ''}`,
        ),
      );
      break;
    case 'refusal':
      lines.push(
        de
          ? `Ihre Nachricht vom ${when} konnte nicht angenommen werden: ${input.refusal?.de ?? ''} (${input.refusal?.code ?? ''})`
          : `Your message of ${when} could not be accepted: ${input.refusal?.en ?? ''} (${input.refusal?.code ?? ''})`,
      );
      break;
  }
  lines.push('', `${de ? 'Vorgangsnummer' : 'Reference'}: ${input.trackingId}`);
  if (input.statusUrl) lines.push(`${de ? 'Status' : 'Status'}: ${input.statusUrl}`);
  lines.push(
    '',
    de
      ? 'Diese Nachricht wurde automatisch erstellt. Bitte antworten Sie nicht darauf.'
      : 'This message was generated automatically. Please do not reply to it.',
  );
  return lines.join('\n');
}

export function composeSupplierAnswer(input: AnswerInput): AnswerMessage {
  const [first, second] = input.lang === 'en' ? (['en', 'de'] as const) : (['de', 'en'] as const);
  const ref = input.invoiceNumber ? ` ${input.invoiceNumber}` : '';
  const subject = `${SUBJECT[input.kind][first]}${ref} / ${SUBJECT[input.kind][second]}${ref}`;
  const text = `${part(first, input)}\n\n-----\n\n${part(second, input)}\n`;
  return {
    subject,
    text,
    // RFC 3834: our answers are automatic, so well-behaved responders do not answer back.
    headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
    ...(input.inReplyTo ? { inReplyTo: input.inReplyTo } : {}),
    attachments: input.reportHtml
      ? [
          {
            filename: `validation-report-${input.trackingId}.html`,
            content: input.reportHtml,
            contentType: 'text/html; charset=utf-8',
          },
        ]
      : [],
  };
}
