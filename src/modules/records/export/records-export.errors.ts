import { defineErrors } from '../../../common/errors/domain-error.js';

/**
 * Stable codes of the records export: the admin API's refusals, and the codes an export
 * records in `record_exports.last_error` when a transfer or the DMS's answer failed.
 */
export const RecordsExportErrors = defineErrors({
  EXPORT_TARGETS_INVALID: {
    status: 422,
    de: 'Die Exportziele sind ungültig: erwartet wird { "targets": [ … ] } mit Name, Art (xdomea-dir, xdomea-http, cmis), Absender, Empfänger und den Angaben der Art.',
    en: 'The export targets are invalid: expected { "targets": [ … ] } with name, kind (xdomea-dir, xdomea-http, cmis), sender, receiver and the settings of the kind.',
  },
  EXPORT_DIR_NOT_CONFIGURED: {
    status: 422,
    de: 'Verzeichnisziele sind in dieser Installation nicht eingerichtet (RECORDS_EXPORT_DIR fehlt).',
    en: 'Directory targets are not set up in this installation (RECORDS_EXPORT_DIR is unset).',
  },
  EXPORT_STATE_INVALID: {
    status: 422,
    de: 'Unbekannter Exportstatus: erlaubt sind pending, sent, confirmed und failed.',
    en: 'Unknown export state: pending, sent, confirmed and failed are allowed.',
  },
  EXPORT_NOT_RETRYABLE: {
    status: 404,
    de: 'Es gibt keinen fehlgeschlagenen Export mit dieser Kennung.',
    en: 'There is no failed export with this id.',
  },
  EXPORT_TRANSFER_FAILED: {
    status: 502,
    de: 'Die Nachricht konnte nicht in das Übergabeverzeichnis geschrieben werden.',
    en: 'The message could not be written to the transfer directory.',
  },
  EXPORT_HTTP_FAILED: {
    status: 502,
    de: 'Das DMS hat die Nachricht nicht angenommen (HTTP).',
    en: 'The DMS did not accept the message (HTTP).',
  },
  EXPORT_CMIS_FAILED: {
    status: 502,
    de: 'Das DMS (CMIS) hat die Ablage abgelehnt oder war nicht erreichbar.',
    en: 'The DMS (CMIS) refused the filing or could not be reached.',
  },
  EXPORT_REJECTED_BY_DMS: {
    status: 502,
    de: 'Das DMS hat den Import abgelehnt (Importbestätigung mit Fehlermeldung).',
    en: 'The DMS refused the import (import confirmation with an error).',
  },
  EXPORT_MESSAGE_INVALID: {
    status: 500,
    de: 'Die erzeugte xdomea-Nachricht entspricht nicht dem Schema.',
    en: 'The xdomea message built does not match the schema.',
  },
  EXPORT_DOCUMENT_MISSING: {
    status: 500,
    de: 'Ein Dokument des Vorgangs fehlt im Dokumentenspeicher.',
    en: 'A document of the Vorgang is missing from the document store.',
  },
  EXPORT_ADDRESS_FORBIDDEN: {
    status: 502,
    de: 'Die Adresse des Exportziels ist nicht erlaubt (internes Netz).',
    en: 'The export target’s address is not allowed (internal network).',
  },
});
