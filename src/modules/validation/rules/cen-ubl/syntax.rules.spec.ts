import { syntaxRules } from './syntax.rules.js';
import { CR_PATHS } from './ubl-cr.table.js';
import { VALID_INVOICE, asCreditNote, runRules, variant } from './ubl-fixture.testing.js';

describe('UBL syntax binding rules (UBL-SR, UBL-DT, UBL-CR)', () => {
  it('accept the fixture and its credit note without any finding', () => {
    expect(runRules(VALID_INVOICE, syntaxRules)).toMatchObject({ errors: [], warnings: [] });
    expect(runRules(asCreditNote(VALID_INVOICE), syntaxRules)).toMatchObject({ errors: [], warnings: [] });
  });

  it('UBL-CR-*: elements EN 16931 does not use are warnings, reported once with their location', () => {
    const xml = variant(
      VALID_INVOICE,
      ['<cbc:CustomizationID>', '<cbc:UUID>6f2b</cbc:UUID><cbc:CustomizationID>'],
      [
        '<cbc:Name>Kugelschreiber</cbc:Name>',
        '<cbc:Name>Kugelschreiber</cbc:Name><cbc:BrandName>Blau</cbc:BrandName>',
      ],
    );
    const out = runRules(xml, syntaxRules);
    expect(out.errors).toEqual([]);
    expect(out.warnings).toEqual(['UBL-CR-005', 'UBL-CR-569']);
    expect(out.lines.get('UBL-CR-005')).toEqual([5]);
  });

  it('UBL-CR-646 covers credit note lines too; UBL-CR-678 finds a schemeID anywhere', () => {
    const xml = variant(
      asCreditNote(VALID_INVOICE),
      [
        '<cbc:ID>2</cbc:ID>',
        '<cbc:ID>2</cbc:ID><cac:SubInvoiceLine><cbc:ID>2.1</cbc:ID></cac:SubInvoiceLine>',
      ],
      [
        '<cbc:ID>S</cbc:ID>\n      <cbc:Percent>19</cbc:Percent>',
        '<cbc:ID schemeID="UNCL5305">S</cbc:ID>\n      <cbc:Percent>19</cbc:Percent>',
      ],
    );
    expect(runRules(xml, syntaxRules).warnings).toEqual(['UBL-CR-646', 'UBL-CR-678']);
  });

  it('UBL-CR-412 forbids the payment means due date in invoices only', () => {
    const edit: [string, string] = [
      '<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>',
      '<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode><cbc:PaymentDueDate>2026-12-01</cbc:PaymentDueDate>',
    ];
    expect(runRules(variant(VALID_INVOICE, edit), syntaxRules).warnings).toEqual(['UBL-CR-412']);
    expect(runRules(variant(asCreditNote(VALID_INVOICE), edit), syntaxRules).warnings).toEqual([]);
  });

  it('UBL-CR-666 is fatal: an invoiced object reference with an attachment', () => {
    const xml = variant(VALID_INVOICE, [
      '<cac:AccountingSupplierParty>',
      '<cac:AdditionalDocumentReference><cbc:ID schemeID="AAA">OBJ-1</cbc:ID><cbc:DocumentTypeCode>130</cbc:DocumentTypeCode><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="a.pdf">AA==</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference><cac:AccountingSupplierParty>',
    ]);
    expect(runRules(xml, syntaxRules).errors).toEqual(['UBL-CR-666']);
  });

  it('UBL-SR-48 / UBL-SR-53: line tax category count and party tax scheme without identifier', () => {
    const xml = variant(
      VALID_INVOICE,
      [
        '<cac:Price><cbc:PriceAmount currencyID="EUR">10.00</cbc:PriceAmount></cac:Price>',
        '<cac:Price><cbc:PriceAmount currencyID="EUR">10.00</cbc:PriceAmount></cac:Price>',
      ],
      ['<cbc:CompanyID>DE123456789</cbc:CompanyID>', ''],
      [
        '<cbc:Name>Ordner A4</cbc:Name>',
        '<cbc:Name>Ordner A4</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>',
      ],
    );
    expect(runRules(xml, syntaxRules).errors).toEqual(['UBL-SR-48', 'UBL-SR-53']);
  });

  it('UBL-DT-01 / UBL-DT-08: amount decimals and unused attributes', () => {
    const xml = variant(
      VALID_INVOICE,
      [
        '<cbc:PayableAmount currencyID="EUR">226.10</cbc:PayableAmount>',
        '<cbc:PayableAmount currencyID="EUR">226.100</cbc:PayableAmount>',
      ],
      ['<cbc:ID>RE-2026-0001</cbc:ID>', '<cbc:ID schemeName="intern">RE-2026-0001</cbc:ID>'],
    );
    const out = runRules(xml, syntaxRules);
    expect(out.errors).toEqual(['UBL-DT-01']);
    expect(out.warnings).toEqual(['UBL-DT-08']);
  });

  it('the CR table expands to unique ids with the official gaps', () => {
    const ids = CR_PATHS.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const gap of [
      'UBL-CR-002',
      'UBL-CR-120',
      'UBL-CR-412',
      'UBL-CR-423',
      'UBL-CR-536',
      'UBL-CR-665',
      'UBL-CR-666',
      'UBL-CR-673',
    ])
      expect(ids).not.toContain(gap);
    expect(CR_PATHS.find((e) => e.id === 'UBL-CR-646')?.path).toBe(
      '(cac:InvoiceLine|cac:CreditNoteLine)/cac:SubInvoiceLine',
    );
    expect(CR_PATHS.find((e) => e.id === 'UBL-CR-682')?.path).toBe('cac:Delivery/cac:DeliveryAddress');
  });
});
