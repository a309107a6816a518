import { linesById, runRulesOn } from '../../../testing/run-rules.js';
import type { Flag } from '../../rule.js';
import { cenCiiRuleSet } from '../index.js';

/**
 * Test support for the CII rule specs: one small, valid EN 16931 CII invoice that a
 * test mutates with plain string replacements, and a runner that returns which rules
 * fired. Written for these tests; not official test material.
 */

export interface InvoiceParts {
  lines?: string;
  agreement?: string;
  delivery?: string;
  settlement?: string;
  document?: string;
  context?: string;
}

export const LINE_S_19 = `
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct><ram:Name>Beratung</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement>
        <ram:NetPriceProductTradePrice><ram:ChargeAmount>50.00</ram:ChargeAmount></ram:NetPriceProductTradePrice>
      </ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="HUR">2</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:ApplicableTradeTax>
          <ram:TypeCode>VAT</ram:TypeCode>
          <ram:CategoryCode>S</ram:CategoryCode>
          <ram:RateApplicablePercent>19</ram:RateApplicablePercent>
        </ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation>
          <ram:LineTotalAmount>100.00</ram:LineTotalAmount>
        </ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>`;

export const AGREEMENT = `
    <ram:ApplicableHeaderTradeAgreement>
      <ram:BuyerReference>04011000-12345-34</ram:BuyerReference>
      <ram:SellerTradeParty>
        <ram:Name>Muster GmbH</ram:Name>
        <ram:PostalTradeAddress>
          <ram:PostcodeCode>10115</ram:PostcodeCode>
          <ram:LineOne>Hauptstraße 1</ram:LineOne>
          <ram:CityName>Berlin</ram:CityName>
          <ram:CountryID>DE</ram:CountryID>
        </ram:PostalTradeAddress>
        <ram:URIUniversalCommunication><ram:URIID schemeID="EM">rechnung@muster.example</ram:URIID></ram:URIUniversalCommunication>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty>
        <ram:Name>Stadt Beispiel</ram:Name>
        <ram:PostalTradeAddress>
          <ram:PostcodeCode>50667</ram:PostcodeCode>
          <ram:CityName>Köln</ram:CityName>
          <ram:CountryID>DE</ram:CountryID>
        </ram:PostalTradeAddress>
      </ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>`;

export const DELIVERY = `
    <ram:ApplicableHeaderTradeDelivery/>`;

export const PAYMENT_MEANS = `
      <ram:SpecifiedTradeSettlementPaymentMeans>
        <ram:TypeCode>58</ram:TypeCode>
        <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>DE02120300000000202051</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>
      </ram:SpecifiedTradeSettlementPaymentMeans>`;

export const TAX_S_19 = `
      <ram:ApplicableTradeTax>
        <ram:CalculatedAmount>19.00</ram:CalculatedAmount>
        <ram:TypeCode>VAT</ram:TypeCode>
        <ram:BasisAmount>100.00</ram:BasisAmount>
        <ram:CategoryCode>S</ram:CategoryCode>
        <ram:RateApplicablePercent>19</ram:RateApplicablePercent>
      </ram:ApplicableTradeTax>`;

export const TERMS = `
      <ram:SpecifiedTradePaymentTerms><ram:Description>Zahlbar binnen 30 Tagen</ram:Description></ram:SpecifiedTradePaymentTerms>`;

export const TOTALS = `
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>100.00</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>100.00</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">19.00</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>119.00</ram:GrandTotalAmount>
        <ram:DuePayableAmount>119.00</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>`;

export function settlement(inner: string = `${PAYMENT_MEANS}${TAX_S_19}${TERMS}${TOTALS}`): string {
  return `
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>${inner}
    </ram:ApplicableHeaderTradeSettlement>`;
}

export function ciiInvoice(parts: InvoiceParts = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice
  xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
  xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
  xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext>${
    parts.context ??
    `
    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>`
  }
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>${
    parts.document ??
    `
    <ram:ID>RE-2026-001</ram:ID>
    <ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20261121</udt:DateTimeString></ram:IssueDateTime>`
  }
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>${parts.lines ?? LINE_S_19}${parts.agreement ?? AGREEMENT}${parts.delivery ?? DELIVERY}${
    parts.settlement ?? settlement()
  }
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>`;
}

export interface Outcome {
  /** Rule id → flag, for every rule that fired. */
  readonly fired: Map<string, Flag>;
  /** Rule id → number of findings. */
  readonly count: Map<string, number>;
  readonly undecidable: string[];
  /** Line numbers of the findings per rule id. */
  readonly lines: Map<string, number[]>;
}

/** Runs every CII rule on the XML and collects what fired. */
export function runCii(xml: string): Outcome {
  const { hits, undecidable } = runRulesOn(xml, cenCiiRuleSet.rules, 'cii');
  const fired = new Map<string, Flag>();
  const count = new Map<string, number>();
  for (const { rule } of hits) {
    fired.set(rule.id, rule.flag);
    count.set(rule.id, (count.get(rule.id) ?? 0) + 1);
  }
  return { fired, count, undecidable: undecidable.map((u) => u.reason), lines: linesById(hits) };
}

/** The ids that fired, sorted. */
export function firedIds(xml: string): string[] {
  return [...runCii(xml).fired.keys()].sort();
}
