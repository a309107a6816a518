import { defineErrors } from '../../../common/errors/domain-error.js';

/**
 * Stable codes of reading the case record. A Vorgang or document of another tenant is
 * "not found", word for word as an unknown id: never "forbidden", which would tell that it
 * exists.
 */
export const RecordsQueryErrors = defineErrors({
  RECORDS_VORGANG_NOT_FOUND: {
    status: 404,
    de: 'Vorgang nicht gefunden.',
    en: 'Case file (Vorgang) not found.',
  },
  RECORDS_DOCUMENT_NOT_FOUND: {
    status: 404,
    de: 'Dokument nicht gefunden.',
    en: 'Document not found.',
  },
  RECORDS_VORGANG_NOT_FILED: {
    status: 409,
    de: 'Der Vorgang ist angelegt, aber noch nicht abgelegt: es gibt noch keine Dokumente.',
    en: 'The case file (Vorgang) is allocated but not filed yet: it has no documents.',
  },
  RECORDS_SEARCH_INVALID: {
    status: 400,
    de: 'Die Suchangaben sind nicht in Ordnung.',
    en: 'The search criteria are not valid.',
  },
  RECORDS_DOCUMENT_CONTENT_MISSING: {
    status: 500,
    de: 'Der Inhalt eines abgelegten Dokuments fehlt im Dokumentenspeicher. Der Vorgang wird nicht ausgeliefert; bitte verständigen Sie den Betrieb.',
    en: 'The content of a filed document is missing from the document store. The case file is not served; please tell the operators.',
  },
  RECORDS_DOCUMENT_INTEGRITY_FAILED: {
    status: 500,
    de: 'Der Inhalt eines abgelegten Dokuments stimmt nicht mehr mit seinem SHA-256-Hashwert überein. Er wird nicht ausgeliefert; bitte verständigen Sie den Betrieb.',
    en: 'The content of a filed document no longer matches its SHA-256 hash. It is not served; please tell the operators.',
  },
  RECORDS_ZIP_TOO_LARGE: {
    status: 413,
    de: 'Der Vorgang ist für ein ZIP-Archiv zu groß (mehr als 4 GiB oder 65 535 Dateien).',
    en: 'The case file is too large for a ZIP archive (more than 4 GiB or 65,535 files).',
  },
});
