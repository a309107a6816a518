import { cashDiscounts } from './cash-discount.js';

describe('cashDiscounts', () => {
  it('computes deadlines and amounts for each Skonto line, with and without a base amount', () => {
    const terms =
      'Zahlbar innerhalb von 30 Tagen.\n#SKONTO#TAGE=14#PROZENT=2.00#\n#SKONTO#TAGE=7#PROZENT=3.00#BASISBETRAG=500.00#\n';
    expect(cashDiscounts(terms, '2026-02-20', '1190.00')).toEqual([
      {
        until: '2026-03-06',
        days: 14,
        percent: '2.00',
        baseAmount: '1190.00',
        discountAmount: '23.80',
        amountToPay: '1166.20',
      },
      {
        until: '2026-02-27',
        days: 7,
        percent: '3.00',
        baseAmount: '500.00',
        discountAmount: '15.00',
        amountToPay: '1175.00',
      },
    ]);
  });

  it('rounds half up to cents and crosses month and year ends in calendar days', () => {
    const [d] = cashDiscounts('#SKONTO#TAGE=10#PROZENT=2.50#\n', '2026-12-28', '100.10');
    expect(d.until).toBe('2027-01-07');
    expect(d.discountAmount).toBe('2.50'); // 2.5025 → 2.50
    const [e] = cashDiscounts('#SKONTO#TAGE=1#PROZENT=1.50#\n', '2028-02-28', '0.99');
    expect(e.until).toBe('2028-02-29');
    expect(e.discountAmount).toBe('0.01'); // 0.01485 → 0.01
  });

  it('offers nothing without terms, date or amount', () => {
    expect(cashDiscounts(undefined, '2026-01-01', '1')).toEqual([]);
    expect(cashDiscounts('#SKONTO#TAGE=1#PROZENT=1.00#\n', undefined, '1')).toEqual([]);
    expect(cashDiscounts('Zahlbar sofort', '2026-01-01', '1')).toEqual([]);
  });
});
