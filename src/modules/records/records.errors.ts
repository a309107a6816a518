import { defineErrors } from '../../common/errors/domain-error.js';

/** Stable codes of the case record (E-Akte). */
export const RecordsErrors = defineErrors({
  RECORDS_VORGANG_NOT_FOUND: {
    status: 404,
    de: 'Zu dieser Rechnung gibt es keinen Vorgang in der Akte.',
    en: 'There is no case-record Vorgang for this invoice.',
  },
  RECORDS_DOCUMENT_NOT_FOUND: {
    status: 404,
    de: 'Dieses Dokument gibt es in der Akte nicht.',
    en: 'The case record has no such document.',
  },
  RECORDS_CONTENT_MISSING: {
    status: 500,
    de: 'Der Inhalt des Dokuments fehlt im Dokumentenspeicher.',
    en: "The document's content is missing from the document store.",
  },
  RECORDS_CONTENT_MISMATCH: {
    status: 500,
    de: 'Der Inhalt des Dokuments stimmt nicht mit seinem hinterlegten SHA-256-Hashwert überein: er wurde verändert.',
    en: "The document's content does not match its recorded SHA-256 hash: it has been altered.",
  },
  RECORDS_SETTINGS_INVALID: {
    status: 422,
    de: 'Die Einstellungen der Akte sind ungültig; die Details nennen das Feld und den Fehler.',
    en: 'The case-record settings are invalid; the details name the field and the problem.',
  },
  RECORDS_NOTE_INVALID: {
    status: 422,
    de: 'Der Vermerk braucht einen Titel (höchstens 200 Zeichen) und einen Text (höchstens 10.000 Zeichen).',
    en: 'A note needs a title (at most 200 characters) and a text (at most 10,000 characters).',
  },
});
