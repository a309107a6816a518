/**
 * The EN 16931 semantic model (business terms BT-x in groups BG-x), independent of the
 * syntax it was read from. Amounts, quantities and rates are kept as the decimal strings
 * written in the document (never floating point); `decimal()` turns them into exact
 * Decimal values for arithmetic. Absent terms are `undefined`.
 */
import { Decimal } from 'decimal.js';

export type DecimalString = string;

export interface Identifier {
  value: string;
  scheme?: string;
}

export interface Address {
  /** BT-35 / BT-50 / BT-75 */
  line1?: string;
  line2?: string;
  line3?: string;
  city?: string;
  postCode?: string;
  subdivision?: string;
  /** ISO 3166-1 alpha-2 */
  countryCode?: string;
}

export interface Contact {
  name?: string;
  phone?: string;
  email?: string;
}

export interface Party {
  name?: string;
  tradingName?: string;
  identifiers: Identifier[];
  legalRegistration?: Identifier;
  vatId?: string;
  taxRegistration?: string;
  electronicAddress?: Identifier;
  address?: Address;
  contact?: Contact;
}

export interface AllowanceCharge {
  /** true = charge (BG-21 / BG-28), false = allowance (BG-20 / BG-27) */
  charge: boolean;
  amount?: DecimalString;
  baseAmount?: DecimalString;
  percentage?: DecimalString;
  vatCategory?: string;
  vatRate?: DecimalString;
  reason?: string;
  reasonCode?: string;
}

export interface VatBreakdown {
  /** BT-116 */
  taxableAmount?: DecimalString;
  /** BT-117 */
  taxAmount?: DecimalString;
  /** BT-118 */
  category?: string;
  /** BT-119 */
  rate?: DecimalString;
  /** BT-120 */
  exemptionReason?: string;
  /** BT-121 */
  exemptionReasonCode?: string;
}

export interface InvoiceLine {
  /** BT-126 */
  id?: string;
  note?: string;
  /** BT-129, BT-130 */
  quantity?: DecimalString;
  unitCode?: string;
  /** BT-131 */
  netAmount?: DecimalString;
  /** BT-153 */
  itemName?: string;
  itemDescription?: string;
  sellerItemId?: string;
  /** BT-132 referenced purchase order line */
  orderLineReference?: string;
  /** BT-133 invoice line buyer accounting reference */
  buyerAccountingReference?: string;
  /** BT-146 */
  netPrice?: DecimalString;
  /** BT-149, BT-150 */
  priceBaseQuantity?: DecimalString;
  /** BT-151, BT-152 */
  vatCategory?: string;
  vatRate?: DecimalString;
  allowancesCharges: AllowanceCharge[];
  /** BG-26 */
  periodStart?: string;
  periodEnd?: string;
}

export interface Attachment {
  /** BT-122 */
  id?: string;
  /** BT-123 */
  description?: string;
  /** BT-124 */
  externalUri?: string;
  /** BT-125 */
  mimeCode?: string;
  filename?: string;
  /** base64 content as written (decoded by whoever stores it) */
  contentBase64?: string;
}

export interface PaymentInstructions {
  /** BT-81 */
  meansCode?: string;
  /** BT-83 */
  remittanceInformation?: string;
  /** BG-17 BT-84 (IBAN or other account id) */
  accountIds: string[];
  /** BG-19 BT-89 mandate reference */
  mandateReference?: string;
  /** BG-18 card PAN (last digits) */
  cardPan?: string;
}

export interface Totals {
  /** BT-106 */
  lineTotal?: DecimalString;
  /** BT-107 */
  allowanceTotal?: DecimalString;
  /** BT-108 */
  chargeTotal?: DecimalString;
  /** BT-109 */
  taxExclusive?: DecimalString;
  /** BT-110 (in document currency) */
  taxTotal?: DecimalString;
  /** BT-111 (in VAT accounting currency) */
  taxTotalAccounting?: DecimalString;
  /** BT-112 */
  taxInclusive?: DecimalString;
  /** BT-113 */
  prepaid?: DecimalString;
  /** BT-114 */
  rounding?: DecimalString;
  /** BT-115 */
  payable?: DecimalString;
}

export interface Invoice {
  syntax: 'ubl-invoice' | 'ubl-creditnote' | 'cii';
  /** BT-1 */
  number?: string;
  /** BT-2 (ISO yyyy-mm-dd) */
  issueDate?: string;
  /** BT-3 */
  typeCode?: string;
  /** BT-5 */
  currency?: string;
  /** BT-6 */
  vatCurrency?: string;
  /** BT-9 (ISO yyyy-mm-dd) */
  dueDate?: string;
  /** BT-10 — in XRechnung the Leitweg-ID */
  buyerReference?: string;
  /** BT-13 */
  purchaseOrderReference?: string;
  /** BT-12 */
  contractReference?: string;
  /** BT-11 */
  projectReference?: string;
  /** BT-14 */
  salesOrderReference?: string;
  /** BT-19 buyer accounting reference */
  buyerAccountingReference?: string;
  /** BT-20 */
  paymentTerms?: string;
  /** BT-22 */
  notes: string[];
  /** BT-23 */
  processId?: string;
  /** BT-24 */
  specificationId?: string;
  /** BG-3 BT-25 */
  precedingInvoices: string[];
  seller: Party;
  buyer: Party;
  payee?: Party;
  sellerTaxRepresentative?: Party;
  /** BT-72 */
  deliveryDate?: string;
  /** BG-14 */
  periodStart?: string;
  periodEnd?: string;
  payment: PaymentInstructions;
  allowancesCharges: AllowanceCharge[];
  totals: Totals;
  vatBreakdown: VatBreakdown[];
  lines: InvoiceLine[];
  attachments: Attachment[];
}

/** Exact decimal from a term's string; undefined stays undefined, garbage becomes undefined. */
export function decimal(value: DecimalString | undefined): Decimal | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(v)) return undefined;
  return new Decimal(v);
}

export function emptyParty(): Party {
  return { identifiers: [] };
}
