/**
 * The mail to a supplier whose invoice an approver returned: which invoice (number, date,
 * amount), the reason in the approver's own words, which office returned it, and the status
 * link. Both languages, the supplier's first, like every answer (supplier-answer.ts).
 * Plain text only: the reason is shown as written, set off as a quoted block, and cannot
 * turn into markup or into headers.
 */
import { formatAmount, formatDate, formatDateTime } from '../../validation/index.js';
import type { AnswerMessage } from './supplier-answer.js';

export interface ReturnNoticeInput {
  readonly lang: 'de' | 'en';
  readonly invoiceNumber?: string;
  /** ISO date (BT-2). */
  readonly issueDate?: string;
  /** Decimal string and currency code (BT-115). */
  readonly amountDue?: string;
  readonly currency?: string;
  readonly reason: string;
  /** The receiving office (the tenant's name). */
  readonly office: string;
  readonly returnedAt: Date;
  readonly trackingId: string;
  readonly statusUrl: string;
  /** Message-ID of the supplier's mail, to thread the answer to it. */
  readonly inReplyTo?: string;
}

const SUBJECT = { de: 'Rechnung zurückgewiesen', en: 'Invoice returned' } as const;

/** One line of a header: no line breaks or other control characters, at most 200 characters. */
function oneLine(s: string): string {
  return s
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .trim()
    .slice(0, 200);
}

/** The reason as written: line breaks kept (CR LF as LF), other control characters dropped, each line indented. */
function quoted(reason: string): string {
  return reason
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

function part(lang: 'de' | 'en', input: ReturnNoticeInput): string {
  const de = lang === 'de';
  const number = input.invoiceNumber ? oneLine(input.invoiceNumber) : undefined;
  const facts: string[] = [];
  if (number) facts.push(`${de ? 'Rechnungsnummer' : 'Invoice number'}: ${number}`);
  if (input.issueDate)
    facts.push(`${de ? 'Rechnungsdatum' : 'Invoice date'}: ${formatDate(input.issueDate, lang)}`);
  if (input.amountDue)
    facts.push(
      `${de ? 'Zahlbetrag' : 'Amount due'}: ${formatAmount(input.amountDue, input.currency ?? null, lang)}`,
    );
  const office = oneLine(input.office);
  const when = formatDateTime(input.returnedAt, lang);
  return [
    de ? 'Guten Tag,' : 'Hello,',
    '',
    de
      ? `${office} hat Ihre Rechnung${number ? ` ${number}` : ''} am ${when} bei der Prüfung an Sie zurückgewiesen. Sie wird so nicht bezahlt.`
      : `${office} returned your invoice${number ? ` ${number}` : ''} to you on ${when} during its review. It will not be paid as it is.`,
    '',
    ...facts,
    '',
    de ? 'Grund der Rückweisung:' : 'Reason for the return:',
    '',
    quoted(input.reason),
    '',
    de
      ? 'Bitte klären Sie die Rechnung anhand dieses Grundes und senden Sie bei Bedarf eine korrigierte Rechnung (oder eine Gutschrift) neu ein.'
      : 'Please settle the invoice with this reason in mind and, where needed, send a corrected invoice (or a credit note) again.',
    '',
    `${de ? 'Vorgangsnummer' : 'Reference'}: ${input.trackingId}`,
    `Status: ${input.statusUrl}`,
    '',
    de
      ? 'Diese Nachricht wurde automatisch erstellt. Bitte antworten Sie nicht darauf.'
      : 'This message was generated automatically. Please do not reply to it.',
  ].join('\n');
}

export function composeReturnNotice(input: ReturnNoticeInput): AnswerMessage {
  const [first, second] = input.lang === 'en' ? (['en', 'de'] as const) : (['de', 'en'] as const);
  const ref = input.invoiceNumber ? ` ${oneLine(input.invoiceNumber)}` : '';
  return {
    subject: `${SUBJECT[first]}${ref} / ${SUBJECT[second]}${ref}`,
    text: `${part(first, input)}\n\n-----\n\n${part(second, input)}\n`,
    // RFC 3834: automatic, so well-behaved responders do not answer back.
    headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
    ...(input.inReplyTo ? { inReplyTo: input.inReplyTo } : {}),
    attachments: [],
  };
}
