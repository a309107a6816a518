import { CII_OK, UBL_OK, edit, runXr } from './rule-fixtures.js';

const LINE_PRICE_UBL = `<cac:Price>
      <cbc:PriceAmount currencyID="EUR">25.00</cbc:PriceAmount>
    </cac:Price>`;

describe('Peppol rules included by XRechnung, UBL', () => {
  it.each<[string, string, string[]]>([
    [
      'R001 without business process',
      edit(UBL_OK, '<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>', ''),
      ['PEPPOL-EN16931-R001'],
    ],
    [
      'R005 accounting currency equal to invoice currency',
      edit(
        UBL_OK,
        '<cbc:BuyerReference>',
        '<cbc:TaxCurrencyCode>EUR</cbc:TaxCurrencyCode><cbc:BuyerReference>',
      ),
      ['PEPPOL-EN16931-R005', 'PEPPOL-EN16931-R054'],
    ],
    [
      'R008 an empty element',
      edit(UBL_OK, '<cbc:ID>R-2024-17</cbc:ID>', '<cbc:ID>R-2024-17</cbc:ID><cbc:Note/>'),
      ['PEPPOL-EN16931-R008'],
    ],
    [
      'R010/R020 without electronic addresses',
      UBL_OK.replace(/<cbc:EndpointID[^>]*>[^<]*<\/cbc:EndpointID>/g, ''),
      ['PEPPOL-EN16931-R010', 'PEPPOL-EN16931-R020'],
    ],
    [
      'R040 allowance amount not base × percentage',
      edit(
        UBL_OK,
        '<cac:TaxTotal>',
        '<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:MultiplierFactorNumeric>10</cbc:MultiplierFactorNumeric><cbc:Amount currencyID="EUR">5.00</cbc:Amount><cbc:BaseAmount currencyID="EUR">100.00</cbc:BaseAmount></cac:AllowanceCharge>\n  <cac:TaxTotal>',
      ),
      ['PEPPOL-EN16931-R040'],
    ],
    [
      'R041 percentage without base amount (R043 is then not checked)',
      edit(
        UBL_OK,
        '<cac:TaxTotal>',
        '<cac:AllowanceCharge><cbc:ChargeIndicator>maybe</cbc:ChargeIndicator><cbc:MultiplierFactorNumeric>10</cbc:MultiplierFactorNumeric><cbc:Amount currencyID="EUR">5.00</cbc:Amount></cac:AllowanceCharge>\n  <cac:TaxTotal>',
      ),
      ['PEPPOL-EN16931-R041'],
    ],
    [
      'R043 indicator neither true nor false',
      edit(
        UBL_OK,
        '<cac:TaxTotal>',
        '<cac:AllowanceCharge><cbc:ChargeIndicator>maybe</cbc:ChargeIndicator><cbc:Amount currencyID="EUR">5.00</cbc:Amount></cac:AllowanceCharge>\n  <cac:TaxTotal>',
      ),
      ['PEPPOL-EN16931-R043'],
    ],
    [
      'R044/R046 price charge and a net price that does not follow',
      edit(
        UBL_OK,
        LINE_PRICE_UBL,
        '<cac:Price><cbc:PriceAmount currencyID="EUR">25.00</cbc:PriceAmount><cac:AllowanceCharge><cbc:ChargeIndicator>true</cbc:ChargeIndicator><cbc:Amount currencyID="EUR">1.00</cbc:Amount><cbc:BaseAmount currencyID="EUR">25.00</cbc:BaseAmount></cac:AllowanceCharge></cac:Price>',
      ),
      ['PEPPOL-EN16931-R044', 'PEPPOL-EN16931-R046'],
    ],
    [
      'R053 two VAT totals with breakdown',
      UBL_OK.replace(/(<cac:TaxTotal>[\s\S]*?<\/cac:TaxTotal>)/, '$1$1'),
      ['PEPPOL-EN16931-R053'],
    ],
    [
      'R110/R111 line period outside the invoice period',
      edit(
        UBL_OK,
        '<cac:Item>',
        '<cac:InvoicePeriod><cbc:StartDate>2024-03-01</cbc:StartDate><cbc:EndDate>2024-05-31</cbc:EndDate></cac:InvoicePeriod><cac:Item>',
      ),
      ['PEPPOL-EN16931-R110', 'PEPPOL-EN16931-R111'],
    ],
    [
      'R120 line amount that does not follow from quantity and price',
      edit(
        UBL_OK,
        '<cbc:InvoicedQuantity unitCode="H87">4</cbc:InvoicedQuantity>',
        '<cbc:InvoicedQuantity unitCode="H87">5</cbc:InvoicedQuantity>',
      ),
      ['PEPPOL-EN16931-R120'],
    ],
    [
      'R121/R130 zero base quantity in another unit',
      edit(
        UBL_OK,
        LINE_PRICE_UBL,
        '<cac:Price><cbc:PriceAmount currencyID="EUR">25.00</cbc:PriceAmount><cbc:BaseQuantity unitCode="C62">0</cbc:BaseQuantity></cac:Price>',
      ),
      ['PEPPOL-EN16931-R121', 'PEPPOL-EN16931-R130'],
    ],
    [
      'R101 line document reference of another type',
      edit(
        UBL_OK,
        '<cac:Item>',
        '<cac:DocumentReference><cbc:ID>X</cbc:ID><cbc:DocumentTypeCode>916</cbc:DocumentTypeCode></cac:DocumentReference><cac:Item>',
      ),
      ['PEPPOL-EN16931-R101'],
    ],
  ])('%s', (_name, xml, expected) => {
    expect(runXr(xml).fired).toEqual([...expected].sort());
  });

  it('R120 tolerates differences within the slack of 0.02', () => {
    expect(
      runXr(
        edit(
          UBL_OK,
          '<cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>\n    <cac:Item>',
          '<cbc:LineExtensionAmount currencyID="EUR">100.02</cbc:LineExtensionAmount>\n    <cac:Item>',
        ),
      ).fired,
    ).toEqual([]);
  });
});

describe('Peppol rules included by XRechnung, CII', () => {
  it.each<[string, string, string[]]>([
    [
      'R001 without business process',
      edit(
        CII_OK,
        '<ram:BusinessProcessSpecifiedDocumentContextParameter><ram:ID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</ram:ID></ram:BusinessProcessSpecifiedDocumentContextParameter>',
        '',
      ),
      ['PEPPOL-EN16931-R001'],
    ],
    [
      'R008 an empty element',
      edit(
        CII_OK,
        '<ram:Name>Stadt Amtshausen</ram:Name>',
        '<ram:Name>Stadt Amtshausen</ram:Name><ram:Description></ram:Description>',
      ),
      ['PEPPOL-EN16931-R008'],
    ],
    [
      'R053/R054 a second VAT total in the invoice currency',
      edit(
        CII_OK,
        '<ram:TaxTotalAmount currencyID="EUR">19.00</ram:TaxTotalAmount>',
        '<ram:TaxTotalAmount currencyID="EUR">19.00</ram:TaxTotalAmount><ram:TaxTotalAmount currencyID="EUR">19.00</ram:TaxTotalAmount>',
      ),
      ['PEPPOL-EN16931-R053'],
    ],
    [
      'R054 a VAT total in another currency without accounting currency',
      edit(
        CII_OK,
        '<ram:TaxTotalAmount currencyID="EUR">19.00</ram:TaxTotalAmount>',
        '<ram:TaxTotalAmount currencyID="EUR">19.00</ram:TaxTotalAmount><ram:TaxTotalAmount currencyID="USD">21.00</ram:TaxTotalAmount>',
      ),
      ['PEPPOL-EN16931-R054'],
    ],
    [
      'R061 direct debit without mandate reference',
      edit(CII_OK, '<ram:TypeCode>58</ram:TypeCode>', '<ram:TypeCode>49</ram:TypeCode>'),
      ['PEPPOL-EN16931-R061'],
    ],
    [
      'R120 (warning in CII) line total that does not follow',
      edit(
        CII_OK,
        '<ram:BilledQuantity unitCode="H87">4</ram:BilledQuantity>',
        '<ram:BilledQuantity unitCode="H87">5</ram:BilledQuantity>',
      ),
      ['PEPPOL-EN16931-R120'],
    ],
    [
      'R130 base quantity in another unit',
      edit(
        CII_OK,
        '<ram:ChargeAmount>25.00</ram:ChargeAmount></ram:NetPriceProductTradePrice>',
        '<ram:ChargeAmount>25.00</ram:ChargeAmount><ram:BasisQuantity unitCode="C62">1</ram:BasisQuantity></ram:NetPriceProductTradePrice>',
      ),
      ['PEPPOL-EN16931-R130'],
    ],
  ])('%s', (_name, xml, expected) => {
    expect(runXr(xml).fired).toEqual([...expected].sort());
  });

  it('R120 is a warning in both syntaxes, as XRechnung merges it', async () => {
    const { peppolRules } = await import('./peppol.rules.js');
    expect(peppolRules.filter((r) => r.id === 'PEPPOL-EN16931-R120').map((r) => r.flag)).toEqual(['warning']);
  });
});
