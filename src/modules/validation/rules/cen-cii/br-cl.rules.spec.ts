import { AGREEMENT, LINE_S_19, ciiInvoice, firedIds } from './testing/cii-invoice.builder.js';

describe('CII code list rules BR-CL-*', () => {
  it('BR-CL-01: invoice and credit note type codes of UNTDID 1001', () => {
    expect(
      firedIds(ciiInvoice().replace('<ram:TypeCode>380</ram:TypeCode>', '<ram:TypeCode>381</ram:TypeCode>')),
    ).not.toContain('BR-CL-01');
    expect(
      firedIds(ciiInvoice().replace('<ram:TypeCode>380</ram:TypeCode>', '<ram:TypeCode>999</ram:TypeCode>')),
    ).toContain('BR-CL-01');
  });

  it('BR-CL-03/04: ISO 4217 currency codes, whitespace normalised', () => {
    expect(
      firedIds(ciiInvoice().replace('<ram:InvoiceCurrencyCode>EUR', '<ram:InvoiceCurrencyCode> EUR ')),
    ).not.toContain('BR-CL-04');
    const bad = ciiInvoice()
      .replace('<ram:InvoiceCurrencyCode>EUR', '<ram:InvoiceCurrencyCode>EURO')
      .replace('currencyID="EUR"', 'currencyID="XYZ"');
    expect(firedIds(bad)).toEqual(expect.arrayContaining(['BR-CL-03', 'BR-CL-04']));
  });

  it('BR-CL-14: ISO 3166 country codes (EL is not a country code)', () => {
    expect(
      firedIds(
        ciiInvoice({
          agreement: AGREEMENT.replace(
            '<ram:CountryID>DE</ram:CountryID>',
            '<ram:CountryID>EL</ram:CountryID>',
          ),
        }),
      ),
    ).toContain('BR-CL-14');
  });

  it('BR-CL-16/18: payment means and VAT category codes', () => {
    const xml = ciiInvoice().replace('<ram:TypeCode>58</ram:TypeCode>', '<ram:TypeCode>99</ram:TypeCode>');
    expect(firedIds(xml)).toContain('BR-CL-16');
    const line = LINE_S_19.replace(
      '<ram:CategoryCode>S</ram:CategoryCode>',
      '<ram:CategoryCode>X</ram:CategoryCode>',
    );
    expect(firedIds(ciiInvoice({ lines: line }))).toContain('BR-CL-18');
  });

  it('BR-CL-23: Rec 20/21 unit codes', () => {
    expect(firedIds(ciiInvoice({ lines: LINE_S_19.replace('unitCode="HUR"', 'unitCode="XYZ1"') }))).toContain(
      'BR-CL-23',
    );
  });

  it('BR-CL-25: EAS scheme of electronic addresses', () => {
    expect(
      firedIds(ciiInvoice({ agreement: AGREEMENT.replace('schemeID="EM"', 'schemeID="0204"') })),
    ).not.toContain('BR-CL-25');
    expect(
      firedIds(ciiInvoice({ agreement: AGREEMENT.replace('schemeID="EM"', 'schemeID="XX"') })),
    ).toContain('BR-CL-25');
  });

  it('BR-CL-10/11/21: ICD schemes by position of the identifier', () => {
    const seller = AGREEMENT.replace(
      '<ram:Name>Muster GmbH</ram:Name>',
      '<ram:ID schemeID="9999">1</ram:ID><ram:GlobalID schemeID="0088">4000001000005</ram:GlobalID><ram:Name>Muster GmbH</ram:Name>',
    );
    const ids = firedIds(ciiInvoice({ agreement: seller }));
    expect(ids).toContain('BR-CL-11');
    expect(ids).not.toContain('BR-CL-10');
    const item = LINE_S_19.replace(
      '<ram:Name>Beratung</ram:Name>',
      '<ram:GlobalID schemeID="12">1</ram:GlobalID><ram:Name>Beratung</ram:Name>',
    );
    expect(firedIds(ciiInvoice({ lines: item }))).toContain('BR-CL-21');
  });

  it('BR-CL-22: VATEX codes compared upper-cased', () => {
    const withCode = (c: string) =>
      ciiInvoice().replace(
        '<ram:TypeCode>VAT</ram:TypeCode>\n        <ram:BasisAmount>',
        `<ram:TypeCode>VAT</ram:TypeCode><ram:ExemptionReasonCode>${c}</ram:ExemptionReasonCode>\n        <ram:BasisAmount>`,
      );
    expect(firedIds(withCode('vatex-eu-ic'))).not.toContain('BR-CL-22');
    expect(firedIds(withCode('VATEX-XX'))).toContain('BR-CL-22');
  });
});
