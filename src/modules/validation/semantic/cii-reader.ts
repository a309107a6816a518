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

/** Reads the EN 16931 terms from a UN/CEFACT CII D16B CrossIndustryInvoice (EN 16931-3-3). */
export function readCii(root: XNode): Invoice {
  const ctx = first(root, 'rsm:ExchangedDocumentContext');
  const doc = first(root, 'rsm:ExchangedDocument');
  const tx = first(root, 'rsm:SupplyChainTradeTransaction');
  const agreement = first(tx, 'ram:ApplicableHeaderTradeAgreement');
  const delivery = first(tx, 'ram:ApplicableHeaderTradeDelivery');
  const settlement = first(tx, 'ram:ApplicableHeaderTradeSettlement');
  const sum = first(settlement, 'ram:SpecifiedTradeSettlementHeaderMonetarySummation');
  const currency = opt(text(settlement, 'ram:InvoiceCurrencyCode'));
  const vatCurrency = opt(text(settlement, 'ram:TaxCurrencyCode'));
  const taxTotals = all(sum, 'ram:TaxTotalAmount');
  const taxIn = (cur: string | undefined) => {
    if (cur === undefined) return undefined;
    // A TaxTotalAmount without currencyID is read as the document currency.
    const hit = taxTotals.find((t) => (attr(t, 'currencyID') ?? currency) === cur);
    return opt(text(hit));
  };
  const means = all(settlement, 'ram:SpecifiedTradeSettlementPaymentMeans');
  const terms = all(settlement, 'ram:SpecifiedTradePaymentTerms');

  return {
    syntax: 'cii',
    number: opt(text(doc, 'ram:ID')),
    issueDate: date(first(doc, 'ram:IssueDateTime/udt:DateTimeString')),
    typeCode: opt(text(doc, 'ram:TypeCode')),
    currency,
    vatCurrency,
    dueDate: date(first(terms[0], 'ram:DueDateDateTime/udt:DateTimeString')),
    buyerReference: opt(text(agreement, 'ram:BuyerReference')),
    purchaseOrderReference: opt(text(agreement, 'ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID')),
    contractReference: opt(text(agreement, 'ram:ContractReferencedDocument/ram:IssuerAssignedID')),
    projectReference: opt(text(agreement, 'ram:SpecifiedProcuringProject/ram:ID')),
    salesOrderReference: opt(text(agreement, 'ram:SellerOrderReferencedDocument/ram:IssuerAssignedID')),
    buyerAccountingReference: opt(text(settlement, 'ram:ReceivableSpecifiedTradeAccountingAccount/ram:ID')),
    // Kept as written, line breaks included: the BR-DE-18 cash-discount lines are parsed from it.
    paymentTerms: opt(
      terms
        .map((t) => stringValue(first(t, 'ram:Description')).trim())
        .filter(Boolean)
        .join('\n'),
    ),
    notes: all(doc, 'ram:IncludedNote').map((n) => text(n, 'ram:Content')),
    processId: opt(text(ctx, 'ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID')),
    specificationId: opt(text(ctx, 'ram:GuidelineSpecifiedDocumentContextParameter/ram:ID')),
    precedingInvoices: all(settlement, 'ram:InvoiceReferencedDocument/ram:IssuerAssignedID').map((n) =>
      text(n),
    ),
    seller: party(first(agreement, 'ram:SellerTradeParty')),
    buyer: party(first(agreement, 'ram:BuyerTradeParty')),
    payee: optParty(first(settlement, 'ram:PayeeTradeParty')),
    sellerTaxRepresentative: optParty(first(agreement, 'ram:SellerTaxRepresentativeTradeParty')),
    deliveryDate: date(
      first(delivery, 'ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString'),
    ),
    periodStart: date(first(settlement, 'ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString')),
    periodEnd: date(first(settlement, 'ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString')),
    payment: {
      meansCode: opt(text(means[0], 'ram:TypeCode')),
      remittanceInformation: opt(text(settlement, 'ram:PaymentReference')),
      accountIds: means.flatMap((m) =>
        all(m, 'ram:PayeePartyCreditorFinancialAccount').map(
          (a) => text(a, 'ram:IBANID') || text(a, 'ram:ProprietaryID'),
        ),
      ),
      mandateReference: opt(text(terms[0], 'ram:DirectDebitMandateID')),
      cardPan: opt(text(means[0], 'ram:ApplicableTradeSettlementFinancialCard/ram:ID')),
    },
    allowancesCharges: all(settlement, 'ram:SpecifiedTradeAllowanceCharge').map(allowanceCharge),
    totals: {
      lineTotal: opt(text(sum, 'ram:LineTotalAmount')),
      allowanceTotal: opt(text(sum, 'ram:AllowanceTotalAmount')),
      chargeTotal: opt(text(sum, 'ram:ChargeTotalAmount')),
      taxExclusive: opt(text(sum, 'ram:TaxBasisTotalAmount')),
      taxTotal: taxIn(currency),
      taxTotalAccounting: vatCurrency !== currency ? taxIn(vatCurrency) : undefined,
      taxInclusive: opt(text(sum, 'ram:GrandTotalAmount')),
      prepaid: opt(text(sum, 'ram:TotalPrepaidAmount')),
      rounding: opt(text(sum, 'ram:RoundingAmount')),
      payable: opt(text(sum, 'ram:DuePayableAmount')),
    },
    vatBreakdown: all(settlement, 'ram:ApplicableTradeTax').map((t) => ({
      taxableAmount: opt(text(t, 'ram:BasisAmount')),
      taxAmount: opt(text(t, 'ram:CalculatedAmount')),
      category: opt(text(t, 'ram:CategoryCode')),
      rate: opt(text(t, 'ram:RateApplicablePercent')),
      exemptionReason: opt(text(t, 'ram:ExemptionReason')),
      exemptionReasonCode: opt(text(t, 'ram:ExemptionReasonCode')),
    })),
    lines: all(tx, 'ram:IncludedSupplyChainTradeLineItem').map(line),
    attachments: all(agreement, 'ram:AdditionalReferencedDocument')
      .filter((d) => text(d, 'ram:TypeCode') === '916')
      .map(attachment),
  };
}

/** CII dates are `udt:DateTimeString format="102"` (yyyymmdd); returned as ISO yyyy-mm-dd. */
function date(n: XNode | null): string | undefined {
  const v = opt(text(n));
  if (v === undefined) return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : v;
}

const ADDRESS = {
  line1: 'ram:LineOne',
  line2: 'ram:LineTwo',
  line3: 'ram:LineThree',
  city: 'ram:CityName',
  postCode: 'ram:PostcodeCode',
  subdivision: 'ram:CountrySubDivisionName',
  countryCode: 'ram:CountryID',
} as const;

function address(n: XNode | null): Address | undefined {
  return addressAt(n, ADDRESS);
}

function party(p: XNode | null): Party {
  if (!p) return emptyParty();
  const regs = all(p, 'ram:SpecifiedTaxRegistration/ram:ID');
  const contact = first(p, 'ram:DefinedTradeContact');
  return {
    name: opt(text(p, 'ram:Name')),
    tradingName: opt(text(p, 'ram:SpecifiedLegalOrganization/ram:TradingBusinessName')),
    identifiers: [...all(p, 'ram:ID'), ...all(p, 'ram:GlobalID')]
      .map(ident)
      .filter((i): i is Identifier => i !== undefined),
    legalRegistration: ident(first(p, 'ram:SpecifiedLegalOrganization/ram:ID')),
    vatId: opt(text(regs.find((r) => attr(r, 'schemeID') === 'VA'))),
    taxRegistration: opt(text(regs.find((r) => attr(r, 'schemeID') === 'FC'))),
    electronicAddress: ident(first(p, 'ram:URIUniversalCommunication/ram:URIID')),
    address: address(first(p, 'ram:PostalTradeAddress')),
    contact: contact
      ? {
          name: opt(text(contact, 'ram:PersonName')) ?? opt(text(contact, 'ram:DepartmentName')),
          phone: opt(text(contact, 'ram:TelephoneUniversalCommunication/ram:CompleteNumber')),
          email: opt(text(contact, 'ram:EmailURIUniversalCommunication/ram:URIID')),
        }
      : undefined,
  };
}

function optParty(p: XNode | null): Party | undefined {
  return p ? party(p) : undefined;
}

function allowanceCharge(n: XNode): AllowanceCharge {
  return {
    charge: text(n, 'ram:ChargeIndicator/udt:Indicator') === 'true',
    amount: opt(text(n, 'ram:ActualAmount')),
    baseAmount: opt(text(n, 'ram:BasisAmount')),
    percentage: opt(text(n, 'ram:CalculationPercent')),
    vatCategory: opt(text(n, 'ram:CategoryTradeTax/ram:CategoryCode')),
    vatRate: opt(text(n, 'ram:CategoryTradeTax/ram:RateApplicablePercent')),
    reason: opt(text(n, 'ram:Reason')),
    reasonCode: opt(text(n, 'ram:ReasonCode')),
  };
}

function line(l: XNode): InvoiceLine {
  const qty = first(l, 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity');
  const price = first(l, 'ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice');
  const lineSettlement = first(l, 'ram:SpecifiedLineTradeSettlement');
  return {
    id: opt(text(l, 'ram:AssociatedDocumentLineDocument/ram:LineID')),
    note: opt(text(l, 'ram:AssociatedDocumentLineDocument/ram:IncludedNote/ram:Content')),
    quantity: opt(text(qty)),
    unitCode: attr(qty, 'unitCode') ?? undefined,
    netAmount: opt(
      text(lineSettlement, 'ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount'),
    ),
    itemName: opt(text(l, 'ram:SpecifiedTradeProduct/ram:Name')),
    itemDescription: opt(text(l, 'ram:SpecifiedTradeProduct/ram:Description')),
    sellerItemId: opt(text(l, 'ram:SpecifiedTradeProduct/ram:SellerAssignedID')),
    orderLineReference: opt(
      text(l, 'ram:SpecifiedLineTradeAgreement/ram:BuyerOrderReferencedDocument/ram:LineID'),
    ),
    buyerAccountingReference: opt(
      text(lineSettlement, 'ram:ReceivableSpecifiedTradeAccountingAccount/ram:ID'),
    ),
    netPrice: opt(text(price, 'ram:ChargeAmount')),
    priceBaseQuantity: opt(text(price, 'ram:BasisQuantity')),
    vatCategory: opt(text(lineSettlement, 'ram:ApplicableTradeTax/ram:CategoryCode')),
    vatRate: opt(text(lineSettlement, 'ram:ApplicableTradeTax/ram:RateApplicablePercent')),
    allowancesCharges: all(lineSettlement, 'ram:SpecifiedTradeAllowanceCharge').map(allowanceCharge),
    periodStart: date(
      first(lineSettlement, 'ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString'),
    ),
    periodEnd: date(first(lineSettlement, 'ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString')),
  };
}

function attachment(d: XNode): Attachment {
  const bin = first(d, 'ram:AttachmentBinaryObject');
  return {
    id: opt(text(d, 'ram:IssuerAssignedID')),
    description: opt(text(d, 'ram:Name')),
    externalUri: opt(text(d, 'ram:URIID')),
    mimeCode: attr(bin, 'mimeCode') ?? undefined,
    filename: attr(bin, 'filename') ?? undefined,
    contentBase64: bin ? bin.text.replace(/\s+/g, '') || undefined : undefined,
  };
}
