import { XR_CIUS_ID, XR_EXTENSION_ID } from './common.js';
import { CII_OK, UBL_OK, edit, runXr } from './rule-fixtures.js';

const UBL_EXT = edit(
  UBL_OK,
  `<cbc:CustomizationID>${XR_CIUS_ID}</cbc:CustomizationID>`,
  `<cbc:CustomizationID>${XR_EXTENSION_ID}</cbc:CustomizationID>`,
);
const CII_EXT = edit(CII_OK, `<ram:ID>${XR_CIUS_ID}</ram:ID>`, `<ram:ID>${XR_EXTENSION_ID}</ram:ID>`);

const attachment = (mime: string) =>
  `<cac:AdditionalDocumentReference><cbc:ID>A</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="${mime}" filename="a">AA==</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>\n  <cac:AccountingSupplierParty>`;

const subLines = (own: string, a: string, b: string, taxB = true) =>
  `<cac:Price>
      <cbc:PriceAmount currencyID="EUR">25.00</cbc:PriceAmount>
    </cac:Price>
    <cac:SubInvoiceLine><cbc:ID>1.1</cbc:ID><cbc:LineExtensionAmount currencyID="EUR">${a}</cbc:LineExtensionAmount><cac:Item><cbc:Name>A</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item><cac:Price><cbc:PriceAmount currencyID="EUR">${a}</cbc:PriceAmount></cac:Price></cac:SubInvoiceLine>
    <cac:SubInvoiceLine><cbc:ID>1.2</cbc:ID><cbc:LineExtensionAmount currencyID="EUR">${b}</cbc:LineExtensionAmount><cac:Item><cbc:Name>B</cbc:Name>${taxB ? '<cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>' : ''}</cac:Item><cac:Price><cbc:PriceAmount currencyID="EUR">${b}</cbc:PriceAmount></cac:Price></cac:SubInvoiceLine>`.replace(
    'OWN',
    own,
  );

const prepaid = (inner: string) => `<cac:PrepaidPayment>${inner}</cac:PrepaidPayment>\n  <cac:PaymentMeans>`;

describe('BR-DEX rules (XRechnung Extension)', () => {
  it('do not apply to the standard CIUS', () => {
    expect(runXr(edit(UBL_OK, '<cac:AccountingSupplierParty>', attachment('application/xml'))).fired).toEqual(
      [],
    );
    expect(runXr(edit(UBL_OK, 'schemeID="EM">rechnung', 'schemeID="XR01">rechnung')).fired).toEqual([]);
  });

  it('search the code lists as the official rule does (last ICD code not found, empty scheme found)', async () => {
    const { inSpaceList } = await import('./common.js');
    const { ISO_6523_ICD_EXT_LIST } = await import('./iso6523-icd.codes.js');
    expect(inSpaceList(ISO_6523_ICD_EXT_LIST, '0088')).toBe(true);
    expect(inSpaceList(ISO_6523_ICD_EXT_LIST, 'XR03')).toBe(true);
    expect(inSpaceList(ISO_6523_ICD_EXT_LIST, '0244')).toBe(false);
    expect(inSpaceList(ISO_6523_ICD_EXT_LIST, '')).toBe(true);
    expect(inSpaceList(ISO_6523_ICD_EXT_LIST, '0088 0002')).toBe(false);
  });

  it('accept the extension base invoices', () => {
    expect(runXr(UBL_EXT).fired).toEqual([]);
    expect(runXr(CII_EXT).fired).toEqual([]);
  });

  it.each<[string, string, string[]]>([
    [
      'BR-DEX-01 admits XML attachments',
      edit(UBL_EXT, '<cac:AccountingSupplierParty>', attachment('application/xml')),
      [],
    ],
    [
      'BR-DEX-01 rejects other MIME codes',
      edit(UBL_EXT, '<cac:AccountingSupplierParty>', attachment('application/zip')),
      ['BR-DEX-01'],
    ],
    [
      'BR-DEX-02/03 sub lines that do not add up, one without VAT',
      edit(
        UBL_EXT,
        `<cac:Price>\n      <cbc:PriceAmount currencyID="EUR">25.00</cbc:PriceAmount>\n    </cac:Price>`,
        subLines('100.00', '60.00', '30.00', false),
      ),
      ['BR-DEX-02', 'BR-DEX-03'],
    ],
    [
      'BR-DEX-02 sub lines that add up',
      edit(
        UBL_EXT,
        `<cac:Price>\n      <cbc:PriceAmount currencyID="EUR">25.00</cbc:PriceAmount>\n    </cac:Price>`,
        subLines('100.00', '60.00', '40.00'),
      ),
      [],
    ],
    [
      'BR-DEX-04 DiGA scheme XR01 is admitted',
      edit(
        UBL_EXT,
        '<cbc:EndpointID schemeID="EM">rechnung@lieferant.example</cbc:EndpointID>',
        '<cbc:EndpointID schemeID="EM">rechnung@lieferant.example</cbc:EndpointID><cac:PartyIdentification><cbc:ID schemeID="XR01">123</cbc:ID></cac:PartyIdentification>',
      ),
      [],
    ],
    [
      'BR-DEX-04 unknown party identifier scheme',
      edit(
        UBL_EXT,
        '<cbc:EndpointID schemeID="EM">eingang@stadt.example</cbc:EndpointID>',
        '<cbc:EndpointID schemeID="EM">eingang@stadt.example</cbc:EndpointID><cac:PartyIdentification><cbc:ID schemeID="SEPA">123</cbc:ID></cac:PartyIdentification>',
      ),
      ['BR-DEX-04'],
    ],
    [
      'BR-DEX-05 unknown legal registration scheme',
      edit(
        UBL_EXT,
        '<cbc:RegistrationName>Lieferant GmbH</cbc:RegistrationName>',
        '<cbc:RegistrationName>Lieferant GmbH</cbc:RegistrationName><cbc:CompanyID schemeID="HRB">1</cbc:CompanyID>',
      ),
      ['BR-DEX-05'],
    ],
    [
      'BR-DEX-06 unknown item identifier scheme',
      edit(
        UBL_EXT,
        '<cbc:Name>Druckerpatrone</cbc:Name>',
        '<cbc:Name>Druckerpatrone</cbc:Name><cac:StandardItemIdentification><cbc:ID schemeID="GTIN">1</cbc:ID></cac:StandardItemIdentification>',
      ),
      ['BR-DEX-06'],
    ],
    [
      'BR-DEX-07 electronic address scheme XR02 is admitted',
      edit(UBL_EXT, 'schemeID="EM">rechnung', 'schemeID="XR02">rechnung'),
      [],
    ],
    [
      'BR-DEX-07 unknown electronic address scheme',
      edit(UBL_EXT, 'schemeID="EM">rechnung', 'schemeID="MAIL">rechnung'),
      ['BR-DEX-07'],
    ],
    [
      'BR-DEX-08 unknown delivery location scheme',
      edit(
        UBL_EXT,
        '<cac:PaymentMeans>',
        '<cac:Delivery><cac:DeliveryLocation><cbc:ID schemeID="X1">1</cbc:ID></cac:DeliveryLocation></cac:Delivery>\n  <cac:PaymentMeans>',
      ),
      ['BR-DEX-08'],
    ],
    [
      'BR-DEX-09 third party payment counted in the amount due',
      edit(
        edit(
          UBL_EXT,
          '<cac:PaymentMeans>',
          prepaid(
            '<cbc:ID>Zuschuss</cbc:ID><cbc:PaidAmount currencyID="EUR">20.00</cbc:PaidAmount><cbc:InstructionID>Land</cbc:InstructionID>',
          ),
        ),
        '<cbc:PayableAmount currencyID="EUR">119.00</cbc:PayableAmount>',
        '<cbc:PayableAmount currencyID="EUR">139.00</cbc:PayableAmount>',
      ),
      [],
    ],
    [
      'BR-DEX-09 amount due that ignores the third party payment',
      edit(
        UBL_EXT,
        '<cac:PaymentMeans>',
        prepaid(
          '<cbc:ID>Zuschuss</cbc:ID><cbc:PaidAmount currencyID="EUR">20.00</cbc:PaidAmount><cbc:InstructionID>Land</cbc:InstructionID>',
        ),
      ),
      ['BR-DEX-09'],
    ],
    [
      'BR-DEX-10/11/12 incomplete third party payment',
      edit(UBL_EXT, '<cac:PaymentMeans>', prepaid('<cbc:PaidDate>2024-05-01</cbc:PaidDate>')),
      ['BR-DEX-10', 'BR-DEX-11', 'BR-DEX-12', 'BR-DEX-14'],
    ],
    [
      'BR-DEX-13/14 third party payment with three decimals in another currency',
      edit(
        edit(
          UBL_EXT,
          '<cac:PaymentMeans>',
          prepaid(
            '<cbc:ID>Z</cbc:ID><cbc:PaidAmount currencyID="USD">20.000</cbc:PaidAmount><cbc:InstructionID>Land</cbc:InstructionID>',
          ),
        ),
        '<cbc:PayableAmount currencyID="EUR">119.00</cbc:PayableAmount>',
        '<cbc:PayableAmount currencyID="EUR">139.00</cbc:PayableAmount>',
      ),
      ['BR-DEX-13', 'BR-DEX-14'],
    ],
  ])('%s', (_name, xml, expected) => {
    expect(runXr(xml).fired).toEqual([...expected].sort());
  });

  it.each<[string, string, string[]]>([
    [
      'BR-DEX-01 CII attachment with an unknown MIME code',
      edit(
        CII_EXT,
        '<ram:BuyerReference>',
        '<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>A</ram:IssuerAssignedID><ram:TypeCode>916</ram:TypeCode><ram:AttachmentBinaryObject mimeCode="application/zip" filename="a">AA==</ram:AttachmentBinaryObject></ram:AdditionalReferencedDocument><ram:BuyerReference>',
      ),
      ['BR-DEX-01'],
    ],
    [
      'BR-DEX-04 CII seller global identifier scheme',
      edit(
        CII_EXT,
        '<ram:Name>Lieferant GmbH</ram:Name>',
        '<ram:GlobalID schemeID="9999">1</ram:GlobalID><ram:Name>Lieferant GmbH</ram:Name>',
      ),
      ['BR-DEX-04'],
    ],
    [
      'BR-DEX-06 CII item global identifier scheme',
      edit(
        CII_EXT,
        '<ram:SpecifiedTradeProduct><ram:Name>',
        '<ram:SpecifiedTradeProduct><ram:GlobalID schemeID="GTIN">1</ram:GlobalID><ram:Name>',
      ),
      ['BR-DEX-06'],
    ],
    [
      'BR-DEX-07 CII electronic address scheme',
      edit(CII_EXT, 'schemeID="EM">rechnung', 'schemeID="MAIL">rechnung'),
      ['BR-DEX-07'],
    ],
    [
      'BR-DEX-15 CII parent line reference',
      edit(
        CII_EXT,
        '<ram:LineID>1</ram:LineID>',
        '<ram:LineID>1</ram:LineID><ram:ParentLineID>0</ram:ParentLineID>',
      ),
      ['BR-DEX-15'],
    ],
  ])('%s', (_name, xml, expected) => {
    expect(runXr(xml).fired).toEqual([...expected].sort());
  });
});
