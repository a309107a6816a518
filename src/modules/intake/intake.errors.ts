import { defineErrors } from '../../common/errors/domain-error.js';

export const IntakeErrors = defineErrors({
  UPLOAD_EMPTY: {
    status: 400,
    de: 'Die Anfrage enthält keine Rechnung.',
    en: 'The request contains no invoice.',
  },
  UPLOAD_TOO_LARGE: {
    status: 413,
    de: 'Die Anfrage überschreitet die zulässige Größe.',
    en: 'The request exceeds the permitted size.',
  },
  UPLOAD_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    de: 'Nur application/xml, text/xml, application/pdf oder multipart/form-data werden angenommen.',
    en: 'Only application/xml, text/xml, application/pdf or multipart/form-data are accepted.',
  },
  UPLOAD_TOO_MANY_FILES: {
    status: 400,
    de: 'Eine Anfrage darf höchstens 200 Dateien enthalten.',
    en: 'A request may contain at most 200 files.',
  },
  UPLOAD_MULTIPART_INVALID: {
    status: 400,
    de: 'Der multipart-Inhalt ist fehlerhaft.',
    en: 'The multipart body is malformed.',
  },
  UPLOAD_INCOMPLETE: {
    status: 400,
    de: 'Die Anfrage endete, bevor ihr Inhalt vollständig übertragen war.',
    en: 'The request ended before its body was completely transferred.',
  },
  UPLOAD_CONTENT_ENCODING_UNSUPPORTED: {
    status: 415,
    de: 'Komprimierte Anfragen (Content-Encoding) werden nicht angenommen; bitte unkomprimiert senden.',
    en: 'Compressed requests (Content-Encoding) are not accepted; please send the body uncompressed.',
  },
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    de: 'Der Idempotency-Key muss 1 bis 200 sichtbare Zeichen lang sein.',
    en: 'The Idempotency-Key must be 1 to 200 visible characters.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    de: 'Dieser Idempotency-Key wurde bereits für eine Anfrage mit anderem Inhalt verwendet; für eine neue Einreichung bitte einen neuen Schlüssel verwenden.',
    en: 'This Idempotency-Key was already used for a request with a different body; use a new key for a new submission.',
  },
  ANSWER_TO_INVALID: {
    status: 400,
    de: 'X-Answer-To muss eine E-Mail-Adresse sein.',
    en: 'X-Answer-To must be an e-mail address.',
  },
  CALLBACK_URL_INVALID: {
    status: 400,
    de: 'Die Callback-Adresse muss eine http(s)-URL sein.',
    en: 'The callback address must be an http(s) URL.',
  },
  CALLBACK_KEY_NOT_FOUND: {
    status: 404,
    de: 'Kein Zugangspunkt-Schlüssel mit dieser ID.',
    en: 'No access-point key with this id.',
  },
  INVOICE_NOT_FOUND: {
    status: 404,
    de: 'Rechnung nicht gefunden.',
    en: 'Invoice not found.',
  },
  SUBMISSIONS_QUERY_INVALID: {
    status: 400,
    de: 'Ein Parameter der Abfrage ist ungültig (siehe details.parameter).',
    en: 'A query parameter is invalid (see details.parameter).',
  },
  PEPPOL_ENVELOPE_INVALID: {
    status: 400,
    de: 'Der SBDH-Umschlag ist ungültig.',
    en: 'The SBDH envelope is invalid.',
  },
  PEPPOL_INSTANCE_REUSED: {
    status: 422,
    de: 'Dieser InstanceIdentifier wurde bereits für eine Zustellung mit einer anderen Rechnung verwendet.',
    en: 'This InstanceIdentifier was already used for a delivery with a different invoice.',
  },
  PEPPOL_RECEIVER_UNKNOWN: {
    status: 404,
    de: 'Der Empfänger ist auf dieser Plattform nicht bekannt.',
    en: 'The receiver is not known on this platform.',
  },
  MAILBOX_INVALID: {
    status: 400,
    de: 'Die Angaben zum Postfach sind unvollständig oder ungültig.',
    en: 'The mailbox settings are incomplete or invalid.',
  },
  PEPPOL_RECEIVER_NOT_ALLOWED: {
    status: 403,
    de: 'Dieser Zugangspunkt darf für diesen Empfänger nicht zustellen.',
    en: 'This access point may not deliver to this receiver.',
  },
  INVOICE_RESPONSE_NOT_FOUND: {
    status: 404,
    de: 'Antwortdokument nicht gefunden.',
    en: 'Response document not found.',
  },
  INVOICE_RESPONSES_QUERY_INVALID: {
    status: 400,
    de: 'Ein Parameter der Abfrage ist ungültig (siehe details.parameter).',
    en: 'A query parameter is invalid (see details.parameter).',
  },
});
