import { brCoRules } from './br-co.rules.js';
import { VALID_INVOICE, asCreditNote, runRules, variant } from './ubl-fixture.testing.js';

describe('EN 16931 conditions, decimals and note subject (UBL)', () => {
  it('accept the complete invoice and credit note', () => {
    expect(runRules(VALID_INVOICE, brCoRules).errors).toEqual([]);
    expect(runRules(asCreditNote(VALID_INVOICE), brCoRules).errors).toEqual([]);
  });

  it('BR-CO-10 / BR-CO-13: line total that does not add up', () => {
    const xml = variant(VALID_INVOICE, [
      '<cbc:LineExtensionAmount currencyID="EUR">200.00</cbc:LineExtensionAmount>',
      '<cbc:LineExtensionAmount currencyID="EUR">201.00</cbc:LineExtensionAmount>',
    ]);
    expect(runRules(xml, brCoRules).errors).toEqual(['BR-CO-10', 'BR-CO-13']);
  });

  it('BR-CO-11: allowance total missing while a document allowance exists', () => {
    const xml = variant(VALID_INVOICE, [
      '<cbc:AllowanceTotalAmount currencyID="EUR">10.00</cbc:AllowanceTotalAmount>',
      '',
    ]);
    expect(runRules(xml, brCoRules).errors).toEqual(['BR-CO-11', 'BR-CO-13']);
  });

  it('BR-CO-15 / BR-CO-16: totals with VAT and amount due', () => {
    const incl = variant(VALID_INVOICE, [
      '<cbc:TaxInclusiveAmount currencyID="EUR">226.10</cbc:TaxInclusiveAmount>',
      '<cbc:TaxInclusiveAmount currencyID="EUR">226.11</cbc:TaxInclusiveAmount>',
    ]);
    expect(runRules(incl, brCoRules).errors).toEqual(['BR-CO-15', 'BR-CO-16']);
    const prepaid = variant(VALID_INVOICE, [
      '<cbc:PayableAmount currencyID="EUR">226.10</cbc:PayableAmount>',
      '<cbc:PrepaidAmount currencyID="EUR">100.00</cbc:PrepaidAmount><cbc:PayableAmount currencyID="EUR">126.10</cbc:PayableAmount>',
    ]);
    expect(runRules(prepaid, brCoRules).errors).toEqual([]);
  });

  it('BR-CO-17 allows a deviation below one unit, not more', () => {
    const tax = (amount: string): string =>
      variant(VALID_INVOICE, [
        '<cbc:TaxableAmount currencyID="EUR">190.00</cbc:TaxableAmount>\n      <cbc:TaxAmount currencyID="EUR">36.10</cbc:TaxAmount>',
        `<cbc:TaxableAmount currencyID="EUR">190.00</cbc:TaxableAmount>\n      <cbc:TaxAmount currencyID="EUR">${amount}</cbc:TaxAmount>`,
      ]);
    expect(runRules(tax('36.90'), brCoRules).errors).not.toContain('BR-CO-17');
    expect(runRules(tax('37.10'), brCoRules).errors).toContain('BR-CO-17');
  });

  it('BR-DEC-*: three decimals are rejected, trailing zeros counted as written', () => {
    const xml = variant(VALID_INVOICE, [
      '<cbc:Amount currencyID="EUR">10.00</cbc:Amount>',
      '<cbc:Amount currencyID="EUR">10.000</cbc:Amount>',
    ]);
    expect(runRules(xml, brCoRules).errors).toEqual(['BR-DEC-01']);
  });

  it('BR-CL-08: the note subject code must be a UNTDID 4451 code', () => {
    const xml = variant(VALID_INVOICE, ['#ADU#', '#XYZ#']);
    expect(runRules(xml, brCoRules).errors).toEqual(['BR-CL-08']);
    expect(runRules(variant(VALID_INVOICE, ['#ADU#', '#AD#']), brCoRules).errors).toEqual([]);
  });

  it('BR-CO-25 is not reported, as the official UBL artefact does not report it', () => {
    const xml = variant(VALID_INVOICE, ['<cbc:DueDate>2026-12-02</cbc:DueDate>', '']);
    expect(runRules(xml).errors).toEqual([]);
  });
});
