/** The kinds of filed documents (the `record_documents.kind` check constraint). */
export const DOCUMENT_KINDS = [
  'invoice-original',
  'invoice-pdf',
  'inbound-message',
  'attachment',
  'validation-report-html',
  'validation-report-json',
  'invoice-rendering',
  'laufzettel-pdf',
  'laufzettel-json',
  'anordnung',
  'note',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** What a search asks for; every given criterion must hold. */
export interface VorgangSearch {
  /** Prefix of the Vorgang's Aktenzeichen (case-insensitive). */
  readonly aktenzeichen?: string;
  /** BT-1: the number itself or its beginning (case-insensitive). */
  readonly number?: string;
  /** Part of the supplier's name, or its VAT id (BT-31) as a whole. */
  readonly supplier?: string;
  /** Amount due (decimal text), inclusive bounds. */
  readonly amountFrom?: string;
  readonly amountTo?: string;
  /** Which date `from` / `to` bound: the invoice date (BT-2) or the day of filing. */
  readonly dateField: 'invoice' | 'filed';
  /** ISO dates, inclusive. */
  readonly from?: string;
  readonly to?: string;
  readonly offset: number;
  readonly limit: number;
}

export interface VorgangSummary {
  readonly id: string;
  readonly aktenzeichen: string;
  readonly betreff: string;
  readonly createdAt: Date;
  /** Null while the filing job has not filed its documents yet. */
  readonly filedAt: Date | null;
  readonly akte: {
    readonly id: string;
    readonly aktenzeichen: string;
    readonly title: string;
    readonly fiscalYear: number;
    readonly aktenplanKey: string;
  };
  readonly invoice: {
    readonly id: string;
    /** BT-1 */
    readonly number: string | null;
    /** BT-2, ISO date */
    readonly issueDate: string | null;
    readonly currency: string | null;
    /** The amount due (BT-115) as decimal text: the amount approval judged. */
    readonly amount: string | null;
    readonly sellerName: string | null;
    readonly sellerVatId: string | null;
    readonly status: string;
  };
}

export interface RecordDocument {
  readonly id: string;
  readonly vorgangId: string;
  readonly position: number;
  readonly kind: DocumentKind;
  readonly name: string;
  readonly mediaType: string;
  readonly sha256: string;
  readonly size: number;
  readonly retentionClass: string;
  /** ISO date */
  readonly retainUntil: string;
  readonly filedAt: Date;
}

export interface VorgangDetail extends VorgangSummary {
  readonly documents: readonly RecordDocument[];
}

export interface VorgangPage {
  readonly items: readonly VorgangSummary[];
  readonly total: number;
  readonly page: number;
  readonly limit: number;
}
