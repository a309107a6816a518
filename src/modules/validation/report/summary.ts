import type { Syntax } from '../rules/rule.js';
import { all, text } from '../xml/query.js';
import type { XNode } from '../xml/xnode.js';

/** A few key facts of the invoice for human-readable reports (not the semantic model). */
export interface InvoiceSummary {
  readonly number: string;
  readonly issueDate: string;
  readonly seller: string;
  readonly buyer: string;
  readonly buyerReference: string;
  readonly currency: string;
  readonly totalWithVat: string;
  readonly amountDue: string;
  readonly lines: number;
}

export function summarize(root: XNode, syntax: Syntax): InvoiceSummary {
  if (syntax === 'cii') {
    const tx = 'rsm:SupplyChainTradeTransaction';
    const agreement = `${tx}/ram:ApplicableHeaderTradeAgreement`;
    const settlement = `${tx}/ram:ApplicableHeaderTradeSettlement`;
    const totals = `${settlement}/ram:SpecifiedTradeSettlementHeaderMonetarySummation`;
    return {
      number: text(root, 'rsm:ExchangedDocument/ram:ID'),
      issueDate: text(root, 'rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString'),
      seller: text(root, `${agreement}/ram:SellerTradeParty/ram:Name`),
      buyer: text(root, `${agreement}/ram:BuyerTradeParty/ram:Name`),
      buyerReference: text(root, `${agreement}/ram:BuyerReference`),
      currency: text(root, `${settlement}/ram:InvoiceCurrencyCode`),
      totalWithVat: text(root, `${totals}/ram:GrandTotalAmount`),
      amountDue: text(root, `${totals}/ram:DuePayableAmount`),
      lines: all(root, `${tx}/ram:IncludedSupplyChainTradeLineItem`).length,
    };
  }
  const party = (role: string): string =>
    text(root, `cac:${role}/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName`) ||
    text(root, `cac:${role}/cac:Party/cac:PartyName/cbc:Name`);
  return {
    number: text(root, 'cbc:ID'),
    issueDate: text(root, 'cbc:IssueDate'),
    seller: party('AccountingSupplierParty'),
    buyer: party('AccountingCustomerParty'),
    buyerReference: text(root, 'cbc:BuyerReference'),
    currency: text(root, 'cbc:DocumentCurrencyCode'),
    totalWithVat: text(root, 'cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount'),
    amountDue: text(root, 'cac:LegalMonetaryTotal/cbc:PayableAmount'),
    lines: all(root, syntax === 'ubl-invoice' ? 'cac:InvoiceLine' : 'cac:CreditNoteLine').length,
  };
}
