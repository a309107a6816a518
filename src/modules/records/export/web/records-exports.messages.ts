/**
 * The texts of the admin's export page (DMS exports of filed Vorgänge), once per language,
 * typed by one interface so a text missing in one language is a compile error.
 */
import type { Lang } from '../../../../common/errors/domain-error.js';
import type { ExportState } from '../records-export.repository.js';

export interface ExportsPageMessages {
  readonly title: string;
  readonly intro: string;
  readonly caption: string;
  readonly filter: string;
  readonly all: string;
  readonly empty: string;
  readonly columns: {
    readonly aktenzeichen: string;
    readonly target: string;
    readonly state: string;
    readonly attempts: string;
    readonly next: string;
    readonly error: string;
    readonly actions: string;
  };
  readonly states: Readonly<Record<ExportState, string>>;
  readonly noRetry: string;
  readonly noError: string;
  readonly retry: string;
  readonly retryFor: (aktenzeichen: string, target: string) => string;
  readonly retried: string;
  /** What a stored error code means; unknown codes are shown as they are. */
  readonly errors: Readonly<Record<string, string>>;
}

const de: ExportsPageMessages = {
  title: 'Exporte in das DMS',
  intro:
    'Abgelegte Vorgänge werden an die eingerichteten Exportziele übergeben (xdomea oder CMIS). Ein fehlgeschlagener Export wird automatisch erneut versucht, mit wachsendem Abstand; mit „Erneut versuchen“ sofort.',
  caption: 'Exporte abgelegter Vorgänge',
  filter: 'Status',
  all: 'Alle',
  empty: 'Keine Exporte in dieser Auswahl.',
  columns: {
    aktenzeichen: 'Aktenzeichen',
    target: 'Ziel',
    state: 'Status',
    attempts: 'Versuche',
    next: 'Nächster Versuch',
    error: 'Letzter Fehler',
    actions: 'Aktionen',
  },
  states: {
    pending: 'Wartet',
    sent: 'Übergeben, Bestätigung ausstehend',
    confirmed: 'Bestätigt',
    failed: 'Fehlgeschlagen',
  },
  noRetry: '–',
  noError: 'Keiner',
  retry: 'Erneut versuchen',
  retryFor: (az, target) => `Erneut versuchen: ${az} an ${target}`,
  retried: 'Der Export wird jetzt erneut versucht (mit einer neuen Nachricht).',
  errors: {
    EXPORT_REJECTED_BY_DMS: 'Das DMS hat den Import abgelehnt',
    EXPORT_CMIS_FAILED: 'Das DMS (CMIS) hat abgelehnt oder war nicht erreichbar',
    EXPORT_HTTP_FAILED: 'Das DMS hat die Nachricht nicht angenommen',
    EXPORT_TRANSFER_FAILED: 'Schreiben in das Übergabeverzeichnis fehlgeschlagen',
    EXPORT_ADDRESS_FORBIDDEN: 'Adresse des Ziels nicht erlaubt',
    EXPORT_DOCUMENT_MISSING: 'Dokument fehlt im Speicher',
    EXPORT_MESSAGE_INVALID: 'Nachricht entspricht nicht dem Schema',
  },
};

const en: ExportsPageMessages = {
  title: 'Exports to the DMS',
  intro:
    'Filed Vorgänge are handed to the export targets set up (xdomea or CMIS). A failed export is tried again automatically, at growing intervals; “Try again” does so at once.',
  caption: 'Exports of filed Vorgänge',
  filter: 'State',
  all: 'All',
  empty: 'No exports in this selection.',
  columns: {
    aktenzeichen: 'File reference',
    target: 'Target',
    state: 'State',
    attempts: 'Attempts',
    next: 'Next attempt',
    error: 'Last error',
    actions: 'Actions',
  },
  states: {
    pending: 'Waiting',
    sent: 'Handed over, awaiting confirmation',
    confirmed: 'Confirmed',
    failed: 'Failed',
  },
  noRetry: '–',
  noError: 'None',
  retry: 'Try again',
  retryFor: (az, target) => `Try again: ${az} to ${target}`,
  retried: 'The export is being tried again now (with a new message).',
  errors: {
    EXPORT_REJECTED_BY_DMS: 'The DMS refused the import',
    EXPORT_CMIS_FAILED: 'The DMS (CMIS) refused or could not be reached',
    EXPORT_HTTP_FAILED: 'The DMS did not accept the message',
    EXPORT_TRANSFER_FAILED: 'Writing to the transfer directory failed',
    EXPORT_ADDRESS_FORBIDDEN: 'The target’s address is not allowed',
    EXPORT_DOCUMENT_MISSING: 'A document is missing from the store',
    EXPORT_MESSAGE_INVALID: 'The message does not match the schema',
  },
};

const MESSAGES: Readonly<Record<Lang, ExportsPageMessages>> = { de, en };

export function exportsMessagesFor(lang: Lang): ExportsPageMessages {
  return MESSAGES[lang];
}
