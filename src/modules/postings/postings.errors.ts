import { defineErrors } from '../../common/errors/domain-error.js';

/**
 * Stable codes of the postings module. A posting of another tenant and one that does not
 * exist answer alike (`POSTINGS_NOT_FOUND`, `POSTINGS_ACK_UNKNOWN_POSTING`): nothing tells a
 * caller that an id exists elsewhere.
 */
export const PostingsErrors = defineErrors({
  POSTINGS_NOT_FOUND: {
    status: 404,
    de: 'Diese Buchung gibt es nicht.',
    en: 'There is no such posting.',
  },
  POSTINGS_CURSOR_INVALID: {
    status: 400,
    de: 'Der Cursor (after) ist ungültig: verwenden Sie einen Wert aus "next" einer früheren Antwort.',
    en: 'The cursor (after) is invalid: use a value from "next" of an earlier answer.',
  },
  POSTINGS_LIMIT_INVALID: {
    status: 400,
    de: 'limit muss eine ganze Zahl von 1 bis 1000 sein.',
    en: 'limit must be an integer from 1 to 1000.',
  },
  POSTINGS_STATE_INVALID: {
    status: 400,
    de: 'state kennt nur den Wert "unacknowledged".',
    en: 'state accepts only the value "unacknowledged".',
  },
  POSTINGS_ACK_INVALID: {
    status: 400,
    de: 'Quittungen sind eine Liste von 1 bis 1000 Einträgen {postingId, bookingId} (bookingId 1 bis 100 Zeichen).',
    en: 'Acknowledgements are a list of 1 to 1000 entries {postingId, bookingId} (bookingId 1 to 100 characters).',
  },
  POSTINGS_ACK_UNKNOWN_POSTING: {
    status: 404,
    de: 'Mindestens eine quittierte Buchung gibt es nicht; es wurde nichts quittiert.',
    en: 'At least one acknowledged posting does not exist; nothing was acknowledged.',
  },
  POSTINGS_ACK_CONFLICT: {
    status: 409,
    de: 'Mindestens eine Buchung ist bereits mit einer anderen Buchungsnummer quittiert; es wurde nichts quittiert.',
    en: 'At least one posting is already acknowledged with another booking id; nothing was acknowledged.',
  },
  POSTINGS_CREDITORS_INVALID: {
    status: 422,
    de: 'Die Kreditorenliste ist ungültig; es wurde nichts übernommen.',
    en: 'The creditor list is invalid; nothing was taken over.',
  },
  POSTINGS_REASON_REQUIRED: {
    status: 422,
    de: 'Eine Generalumkehr braucht eine Begründung (bis 1000 Zeichen).',
    en: 'A reversal needs a reason (up to 1000 characters).',
  },
  POSTINGS_ALREADY_REVERSED: {
    status: 409,
    de: 'Diese Buchung ist bereits storniert (Generalumkehr).',
    en: 'This posting has already been reversed.',
  },
  POSTINGS_REVERSAL_NOT_REVERSIBLE: {
    status: 409,
    de: 'Eine Generalumkehr selbst kann nicht umgekehrt werden.',
    en: 'A reversal cannot itself be reversed.',
  },
});
