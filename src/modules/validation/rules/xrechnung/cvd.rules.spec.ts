import { XR_CIUS_ID, XR_CVD_ID } from './common.js';
import { CII_OK, UBL_OK, edit, runXr } from './rule-fixtures.js';

const ITEM_TAX = `<cac:ClassifiedTaxCategory>
        <cbc:ID>S</cbc:ID>
        <cbc:Percent>19</cbc:Percent>
        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
      </cac:ClassifiedTaxCategory>`;

function ublCvd(classification: string, property: string): string {
  let xml = edit(
    UBL_OK,
    `<cbc:CustomizationID>${XR_CIUS_ID}</cbc:CustomizationID>`,
    `<cbc:CustomizationID>${XR_CVD_ID}</cbc:CustomizationID>`,
  );
  xml = edit(
    xml,
    '<cac:AccountingSupplierParty>',
    '<cac:OriginatorDocumentReference><cbc:ID>Los 3</cbc:ID></cac:OriginatorDocumentReference>\n  <cac:ContractDocumentReference><cbc:ID>V-2024-1</cbc:ID></cac:ContractDocumentReference>\n  <cac:AccountingSupplierParty>',
  );
  return edit(xml, ITEM_TAX, `${classification}${ITEM_TAX}${property}`);
}

const CLASS_M1 =
  '<cac:CommodityClassification><cbc:ItemClassificationCode listID="CVD">M1</cbc:ItemClassificationCode></cac:CommodityClassification>';
const CVA_CLEAN =
  '<cac:AdditionalItemProperty><cbc:Name>cva</cbc:Name><cbc:Value>clean</cbc:Value></cac:AdditionalItemProperty>';

function ciiCvd(product: string): string {
  let xml = edit(CII_OK, `<ram:ID>${XR_CIUS_ID}</ram:ID>`, `<ram:ID>${XR_CVD_ID}</ram:ID>`);
  xml = edit(
    xml,
    '<ram:SpecifiedTradeProduct><ram:Name>Druckerpatrone</ram:Name></ram:SpecifiedTradeProduct>',
    `<ram:SpecifiedTradeProduct><ram:Name>Bus</ram:Name>${product}</ram:SpecifiedTradeProduct>`,
  );
  return edit(
    xml,
    '<ram:BuyerTradeParty>',
    '<ram:ContractReferencedDocument><ram:IssuerAssignedID>V-2024-1</ram:IssuerAssignedID></ram:ContractReferencedDocument><ram:AdditionalReferencedDocument><ram:IssuerAssignedID>Los 3</ram:IssuerAssignedID><ram:TypeCode>50</ram:TypeCode></ram:AdditionalReferencedDocument><ram:BuyerTradeParty>',
  );
}

describe('CVD rules (Clean Vehicles Directive)', () => {
  it('do not apply to the standard CIUS', () => {
    expect(runXr(UBL_OK).fired).toEqual([]);
  });

  it('accept a complete CVD invoice (UBL)', () => {
    expect(runXr(ublCvd(CLASS_M1, CVA_CLEAN)).fired).toEqual([]);
  });

  it('require contract, tender reference and a CVD vehicle line (UBL)', () => {
    let xml = edit(
      UBL_OK,
      `<cbc:CustomizationID>${XR_CIUS_ID}</cbc:CustomizationID>`,
      `<cbc:CustomizationID>${XR_CVD_ID}</cbc:CustomizationID>`,
    );
    expect(runXr(xml).fired).toEqual(['BR-DE-CVD-01', 'BR-DE-CVD-02', 'BR-DE-CVD-03']);
    xml = ublCvd(CLASS_M1, '');
    expect(runXr(xml).fired).toEqual(['BR-DE-CVD-03', 'BR-DE-CVD-06-a']);
  });

  it.each<[string, string, string, string[]]>([
    ['an unknown vehicle category', CLASS_M1.replace('M1', 'L3'), CVA_CLEAN, ['BR-DE-CVD-04']],
    ['an unknown cva value', CLASS_M1, CVA_CLEAN.replace('clean', 'green'), ['BR-DE-CVD-05']],
    ['two cva attributes', CLASS_M1, CVA_CLEAN + CVA_CLEAN, ['BR-DE-CVD-06-a']],
    ['two CVD classifications', CLASS_M1 + CLASS_M1, CVA_CLEAN, ['BR-DE-CVD-06-b']],
    [
      'a classification scheme outside UNTDID 7143',
      CLASS_M1 + CLASS_M1.replace('listID="CVD">M1', 'listID="XYZ">1'),
      CVA_CLEAN,
      ['BR-TMP-CVD-01'],
    ],
  ])('report %s (UBL)', (_name, classification, property, expected) => {
    expect(runXr(ublCvd(classification, property)).fired).toEqual(expected);
  });

  it('check the CII binding too', () => {
    const ok =
      '<ram:ApplicableProductCharacteristic><ram:Description>cva</ram:Description><ram:Value>zero-emission</ram:Value></ram:ApplicableProductCharacteristic><ram:DesignatedProductClassification><ram:ClassCode listID="CVD">N2</ram:ClassCode></ram:DesignatedProductClassification>';
    expect(runXr(ciiCvd(ok)).fired).toEqual([]);
    expect(runXr(ciiCvd(ok.replace('N2', 'X9'))).fired).toEqual(['BR-DE-CVD-04']);
    expect(runXr(ciiCvd('')).fired).toEqual(['BR-DE-CVD-03']);
  });
});
