import {
  AGREEMENT,
  LINE_S_19,
  TOTALS,
  PAYMENT_MEANS,
  TAX_S_19,
  TERMS,
  ciiInvoice,
  firedIds,
  runCii,
  settlement,
} from './testing/cii-invoice.builder.js';

describe('CII data type rules CII-DT-*', () => {
  it('CII-DT-031: amounts other than the VAT total carry no currency', () => {
    const xml = ciiInvoice({
      settlement: settlement(
        `${PAYMENT_MEANS}${TAX_S_19}${TERMS}${TOTALS.replace('<ram:GrandTotalAmount>', '<ram:GrandTotalAmount currencyID="EUR">')}`,
      ),
    });
    expect(firedIds(xml)).toContain('CII-DT-031');
    expect(firedIds(ciiInvoice())).not.toContain('CII-DT-031');
  });

  it('the document number is checked by its own rule (CII-DT-005), other ids by the generic one', () => {
    const xml = ciiInvoice().replace(
      '<ram:ID>RE-2026-001</ram:ID>',
      '<ram:ID schemeName="x" schemeID="y">RE-2026-001</ram:ID>',
    );
    const ids = firedIds(xml);
    expect(ids).toEqual(expect.arrayContaining(['CII-DT-001', 'CII-DT-005']));
    expect(ids).not.toContain('CII-DT-101');
    const seller = ciiInvoice({
      agreement: AGREEMENT.replace(
        '<ram:Name>Muster GmbH</ram:Name>',
        '<ram:ID schemeName="x">7</ram:ID><ram:Name>Muster GmbH</ram:Name>',
      ),
    });
    expect(firedIds(seller)).toContain('CII-DT-101');
  });

  it('CII-DT-010..012 are shadowed by the generic TypeCode rule, as in the official pattern', () => {
    const xml = ciiInvoice().replace(
      '<ram:TypeCode>380</ram:TypeCode>',
      '<ram:TypeCode listID="1001" name="x">380</ram:TypeCode>',
    );
    const ids = firedIds(xml);
    expect(ids).toContain('CII-DT-008');
    expect(ids).not.toContain('CII-DT-010');
  });

  it('CII-DT-037: trade tax type code is VAT', () => {
    expect(
      firedIds(
        ciiInvoice({
          lines: LINE_S_19.replace('<ram:TypeCode>VAT</ram:TypeCode>', '<ram:TypeCode>GST</ram:TypeCode>'),
        }),
      ),
    ).toContain('CII-DT-037');
  });

  it('CII-DT-088 and friends: unused address parts are fatal', () => {
    const out = runCii(
      ciiInvoice({
        agreement: AGREEMENT.replace(
          '<ram:CityName>Berlin</ram:CityName>',
          '<ram:CityName>Berlin</ram:CityName><ram:StreetName>x</ram:StreetName>',
        ),
      }),
    );
    expect(out.fired.get('CII-DT-088')).toBe('fatal');
  });

  it('CII-DT-097: format 102 dates are YYYYMMDD', () => {
    const bad = ciiInvoice().replace('>20261121<', '>2026-11-21<');
    expect(firedIds(bad)).toContain('CII-DT-097');
    expect(firedIds(ciiInvoice().replace('>20261121<', '>20261321<'))).toContain('CII-DT-097');
    expect(firedIds(ciiInvoice().replace('>20261121<', '> 20261121 <'))).not.toContain('CII-DT-097');
  });
});
