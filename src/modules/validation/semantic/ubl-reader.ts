import { all, attr, first, stringValue, text } from '../xml/query.js';
import type { XNode } from '../xml/xnode.js';
import {
  emptyParty,
  type Address,
  type AllowanceCharge,
  type Attachment,
  type Identifier,
  type Invoice,
  type InvoiceLine,
  type Party,
} from './en16931.js';
import { addressAt, ident, opt } from './read-helpers.js';

/** Reads the EN 16931 terms from a UBL 2.1 Invoice or CreditNote (the UBL binding of EN 16931-3-2). */
export function readUbl(root: XNode): Invoice {
  const credit = root.local === 'CreditNote';
  const currency = opt(text(root, 'cbc:DocumentCurrencyCode'));
  const vatCurrency = opt(text(root, 'cbc:TaxCurrencyCode'));
  const taxTotals = all(root, 'cac:TaxTotal');
  const taxAmountIn = (cur: string | undefined) =>
    cur === undefined
      ? undefined
      : opt(
          text(
            taxTotals.map((t) => first(t, 'cbc:TaxAmount')).find((a) => a && attr(a, 'currencyID') === cur),
          ),
        );
  const totals = first(root, 'cac:LegalMonetaryTotal');
  const means = all(root, 'cac:PaymentMeans');

  return {
    syntax: credit ? 'ubl-creditnote' : 'ubl-invoice',
    number: opt(text(root, 'cbc:ID')),
    issueDate: isoDate(text(root, 'cbc:IssueDate')),
    typeCode: opt(text(root, credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode')),
    currency,
    vatCurrency,
    dueDate: isoDate(text(root, 'cbc:DueDate')) ?? isoDate(text(root, 'cac:PaymentMeans/cbc:PaymentDueDate')),
    buyerReference: opt(text(root, 'cbc:BuyerReference')),
    purchaseOrderReference: opt(text(root, 'cac:OrderReference/cbc:ID')),
    contractReference: opt(text(root, 'cac:ContractDocumentReference/cbc:ID')),
    projectReference: opt(text(root, 'cac:ProjectReference/cbc:ID')),
    salesOrderReference: opt(text(root, 'cac:OrderReference/cbc:SalesOrderID')),
    buyerAccountingReference: opt(text(root, 'cbc:AccountingCost')),
    // Kept as written, line breaks included: the BR-DE-18 cash-discount lines are parsed from it.
    paymentTerms: opt(
      all(root, 'cac:PaymentTerms/cbc:Note')
        .map((n) => stringValue(n).trim())
        .join('\n'),
    ),
    notes: all(root, 'cbc:Note').map((n) => text(n)),
    processId: opt(text(root, 'cbc:ProfileID')),
    specificationId: opt(text(root, 'cbc:CustomizationID')),
    precedingInvoices: all(root, 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID').map((n) =>
      text(n),
    ),
    seller: party(first(root, 'cac:AccountingSupplierParty/cac:Party')),
    buyer: party(first(root, 'cac:AccountingCustomerParty/cac:Party')),
    payee: optParty(first(root, 'cac:PayeeParty')),
    sellerTaxRepresentative: optParty(first(root, 'cac:TaxRepresentativeParty')),
    deliveryDate: isoDate(text(root, 'cac:Delivery/cbc:ActualDeliveryDate')),
    periodStart: isoDate(text(root, 'cac:InvoicePeriod/cbc:StartDate')),
    periodEnd: isoDate(text(root, 'cac:InvoicePeriod/cbc:EndDate')),
    payment: {
      meansCode: opt(text(means[0], 'cbc:PaymentMeansCode')),
      remittanceInformation: opt(text(means[0], 'cbc:PaymentID')),
      accountIds: means.flatMap((m) => all(m, 'cac:PayeeFinancialAccount/cbc:ID').map((n) => text(n))),
      mandateReference: opt(text(means[0], 'cac:PaymentMandate/cbc:ID')),
      cardPan: opt(text(means[0], 'cac:CardAccount/cbc:PrimaryAccountNumberID')),
    },
    allowancesCharges: all(root, 'cac:AllowanceCharge').map(allowanceCharge),
    totals: {
      lineTotal: opt(text(totals, 'cbc:LineExtensionAmount')),
      allowanceTotal: opt(text(totals, 'cbc:AllowanceTotalAmount')),
      chargeTotal: opt(text(totals, 'cbc:ChargeTotalAmount')),
      taxExclusive: opt(text(totals, 'cbc:TaxExclusiveAmount')),
      taxTotal: taxAmountIn(currency),
      taxTotalAccounting: vatCurrency !== currency ? taxAmountIn(vatCurrency) : undefined,
      taxInclusive: opt(text(totals, 'cbc:TaxInclusiveAmount')),
      prepaid: opt(text(totals, 'cbc:PrepaidAmount')),
      rounding: opt(text(totals, 'cbc:PayableRoundingAmount')),
      payable: opt(text(totals, 'cbc:PayableAmount')),
    },
    vatBreakdown: taxTotals
      .flatMap((t) => all(t, 'cac:TaxSubtotal'))
      .map((s) => ({
        taxableAmount: opt(text(s, 'cbc:TaxableAmount')),
        taxAmount: opt(text(s, 'cbc:TaxAmount')),
        category: opt(text(s, 'cac:TaxCategory/cbc:ID')),
        rate: opt(text(s, 'cac:TaxCategory/cbc:Percent')),
        exemptionReason: opt(text(s, 'cac:TaxCategory/cbc:TaxExemptionReason')),
        exemptionReasonCode: opt(text(s, 'cac:TaxCategory/cbc:TaxExemptionReasonCode')),
      })),
    lines: all(root, credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine').map((l) => line(l, credit)),
    attachments: all(root, 'cac:AdditionalDocumentReference').map(attachment),
  };
}

/** xs:date may carry a time zone (2016-04-04+01:00); the model keeps the calendar date. */
function isoDate(s: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?$/.exec(s);
  return m ? m[1] : opt(s);
}

const ADDRESS = {
  line1: 'cbc:StreetName',
  line2: 'cbc:AdditionalStreetName',
  line3: 'cac:AddressLine/cbc:Line',
  city: 'cbc:CityName',
  postCode: 'cbc:PostalZone',
  subdivision: 'cbc:CountrySubentity',
  countryCode: 'cac:Country/cbc:IdentificationCode',
} as const;

function address(n: XNode | null): Address | undefined {
  return addressAt(n, ADDRESS);
}

function party(p: XNode | null): Party {
  if (!p) return emptyParty();
  const taxSchemes = all(p, 'cac:PartyTaxScheme');
  const vat = taxSchemes.find((t) => text(t, 'cac:TaxScheme/cbc:ID') === 'VAT');
  const other = taxSchemes.find((t) => t !== vat);
  const contact = first(p, 'cac:Contact');
  return {
    name: opt(text(p, 'cac:PartyLegalEntity/cbc:RegistrationName')) ?? opt(text(p, 'cac:PartyName/cbc:Name')),
    tradingName: opt(text(p, 'cac:PartyName/cbc:Name')),
    identifiers: all(p, 'cac:PartyIdentification/cbc:ID')
      .map(ident)
      .filter((i): i is Identifier => i !== undefined),
    legalRegistration: ident(first(p, 'cac:PartyLegalEntity/cbc:CompanyID')),
    vatId: opt(text(vat, 'cbc:CompanyID')),
    taxRegistration: opt(text(other, 'cbc:CompanyID')),
    electronicAddress: ident(first(p, 'cbc:EndpointID')),
    address: address(first(p, 'cac:PostalAddress')),
    contact: contact
      ? {
          name: opt(text(contact, 'cbc:Name')),
          phone: opt(text(contact, 'cbc:Telephone')),
          email: opt(text(contact, 'cbc:ElectronicMail')),
        }
      : undefined,
  };
}

function optParty(p: XNode | null): Party | undefined {
  if (!p) return undefined;
  const result = party(p);
  // The payee's name is in PartyName (BT-59); it has no legal-entity registration name.
  result.name ??= opt(text(p, 'cac:PartyName/cbc:Name'));
  return result;
}

function allowanceCharge(n: XNode): AllowanceCharge {
  return {
    charge: text(n, 'cbc:ChargeIndicator') === 'true',
    amount: opt(text(n, 'cbc:Amount')),
    baseAmount: opt(text(n, 'cbc:BaseAmount')),
    percentage: opt(text(n, 'cbc:MultiplierFactorNumeric')),
    vatCategory: opt(text(n, 'cac:TaxCategory/cbc:ID')),
    vatRate: opt(text(n, 'cac:TaxCategory/cbc:Percent')),
    reason: opt(text(n, 'cbc:AllowanceChargeReason')),
    reasonCode: opt(text(n, 'cbc:AllowanceChargeReasonCode')),
  };
}

function line(l: XNode, credit: boolean): InvoiceLine {
  const qty = first(l, credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity');
  return {
    id: opt(text(l, 'cbc:ID')),
    note: opt(text(l, 'cbc:Note')),
    quantity: opt(text(qty)),
    unitCode: attr(qty, 'unitCode') ?? undefined,
    netAmount: opt(text(l, 'cbc:LineExtensionAmount')),
    itemName: opt(text(l, 'cac:Item/cbc:Name')),
    itemDescription: opt(text(l, 'cac:Item/cbc:Description')),
    sellerItemId: opt(text(l, 'cac:Item/cac:SellersItemIdentification/cbc:ID')),
    orderLineReference: opt(text(l, 'cac:OrderLineReference/cbc:LineID')),
    buyerAccountingReference: opt(text(l, 'cbc:AccountingCost')),
    netPrice: opt(text(l, 'cac:Price/cbc:PriceAmount')),
    priceBaseQuantity: opt(text(l, 'cac:Price/cbc:BaseQuantity')),
    vatCategory: opt(text(l, 'cac:Item/cac:ClassifiedTaxCategory/cbc:ID')),
    vatRate: opt(text(l, 'cac:Item/cac:ClassifiedTaxCategory/cbc:Percent')),
    allowancesCharges: all(l, 'cac:AllowanceCharge').map(allowanceCharge),
    periodStart: isoDate(text(l, 'cac:InvoicePeriod/cbc:StartDate')),
    periodEnd: isoDate(text(l, 'cac:InvoicePeriod/cbc:EndDate')),
  };
}

function attachment(d: XNode): Attachment {
  const bin = first(d, 'cac:Attachment/cbc:EmbeddedDocumentBinaryObject');
  return {
    id: opt(text(d, 'cbc:ID')),
    description: opt(text(d, 'cbc:DocumentDescription')),
    externalUri: opt(text(d, 'cac:Attachment/cac:ExternalReference/cbc:URI')),
    mimeCode: attr(bin, 'mimeCode') ?? undefined,
    filename: attr(bin, 'filename') ?? undefined,
    contentBase64: bin ? bin.text.replace(/\s+/g, '') || undefined : undefined,
  };
}
