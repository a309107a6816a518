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

const totals = (replace: (t: string) => string) =>
  settlement(`${PAYMENT_MEANS}${TAX_S_19}${TERMS}${replace(TOTALS)}`);

describe('CII calculation and condition rules BR-CO-*', () => {
  it('BR-CO-10: sum of line net amounts, rounded half up to two decimals', () => {
    const twoLines =
      LINE_S_19 + LINE_S_19.replace('<ram:LineID>1</ram:LineID>', '<ram:LineID>2</ram:LineID>');
    const ok = ciiInvoice({
      lines: twoLines,
      settlement: totals((t) => t.replace('<ram:LineTotalAmount>100.00', '<ram:LineTotalAmount>200.00')),
    });
    expect(firedIds(ok)).not.toContain('BR-CO-10');
    const bad = ciiInvoice({
      settlement: totals((t) => t.replace('<ram:LineTotalAmount>100.00', '<ram:LineTotalAmount>100.01')),
    });
    expect(firedIds(bad)).toContain('BR-CO-10');
  });

  it('BR-CO-10 fires when BT-106 is missing (comparison with an empty value)', () => {
    const xml = ciiInvoice({
      settlement: totals((t) => t.replace('<ram:LineTotalAmount>100.00</ram:LineTotalAmount>', '')),
    });
    expect(firedIds(xml)).toEqual(expect.arrayContaining(['BR-12', 'BR-CO-10']));
  });

  it('BR-CO-11/BR-CO-12/BR-CO-13: allowance and charge totals', () => {
    const ac = (charge: boolean, amount: string) =>
      `<ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>${charge}</udt:Indicator></ram:ChargeIndicator><ram:ActualAmount>${amount}</ram:ActualAmount><ram:Reason>x</ram:Reason><ram:CategoryTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:CategoryTradeTax></ram:SpecifiedTradeAllowanceCharge>`;
    const sums = (allow: string, charge: string, basis: string) =>
      TOTALS.replace(
        '<ram:TaxBasisTotalAmount>100.00',
        `<ram:ChargeTotalAmount>${charge}</ram:ChargeTotalAmount><ram:AllowanceTotalAmount>${allow}</ram:AllowanceTotalAmount><ram:TaxBasisTotalAmount>${basis}`,
      );
    const ok = ciiInvoice({
      settlement: settlement(`${ac(false, '10.00')}${ac(true, '5.005')}${sums('10.00', '5.01', '95.01')}`),
    });
    const okIds = firedIds(ok);
    expect(okIds).not.toContain('BR-CO-11');
    expect(okIds).not.toContain('BR-CO-12');
    expect(okIds).not.toContain('BR-CO-13');
    const bad = ciiInvoice({
      settlement: settlement(`${ac(false, '10.00')}${ac(true, '5.00')}${sums('9.00', '6.00', '95.00')}`),
    });
    expect(firedIds(bad)).toEqual(expect.arrayContaining(['BR-CO-11', 'BR-CO-12', 'BR-CO-13']));
  });

  it('BR-CO-14/BR-CO-15: VAT total and grand total', () => {
    const bad = ciiInvoice({
      settlement: totals((t) =>
        t
          .replace('currencyID="EUR">19.00', 'currencyID="EUR">18.00')
          .replace('<ram:GrandTotalAmount>119.00', '<ram:GrandTotalAmount>120.00'),
      ),
    });
    expect(firedIds(bad)).toEqual(expect.arrayContaining(['BR-CO-14', 'BR-CO-15']));
    const twice = ciiInvoice({
      settlement: totals((t) =>
        t.replace(
          '<ram:GrandTotalAmount>',
          '<ram:TaxTotalAmount currencyID="EUR">19.00</ram:TaxTotalAmount><ram:GrandTotalAmount>',
        ),
      ),
    });
    expect(firedIds(twice)).toContain('BR-CO-15');
  });

  it('BR-CO-16: due amount = total - paid + rounding, a zero paid amount counts as absent', () => {
    const paid = (p: string, due: string) =>
      ciiInvoice({
        settlement: totals((t) =>
          t.replace(
            '<ram:DuePayableAmount>119.00',
            `<ram:TotalPrepaidAmount>${p}</ram:TotalPrepaidAmount><ram:DuePayableAmount>${due}`,
          ),
        ),
      });
    expect(firedIds(paid('19.00', '100.00'))).not.toContain('BR-CO-16');
    expect(firedIds(paid('0.00', '119.00'))).not.toContain('BR-CO-16');
    expect(firedIds(paid('19.00', '119.00'))).toContain('BR-CO-16');
  });

  it('BR-CO-17: tax amount within ±1 of basis × rate, negatives compared by absolute value', () => {
    const tax = (calc: string, basis: string) =>
      ciiInvoice({
        settlement: settlement(
          TAX_S_19.replace('19.00</ram:CalculatedAmount>', `${calc}</ram:CalculatedAmount>`).replace(
            '100.00</ram:BasisAmount>',
            `${basis}</ram:BasisAmount>`,
          ),
        ),
      });
    expect(firedIds(tax('-13.78', '-72.50'))).not.toContain('BR-CO-17');
    expect(firedIds(tax('-12.77', '-72.50'))).toContain('BR-CO-17');
    expect(firedIds(tax('19.99', '100.00'))).not.toContain('BR-CO-17');
  });

  it('BR-CO-03: tax point date and its code are mutually exclusive', () => {
    const both = TAX_S_19.replace(
      '<ram:CategoryCode>S</ram:CategoryCode>',
      '<ram:CategoryCode>S</ram:CategoryCode><ram:DueDateTypeCode>5</ram:DueDateTypeCode>',
    ).replace(
      '<ram:CalculatedAmount>',
      '<ram:TaxPointDate><udt:DateString format="102">20260101</udt:DateString></ram:TaxPointDate><ram:CalculatedAmount>',
    );
    expect(
      firedIds(ciiInvoice({ settlement: settlement(`${PAYMENT_MEANS}${both}${TERMS}${TOTALS}`) })),
    ).toContain('BR-CO-03');
  });

  it('BR-CO-04/BR-CO-18: line VAT category and a VAT breakdown are required', () => {
    const line = LINE_S_19.replace('<ram:CategoryCode>S</ram:CategoryCode>', '');
    const ids = firedIds(
      ciiInvoice({ lines: line, settlement: settlement(`${PAYMENT_MEANS}${TERMS}${TOTALS}`) }),
    );
    expect(ids).toEqual(expect.arrayContaining(['BR-CO-04', 'BR-CO-18']));
  });

  it('BR-CO-09: VAT identifiers start with a country code (EL allowed)', () => {
    const agreementWith = (id: string) =>
      ciiInvoice().replace(
        '<ram:ID schemeID="VA">DE123456789</ram:ID>',
        `<ram:ID schemeID="VA">${id}</ram:ID>`,
      );
    expect(firedIds(agreementWith('EL123456789'))).not.toContain('BR-CO-09');
    expect(firedIds(agreementWith('XX123456789'))).toContain('BR-CO-09');
  });

  it('BR-CO-26: the seller needs an identifier, a registration or a VAT number', () => {
    const xml = ciiInvoice().replace(
      '<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration>',
      '',
    );
    expect(firedIds(xml)).toContain('BR-CO-26');
  });
});
