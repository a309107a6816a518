import { defineErrors } from '../../../common/errors/domain-error.js';

/** Errors of the chart of accounts; the row problems of a CSV file carry their own codes (`chart-csv.ts`). */
export const AccountsErrors = defineErrors({
  ACCOUNTS_CSV_INVALID: {
    status: 422,
    de: 'Die Kontenplan-Datei enthält Fehler; es wurde nichts importiert. Die Fehler stehen mit Zeilennummer in `details.problems`.',
    en: 'The chart-of-accounts file has errors; nothing was imported. The errors are listed with their line numbers in `details.problems`.',
  },
  ACCOUNTS_CSV_TOO_LARGE: {
    status: 413,
    de: 'Die Kontenplan-Datei ist größer als 10 MB.',
    en: 'The chart-of-accounts file is larger than 10 MB.',
  },
  ACCOUNTS_CSV_MEDIA_TYPE: {
    status: 415,
    de: 'Senden Sie die Kontenplan-Datei als text/csv (oder multipart/form-data mit einer Datei).',
    en: 'Send the chart-of-accounts file as text/csv (or multipart/form-data with one file).',
  },
  ACCOUNTS_IMPORT_MODE_INVALID: {
    status: 400,
    de: 'Der Importmodus muss „merge“ oder „replace“ sein.',
    en: 'The import mode must be "merge" or "replace".',
  },
  ACCOUNTS_QUERY_INVALID: {
    status: 400,
    de: 'Ein Suchparameter ist ungültig (kind, q, active, limit oder cursor).',
    en: 'A search parameter is invalid (kind, q, active, limit or cursor).',
  },
});
