import {
  AGREEMENT,
  LINE_S_19,
  PAYMENT_MEANS,
  TERMS,
  ciiInvoice,
  firedIds,
  settlement,
} from './testing/cii-invoice.builder.js';

/** An invoice whose only line and VAT breakdown use category `code` at `rate`. */
function invoiceIn(
  code: string,
  opts: { rate?: string; tax?: string; reason?: string; agreement?: string } = {},
): string {
  const rate = opts.rate === undefined ? '0' : opts.rate;
  const rateXml = rate === '' ? '' : `<ram:RateApplicablePercent>${rate}</ram:RateApplicablePercent>`;
  const line = LINE_S_19.replace(
    '<ram:CategoryCode>S</ram:CategoryCode>',
    `<ram:CategoryCode>${code}</ram:CategoryCode>`,
  ).replace('<ram:RateApplicablePercent>19</ram:RateApplicablePercent>', rateXml);
  const taxAmount = opts.tax ?? '0.00';
  const tax = `<ram:ApplicableTradeTax><ram:CalculatedAmount>${taxAmount}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>${opts.reason ?? ''}<ram:BasisAmount>100.00</ram:BasisAmount><ram:CategoryCode>${code}</ram:CategoryCode>${rateXml}</ram:ApplicableTradeTax>`;
  const grand = (100 + Number(taxAmount)).toFixed(2);
  const totals = `<ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>100.00</ram:LineTotalAmount><ram:TaxBasisTotalAmount>100.00</ram:TaxBasisTotalAmount><ram:TaxTotalAmount currencyID="EUR">${taxAmount}</ram:TaxTotalAmount><ram:GrandTotalAmount>${grand}</ram:GrandTotalAmount><ram:DuePayableAmount>${grand}</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>`;
  return ciiInvoice({
    lines: line,
    agreement: opts.agreement,
    settlement: settlement(`${PAYMENT_MEANS}${tax}${TERMS}${totals}`),
  });
}

const EXEMPT = '<ram:ExemptionReason>Steuerbefreit</ram:ExemptionReason>';
const BUYER_VAT = AGREEMENT.replace(
  '<ram:Name>Stadt Beispiel</ram:Name>',
  '<ram:Name>Stadt Beispiel</ram:Name>',
).replace(
  '</ram:BuyerTradeParty>',
  '<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">FR12345678901</ram:ID></ram:SpecifiedTaxRegistration></ram:BuyerTradeParty>',
);

describe('CII VAT category rules', () => {
  it('standard rated: the base invoice passes, a wrong breakdown fires BR-S-08/09', () => {
    expect(
      firedIds(invoiceIn('S', { rate: '19', tax: '19.00' })).filter((i) => i.startsWith('BR-S')),
    ).toEqual([]);
    const ids = firedIds(invoiceIn('S', { rate: '19', tax: '25.00' }));
    expect(ids).toContain('BR-S-09');
    const wrongRate = firedIds(invoiceIn('S', { rate: '0', tax: '0.00' }));
    expect(wrongRate).toEqual(expect.arrayContaining(['BR-S-05']));
  });

  it('standard rated needs a seller VAT identifier (BR-S-02)', () => {
    const noVat = AGREEMENT.replace(
      '<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration>',
      '<ram:ID>7</ram:ID>',
    );
    expect(firedIds(invoiceIn('S', { rate: '19', tax: '19.00', agreement: noVat }))).toContain('BR-S-02');
  });

  it('zero rated: no exemption reason allowed, tax must be zero', () => {
    expect(firedIds(invoiceIn('Z')).filter((i) => i.startsWith('BR-Z'))).toEqual([]);
    expect(firedIds(invoiceIn('Z', { reason: EXEMPT }))).toContain('BR-Z-10');
    expect(firedIds(invoiceIn('Z', { tax: '1.00' }))).toContain('BR-Z-09');
  });

  it('exempt: needs an exemption reason and rate 0', () => {
    expect(firedIds(invoiceIn('E', { reason: EXEMPT })).filter((i) => i.startsWith('BR-E'))).toEqual([]);
    expect(firedIds(invoiceIn('E'))).toContain('BR-E-10');
    expect(firedIds(invoiceIn('E', { reason: EXEMPT, rate: '7' }))).toEqual(
      expect.arrayContaining(['BR-E-05']),
    );
  });

  it('reverse charge: needs the buyer VAT identifier or legal registration', () => {
    expect(firedIds(invoiceIn('AE', { reason: EXEMPT }))).toContain('BR-AE-02');
    expect(
      firedIds(invoiceIn('AE', { reason: EXEMPT, agreement: BUYER_VAT })).filter((i) =>
        i.startsWith('BR-AE'),
      ),
    ).toEqual([]);
  });

  it('intra-community supply: delivery date or period and deliver-to country', () => {
    const ids = firedIds(invoiceIn('K', { reason: EXEMPT, agreement: BUYER_VAT }));
    expect(ids).toEqual(expect.arrayContaining(['BR-IC-11', 'BR-IC-12']));
    expect(ids).not.toContain('BR-IC-02');
  });

  it('not subject to VAT: no rate, no VAT identifiers, no other categories', () => {
    const noVat = AGREEMENT.replace(
      '<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration>',
      '<ram:ID>7</ram:ID>',
    );
    expect(
      firedIds(invoiceIn('O', { rate: '', reason: EXEMPT, agreement: noVat })).filter((i) =>
        i.startsWith('BR-O'),
      ),
    ).toEqual([]);
    const ids = firedIds(invoiceIn('O', { rate: '0', reason: EXEMPT }));
    expect(ids).toEqual(expect.arrayContaining(['BR-O-02', 'BR-O-05']));
  });

  it('-01 rules: a category used on a line needs its breakdown', () => {
    const line = LINE_S_19.replace(
      '<ram:CategoryCode>S</ram:CategoryCode>',
      '<ram:CategoryCode>Z</ram:CategoryCode>',
    );
    expect(firedIds(ciiInvoice({ lines: line }))).toContain('BR-Z-01');
  });

  it('split payment (B) must be Italian and not mixed with standard rate', () => {
    const line = LINE_S_19.replace(
      '<ram:CategoryCode>S</ram:CategoryCode>',
      '<ram:CategoryCode>B</ram:CategoryCode>',
    );
    expect(firedIds(ciiInvoice({ lines: line }))).toEqual(expect.arrayContaining(['BR-B-01', 'BR-B-02']));
  });
});
