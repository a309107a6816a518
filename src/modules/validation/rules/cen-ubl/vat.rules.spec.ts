import { VALID_INVOICE, asCreditNote, runRules, variant } from './ubl-fixture.testing.js';
import { vatRules } from './vat.rules.js';

/** Switches every category of the fixture to `code` with the given rate (or none); `extraBreakdown` goes into the VAT breakdown's category. */
function allCategories(code: string, percent: string | null, extraBreakdown = ''): string {
  const rate = percent === null ? '' : `<cbc:Percent>${percent}</cbc:Percent>`;
  const breakdown =
    '<cbc:TaxAmount currencyID="EUR">36.10</cbc:TaxAmount>\n      <cac:TaxCategory>\n        <cbc:ID>S</cbc:ID>\n        <cbc:Percent>19</cbc:Percent>';
  return variant(VALID_INVOICE, [
    breakdown,
    `<cbc:TaxAmount currencyID="EUR">36.10</cbc:TaxAmount><cac:TaxCategory><cbc:ID>${code}</cbc:ID>${rate}${extraBreakdown}`,
  ])
    .replace(/<cbc:ID>S<\/cbc:ID>\s*<cbc:Percent>19<\/cbc:Percent>/g, `<cbc:ID>${code}</cbc:ID>${rate}`)
    .replaceAll('36.10', '0.00')
    .replaceAll('226.10', '190.00');
}

describe('VAT category rules (UBL)', () => {
  it('standard rate: the fixture is consistent', () => {
    expect(runRules(VALID_INVOICE, vatRules).errors).toEqual([]);
    expect(runRules(asCreditNote(VALID_INVOICE), vatRules).errors).toEqual([]);
  });

  it('BR-S-08: the taxable amount per rate must match lines and allowances within one unit', () => {
    const taxable = (v: string): string =>
      variant(VALID_INVOICE, [
        '<cbc:TaxableAmount currencyID="EUR">190.00</cbc:TaxableAmount>',
        `<cbc:TaxableAmount currencyID="EUR">${v}</cbc:TaxableAmount>`,
      ]);
    expect(runRules(taxable('190.99'), vatRules).errors).toEqual([]);
    expect(runRules(taxable('191.00'), vatRules).errors).toEqual(['BR-S-08']);
  });

  it('BR-S-02: standard rate needs a seller VAT identifier', () => {
    const xml = variant(VALID_INVOICE, ['<cbc:CompanyID>DE123456789</cbc:CompanyID>', '']);
    expect(runRules(xml, vatRules).errors).toEqual(['BR-S-02', 'BR-S-03']);
  });

  it('exempt (E): consistent with a reason, BR-E-10 without', () => {
    const ok = allCategories(
      'E',
      '0',
      '<cbc:TaxExemptionReason>Steuerfrei nach § 4 UStG</cbc:TaxExemptionReason>',
    );
    expect(runRules(ok, vatRules).errors).toEqual([]);
    expect(runRules(allCategories('E', '0'), vatRules).errors).toEqual(['BR-E-10']);
    expect(
      runRules(allCategories('E', '7', '<cbc:TaxExemptionReason>frei</cbc:TaxExemptionReason>'), vatRules)
        .errors,
    ).toEqual(['BR-E-05', 'BR-E-06']);
  });

  it('not subject to VAT (O): no rate and no VAT identifiers', () => {
    const base = allCategories(
      'O',
      null,
      '<cbc:TaxExemptionReasonCode>VATEX-EU-O</cbc:TaxExemptionReasonCode>',
    );
    expect(runRules(base, vatRules).errors).toEqual(['BR-O-02', 'BR-O-03']);
    const noVatId = variant(base, [
      '<cbc:CompanyID>DE123456789</cbc:CompanyID>\n        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>',
      '<cbc:CompanyID>12/345/67890</cbc:CompanyID>\n        <cac:TaxScheme><cbc:ID>FC</cbc:ID></cac:TaxScheme>',
    ]);
    expect(runRules(noVatId, vatRules).errors).toEqual([]);
  });

  it('reverse charge (AE): the buyer VAT identifier is required', () => {
    const xml = allCategories(
      'AE',
      '0',
      '<cbc:TaxExemptionReasonCode>VATEX-EU-AE</cbc:TaxExemptionReasonCode>',
    );
    expect(runRules(xml, vatRules).errors).toEqual(['BR-AE-02', 'BR-AE-03']);
    const withBuyer = variant(xml, [
      '<cbc:RegistrationName>Stadt Musterhausen</cbc:RegistrationName>',
      '<cbc:RegistrationName>Stadt Musterhausen</cbc:RegistrationName><cbc:CompanyID>HRB 4711</cbc:CompanyID>',
    ]);
    expect(runRules(withBuyer, vatRules).errors).toEqual([]);
  });

  it('intra-community supply (K): delivery date or period and deliver-to country', () => {
    const xml = variant(
      allCategories('K', '0', '<cbc:TaxExemptionReasonCode>VATEX-EU-IC</cbc:TaxExemptionReasonCode>'),
      [
        '<cac:InvoicePeriod>\n    <cbc:StartDate>2026-10-01</cbc:StartDate>\n    <cbc:EndDate>2026-10-31</cbc:EndDate>\n  </cac:InvoicePeriod>',
        '',
      ],
    );
    expect(runRules(xml, vatRules).errors).toEqual(['BR-IC-02', 'BR-IC-03', 'BR-IC-11', 'BR-IC-12']);
  });

  it('zero rated (Z): two breakdowns of the category are one too many', () => {
    const z = allCategories('Z', '0');
    expect(runRules(z, vatRules).errors).toEqual([]);
    const twice = variant(z, [
      '</cac:TaxSubtotal>',
      '</cac:TaxSubtotal><cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">0.00</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">0.00</cbc:TaxAmount><cac:TaxCategory><cbc:ID>Z</cbc:ID><cbc:Percent>0</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>',
    ]);
    expect(runRules(twice, vatRules).errors).toContain('BR-Z-01');
  });

  it('split payment (B) is only allowed when every country code is IT', () => {
    const xml = variant(VALID_INVOICE, [
      '<cac:ClassifiedTaxCategory>\n        <cbc:ID>S</cbc:ID>',
      '<cac:ClassifiedTaxCategory>\n        <cbc:ID>B</cbc:ID>',
    ]);
    const errors = runRules(xml, vatRules).errors;
    expect(errors).toContain('BR-B-01');
    expect(errors).toContain('BR-B-02');
  });
});
