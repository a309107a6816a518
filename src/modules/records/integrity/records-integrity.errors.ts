import { defineErrors } from '../../../common/errors/domain-error.js';

/** Errors of the case record's integrity, retention and procedure documentation. */
export const RecordsIntegrityErrors = defineErrors({
  RECORDS_VORGANG_NOT_FOUND: {
    status: 404,
    de: 'Der Vorgang wurde nicht gefunden (Kennung oder Aktenzeichen).',
    en: 'The Vorgang was not found (id or Aktenzeichen).',
  },
  RECORDS_HOLD_EXISTS: {
    status: 409,
    de: 'Für diesen Vorgang besteht bereits eine Aufbewahrungssperre (Legal Hold).',
    en: 'This Vorgang is already on legal hold.',
  },
  RECORDS_HOLD_NOT_FOUND: {
    status: 404,
    de: 'Die Aufbewahrungssperre wurde nicht gefunden oder ist bereits aufgehoben.',
    en: 'The legal hold was not found or has already been released.',
  },
  RECORDS_HOLD_INVALID: {
    status: 400,
    de: 'Angaben zur Aufbewahrungssperre sind ungültig: vorgangId (UUID) oder aktenzeichen und ein Grund (1–1000 Zeichen) sind nötig.',
    en: 'The legal hold request is invalid: a vorgangId (UUID) or aktenzeichen and a reason (1–1000 characters) are required.',
  },
  RECORDS_DATE_INVALID: {
    status: 400,
    de: 'Das Datum muss die Form JJJJ-MM-TT haben und ein gültiger Kalendertag sein.',
    en: 'The date must be a valid calendar day in the form YYYY-MM-DD.',
  },
  RECORDS_DAY_NOT_CLOSED: {
    status: 409,
    de: 'Für einen Tag, der noch nicht abgeschlossen ist, wird kein Tages-Hashwert gebildet.',
    en: 'No day root is made for a day that has not ended yet.',
  },
  RECORDS_DISPOSAL_INVALID: {
    status: 400,
    de: 'Der Löschlauf braucht execute=true oder false.',
    en: 'The disposal run needs execute=true or false.',
  },
});
