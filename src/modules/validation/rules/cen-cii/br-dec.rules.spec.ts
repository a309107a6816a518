import {
  LINE_S_19,
  PAYMENT_MEANS,
  TAX_S_19,
  TERMS,
  TOTALS,
  ciiInvoice,
  firedIds,
  settlement,
} from './testing/cii-invoice.builder.js';

describe('CII decimal rules BR-DEC-*', () => {
  it('accepts two decimals and fires on three (totals, line, breakdown)', () => {
    const xml = ciiInvoice({
      lines: LINE_S_19.replace('<ram:LineTotalAmount>100.00', '<ram:LineTotalAmount>100.000'),
      settlement: settlement(
        `${PAYMENT_MEANS}${TAX_S_19.replace('100.00</ram:BasisAmount>', '100.000</ram:BasisAmount>')}${TERMS}${TOTALS.replace('<ram:DuePayableAmount>119.00', '<ram:DuePayableAmount>119.001')}`,
      ),
    });
    expect(firedIds(xml)).toEqual(expect.arrayContaining(['BR-DEC-23', 'BR-DEC-19', 'BR-DEC-18']));
    expect(firedIds(ciiInvoice())).not.toContain('BR-DEC-18');
  });

  it('BR-DEC-13 compares the value numerically (19.000 is fine, 19.001 is not)', () => {
    const vat = (v: string) =>
      ciiInvoice({
        settlement: settlement(
          `${PAYMENT_MEANS}${TAX_S_19}${TERMS}${TOTALS.replace('currencyID="EUR">19.00', `currencyID="EUR">${v}`)}`,
        ),
      });
    expect(firedIds(vat('19.000'))).not.toContain('BR-DEC-13');
    expect(firedIds(vat('19.001'))).toContain('BR-DEC-13');
  });
});
