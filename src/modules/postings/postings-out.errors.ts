import { defineErrors } from '../../common/errors/domain-error.js';

/**
 * Stable codes of postings going out: webhooks, files and the status finance systems
 * report back. An unknown posting and another tenant's posting answer the same code, so
 * that a caller learns nothing about ids outside its tenant.
 */
export const PostingsOutErrors = defineErrors({
  POSTINGS_INVALID_INPUT: {
    status: 400,
    de: 'Die Angaben sind unvollständig oder ungültig.',
    en: 'The input is incomplete or invalid.',
  },
  POSTING_NOT_FOUND: {
    status: 404,
    de: 'Diese Buchung gibt es nicht.',
    en: 'There is no such posting.',
  },
  WEBHOOK_KEY_NOT_FOUND: {
    status: 404,
    de: 'Es gibt keinen aktiven API-Schlüssel der Rolle „finance“ mit dieser ID.',
    en: 'There is no active API key of role "finance" with this id.',
  },
  WEBHOOK_URL_INVALID: {
    status: 422,
    de: 'Die Webhook-Adresse muss eine absolute http(s)-URL ohne Zugangsdaten sein.',
    en: 'The webhook URL must be an absolute http(s) URL without credentials.',
  },
  WEBHOOK_DELIVERY_FAILED: {
    status: 502,
    de: 'Das Finanzsystem hat die Buchung nicht angenommen (keine 2xx-Antwort).',
    en: 'The finance system did not accept the posting (no 2xx answer).',
  },
  WEBHOOK_TIMEOUT: {
    status: 504,
    de: 'Das Finanzsystem hat nicht rechtzeitig geantwortet.',
    en: 'The finance system did not answer in time.',
  },
  WEBHOOK_UNREACHABLE: {
    status: 502,
    de: 'Das Finanzsystem war nicht erreichbar.',
    en: 'The finance system could not be reached.',
  },
  DELIVERY_NOT_FOUND: {
    status: 404,
    de: 'Diese Zustellung gibt es nicht.',
    en: 'There is no such delivery.',
  },
  DELIVERY_ALREADY_DELIVERED: {
    status: 409,
    de: 'Diese Buchung wurde bereits zugestellt.',
    en: 'This posting was delivered already.',
  },
  DATEV_SETTINGS_MISSING: {
    status: 409,
    de: 'Für den DATEV-Export fehlen die Einstellungen (Berater- und Mandantennummer).',
    en: 'The DATEV export needs its settings first (Beraternummer, Mandantennummer).',
  },
  EXPORT_PERIOD_INVALID: {
    status: 400,
    de: 'Der Zeitraum muss als from=JJJJ-MM-TT und to=JJJJ-MM-TT angegeben sein, mit from ≤ to und höchstens 366 Tagen.',
    en: 'The period must be given as from=YYYY-MM-DD and to=YYYY-MM-DD, with from ≤ to and at most 366 days.',
  },
  EXPORT_PERIOD_SPANS_YEARS: {
    status: 422,
    de: 'Ein DATEV-Buchungsstapel muss in einem Kalenderjahr liegen: bitte je Jahr einen Stapel erzeugen.',
    en: 'A DATEV batch must lie in one calendar year: export one batch per year.',
  },
  EXPORT_PERIOD_OUTSIDE_FISCAL_YEAR: {
    status: 422,
    de: 'Ein DATEV-Buchungsstapel muss in einem Wirtschaftsjahr liegen: bitte den Zeitraum am Beginn des Wirtschaftsjahrs teilen.',
    en: 'A DATEV batch must lie in one fiscal year: split the period at the start of the fiscal year.',
  },
  EXPORT_ACCOUNT_INVALID: {
    status: 422,
    de: 'Eine Buchungsstelle ergibt kein DATEV-Sachkonto (nur Ziffern, höchstens so lang wie die Sachkontenlänge).',
    en: 'A Buchungsstelle does not give a DATEV general-ledger account (digits only, at most the account length).',
  },
  EXPORT_CREDITOR_ACCOUNT_MISSING: {
    status: 422,
    de: 'Für einen Kreditor fehlt die Kreditorennummer, und es ist kein Standard-Gegenkonto eingestellt.',
    en: 'A creditor has no creditor number and no default contra account is set.',
  },
  EXPORT_CURRENCY_UNSUPPORTED: {
    status: 422,
    de: 'Der DATEV-Export unterstützt nur Buchungen in Euro.',
    en: 'The DATEV export supports postings in euro only.',
  },
  EXPORT_TOO_MANY_BOOKINGS: {
    status: 422,
    de: 'Ein DATEV-Buchungsstapel fasst höchstens 99.999 Buchungen: bitte den Zeitraum teilen.',
    en: 'A DATEV batch holds at most 99,999 bookings: split the period.',
  },
  EXPORT_ACK_UNAVAILABLE: {
    status: 501,
    de: 'Quittieren beim Export ist in dieser Installation nicht verfügbar.',
    en: 'Acknowledging on export is not available in this installation.',
  },
  STATUS_INVALID: {
    status: 400,
    de: 'Die Statusmeldung ist ungültig: erwartet {status:"ordered", kassenzeichen, at} oder {status:"paid", date, amount, skontoTaken}.',
    en: 'The status report is invalid: expected {status:"ordered", kassenzeichen, at} or {status:"paid", date, amount, skontoTaken}.',
  },
  STATUS_AMOUNT_MISMATCH: {
    status: 422,
    de: 'Der gezahlte Betrag weicht vom fälligen Betrag ab (mehr als der Skonto erlaubt).',
    en: 'The amount paid differs from the amount due (by more than the cash discount allows).',
  },
  STATUS_SKONTO_NOT_OFFERED: {
    status: 422,
    de: 'Für diese Rechnung wurde kein Skonto angeboten.',
    en: 'No cash discount was offered for this invoice.',
  },
  STATUS_ALREADY_PAID: {
    status: 409,
    de: 'Für diese Buchung wurde bereits eine andere Zahlung gemeldet.',
    en: 'A different payment was already reported for this posting.',
  },
  STATUS_NOT_PAYABLE: {
    status: 409,
    de: 'Für eine Storno-Buchung oder eine stornierte Buchung kann kein Status gemeldet werden.',
    en: 'No status can be reported for a reversal or a reversed posting.',
  },
});
