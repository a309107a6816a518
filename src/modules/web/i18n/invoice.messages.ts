/**
 * The texts of the staff's invoice page and its PDF, once per language (typed by one
 * interface, so a text missing in one language is a compile error). Business terms carry
 * their EN 16931 number (BT-x) where staff look them up in the standard.
 */
import type { Lang } from '../../../common/errors/domain-error.js';
import type { InvoiceStatus } from '../../invoices/invoice-status.js';

export interface InvoicePageMessages {
  readonly lang: Lang;
  readonly titleFallback: string;
  /** Document title: `Rechnung RE-1 – Lieferant GmbH`. */
  readonly pageTitle: (type: string, number: string | null) => string;
  readonly statuses: Readonly<Record<InvoiceStatus, string>>;
  readonly contents: string;
  readonly downloads: {
    readonly title: string;
    readonly original: (kind: 'xml' | 'pdf' | 'other') => string;
    readonly pdf: string;
    readonly email: string;
  };
  readonly summary: {
    readonly title: string;
    readonly status: string;
    readonly type: string;
    readonly number: string;
    readonly issueDate: string;
    readonly dueDate: string;
    readonly currency: string;
    readonly amountDue: string;
    readonly receivedAt: string;
    readonly channel: string;
    readonly channels: Readonly<Record<'upload' | 'email' | 'peppol', string>>;
    readonly sender: string;
    readonly subject: string;
    readonly suspectedDuplicate: string;
    readonly duplicateOf: string;
    readonly notReadable: string;
  };
  readonly parties: {
    readonly title: string;
    readonly seller: string;
    readonly buyer: string;
    readonly payee: string;
    readonly taxRepresentative: string;
    readonly name: string;
    readonly tradingName: string;
    readonly address: string;
    readonly identifiers: string;
    readonly legalRegistration: string;
    readonly vatId: string;
    readonly taxNumber: string;
    readonly electronicAddress: string;
    readonly contact: string;
    readonly phone: string;
    readonly email: string;
  };
  readonly references: {
    readonly title: string;
    readonly buyerReference: string;
    readonly purchaseOrder: string;
    readonly salesOrder: string;
    readonly contract: string;
    readonly project: string;
    readonly accounting: string;
    readonly precedingInvoices: string;
    readonly deliveryDate: string;
    readonly period: string;
    readonly processId: string;
    readonly specificationId: string;
    readonly none: string;
  };
  readonly lines: {
    readonly title: string;
    readonly caption: (n: number) => string;
    readonly position: string;
    readonly item: string;
    readonly quantity: string;
    readonly unit: string;
    readonly price: string;
    readonly priceBase: (quantity: string, unit: string) => string;
    readonly vat: string;
    readonly net: string;
    readonly sellerItemId: string;
    readonly orderLine: string;
    readonly accounting: string;
    readonly period: string;
    readonly note: string;
    readonly none: string;
  };
  readonly allowanceCharge: {
    readonly title: string;
    readonly caption: string;
    readonly kind: string;
    readonly allowance: string;
    readonly charge: string;
    readonly reason: string;
    readonly base: string;
    readonly percent: string;
    readonly amount: string;
    readonly vat: string;
  };
  readonly vat: {
    readonly title: string;
    readonly caption: string;
    readonly category: string;
    readonly rate: string;
    readonly taxable: string;
    readonly tax: string;
    readonly exemption: string;
  };
  readonly totals: {
    readonly title: string;
    readonly lineTotal: string;
    readonly allowanceTotal: string;
    readonly chargeTotal: string;
    readonly taxExclusive: string;
    readonly taxTotal: string;
    readonly taxTotalAccounting: string;
    readonly taxInclusive: string;
    readonly prepaid: string;
    readonly rounding: string;
    readonly payable: string;
  };
  readonly payment: {
    readonly title: string;
    readonly means: string;
    readonly accounts: string;
    readonly remittance: string;
    readonly mandate: string;
    readonly card: string;
    readonly terms: string;
    readonly dueDate: string;
    readonly cashDiscounts: string;
    readonly cashDiscountCaption: string;
    readonly until: string;
    readonly days: string;
    readonly percent: string;
    readonly baseAmount: string;
    readonly discount: string;
    readonly amountToPay: string;
    readonly daysValue: (n: number) => string;
    readonly noCashDiscount: string;
  };
  readonly notes: { readonly title: string; readonly none: string };
  readonly attachments: {
    readonly title: string;
    readonly caption: string;
    readonly name: string;
    readonly description: string;
    readonly type: string;
    readonly size: string;
    readonly source: string;
    readonly embedded: string;
    readonly message: string;
    readonly download: (name: string) => string;
    readonly missing: string;
    readonly none: string;
    readonly external: string;
  };
  readonly original: {
    readonly title: string;
    readonly fileName: string;
    readonly type: string;
    readonly size: string;
    readonly syntax: string;
    readonly customization: string;
    readonly kinds: Readonly<Record<'xml' | 'pdf' | 'other', string>>;
    readonly message: string;
    readonly messageSize: string;
    readonly note: string;
  };
  readonly validation: {
    readonly title: string;
    readonly pending: string;
    readonly valid: string;
    readonly invalid: string;
    readonly counts: (errors: number, warnings: number, infos: number) => string;
    readonly scenario: string;
    readonly errors: string;
    readonly warnings: string;
    readonly infos: string;
    readonly schemaErrors: string;
    readonly line: (n: number) => string;
  };
  readonly history: {
    readonly title: string;
    readonly caption: string;
    readonly time: string;
    readonly event: string;
    readonly actor: string;
    readonly detail: string;
    readonly system: string;
    readonly transition: (from: string | null, to: string) => string;
    readonly reasons: Readonly<Record<string, string>>;
    readonly findings: (ids: string) => string;
    readonly suspected: string;
  };
  readonly pdf: {
    readonly page: (n: number, of: number) => string;
    readonly generated: (at: string) => string;
    readonly rendition: string;
  };
  readonly bytes: (n: number) => string;
}

const STATUSES_DE: Record<InvoiceStatus, string> = {
  received: 'Eingegangen',
  extracted: 'In Prüfung',
  awaiting_schemas: 'Prüfung zurückgestellt (technischer Grund)',
  validated: 'Formal geprüft',
  rejected: 'Abgewiesen',
  duplicate: 'Duplikat',
  awaiting_approval: 'Wartet auf Freigabe',
  approved: 'Freigegeben',
  filed: 'Zur Akte genommen',
  posted: 'An das Finanzverfahren übergeben',
  paid: 'Bezahlt',
  returned: 'An den Lieferanten zurückgegeben',
  cancelled: 'Storniert',
};

const STATUSES_EN: Record<InvoiceStatus, string> = {
  received: 'Received',
  extracted: 'Being checked',
  awaiting_schemas: 'Check postponed (technical reason)',
  validated: 'Checked',
  rejected: 'Rejected',
  duplicate: 'Duplicate',
  awaiting_approval: 'Awaiting approval',
  approved: 'Approved',
  filed: 'Filed',
  posted: 'Handed to the finance system',
  paid: 'Paid',
  returned: 'Returned to the supplier',
  cancelled: 'Cancelled',
};

const de: InvoicePageMessages = {
  lang: 'de',
  titleFallback: 'Rechnung',
  pageTitle: (type, number) => (number ? `${type} ${number}` : type),
  statuses: STATUSES_DE,
  contents: 'Inhalt dieser Seite',
  downloads: {
    title: 'Herunterladen',
    original: (kind) =>
      kind === 'pdf' ? 'Original (PDF)' : kind === 'xml' ? 'Original (XML)' : 'Originaldatei',
    pdf: 'Lesefassung als PDF',
    email: 'E-Mail (.eml)',
  },
  summary: {
    title: 'Überblick',
    status: 'Status',
    type: 'Rechnungsart (BT-3)',
    number: 'Rechnungsnummer (BT-1)',
    issueDate: 'Rechnungsdatum (BT-2)',
    dueDate: 'Fälligkeitsdatum (BT-9)',
    currency: 'Währung (BT-5)',
    amountDue: 'Zahlbetrag (BT-115)',
    receivedAt: 'Eingegangen am',
    channel: 'Eingangsweg',
    channels: { upload: 'Upload (API)', email: 'E-Mail', peppol: 'Peppol' },
    sender: 'Absender',
    subject: 'Betreff der E-Mail',
    suspectedDuplicate:
      'Möglicherweise doppelt: Eine frühere Rechnung hat denselben Verkäufer, dieselbe Nummer, dasselbe Datum und denselben Betrag.',
    duplicateOf: 'Duplikat einer früheren Rechnung:',
    notReadable:
      'Das Dokument konnte nicht als Rechnung gelesen werden; es liegen nur die Prüfergebnisse vor.',
  },
  parties: {
    title: 'Beteiligte',
    seller: 'Verkäufer (BG-4)',
    buyer: 'Käufer (BG-7)',
    payee: 'Abweichender Zahlungsempfänger (BG-10)',
    taxRepresentative: 'Steuerlicher Vertreter des Verkäufers (BG-11)',
    name: 'Name',
    tradingName: 'Handelsname',
    address: 'Anschrift',
    identifiers: 'Kennungen',
    legalRegistration: 'Registernummer',
    vatId: 'USt-IdNr.',
    taxNumber: 'Steuernummer',
    electronicAddress: 'Elektronische Adresse',
    contact: 'Kontakt',
    phone: 'Telefon',
    email: 'E-Mail',
  },
  references: {
    title: 'Referenzen',
    buyerReference: 'Leitweg-ID / Käuferreferenz (BT-10)',
    purchaseOrder: 'Bestellnummer (BT-13)',
    salesOrder: 'Auftragsnummer des Verkäufers (BT-14)',
    contract: 'Vertragsnummer (BT-12)',
    project: 'Projektnummer (BT-11)',
    accounting: 'Buchungsreferenz des Käufers (BT-19)',
    precedingInvoices: 'Vorausgegangene Rechnungen (BT-25)',
    deliveryDate: 'Liefer-/Leistungsdatum (BT-72)',
    period: 'Abrechnungszeitraum (BG-14)',
    processId: 'Prozesskennung (BT-23)',
    specificationId: 'Spezifikation (BT-24)',
    none: 'Keine Referenzen angegeben.',
  },
  lines: {
    title: 'Rechnungspositionen',
    caption: (n) => (n === 1 ? '1 Position' : `${n} Positionen`),
    position: 'Pos.',
    item: 'Bezeichnung',
    quantity: 'Menge',
    unit: 'Einheit',
    price: 'Einzelpreis (netto)',
    priceBase: (quantity, unit) => `je ${quantity} ${unit}`.trim(),
    vat: 'USt',
    net: 'Nettobetrag',
    sellerItemId: 'Artikelnummer',
    orderLine: 'Bestellposition (BT-132)',
    accounting: 'Buchungsreferenz (BT-133)',
    period: 'Zeitraum',
    note: 'Hinweis',
    none: 'Die Rechnung enthält keine Positionen.',
  },
  allowanceCharge: {
    title: 'Nachlässe und Zuschläge',
    caption: 'Nachlässe und Zuschläge auf Dokumentebene (BG-20, BG-21)',
    kind: 'Art',
    allowance: 'Nachlass',
    charge: 'Zuschlag',
    reason: 'Grund',
    base: 'Basisbetrag',
    percent: 'Prozent',
    amount: 'Betrag',
    vat: 'USt',
  },
  vat: {
    title: 'Umsatzsteuer',
    caption: 'Aufschlüsselung der Umsatzsteuer (BG-23)',
    category: 'Kategorie',
    rate: 'Satz',
    taxable: 'Bemessungsgrundlage',
    tax: 'Steuerbetrag',
    exemption: 'Befreiungsgrund',
  },
  totals: {
    title: 'Summen',
    lineTotal: 'Summe der Positionen (BT-106)',
    allowanceTotal: 'Summe der Nachlässe (BT-107)',
    chargeTotal: 'Summe der Zuschläge (BT-108)',
    taxExclusive: 'Gesamtbetrag ohne USt (BT-109)',
    taxTotal: 'Umsatzsteuer (BT-110)',
    taxTotalAccounting: 'Umsatzsteuer in Buchungswährung (BT-111)',
    taxInclusive: 'Gesamtbetrag mit USt (BT-112)',
    prepaid: 'Bereits gezahlt (BT-113)',
    rounding: 'Rundungsbetrag (BT-114)',
    payable: 'Zahlbetrag (BT-115)',
  },
  payment: {
    title: 'Zahlung',
    means: 'Zahlungsart (BT-81)',
    accounts: 'Bankverbindung (BT-84)',
    remittance: 'Verwendungszweck (BT-83)',
    mandate: 'Mandatsreferenz (BT-89)',
    card: 'Karte (BT-87)',
    terms: 'Zahlungsbedingungen (BT-20)',
    dueDate: 'Fällig am',
    cashDiscounts: 'Skonto',
    cashDiscountCaption: 'Skonto-Angebote aus den Zahlungsbedingungen',
    until: 'Zahlung bis',
    days: 'Frist',
    percent: 'Prozent',
    baseAmount: 'Basisbetrag',
    discount: 'Skontobetrag',
    amountToPay: 'Zu zahlen',
    daysValue: (n) => (n === 1 ? '1 Tag' : `${n} Tage`),
    noCashDiscount: 'Kein Skonto angeboten.',
  },
  notes: { title: 'Bemerkungen (BT-22)', none: 'Keine Bemerkungen.' },
  attachments: {
    title: 'Anlagen',
    caption: 'Anlagen zur Rechnung',
    name: 'Datei',
    description: 'Beschreibung',
    type: 'Typ',
    size: 'Größe',
    source: 'Herkunft',
    embedded: 'In der Rechnung (BG-24)',
    message: 'In der E-Mail',
    download: (name) => `${name} herunterladen`,
    missing: 'nicht mehr im Speicher',
    none: 'Keine Anlagen.',
    external: 'Externe Verweise (BT-124, nicht abgerufen)',
  },
  original: {
    title: 'Originaldatei',
    fileName: 'Dateiname',
    type: 'Format',
    size: 'Größe',
    syntax: 'Syntax',
    customization: 'Spezifikation (BT-24)',
    kinds: { xml: 'XML', pdf: 'PDF mit eingebetteter XML (ZUGFeRD / Factur-X)', other: 'Unbekannt' },
    message: 'E-Mail',
    messageSize: 'Größe der E-Mail',
    note: 'Maßgeblich ist die Originaldatei; diese Seite und das PDF sind Lesefassungen.',
  },
  validation: {
    title: 'Prüfergebnis',
    pending: 'Die Rechnung wurde noch nicht geprüft.',
    valid: 'Die Rechnung hat die formale Prüfung bestanden.',
    invalid: 'Die Rechnung hat die formale Prüfung nicht bestanden.',
    counts: (e, w, i) => `${e} Fehler, ${w} Warnungen, ${i} Hinweise`,
    scenario: 'Prüfszenario',
    errors: 'Fehler',
    warnings: 'Warnungen',
    infos: 'Hinweise',
    schemaErrors: 'Schemafehler',
    line: (n) => `Zeile ${n}`,
  },
  history: {
    title: 'Verlauf',
    caption: 'Alle Ereignisse dieser Rechnung, älteste zuerst',
    time: 'Zeitpunkt',
    event: 'Ereignis',
    actor: 'Durch',
    detail: 'Einzelheiten',
    system: 'System',
    transition: (from, to) => (from ? `${from} → ${to}` : to),
    reasons: {
      validation: 'Formale Prüfung nicht bestanden',
      routing: 'Nicht zustellbar (Leitweg-ID)',
      'same-content': 'Gleiche Datei bereits eingegangen',
      revalidation: 'Erneute Prüfung angestoßen',
    },
    findings: (ids) => `Befunde: ${ids}`,
    suspected: 'Möglicherweise doppelt',
  },
  pdf: {
    page: (n, of) => `Seite ${n} von ${of}`,
    generated: (at) => `Erstellt am ${at}`,
    rendition: 'Lesefassung – maßgeblich ist die Originaldatei.',
  },
  bytes: (n) =>
    n < 1024
      ? `${n} Byte`
      : n < 1024 * 1024
        ? `${(n / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1 })} KB`
        : `${(n / 1024 / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1 })} MB`,
};

const en: InvoicePageMessages = {
  lang: 'en',
  titleFallback: 'Invoice',
  pageTitle: (type, number) => (number ? `${type} ${number}` : type),
  statuses: STATUSES_EN,
  contents: 'On this page',
  downloads: {
    title: 'Download',
    original: (kind) =>
      kind === 'pdf' ? 'Original (PDF)' : kind === 'xml' ? 'Original (XML)' : 'Original file',
    pdf: 'Readable PDF',
    email: 'E-mail (.eml)',
  },
  summary: {
    title: 'Overview',
    status: 'Status',
    type: 'Invoice type (BT-3)',
    number: 'Invoice number (BT-1)',
    issueDate: 'Issue date (BT-2)',
    dueDate: 'Due date (BT-9)',
    currency: 'Currency (BT-5)',
    amountDue: 'Amount due (BT-115)',
    receivedAt: 'Received',
    channel: 'Channel',
    channels: { upload: 'Upload (API)', email: 'E-mail', peppol: 'Peppol' },
    sender: 'Sender',
    subject: 'E-mail subject',
    suspectedDuplicate:
      'Possibly a duplicate: an earlier invoice has the same seller, number, date and amount.',
    duplicateOf: 'Duplicate of an earlier invoice:',
    notReadable: 'The document could not be read as an invoice; only the check results are available.',
  },
  parties: {
    title: 'Parties',
    seller: 'Seller (BG-4)',
    buyer: 'Buyer (BG-7)',
    payee: 'Payee (BG-10)',
    taxRepresentative: "Seller's tax representative (BG-11)",
    name: 'Name',
    tradingName: 'Trading name',
    address: 'Address',
    identifiers: 'Identifiers',
    legalRegistration: 'Legal registration',
    vatId: 'VAT ID',
    taxNumber: 'Tax number',
    electronicAddress: 'Electronic address',
    contact: 'Contact',
    phone: 'Phone',
    email: 'E-mail',
  },
  references: {
    title: 'References',
    buyerReference: 'Leitweg-ID / buyer reference (BT-10)',
    purchaseOrder: 'Purchase order (BT-13)',
    salesOrder: 'Sales order (BT-14)',
    contract: 'Contract (BT-12)',
    project: 'Project (BT-11)',
    accounting: 'Buyer accounting reference (BT-19)',
    precedingInvoices: 'Preceding invoices (BT-25)',
    deliveryDate: 'Delivery date (BT-72)',
    period: 'Invoicing period (BG-14)',
    processId: 'Process (BT-23)',
    specificationId: 'Specification (BT-24)',
    none: 'No references given.',
  },
  lines: {
    title: 'Invoice lines',
    caption: (n) => (n === 1 ? '1 line' : `${n} lines`),
    position: 'No.',
    item: 'Item',
    quantity: 'Quantity',
    unit: 'Unit',
    price: 'Net unit price',
    priceBase: (quantity, unit) => `per ${quantity} ${unit}`.trim(),
    vat: 'VAT',
    net: 'Net amount',
    sellerItemId: 'Item number',
    orderLine: 'Order line (BT-132)',
    accounting: 'Accounting reference (BT-133)',
    period: 'Period',
    note: 'Note',
    none: 'The invoice has no lines.',
  },
  allowanceCharge: {
    title: 'Allowances and charges',
    caption: 'Document level allowances and charges (BG-20, BG-21)',
    kind: 'Kind',
    allowance: 'Allowance',
    charge: 'Charge',
    reason: 'Reason',
    base: 'Base amount',
    percent: 'Percent',
    amount: 'Amount',
    vat: 'VAT',
  },
  vat: {
    title: 'VAT',
    caption: 'VAT breakdown (BG-23)',
    category: 'Category',
    rate: 'Rate',
    taxable: 'Taxable amount',
    tax: 'Tax amount',
    exemption: 'Exemption reason',
  },
  totals: {
    title: 'Totals',
    lineTotal: 'Sum of lines (BT-106)',
    allowanceTotal: 'Sum of allowances (BT-107)',
    chargeTotal: 'Sum of charges (BT-108)',
    taxExclusive: 'Total without VAT (BT-109)',
    taxTotal: 'VAT (BT-110)',
    taxTotalAccounting: 'VAT in accounting currency (BT-111)',
    taxInclusive: 'Total with VAT (BT-112)',
    prepaid: 'Paid amount (BT-113)',
    rounding: 'Rounding amount (BT-114)',
    payable: 'Amount due (BT-115)',
  },
  payment: {
    title: 'Payment',
    means: 'Payment means (BT-81)',
    accounts: 'Bank account (BT-84)',
    remittance: 'Remittance information (BT-83)',
    mandate: 'Mandate reference (BT-89)',
    card: 'Card (BT-87)',
    terms: 'Payment terms (BT-20)',
    dueDate: 'Due on',
    cashDiscounts: 'Cash discount',
    cashDiscountCaption: 'Cash discount offers from the payment terms',
    until: 'Pay by',
    days: 'Term',
    percent: 'Percent',
    baseAmount: 'Base amount',
    discount: 'Discount',
    amountToPay: 'To pay',
    daysValue: (n) => (n === 1 ? '1 day' : `${n} days`),
    noCashDiscount: 'No cash discount offered.',
  },
  notes: { title: 'Notes (BT-22)', none: 'No notes.' },
  attachments: {
    title: 'Attachments',
    caption: 'Attachments of the invoice',
    name: 'File',
    description: 'Description',
    type: 'Type',
    size: 'Size',
    source: 'Source',
    embedded: 'In the invoice (BG-24)',
    message: 'In the e-mail',
    download: (name) => `Download ${name}`,
    missing: 'no longer stored',
    none: 'No attachments.',
    external: 'External references (BT-124, not fetched)',
  },
  original: {
    title: 'Original file',
    fileName: 'File name',
    type: 'Format',
    size: 'Size',
    syntax: 'Syntax',
    customization: 'Specification (BT-24)',
    kinds: { xml: 'XML', pdf: 'PDF with embedded XML (ZUGFeRD / Factur-X)', other: 'Unknown' },
    message: 'E-mail',
    messageSize: 'E-mail size',
    note: 'The original file is authoritative; this page and the PDF are readable renditions.',
  },
  validation: {
    title: 'Check result',
    pending: 'The invoice has not been checked yet.',
    valid: 'The invoice passed the formal check.',
    invalid: 'The invoice failed the formal check.',
    counts: (e, w, i) => `${e} errors, ${w} warnings, ${i} notices`,
    scenario: 'Scenario',
    errors: 'Errors',
    warnings: 'Warnings',
    infos: 'Notices',
    schemaErrors: 'Schema errors',
    line: (n) => `line ${n}`,
  },
  history: {
    title: 'History',
    caption: 'Every event of this invoice, oldest first',
    time: 'Time',
    event: 'Event',
    actor: 'By',
    detail: 'Details',
    system: 'System',
    transition: (from, to) => (from ? `${from} → ${to}` : to),
    reasons: {
      validation: 'Failed the formal check',
      routing: 'Not deliverable (Leitweg-ID)',
      'same-content': 'Same file received before',
      revalidation: 'Check started again',
    },
    findings: (ids) => `Findings: ${ids}`,
    suspected: 'Possibly a duplicate',
  },
  pdf: {
    page: (n, of) => `Page ${n} of ${of}`,
    generated: (at) => `Generated ${at}`,
    rendition: 'Readable rendition – the original file is authoritative.',
  },
  bytes: (n) =>
    n < 1024
      ? `${n} bytes`
      : n < 1024 * 1024
        ? `${(n / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} KB`
        : `${(n / 1024 / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`,
};

export function invoiceMessagesFor(lang: Lang): InvoicePageMessages {
  return lang === 'de' ? de : en;
}
