import { brRules } from './br.rules.js';
import { VALID_INVOICE, asCreditNote, runRules, variant } from './ubl-fixture.testing.js';

describe('EN 16931 core rules BR-01 … BR-67 (UBL)', () => {
  it('accept the complete invoice and its credit note form', () => {
    expect(runRules(VALID_INVOICE, brRules)).toMatchObject({ errors: [], warnings: [] });
    expect(runRules(asCreditNote(VALID_INVOICE), brRules)).toMatchObject({ errors: [], warnings: [] });
  });

  it('BR-02 / BR-06: a blank invoice number and a missing seller name are reported', () => {
    const xml = variant(
      VALID_INVOICE,
      ['<cbc:ID>RE-2026-0001</cbc:ID>', '<cbc:ID>  </cbc:ID>'],
      ['<cbc:RegistrationName>Nordlicht Bürobedarf GmbH</cbc:RegistrationName>', ''],
    );
    expect(runRules(xml, brRules).errors).toEqual(['BR-02', 'BR-06']);
  });

  it('BR-23: a line quantity without unit code is reported on that line', () => {
    const xml = variant(VALID_INVOICE, [
      '<cbc:InvoicedQuantity unitCode="H87">5</cbc:InvoicedQuantity>',
      '<cbc:InvoicedQuantity>5</cbc:InvoicedQuantity>',
    ]);
    const out = runRules(xml, brRules);
    expect(out.errors).toEqual(['BR-23']);
    expect(out.lines.get('BR-23')).toHaveLength(1);
  });

  it('BR-22 uses CreditedQuantity in credit notes', () => {
    const xml = variant(asCreditNote(VALID_INVOICE), [
      '<cbc:CreditedQuantity unitCode="H87">5</cbc:CreditedQuantity>',
      '',
    ]);
    expect(runRules(xml, brRules).errors).toEqual(['BR-22', 'BR-23']);
  });

  it('BR-29 checks the invoicing period, BR-30 the line period — not both for one period', () => {
    const header = variant(VALID_INVOICE, [
      '<cbc:EndDate>2026-10-31</cbc:EndDate>',
      '<cbc:EndDate>2026-09-30</cbc:EndDate>',
    ]);
    expect(runRules(header, brRules).errors).toEqual(['BR-29']);
    const line = variant(VALID_INVOICE, [
      '<cbc:LineExtensionAmount currencyID="EUR">50.00</cbc:LineExtensionAmount>',
      '<cbc:LineExtensionAmount currencyID="EUR">50.00</cbc:LineExtensionAmount><cac:InvoicePeriod><cbc:StartDate>2026-10-05</cbc:StartDate><cbc:EndDate>2026-10-04</cbc:EndDate></cac:InvoicePeriod>',
    ]);
    expect(runRules(line, brRules).errors).toEqual(['BR-30']);
  });

  it('BR-27: a negative net price is rejected', () => {
    const xml = variant(VALID_INVOICE, [
      '<cbc:PriceAmount currencyID="EUR">10.00</cbc:PriceAmount>',
      '<cbc:PriceAmount currencyID="EUR">-10.00</cbc:PriceAmount>',
    ]);
    expect(runRules(xml, brRules).errors).toEqual(['BR-27']);
  });

  it('BR-61 / BR-50: credit transfer without account identifier', () => {
    const xml = variant(VALID_INVOICE, [
      '<cac:PayeeFinancialAccount><cbc:ID>DE02120300000000202051</cbc:ID></cac:PayeeFinancialAccount>',
      '<cac:PayeeFinancialAccount><cbc:Name>Konto</cbc:Name></cac:PayeeFinancialAccount>',
    ]);
    expect(runRules(xml, brRules).errors).toEqual(['BR-50', 'BR-61']);
  });

  it('BR-51 is a warning for a card number longer than 10 characters', () => {
    const card = (pan: string): string =>
      variant(VALID_INVOICE, [
        '<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>',
        `<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode><cac:CardAccount><cbc:PrimaryAccountNumberID>${pan}</cbc:PrimaryAccountNumberID><cbc:NetworkID>VISA</cbc:NetworkID></cac:CardAccount>`,
      ]);
    expect(runRules(card('1234'), brRules)).toMatchObject({ errors: [], warnings: [] });
    expect(runRules(card('4111111111111111'), brRules)).toMatchObject({ errors: [], warnings: ['BR-51'] });
  });

  it('BR-53: a VAT accounting currency needs the VAT total in that currency', () => {
    const xml = variant(VALID_INVOICE, [
      '<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>',
      '<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode><cbc:TaxCurrencyCode>SEK</cbc:TaxCurrencyCode>',
    ]);
    expect(runRules(xml, brRules).errors).toEqual(['BR-53']);
  });

  it('a repeated single-value element makes the document undecidable instead of guessing', () => {
    const xml = variant(VALID_INVOICE, [
      '<cbc:ID>RE-2026-0001</cbc:ID>',
      '<cbc:ID>RE-2026-0001</cbc:ID><cbc:ID>RE-2026-0002</cbc:ID>',
    ]);
    expect(runRules(xml, brRules).undecidable).toEqual(['BR-02']);
  });
});
