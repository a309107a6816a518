import { parseToXNode } from '../xml/parse.js';
import { decimal, readInvoice } from './read-invoice.js';

const enc = (s: string) => new TextEncoder().encode(s);

const ubl = `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</cbc:CustomizationID>
  <cbc:ID>RE-2026-0042</cbc:ID>
  <cbc:IssueDate>2026-11-02</cbc:IssueDate>
  <cbc:DueDate>2026-12-02</cbc:DueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>04011000-12345-03</cbc:BuyerReference>
  <cac:AccountingSupplierParty><cac:Party>
    <cbc:EndpointID schemeID="EM">rechnung@lieferant.example</cbc:EndpointID>
    <cac:PostalAddress><cbc:StreetName>Hauptstr. 1</cbc:StreetName><cbc:CityName>Kassel</cbc:CityName>
      <cbc:PostalZone>34117</cbc:PostalZone><cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyTaxScheme><cbc:CompanyID>DE123456789</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>Lieferant GmbH</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>
    <cac:PartyLegalEntity><cbc:RegistrationName>Stadt Musterstadt</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingCustomerParty>
  <cac:PaymentMeans><cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
    <cac:PayeeFinancialAccount><cbc:ID>DE02120300000000202051</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>
  <cac:PaymentTerms><cbc:Note>#SKONTO#TAGE=7#PROZENT=2.00#
</cbc:Note></cac:PaymentTerms>
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount>
    <cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">100.00</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount>
      <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">119.00</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">119.00</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="H87">4</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>Toner</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent>
      <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">25.00</cbc:PriceAmount></cac:Price></cac:InvoiceLine>
</Invoice>`;

const cii = `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
  xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
  xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument><ram:ID>C-7</ram:ID><ram:TypeCode>381</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20261105</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct><ram:Name>Beratung</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>80.00</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="HUR">1.5</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>120.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>
    <ram:ApplicableHeaderTradeAgreement><ram:BuyerReference>991-01234-56</ram:BuyerReference>
      <ram:SellerTradeParty><ram:Name>Beratung AG</ram:Name>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE999999999</ram:ID></ram:SpecifiedTaxRegistration></ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>Gemeinde Beispiel</ram:Name></ram:BuyerTradeParty></ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:ApplicableTradeTax><ram:CalculatedAmount>22.80</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>120.00</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:ApplicableTradeTax>
      <ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime><udt:DateTimeString format="102">20261205</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>120.00</ram:LineTotalAmount><ram:TaxBasisTotalAmount>120.00</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">22.80</ram:TaxTotalAmount><ram:GrandTotalAmount>142.80</ram:GrandTotalAmount><ram:DuePayableAmount>142.80</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>`;

describe('readInvoice', () => {
  it('reads the UBL binding into business terms', () => {
    const inv = readInvoice(parseToXNode(enc(ubl)))!;
    expect(inv).toMatchObject({
      syntax: 'ubl-invoice',
      number: 'RE-2026-0042',
      issueDate: '2026-11-02',
      dueDate: '2026-12-02',
      typeCode: '380',
      currency: 'EUR',
      buyerReference: '04011000-12345-03',
      seller: {
        name: 'Lieferant GmbH',
        vatId: 'DE123456789',
        electronicAddress: { value: 'rechnung@lieferant.example', scheme: 'EM' },
      },
      buyer: { name: 'Stadt Musterstadt' },
      payment: { meansCode: '58', accountIds: ['DE02120300000000202051'] },
      totals: { lineTotal: '100.00', taxTotal: '19.00', taxInclusive: '119.00', payable: '119.00' },
      vatBreakdown: [{ taxableAmount: '100.00', taxAmount: '19.00', category: 'S', rate: '19' }],
      lines: [
        {
          id: '1',
          quantity: '4',
          unitCode: 'H87',
          netAmount: '100.00',
          itemName: 'Toner',
          netPrice: '25.00',
          vatCategory: 'S',
        },
      ],
    });
    expect(inv.paymentTerms).toBe('#SKONTO#TAGE=7#PROZENT=2.00#');
    expect(inv.seller.address).toMatchObject({
      line1: 'Hauptstr. 1',
      city: 'Kassel',
      postCode: '34117',
      countryCode: 'DE',
    });
  });

  it('reads the CII binding, converting format-102 dates to ISO', () => {
    const inv = readInvoice(parseToXNode(enc(cii)))!;
    expect(inv).toMatchObject({
      syntax: 'cii',
      number: 'C-7',
      typeCode: '381',
      issueDate: '2026-11-05',
      dueDate: '2026-12-05',
      buyerReference: '991-01234-56',
      seller: { name: 'Beratung AG', vatId: 'DE999999999' },
      totals: { taxTotal: '22.80', payable: '142.80' },
      lines: [
        { id: '1', quantity: '1.5', unitCode: 'HUR', netAmount: '120.00', netPrice: '80.00', vatRate: '19' },
      ],
    });
  });

  it('reads the project, sales order and buyer accounting references (BT-11, BT-14, BT-19, BT-132, BT-133) from UBL', () => {
    const xml = ubl
      .replace(
        '<cbc:BuyerReference>',
        '<cbc:AccountingCost>4711.5300</cbc:AccountingCost>\n  <cbc:BuyerReference>',
      )
      .replace(
        '<cac:AccountingSupplierParty>',
        '<cac:OrderReference><cbc:ID>PO-9</cbc:ID><cbc:SalesOrderID>SO-77</cbc:SalesOrderID></cac:OrderReference>\n' +
          '  <cac:ProjectReference><cbc:ID>PRJ-2026-3</cbc:ID></cac:ProjectReference>\n  <cac:AccountingSupplierParty>',
      )
      .replace(
        '<cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>\n    <cac:Item>',
        '<cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>\n' +
          '    <cbc:AccountingCost>KST-12</cbc:AccountingCost>\n' +
          '    <cac:OrderLineReference><cbc:LineID>3</cbc:LineID></cac:OrderLineReference>\n    <cac:Item>',
      );
    const inv = readInvoice(parseToXNode(enc(xml)))!;
    expect(inv).toMatchObject({
      purchaseOrderReference: 'PO-9',
      salesOrderReference: 'SO-77',
      projectReference: 'PRJ-2026-3',
      buyerAccountingReference: '4711.5300',
      lines: [{ id: '1', orderLineReference: '3', buyerAccountingReference: 'KST-12' }],
    });
    // Absent in the plain document.
    const plain = readInvoice(parseToXNode(enc(ubl)))!;
    expect(plain.buyerAccountingReference).toBeUndefined();
    expect(plain.lines[0].orderLineReference).toBeUndefined();
  });

  it('reads the same references from CII', () => {
    const xml = cii
      .replace(
        '</ram:NetPriceProductTradePrice>',
        '</ram:NetPriceProductTradePrice><ram:BuyerOrderReferencedDocument><ram:LineID>7</ram:LineID></ram:BuyerOrderReferencedDocument>',
      )
      .replace(
        '<ram:LineTotalAmount>120.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>',
        '<ram:LineTotalAmount>120.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>' +
          '<ram:ReceivableSpecifiedTradeAccountingAccount><ram:ID>KST-99</ram:ID></ram:ReceivableSpecifiedTradeAccountingAccount></ram:SpecifiedLineTradeSettlement>',
      )
      .replace(
        '</ram:BuyerTradeParty>',
        '</ram:BuyerTradeParty><ram:SellerOrderReferencedDocument><ram:IssuerAssignedID>SO-1</ram:IssuerAssignedID></ram:SellerOrderReferencedDocument>' +
          '<ram:SpecifiedProcuringProject><ram:ID>P-42</ram:ID><ram:Name>Schulsanierung</ram:Name></ram:SpecifiedProcuringProject>',
      )
      .replace(
        '</ram:SpecifiedTradePaymentTerms>',
        '</ram:SpecifiedTradePaymentTerms><ram:ReceivableSpecifiedTradeAccountingAccount><ram:ID>0815</ram:ID></ram:ReceivableSpecifiedTradeAccountingAccount>',
      );
    const inv = readInvoice(parseToXNode(enc(xml)))!;
    expect(inv).toMatchObject({
      salesOrderReference: 'SO-1',
      projectReference: 'P-42',
      buyerAccountingReference: '0815',
      lines: [{ orderLineReference: '7', buyerAccountingReference: 'KST-99' }],
    });
  });

  it('does exact decimal arithmetic on the amounts', () => {
    const inv = readInvoice(parseToXNode(enc(cii)))!;
    const sum = decimal(inv.totals.taxExclusive)!.plus(decimal(inv.totals.taxTotal)!);
    expect(sum.equals(decimal(inv.totals.taxInclusive)!)).toBe(true);
    expect(decimal('0.1')!.plus('0.2').toString()).toBe('0.3');
    expect(decimal('12,50')).toBeUndefined();
  });

  it('returns null for other documents', () => {
    expect(readInvoice(parseToXNode(enc('<html><body/></html>')))).toBeNull();
  });
});
