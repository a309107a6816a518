/**
 * The texts of the admin's chart-of-accounts page, once per language (typed by one
 * interface so a text missing in one language is a compile error).
 */
import type { Lang } from '../../../common/errors/domain-error.js';
import type { AccountKind } from '../../approval/accounts/chart-csv.js';
import type { ImportMode } from '../../approval/accounts/accounts.repository.js';

export interface AccountsPageMessages {
  readonly title: string;
  readonly intro: string;
  readonly kinds: Readonly<Record<AccountKind, string>>;
  /** The kinds in the plural, for the filter and the counts. */
  readonly kindsPlural: Readonly<Record<AccountKind, string>>;
  readonly counts: (total: number, active: number) => string;
  readonly noChart: string;
  readonly noChartHint: string;
  readonly search: {
    readonly heading: string;
    readonly q: string;
    readonly qHint: string;
    readonly kind: string;
    readonly allKinds: string;
    readonly submit: string;
    readonly reset: string;
  };
  readonly caption: string;
  readonly captionFiltered: string;
  readonly columns: {
    readonly kind: string;
    readonly code: string;
    readonly name: string;
    readonly state: string;
    readonly validity: string;
  };
  readonly active: string;
  readonly inactive: string;
  readonly always: string;
  readonly validFrom: (date: string) => string;
  readonly validTo: (date: string) => string;
  readonly nothingFound: string;
  readonly next: string;
  readonly first: string;
  readonly importHeading: string;
  readonly file: string;
  readonly fileHint: string;
  readonly mode: string;
  readonly modes: Readonly<Record<ImportMode, { readonly label: string; readonly hint: string }>>;
  readonly importSubmit: string;
  readonly formatSummary: string;
  readonly formatText: readonly string[];
  readonly imported: (
    rows: number,
    created: number,
    updated: number,
    unchanged: number,
    deactivated: number,
  ) => string;
  readonly refusedTitle: string;
  readonly refusedIntro: (count: number) => string;
  readonly refusedMore: (shown: number, count: number) => string;
  readonly problemColumns: {
    readonly line: string;
    readonly column: string;
    readonly value: string;
    readonly problem: string;
  };
  readonly wholeFile: string;
  readonly firstSeenIn: (line: string) => string;
  readonly noFile: string;
  readonly historyHeading: string;
  readonly historyCaption: string;
  readonly historyColumns: {
    readonly at: string;
    readonly file: string;
    readonly mode: string;
    readonly rows: string;
    readonly created: string;
    readonly updated: string;
    readonly deactivated: string;
  };
  readonly modeNames: Readonly<Record<ImportMode, string>>;
  readonly noHistory: string;
}

const de: AccountsPageMessages = {
  title: 'Kontenplan',
  intro:
    'Gegen diesen Kontenplan wird die Kontierung jeder Rechnung geprüft: Buchungsstellen (Haushaltsstellen, Produkte, Sachkonten), Kostenstellen und Investitionsnummern. Konten werden nie gelöscht, nur deaktiviert – frühere Kontierungen verweisen auf sie.',
  kinds: {
    buchungsstelle: 'Buchungsstelle',
    kostenstelle: 'Kostenstelle',
    investition: 'Investitionsnummer',
  },
  kindsPlural: {
    buchungsstelle: 'Buchungsstellen',
    kostenstelle: 'Kostenstellen',
    investition: 'Investitionsnummern',
  },
  counts: (total, active) =>
    `${total.toLocaleString('de-DE')} (davon ${active.toLocaleString('de-DE')} aktiv)`,
  noChart: 'Noch kein Kontenplan importiert',
  noChartHint:
    'Ohne Kontenplan wird bei der Kontierung nur die Form der Nummern geprüft (1–64 Zeichen aus Buchstaben, Ziffern, Punkt, Bindestrich, Unterstrich). Importieren Sie unten eine CSV-Datei.',
  search: {
    heading: 'Konten suchen',
    q: 'Nummer oder Bezeichnung',
    qHint: 'Der Anfang einer Nummer (z. B. 1.1100) oder ein Teil der Bezeichnung.',
    kind: 'Art',
    allKinds: 'Alle Arten',
    submit: 'Suchen',
    reset: 'Suche zurücksetzen',
  },
  caption: 'Konten, sortiert nach Art und Nummer',
  captionFiltered: 'Gefundene Konten, sortiert nach Art und Nummer',
  columns: { kind: 'Art', code: 'Nummer', name: 'Bezeichnung', state: 'Status', validity: 'Gültigkeit' },
  active: 'Aktiv',
  inactive: 'Deaktiviert',
  always: 'unbegrenzt',
  validFrom: (date) => `ab ${date}`,
  validTo: (date) => `bis ${date}`,
  nothingFound: 'Keine Konten gefunden.',
  next: 'Weitere Konten',
  first: 'Zum Anfang der Liste',
  importHeading: 'Kontenplan importieren',
  file: 'CSV-Datei',
  fileHint: 'Höchstens 10 MB und 100.000 Konten. Zum Aufbau der Datei siehe „Dateiformat“ unten.',
  mode: 'Art des Imports',
  modes: {
    merge: {
      label: 'Ergänzen',
      hint: 'Neue Konten werden angelegt, vorhandene aktualisiert; alle anderen bleiben, wie sie sind.',
    },
    replace: {
      label: 'Ersetzen',
      hint: 'Wie „Ergänzen“; zusätzlich werden Konten der in der Datei enthaltenen Arten deaktiviert, die die Datei nicht mehr enthält.',
    },
  },
  importSubmit: 'Importieren',
  formatSummary: 'Dateiformat',
  formatText: [
    'Eine Kopfzeile, dann ein Konto je Zeile; Trennzeichen Semikolon oder Komma; UTF-8 oder Windows-1252 (Excel „CSV (Trennzeichen-getrennt)“).',
    'Spalten: art (Buchungsstelle, Haushaltsstelle, Sachkonto, Produkt, Kostenstelle, Investition oder Investitionsnummer), nummer, bezeichnung, aktiv (ja/nein; leer = aktiv); optional gueltig_ab und gueltig_bis (31.01.2026). Englische Spaltennamen: kind, code, name, active, valid_from, valid_to.',
    'Enthält eine Zeile einen Fehler, wird nichts importiert; alle Fehler werden mit Zeilennummer angezeigt.',
  ],
  imported: (rows, created, updated, unchanged, deactivated) =>
    `Der Kontenplan wurde importiert: ${rows.toLocaleString('de-DE')} Konten in der Datei – ${created.toLocaleString('de-DE')} neu, ${updated.toLocaleString('de-DE')} geändert, ${unchanged.toLocaleString('de-DE')} unverändert, ${deactivated.toLocaleString('de-DE')} deaktiviert.`,
  refusedTitle: 'Die Datei wurde nicht importiert',
  refusedIntro: (count) =>
    count === 1
      ? 'Die Datei enthält einen Fehler. Es wurde nichts geändert. Bitte korrigieren Sie die Datei und importieren Sie sie erneut.'
      : `Die Datei enthält ${count.toLocaleString('de-DE')} Fehler. Es wurde nichts geändert. Bitte korrigieren Sie die Datei und importieren Sie sie erneut.`,
  refusedMore: (shown, count) =>
    `Angezeigt sind die ersten ${shown.toLocaleString('de-DE')} von ${count.toLocaleString('de-DE')} Fehlern.`,
  problemColumns: { line: 'Zeile', column: 'Spalte', value: 'Wert', problem: 'Fehler' },
  wholeFile: 'ganze Datei',
  firstSeenIn: (line) => `zuerst in Zeile ${line}`,
  noFile: 'Wählen Sie eine CSV-Datei aus.',
  historyHeading: 'Letzte Importe',
  historyCaption: 'Die letzten Importe des Kontenplans, neueste zuerst',
  historyColumns: {
    at: 'Zeitpunkt',
    file: 'Datei',
    mode: 'Art',
    rows: 'Konten',
    created: 'Neu',
    updated: 'Geändert',
    deactivated: 'Deaktiviert',
  },
  modeNames: { merge: 'Ergänzen', replace: 'Ersetzen' },
  noHistory: 'Noch kein Import.',
};

const en: AccountsPageMessages = {
  title: 'Chart of accounts',
  intro:
    "Every invoice's account assignment is checked against this chart: booking accounts (Haushaltsstellen, products, ledger accounts), cost centres and investment numbers. Accounts are never deleted, only deactivated — earlier account assignments refer to them.",
  kinds: { buchungsstelle: 'Booking account', kostenstelle: 'Cost centre', investition: 'Investment number' },
  kindsPlural: {
    buchungsstelle: 'Booking accounts',
    kostenstelle: 'Cost centres',
    investition: 'Investment numbers',
  },
  counts: (total, active) => `${total.toLocaleString('en-US')} (${active.toLocaleString('en-US')} active)`,
  noChart: 'No chart of accounts imported yet',
  noChartHint:
    'Without a chart, account assignments are checked for the form of the codes only (1–64 characters of letters, digits, dot, hyphen, underscore). Import a CSV file below.',
  search: {
    heading: 'Search accounts',
    q: 'Code or name',
    qHint: 'The beginning of a code (e.g. 1.1100) or a part of the name.',
    kind: 'Kind',
    allKinds: 'All kinds',
    submit: 'Search',
    reset: 'Reset search',
  },
  caption: 'Accounts, ordered by kind and code',
  captionFiltered: 'Accounts found, ordered by kind and code',
  columns: { kind: 'Kind', code: 'Code', name: 'Name', state: 'Status', validity: 'Validity' },
  active: 'Active',
  inactive: 'Deactivated',
  always: 'unlimited',
  validFrom: (date) => `from ${date}`,
  validTo: (date) => `until ${date}`,
  nothingFound: 'No accounts found.',
  next: 'More accounts',
  first: 'Back to the start of the list',
  importHeading: 'Import a chart of accounts',
  file: 'CSV file',
  fileHint: 'At most 10 MB and 100,000 accounts. For the layout of the file see "File format" below.',
  mode: 'Kind of import',
  modes: {
    merge: {
      label: 'Merge',
      hint: 'New accounts are added, existing ones updated; all others stay as they are.',
    },
    replace: {
      label: 'Replace',
      hint: 'Like "Merge"; in addition, accounts of the kinds the file contains that the file no longer lists are deactivated.',
    },
  },
  importSubmit: 'Import',
  formatSummary: 'File format',
  formatText: [
    'One header row, then one account per row; delimiter semicolon or comma; UTF-8 or Windows-1252 (Excel "CSV (comma delimited)").',
    'Columns: kind (Buchungsstelle, Haushaltsstelle, Sachkonto, Produkt, Kostenstelle, Investition or Investitionsnummer), code, name, active (yes/no; empty = active); optional valid_from and valid_to (2026-01-31). German column names: art, nummer, bezeichnung, aktiv, gueltig_ab, gueltig_bis.',
    'If any row has an error, nothing is imported; every error is shown with its line number.',
  ],
  imported: (rows, created, updated, unchanged, deactivated) =>
    `The chart of accounts was imported: ${rows.toLocaleString('en-US')} accounts in the file — ${created.toLocaleString('en-US')} new, ${updated.toLocaleString('en-US')} changed, ${unchanged.toLocaleString('en-US')} unchanged, ${deactivated.toLocaleString('en-US')} deactivated.`,
  refusedTitle: 'The file was not imported',
  refusedIntro: (count) =>
    count === 1
      ? 'The file has one error. Nothing was changed. Please correct the file and import it again.'
      : `The file has ${count.toLocaleString('en-US')} errors. Nothing was changed. Please correct the file and import it again.`,
  refusedMore: (shown, count) =>
    `The first ${shown.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} errors are shown.`,
  problemColumns: { line: 'Line', column: 'Column', value: 'Value', problem: 'Error' },
  wholeFile: 'whole file',
  firstSeenIn: (line) => `first in line ${line}`,
  noFile: 'Choose a CSV file.',
  historyHeading: 'Recent imports',
  historyCaption: 'The recent imports of the chart of accounts, newest first',
  historyColumns: {
    at: 'Time',
    file: 'File',
    mode: 'Kind',
    rows: 'Accounts',
    created: 'New',
    updated: 'Changed',
    deactivated: 'Deactivated',
  },
  modeNames: { merge: 'Merge', replace: 'Replace' },
  noHistory: 'No import yet.',
};

const MESSAGES: Readonly<Record<Lang, AccountsPageMessages>> = { de, en };

export function accountsMessagesFor(lang: Lang): AccountsPageMessages {
  return MESSAGES[lang];
}
