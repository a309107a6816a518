/**
 * The texts of the case-record pages (`/records`, `/records/:id`), once per language; typed
 * by one interface so a text missing in one language is a compile error.
 */
import type { Lang } from '../../../common/errors/domain-error.js';
import type { SearchField } from '../../records/query/vorgang-search.js';

export interface RecordsPageMessages {
  readonly title: string;
  readonly intro: string;
  readonly searchTitle: string;
  readonly fields: {
    readonly aktenzeichen: string;
    readonly aktenzeichenHint: string;
    readonly number: string;
    readonly numberHint: string;
    readonly supplier: string;
    readonly supplierHint: string;
    readonly amountFrom: string;
    readonly amountTo: string;
    readonly amountHint: string;
    readonly dateField: string;
    readonly dateInvoice: string;
    readonly dateFiled: string;
    readonly from: string;
    readonly to: string;
  };
  readonly moreCriteria: string;
  readonly submit: string;
  readonly reset: string;
  readonly invalidTitle: string;
  readonly invalid: Readonly<Partial<Record<SearchField, string>>>;
  readonly resultsTitle: string;
  readonly found: (n: number) => string;
  readonly latest: (n: number) => string;
  readonly caption: string;
  readonly columns: {
    readonly aktenzeichen: string;
    readonly number: string;
    readonly supplier: string;
    readonly amount: string;
    readonly issueDate: string;
    readonly filedAt: string;
  };
  readonly notFiled: string;
  readonly noNumber: string;
  readonly emptyTitle: string;
  readonly emptyHint: string;
  readonly noMatchTitle: string;
  readonly noMatchHint: string;
  readonly pagination: string;
  readonly previous: string;
  readonly next: string;
  readonly pageOf: (page: number, pages: number) => string;
  readonly detail: {
    readonly title: (aktenzeichen: string) => string;
    readonly backToSearch: string;
    readonly vorgang: string;
    readonly aktenzeichen: string;
    readonly betreff: string;
    readonly createdAt: string;
    readonly filedAt: string;
    readonly akte: string;
    readonly akteTitle: string;
    readonly fiscalYear: string;
    readonly aktenplan: string;
    readonly invoice: string;
    readonly invoiceNumber: string;
    readonly supplier: string;
    readonly vatId: string;
    readonly amount: string;
    readonly issueDate: string;
    readonly openInvoice: string;
    readonly documents: string;
    readonly documentsCaption: (n: number) => string;
    readonly noDocuments: string;
    readonly columns: {
      readonly position: string;
      readonly kind: string;
      readonly name: string;
      readonly mediaType: string;
      readonly size: string;
      readonly sha256: string;
      readonly retainUntil: string;
      readonly actions: string;
    };
    readonly fullHash: (sha256: string) => string;
    readonly open: string;
    readonly openLabel: (name: string) => string;
    readonly download: string;
    readonly downloadLabel: (name: string) => string;
    readonly zipTitle: string;
    readonly zipHint: string;
    readonly zipButton: string;
    readonly notFiledHint: string;
  };
  readonly bytes: (n: string) => string;
  /** The link on the invoice page. */
  readonly invoiceLink: {
    readonly title: string;
    readonly filed: (aktenzeichen: string) => string;
    readonly allocated: (aktenzeichen: string) => string;
  };
}

const de: RecordsPageMessages = {
  title: 'Akten',
  intro:
    'Abgelegte Rechnungen mit allen Dokumenten ihres Vorgangs. Suchen Sie nach Aktenzeichen, Rechnungsnummer, Lieferant, Betrag oder Datum; alle Angaben müssen zutreffen.',
  searchTitle: 'Vorgang suchen',
  fields: {
    aktenzeichen: 'Aktenzeichen',
    aktenzeichenHint: 'Der Anfang genügt, z. B. 902.31-2026',
    number: 'Rechnungsnummer',
    numberHint: 'Ganz oder der Anfang',
    supplier: 'Lieferant',
    supplierHint: 'Teil des Namens oder die USt-IdNr.',
    amountFrom: 'Betrag von',
    amountTo: 'Betrag bis',
    amountHint: 'In Euro, z. B. 1.190,00. Für einen genauen Betrag beide Felder gleich füllen.',
    dateField: 'Datum',
    dateInvoice: 'Rechnungsdatum',
    dateFiled: 'Ablagedatum',
    from: 'von',
    to: 'bis',
  },
  moreCriteria: 'Weitere Suchangaben: Lieferant, Betrag, Datum',
  submit: 'Suchen',
  reset: 'Zurücksetzen',
  invalidTitle: 'Bitte prüfen Sie die Suchangaben',
  invalid: {
    aktenzeichen: 'Das Aktenzeichen ist zu lang.',
    number: 'Die Rechnungsnummer ist zu lang.',
    supplier: 'Die Angabe zum Lieferanten ist zu lang.',
    amount: 'Der Betrag ist keine Zahl.',
    amountFrom: '„Betrag von“ ist keine Zahl, z. B. 1190,00.',
    amountTo: '„Betrag bis“ ist keine Zahl, z. B. 1190,00.',
    from: '„von“ ist kein Datum.',
    to: '„bis“ ist kein Datum.',
    dateField: 'Bitte wählen Sie, welches Datum gemeint ist.',
    page: 'Diese Seite gibt es nicht.',
    limit: 'So viele Treffer je Seite gibt es nicht.',
  },
  resultsTitle: 'Vorgänge',
  found: (n) => (n === 1 ? '1 Vorgang gefunden' : `${n.toLocaleString('de-DE')} Vorgänge gefunden`),
  latest: (n) =>
    n === 1 ? '1 Vorgang, der neueste zuerst' : `${n.toLocaleString('de-DE')} Vorgänge, die neuesten zuerst`,
  caption: 'Vorgänge, zuletzt abgelegte zuerst',
  columns: {
    aktenzeichen: 'Aktenzeichen',
    number: 'Rechnungsnummer',
    supplier: 'Lieferant',
    amount: 'Betrag',
    issueDate: 'Rechnungsdatum',
    filedAt: 'abgelegt am',
  },
  notFiled: 'wird abgelegt',
  noNumber: 'ohne Nummer',
  emptyTitle: 'Noch keine Vorgänge',
  emptyHint: 'Sobald eine Rechnung freigegeben ist, wird sie mit ihren Dokumenten hier abgelegt.',
  noMatchTitle: 'Kein Vorgang passt zu diesen Angaben',
  noMatchHint: 'Lassen Sie eine Angabe weg oder geben Sie nur den Anfang der Nummer ein.',
  pagination: 'Seiten der Trefferliste',
  previous: 'Vorige Seite',
  next: 'Nächste Seite',
  pageOf: (page, pages) => `Seite ${page} von ${pages}`,
  detail: {
    title: (az) => `Vorgang ${az}`,
    backToSearch: 'Zur Suche',
    vorgang: 'Vorgang',
    aktenzeichen: 'Aktenzeichen',
    betreff: 'Betreff',
    createdAt: 'angelegt am',
    filedAt: 'abgelegt am',
    akte: 'Akte',
    akteTitle: 'Titel',
    fiscalYear: 'Haushaltsjahr',
    aktenplan: 'Aktenplan',
    invoice: 'Rechnung',
    invoiceNumber: 'Rechnungsnummer',
    supplier: 'Lieferant',
    vatId: 'USt-IdNr.',
    amount: 'Betrag',
    issueDate: 'Rechnungsdatum',
    openInvoice: 'Rechnung ansehen',
    documents: 'Dokumente',
    documentsCaption: (n) => (n === 1 ? '1 Dokument im Vorgang' : `${n} Dokumente im Vorgang`),
    noDocuments: 'Die Dokumente werden gerade abgelegt. Laden Sie die Seite in einer Minute neu.',
    columns: {
      position: 'Nr.',
      kind: 'Art',
      name: 'Datei und Format',
      mediaType: 'Format',
      size: 'Größe',
      sha256: 'SHA-256',
      retainUntil: 'aufbewahren bis',
      actions: 'Aktionen',
    },
    fullHash: (h) => `SHA-256 vollständig: ${h}`,
    open: 'Ansehen',
    openLabel: (name) => `${name} im Browser ansehen`,
    download: 'Herunterladen',
    downloadLabel: (name) => `${name} herunterladen`,
    zipTitle: 'Ganzer Vorgang',
    zipHint:
      'Alle Dokumente als ZIP-Archiv mit Inhaltsverzeichnis (manifest.json und MANIFEST.txt mit Größe und SHA-256 jeder Datei). Jede Datei wird vor dem Herunterladen gegen ihren SHA-256-Wert geprüft.',
    zipButton: 'Vorgang als ZIP herunterladen',
    notFiledHint: 'Der Vorgang ist angelegt; die Dokumente werden gerade abgelegt.',
  },
  bytes: (n) => `${n} Bytes`,
  invoiceLink: {
    title: 'Akte',
    filed: (az) => `Abgelegt im Vorgang ${az}`,
    allocated: (az) => `Vorgang ${az} angelegt, Ablage läuft`,
  },
};

const en: RecordsPageMessages = {
  title: 'Case records',
  intro:
    'Filed invoices with every document of their case file (Vorgang). Search by reference (Aktenzeichen), invoice number, supplier, amount or date; every criterion must hold.',
  searchTitle: 'Find a case file',
  fields: {
    aktenzeichen: 'Reference (Aktenzeichen)',
    aktenzeichenHint: 'Its beginning will do, e.g. 902.31-2026',
    number: 'Invoice number',
    numberHint: 'Whole or its beginning',
    supplier: 'Supplier',
    supplierHint: 'Part of the name, or the VAT ID',
    amountFrom: 'Amount from',
    amountTo: 'Amount to',
    amountHint: 'In euros, e.g. 1,190.00. For an exact amount fill in both with the same.',
    dateField: 'Date',
    dateInvoice: 'Invoice date',
    dateFiled: 'Filing date',
    from: 'from',
    to: 'to',
  },
  moreCriteria: 'More criteria: supplier, amount, date',
  submit: 'Search',
  reset: 'Reset',
  invalidTitle: 'Please check the search criteria',
  invalid: {
    aktenzeichen: 'The reference is too long.',
    number: 'The invoice number is too long.',
    supplier: 'The supplier criterion is too long.',
    amount: 'The amount is not a number.',
    amountFrom: '“Amount from” is not a number, e.g. 1190.00.',
    amountTo: '“Amount to” is not a number, e.g. 1190.00.',
    from: '“from” is not a date.',
    to: '“to” is not a date.',
    dateField: 'Please choose which date is meant.',
    page: 'There is no such page.',
    limit: 'That many results per page are not offered.',
  },
  resultsTitle: 'Case files',
  found: (n) => (n === 1 ? '1 case file found' : `${n.toLocaleString('en-GB')} case files found`),
  latest: (n) =>
    n === 1 ? '1 case file, newest first' : `${n.toLocaleString('en-GB')} case files, newest first`,
  caption: 'Case files, most recently filed first',
  columns: {
    aktenzeichen: 'Reference',
    number: 'Invoice number',
    supplier: 'Supplier',
    amount: 'Amount',
    issueDate: 'Invoice date',
    filedAt: 'Filed',
  },
  notFiled: 'being filed',
  noNumber: 'no number',
  emptyTitle: 'No case files yet',
  emptyHint: 'As soon as an invoice is approved, it is filed here with its documents.',
  noMatchTitle: 'No case file matches these criteria',
  noMatchHint: 'Leave out a criterion, or enter only the beginning of the number.',
  pagination: 'Pages of the results',
  previous: 'Previous page',
  next: 'Next page',
  pageOf: (page, pages) => `Page ${page} of ${pages}`,
  detail: {
    title: (az) => `Case file ${az}`,
    backToSearch: 'Back to search',
    vorgang: 'Case file (Vorgang)',
    aktenzeichen: 'Reference',
    betreff: 'Subject',
    createdAt: 'Created',
    filedAt: 'Filed',
    akte: 'File (Akte)',
    akteTitle: 'Title',
    fiscalYear: 'Fiscal year',
    aktenplan: 'Filing plan',
    invoice: 'Invoice',
    invoiceNumber: 'Invoice number',
    supplier: 'Supplier',
    vatId: 'VAT ID',
    amount: 'Amount',
    issueDate: 'Invoice date',
    openInvoice: 'View the invoice',
    documents: 'Documents',
    documentsCaption: (n) => (n === 1 ? '1 document in the case file' : `${n} documents in the case file`),
    noDocuments: 'The documents are being filed. Reload the page in a minute.',
    columns: {
      position: 'No.',
      kind: 'Kind',
      name: 'File and format',
      mediaType: 'Format',
      size: 'Size',
      sha256: 'SHA-256',
      retainUntil: 'Retain until',
      actions: 'Actions',
    },
    fullHash: (h) => `Full SHA-256: ${h}`,
    open: 'View',
    openLabel: (name) => `View ${name} in the browser`,
    download: 'Download',
    downloadLabel: (name) => `Download ${name}`,
    zipTitle: 'Whole case file',
    zipHint:
      'All documents as a ZIP archive with a table of contents (manifest.json and MANIFEST.txt with the size and SHA-256 of every file). Every file is checked against its SHA-256 before it is sent.',
    zipButton: 'Download the case file as ZIP',
    notFiledHint: 'The case file is allocated; its documents are being filed.',
  },
  bytes: (n) => `${n} bytes`,
  invoiceLink: {
    title: 'Case record',
    filed: (az) => `Filed in case file ${az}`,
    allocated: (az) => `Case file ${az} allocated, filing under way`,
  },
};

const MESSAGES: Readonly<Record<Lang, RecordsPageMessages>> = { de, en };

export function recordsMessagesFor(lang: Lang): RecordsPageMessages {
  return MESSAGES[lang];
}
