/**
 * The texts of the supplier's status page, once per language (typed alike, so a text
 * missing in one language is a compile error). Written for a supplier's accountant: what
 * happened to the invoice, why, and what (if anything) to do now.
 */
import type { Lang } from '../../../common/errors/domain-error.js';
import type { InvoiceStatus } from '../../invoices/invoice-status.js';

/**
 * Every status an invoice can show: the lifecycle's states, and those the design names
 * for later (payment reported by the finance system, waiting for an internal cause).
 */
export type ShownStatus = InvoiceStatus | 'paid' | 'awaiting_schemas';

/** How a status feels: decides the colour of the status panel, never the only cue. */
export type StatusTone = 'progress' | 'ok' | 'problem' | 'neutral';

export interface StatusWords {
  /** The status in a few words (panel heading). */
  readonly label: string;
  /** One or two sentences: what it means for the supplier. */
  readonly explanation: string;
  /** The entry of the history when the invoice reached this status. */
  readonly event: string;
  readonly tone: StatusTone;
}

export interface StatusMessages {
  readonly title: string;
  readonly currentStatus: string;
  readonly statuses: Readonly<Record<ShownStatus, StatusWords>>;
  readonly unknownStatus: (status: string) => StatusWords;
  readonly reasonsTitle: string;
  readonly validationReason: (errors: number) => string;
  readonly otherReason: (code: string) => string;
  readonly correctAndResend: string;
  readonly duplicateOf: (number: string | null, issueDate: string | null, receivedAt: string) => string;
  readonly duplicateOfUnknown: string;
  readonly returnedReason: (reason: string) => string;
  /** When the invoice was returned (date and time, zone named). */
  readonly returnedOn: (when: string) => string;
  readonly returnedReasonTitle: string;
  /** When the finance system reported the payment (a date). */
  readonly paidOn: (date: string) => string;
  readonly returnedNextStep: string;
  readonly moreFindings: (n: number) => string;
  readonly invoiceTitle: string;
  readonly facts: {
    readonly number: string;
    readonly seller: string;
    readonly issueDate: string;
    readonly total: string;
    readonly amountDue: string;
    readonly fileName: string;
    readonly receivedAt: string;
    readonly trackingId: string;
  };
  readonly notReadable: string;
  readonly historyTitle: string;
  readonly timesNote: string;
  readonly reportTitle: string;
  readonly reportPending: string;
  readonly reportIntro: string;
  /** A rejection for another reason than the checks, which the invoice passed. */
  readonly reportPassedButRejected: string;
}

const de: StatusMessages = {
  title: 'Status Ihrer Rechnung',
  currentStatus: 'Aktueller Stand',
  statuses: {
    received: {
      label: 'Eingegangen',
      explanation: 'Ihre Rechnung ist bei uns eingegangen und wird in Kürze automatisch geprüft.',
      event: 'Eingegangen',
      tone: 'progress',
    },
    extracted: {
      label: 'In Prüfung',
      explanation: 'Ihre Rechnung wird gerade geprüft. Diese Seite zeigt das Ergebnis, sobald es vorliegt.',
      event: 'Dokument gelesen',
      tone: 'progress',
    },
    validated: {
      label: 'In Prüfung',
      explanation:
        'Die formale Prüfung ist abgeschlossen; die Rechnung wird der zuständigen Stelle zugeordnet.',
      event: 'Formal geprüft',
      tone: 'progress',
    },
    awaiting_schemas: {
      label: 'In Prüfung – verzögert',
      explanation:
        'Die Prüfung verzögert sich aus einem technischen Grund auf unserer Seite. Sie wird automatisch fortgesetzt; Sie müssen nichts tun.',
      event: 'Prüfung zurückgestellt',
      tone: 'progress',
    },
    rejected: {
      label: 'Abgewiesen',
      explanation: 'Ihre Rechnung wurde nicht angenommen und wird nicht bearbeitet.',
      event: 'Abgewiesen',
      tone: 'problem',
    },
    duplicate: {
      label: 'Bereits eingegangen (Duplikat)',
      explanation:
        'Diese Rechnung liegt uns bereits vor. Sie wird nicht ein zweites Mal bearbeitet; Sie müssen nichts tun.',
      event: 'Als Duplikat erkannt',
      tone: 'neutral',
    },
    awaiting_approval: {
      label: 'Angenommen – wartet auf Freigabe',
      explanation:
        'Ihre Rechnung hat die Prüfung bestanden und wurde angenommen. Sie liegt jetzt der zuständigen Stelle zur sachlichen und rechnerischen Prüfung und zur Freigabe vor.',
      event: 'Angenommen, zur Freigabe weitergeleitet',
      tone: 'ok',
    },
    approved: {
      label: 'Freigegeben',
      explanation: 'Ihre Rechnung wurde freigegeben und wird zur Zahlung angewiesen.',
      event: 'Freigegeben',
      tone: 'ok',
    },
    filed: {
      label: 'Freigegeben',
      explanation: 'Ihre Rechnung wurde freigegeben und zur Akte genommen; die Zahlung wird vorbereitet.',
      event: 'Zur Akte genommen',
      tone: 'ok',
    },
    posted: {
      label: 'Zur Zahlung übergeben',
      explanation: 'Ihre Rechnung wurde an die Finanzbuchhaltung zur Zahlung übergeben.',
      event: 'An die Finanzbuchhaltung übergeben',
      tone: 'ok',
    },
    paid: {
      label: 'Bezahlt',
      explanation: 'Ihre Rechnung wurde bezahlt.',
      event: 'Bezahlt',
      tone: 'ok',
    },
    returned: {
      label: 'An Sie zurückgegeben',
      explanation:
        'Ihre Rechnung wurde bei der Bearbeitung an Sie zurückgegeben und wird so nicht bezahlt. Bitte beachten Sie den Grund.',
      event: 'Zurückgegeben',
      tone: 'problem',
    },
    cancelled: {
      label: 'Bearbeitung beendet',
      explanation: 'Die Bearbeitung dieser Rechnung wurde beendet.',
      event: 'Bearbeitung beendet',
      tone: 'neutral',
    },
  },
  unknownStatus: (status) => ({
    label: 'In Bearbeitung',
    explanation: `Ihre Rechnung wird bearbeitet (Stand: ${status}).`,
    event: status,
    tone: 'progress',
  }),
  reasonsTitle: 'Gründe',
  validationReason: (n) =>
    `Die Rechnung entspricht nicht den Vorgaben (EN 16931 / XRechnung): die Prüfung hat ${n === 1 ? 'einen Fehler' : `${n} Fehler`} gefunden.`,

  otherReason: (code) => `Die Rechnung konnte nicht angenommen werden (Grund: ${code}).`,
  correctAndResend: 'Bitte korrigieren Sie die Rechnung und senden Sie sie erneut.',
  duplicateOf: (number, issueDate, receivedAt) =>
    `Sie ist ein Duplikat der Rechnung${number ? ` ${number}` : ''}${issueDate ? ` vom ${issueDate}` : ''}, die am ${receivedAt} eingegangen ist.`,
  duplicateOfUnknown: 'Sie ist ein Duplikat einer früher eingegangenen Rechnung.',
  returnedReason: (reason) => `Grund der Rückgabe: ${reason}`,
  returnedOn: (when) => `Zurückgegeben am ${when}.`,
  paidOn: (date) => `Bezahlt am ${date}.`,
  returnedReasonTitle: 'Grund der Rückgabe',
  returnedNextStep:
    'Bitte klären Sie die Rechnung anhand dieses Grundes und senden Sie bei Bedarf eine korrigierte Rechnung (oder eine Gutschrift) neu ein.',
  moreFindings: (n) => `… und ${n} weitere, siehe Prüfbericht unten.`,
  invoiceTitle: 'Rechnung',
  facts: {
    number: 'Rechnungsnummer',
    seller: 'Rechnungssteller',
    issueDate: 'Rechnungsdatum',
    total: 'Gesamtbetrag (brutto)',
    amountDue: 'Zahlbetrag',
    fileName: 'Datei',
    receivedAt: 'Eingegangen am',
    trackingId: 'Vorgangsnummer',
  },
  notReadable: 'Die Rechnungsdaten konnten nicht gelesen werden.',
  historyTitle: 'Verlauf',
  timesNote: 'Zeiten in deutscher Zeit (MEZ/MESZ).',
  reportTitle: 'Prüfbericht',
  reportPending: 'Der Prüfbericht erscheint hier, sobald die Prüfung abgeschlossen ist.',
  reportIntro: 'Ergebnis der formalen Prüfung nach EN 16931 und XRechnung.',
  reportPassedButRejected:
    'Die formale Prüfung hat die Rechnung bestanden; abgewiesen wurde sie aus dem oben genannten Grund.',
};

const en: StatusMessages = {
  title: 'Status of your invoice',
  currentStatus: 'Current status',
  statuses: {
    received: {
      label: 'Received',
      explanation: 'We have received your invoice; it will be checked automatically in a moment.',
      event: 'Received',
      tone: 'progress',
    },
    extracted: {
      label: 'Being checked',
      explanation: 'Your invoice is being checked. This page shows the result as soon as it is available.',
      event: 'Document read',
      tone: 'progress',
    },
    validated: {
      label: 'Being checked',
      explanation: 'The formal checks are done; the invoice is being assigned to the responsible office.',
      event: 'Formally checked',
      tone: 'progress',
    },
    awaiting_schemas: {
      label: 'Being checked – delayed',
      explanation:
        'The checks are delayed for a technical reason on our side. They will continue automatically; there is nothing you need to do.',
      event: 'Checks postponed',
      tone: 'progress',
    },
    rejected: {
      label: 'Rejected',
      explanation: 'Your invoice was not accepted and will not be processed.',
      event: 'Rejected',
      tone: 'problem',
    },
    duplicate: {
      label: 'Already received (duplicate)',
      explanation:
        'We already have this invoice. It will not be processed a second time; there is nothing you need to do.',
      event: 'Recognised as a duplicate',
      tone: 'neutral',
    },
    awaiting_approval: {
      label: 'Accepted – waiting for approval',
      explanation:
        'Your invoice passed the checks and was accepted. It is now with the responsible office for review and approval.',
      event: 'Accepted, passed on for approval',
      tone: 'ok',
    },
    approved: {
      label: 'Approved',
      explanation: 'Your invoice was approved and will be passed on for payment.',
      event: 'Approved',
      tone: 'ok',
    },
    filed: {
      label: 'Approved',
      explanation: 'Your invoice was approved and filed; payment is being prepared.',
      event: 'Filed',
      tone: 'ok',
    },
    posted: {
      label: 'Passed on for payment',
      explanation: 'Your invoice was passed on to the finance department for payment.',
      event: 'Passed on to the finance department',
      tone: 'ok',
    },
    paid: {
      label: 'Paid',
      explanation: 'Your invoice has been paid.',
      event: 'Paid',
      tone: 'ok',
    },
    returned: {
      label: 'Returned to you',
      explanation:
        'Your invoice was returned to you during processing and will not be paid as it is. Please see the reason.',
      event: 'Returned',
      tone: 'problem',
    },
    cancelled: {
      label: 'Processing ended',
      explanation: 'Processing of this invoice has ended.',
      event: 'Processing ended',
      tone: 'neutral',
    },
  },
  unknownStatus: (status) => ({
    label: 'Being processed',
    explanation: `Your invoice is being processed (status: ${status}).`,
    event: status,
    tone: 'progress',
  }),
  reasonsTitle: 'Reasons',
  validationReason: (n) =>
    `The invoice does not meet the requirements (EN 16931 / XRechnung): the checks found ${n === 1 ? 'one error' : `${n} errors`}.`,

  otherReason: (code) => `The invoice could not be accepted (reason: ${code}).`,
  correctAndResend: 'Please correct the invoice and send it again.',
  duplicateOf: (number, issueDate, receivedAt) =>
    `It is a duplicate of invoice${number ? ` ${number}` : ''}${issueDate ? ` of ${issueDate}` : ''}, received on ${receivedAt}.`,
  duplicateOfUnknown: 'It is a duplicate of an invoice received earlier.',
  returnedReason: (reason) => `Reason for the return: ${reason}`,
  returnedOn: (when) => `Returned on ${when}.`,
  paidOn: (date) => `Paid on ${date}.`,
  returnedReasonTitle: 'Reason for the return',
  returnedNextStep:
    'Please settle the invoice with this reason in mind and, where needed, send a corrected invoice (or a credit note) again.',
  moreFindings: (n) => `… and ${n} more, see the validation report below.`,
  invoiceTitle: 'Invoice',
  facts: {
    number: 'Invoice number',
    seller: 'Seller',
    issueDate: 'Issue date',
    total: 'Total incl. VAT',
    amountDue: 'Amount due',
    fileName: 'File',
    receivedAt: 'Received on',
    trackingId: 'Reference',
  },
  notReadable: 'The invoice data could not be read.',
  historyTitle: 'History',
  timesNote: 'Times in German time (CET/CEST).',
  reportTitle: 'Validation report',
  reportPending: 'The validation report appears here as soon as the checks are done.',
  reportIntro: 'Result of the formal checks against EN 16931 and XRechnung.',
  reportPassedButRejected:
    'The invoice passed the formal checks; it was rejected for the reason given above.',
};

const MESSAGES: Readonly<Record<Lang, StatusMessages>> = { de, en };

export function statusMessagesFor(lang: Lang): StatusMessages {
  return MESSAGES[lang];
}
