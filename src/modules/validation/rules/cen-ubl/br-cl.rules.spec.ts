import { brClRules } from './br-cl.rules.js';
import { VALID_INVOICE, asCreditNote, runRules, variant } from './ubl-fixture.testing.js';

describe('code list rules BR-CL-* (UBL)', () => {
  it('accept the fixture and its credit note', () => {
    expect(runRules(VALID_INVOICE, brClRules).errors).toEqual([]);
    expect(runRules(asCreditNote(VALID_INVOICE), brClRules).errors).toEqual([]);
  });

  it('BR-CL-01: an invoice type code from the credit note list is rejected on an invoice', () => {
    const xml = variant(VALID_INVOICE, [
      '<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>',
      '<cbc:InvoiceTypeCode>381</cbc:InvoiceTypeCode>',
    ]);
    expect(runRules(xml, brClRules).errors).toEqual(['BR-CL-01']);
  });

  it('BR-CL-03 / BR-CL-04: currency codes, including a missing currencyID', () => {
    const xml = variant(
      VALID_INVOICE,
      [
        '<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>',
        '<cbc:DocumentCurrencyCode>EURO</cbc:DocumentCurrencyCode>',
      ],
      ['<cbc:Amount currencyID="EUR">10.00</cbc:Amount>', '<cbc:Amount>10.00</cbc:Amount>'],
    );
    expect(runRules(xml, brClRules).errors).toEqual(['BR-CL-03', 'BR-CL-04']);
  });

  it('BR-CL-10 / BR-CL-11: ICD schemes; SEPA only for the seller; 0244 as the official list treats it', () => {
    const sellerSepa = variant(VALID_INVOICE, [
      '<cbc:EndpointID schemeID="EM">rechnung@lieferant.example</cbc:EndpointID>',
      '<cbc:EndpointID schemeID="EM">rechnung@lieferant.example</cbc:EndpointID><cac:PartyIdentification><cbc:ID schemeID="SEPA">DE98ZZZ09999999999</cbc:ID></cac:PartyIdentification>',
    ]);
    expect(runRules(sellerSepa, brClRules).errors).toEqual([]);
    const buyerSepa = variant(VALID_INVOICE, [
      '<cbc:EndpointID schemeID="EM">eingang@stadt.example</cbc:EndpointID>',
      '<cbc:EndpointID schemeID="EM">eingang@stadt.example</cbc:EndpointID><cac:PartyIdentification><cbc:ID schemeID="SEPA">X</cbc:ID></cac:PartyIdentification>',
    ]);
    expect(runRules(buyerSepa, brClRules).errors).toEqual(['BR-CL-10']);
    const legal = (scheme: string): string =>
      variant(VALID_INVOICE, [
        '<cbc:RegistrationName>Stadt Musterhausen</cbc:RegistrationName>',
        `<cbc:RegistrationName>Stadt Musterhausen</cbc:RegistrationName><cbc:CompanyID schemeID="${scheme}">X</cbc:CompanyID>`,
      ]);
    expect(runRules(legal('0204'), brClRules).errors).toEqual([]);
    expect(runRules(legal('0244'), brClRules).errors).toEqual(['BR-CL-11']);
  });

  it('BR-CL-14: ISO 3166 country codes (1A and XI accepted)', () => {
    expect(
      runRules(
        VALID_INVOICE.replace(
          '<cbc:IdentificationCode>DE</cbc:IdentificationCode>',
          '<cbc:IdentificationCode>XI</cbc:IdentificationCode>',
        ),
        brClRules,
      ).errors,
    ).toEqual([]);
    expect(
      runRules(
        VALID_INVOICE.replace(
          '<cbc:IdentificationCode>DE</cbc:IdentificationCode>',
          '<cbc:IdentificationCode>UK</cbc:IdentificationCode>',
        ),
        brClRules,
      ).errors,
    ).toEqual(['BR-CL-14']);
  });

  it('BR-CL-22: VATEX codes are compared case-insensitively', () => {
    const reason = (code: string): string =>
      variant(VALID_INVOICE, [
        '<cbc:Percent>19</cbc:Percent>\n        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>\n      </cac:TaxCategory>\n    </cac:TaxSubtotal>',
        `<cbc:Percent>19</cbc:Percent><cbc:TaxExemptionReasonCode>${code}</cbc:TaxExemptionReasonCode>\n        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>\n      </cac:TaxCategory>\n    </cac:TaxSubtotal>`,
      ]);
    expect(runRules(reason('vatex-eu-ae'), brClRules).errors).toEqual([]);
    expect(runRules(reason('VATEX-EU-XX'), brClRules).errors).toEqual(['BR-CL-22']);
  });

  it('BR-CL-23 / BR-CL-24: unit codes and attachment MIME types', () => {
    const xml = variant(
      VALID_INVOICE,
      [
        '<cbc:InvoicedQuantity unitCode="H87">5</cbc:InvoicedQuantity>',
        '<cbc:InvoicedQuantity unitCode="PCS">5</cbc:InvoicedQuantity>',
      ],
      [
        '<cac:AccountingSupplierParty>',
        '<cac:AdditionalDocumentReference><cbc:ID>A1</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="application/zip" filename="a.zip">AA==</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference><cac:AccountingSupplierParty>',
      ],
    );
    expect(runRules(xml, brClRules).errors).toEqual(['BR-CL-23', 'BR-CL-24']);
  });
});
