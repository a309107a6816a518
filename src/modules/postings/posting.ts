/**
 * A posting: what a finance system (HKR / ERP / DATEV) books for one approved invoice.
 * Created in the transaction that completes the Anordnung, immutable afterwards; a
 * correction is a new posting of kind `reversal` that reverses the old one
 * (Generalumkehr), then a new `posting`. Amounts are decimal strings with two places
 * ("1234.50"); a credit note's amounts are negative.
 *
 * This is the document the feed, the webhooks and the file exports all serve.
 */
export interface Posting {
  readonly id: string;
  readonly tenantId: string;
  readonly kind: 'posting' | 'reversal';
  /** For a reversal: the posting it reverses. */
  readonly reverses: string | null;
  readonly createdAt: string;
  readonly invoice: PostingInvoiceRef;
  readonly creditor: PostingCreditor;
  readonly currency: string;
  readonly totals: {
    readonly net: string;
    readonly vat: string;
    readonly gross: string;
    readonly due: string;
  };
  readonly vat: readonly PostingVatLine[];
  readonly kontierung: readonly PostingKontierungLine[];
  readonly dueDate: string | null;
  readonly skonto: { readonly date: string; readonly amount: string; readonly percent: string | null } | null;
  readonly leitwegId: string | null;
  readonly record: PostingRecordRef | null;
  readonly approval: {
    readonly policyId: string;
    readonly policyVersion: number;
    readonly approvers: readonly PostingApprover[];
  };
}

export interface PostingInvoiceRef {
  readonly id: string;
  /** BT-1 */
  readonly number: string;
  /** BT-2, YYYY-MM-DD */
  readonly issueDate: string;
  /** BT-3 (380 invoice, 381 credit note, …) */
  readonly typeCode: string;
  readonly creditNote: boolean;
  /** BT-10 */
  readonly buyerReference: string | null;
  /** BT-13 */
  readonly purchaseOrder: string | null;
}

export interface PostingCreditor {
  readonly name: string;
  readonly street: string | null;
  readonly postcode: string | null;
  readonly city: string | null;
  readonly country: string | null;
  /** BT-31 */
  readonly vatId: string | null;
  /** BT-32 */
  readonly taxNumber: string | null;
  /** BT-84 / BT-86 of the first credit transfer. */
  readonly iban: string | null;
  readonly bic: string | null;
  /** The finance system's creditor number, when its creditor master names one. */
  readonly creditorNumber: string | null;
}

export interface PostingVatLine {
  /** BT-118 (S, Z, E, AE, K, G, O, L, M) */
  readonly category: string;
  /** BT-119, percent as decimal string, "19.00" */
  readonly rate: string;
  readonly net: string;
  readonly vat: string;
}

export interface PostingKontierungLine {
  readonly line: number;
  readonly buchungsstelle: string;
  readonly kostenstelle: string | null;
  readonly investitionsnummer: string | null;
  readonly amount: string;
}

export interface PostingRecordRef {
  readonly vorgangId: string;
  readonly aktenzeichen: string;
  /** Links (paths under the product's base URL) to the Vorgang and its documents. */
  readonly link: string;
}

export interface PostingApprover {
  readonly step: string;
  readonly kind: string;
  readonly userId: string;
  readonly name: string;
  readonly onBehalfOf: string | null;
  readonly at: string;
}
