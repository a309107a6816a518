import { CII_OK, UBL_OK, edit, runXr } from './rule-fixtures.js';

const SELLER_CONTACT_UBL = `<cac:Contact>
        <cbc:Name>Erika Muster</cbc:Name>
        <cbc:Telephone>+49 30 1234567</cbc:Telephone>
        <cbc:ElectronicMail>erika@lieferant.example</cbc:ElectronicMail>
      </cac:Contact>`;
const MEANS_UBL = `<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
    <cac:PayeeFinancialAccount><cbc:ID>DE75512108001245126199</cbc:ID></cac:PayeeFinancialAccount>`;
const MEANS_CII = `<ram:TypeCode>58</ram:TypeCode>
        <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>DE75512108001245126199</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>`;

describe('BR-DE rules, UBL', () => {
  it.each<[string, string, string[]]>([
    [
      'BR-DE-1 without payment instructions',
      edit(UBL_OK, '<cac:PaymentMeans>', '<cac:PaymentTermsX>').replace(
        '</cac:PaymentMeans>',
        '</cac:PaymentTermsX>',
      ),
      ['BR-DE-1'],
    ],
    ['BR-DE-2 without seller contact', edit(UBL_OK, SELLER_CONTACT_UBL, ''), ['BR-DE-2']],
    [
      'BR-DE-3 blank seller city',
      edit(UBL_OK, '<cbc:CityName>Musterstadt</cbc:CityName>', '<cbc:CityName> </cbc:CityName>'),
      ['BR-DE-3', 'PEPPOL-EN16931-R008'],
    ],
    [
      'BR-DE-4 without seller post code',
      edit(UBL_OK, '<cbc:PostalZone>12345</cbc:PostalZone>', ''),
      ['BR-DE-4'],
    ],
    [
      'BR-DE-5/6/7 empty contact',
      edit(UBL_OK, SELLER_CONTACT_UBL, '<cac:Contact><cbc:ID>x</cbc:ID></cac:Contact>'),
      ['BR-DE-27', 'BR-DE-28', 'BR-DE-5', 'BR-DE-6', 'BR-DE-7'],
    ],
    [
      'BR-DE-8/9 buyer address without city and post code',
      edit(
        edit(UBL_OK, '<cbc:CityName>Amtshausen</cbc:CityName>', ''),
        '<cbc:PostalZone>54321</cbc:PostalZone>',
        '',
      ),
      ['BR-DE-8', 'BR-DE-9'],
    ],
    [
      'BR-DE-10/11 deliver-to address without city and post code',
      edit(
        UBL_OK,
        '<cac:PaymentMeans>',
        '<cac:Delivery><cac:DeliveryLocation><cac:Address><cbc:StreetName>Weg 1</cbc:StreetName></cac:Address></cac:DeliveryLocation></cac:Delivery>\n  <cac:PaymentMeans>',
      ),
      ['BR-DE-10', 'BR-DE-11'],
    ],
    [
      'BR-DE-14 VAT breakdown without rate',
      edit(
        UBL_OK,
        '<cbc:Percent>19</cbc:Percent>\n        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>\n      </cac:TaxCategory>\n    </cac:TaxSubtotal>',
        '<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>\n      </cac:TaxCategory>\n    </cac:TaxSubtotal>',
      ),
      ['BR-DE-14'],
    ],
    [
      'BR-DE-15 without buyer reference',
      edit(UBL_OK, '<cbc:BuyerReference>04011000-12345-67</cbc:BuyerReference>', ''),
      ['BR-DE-15'],
    ],
    [
      'BR-DE-16 category S without VAT identifier',
      edit(UBL_OK, '<cbc:CompanyID>DE123456789</cbc:CompanyID>', '<cbc:CompanyID> </cbc:CompanyID>'),
      ['BR-DE-16', 'PEPPOL-EN16931-R008'],
    ],
    [
      'BR-DE-17 unusual type code',
      edit(
        UBL_OK,
        '<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>',
        '<cbc:InvoiceTypeCode>71</cbc:InvoiceTypeCode>',
      ),
      ['BR-DE-17'],
    ],
    [
      'BR-DE-18 malformed cash discount',
      edit(UBL_OK, '#SKONTO#TAGE=14#PROZENT=2.00#', '#SKONTO#TAGE=14#PROZENT=2#'),
      ['BR-DE-18'],
    ],
    [
      'BR-DE-19 wrong IBAN check digits',
      edit(UBL_OK, 'DE75512108001245126199', 'DE75512108001245126198'),
      ['BR-DE-19'],
    ],
    [
      'BR-DE-21 other specification identifier',
      edit(UBL_OK, 'kosit:xrechnung_3.0</cbc:CustomizationID>', 'kosit:xrechnung_2.3</cbc:CustomizationID>'),
      ['BR-DE-21'],
    ],
    [
      'BR-DE-22 duplicate attachment file names',
      edit(
        UBL_OK,
        '<cac:AccountingSupplierParty>',
        '<cac:AdditionalDocumentReference><cbc:ID>A</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="a.pdf">AA==</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>\n' +
          '  <cac:AdditionalDocumentReference><cbc:ID>B</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="a.pdf">AA==</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>\n  <cac:AccountingSupplierParty>',
      ),
      ['BR-DE-22'],
    ],
    [
      'BR-DE-23-a credit transfer without account',
      edit(UBL_OK, MEANS_UBL, '<cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>'),
      ['BR-DE-23-a'],
    ],
    [
      'BR-DE-23-b credit transfer with card',
      edit(
        UBL_OK,
        MEANS_UBL,
        MEANS_UBL +
          '<cac:CardAccount><cbc:PrimaryAccountNumberID>1234</cbc:PrimaryAccountNumberID><cbc:NetworkID>VISA</cbc:NetworkID></cac:CardAccount>',
      ),
      ['BR-DE-23-b'],
    ],
    [
      'BR-DE-24-a/b card payment with an account and without card',
      edit(
        UBL_OK,
        '<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>',
        '<cbc:PaymentMeansCode>48</cbc:PaymentMeansCode>',
      ),
      ['BR-DE-24-a', 'BR-DE-24-b'],
    ],
    [
      'BR-DE-25-a/b direct debit with an account and without mandate',
      edit(
        UBL_OK,
        '<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>',
        '<cbc:PaymentMeansCode>59</cbc:PaymentMeansCode>',
      ),
      ['BR-DE-20', 'BR-DE-25-a', 'BR-DE-25-b', 'PEPPOL-EN16931-R061'],
    ],
    [
      'BR-DE-20/30 direct debit with a bad IBAN and without creditor identifier',
      edit(
        UBL_OK,
        MEANS_UBL,
        '<cbc:PaymentMeansCode>59</cbc:PaymentMeansCode><cac:PaymentMandate><cbc:ID>M-1</cbc:ID><cac:PayerFinancialAccount><cbc:ID>DE00123</cbc:ID></cac:PayerFinancialAccount></cac:PaymentMandate>',
      ),
      ['BR-DE-20', 'BR-DE-30'],
    ],
    [
      'BR-DE-26 corrected invoice without preceding invoice',
      edit(
        UBL_OK,
        '<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>',
        '<cbc:InvoiceTypeCode>384</cbc:InvoiceTypeCode>',
      ),
      ['BR-DE-26'],
    ],
    [
      'BR-DE-27/28 odd phone and mail',
      edit(edit(UBL_OK, '+49 30 1234567', 'call me'), 'erika@lieferant.example', 'erika@@lieferant'),
      ['BR-DE-27', 'BR-DE-28'],
    ],
  ])('%s', (_name, xml, expected) => {
    expect(runXr(xml).fired).toEqual([...expected].sort());
  });

  it('BR-DE-31 direct debit mandate without debited account', () => {
    const xml = edit(
      edit(
        UBL_OK,
        MEANS_UBL,
        '<cbc:PaymentMeansCode>59</cbc:PaymentMeansCode><cac:PaymentMandate><cbc:ID>M-1</cbc:ID></cac:PaymentMandate>',
      ),
      '<cbc:EndpointID schemeID="EM">rechnung@lieferant.example</cbc:EndpointID>',
      '<cbc:EndpointID schemeID="EM">rechnung@lieferant.example</cbc:EndpointID><cac:PartyIdentification><cbc:ID schemeID="SEPA">DE98ZZZ09999999999</cbc:ID></cac:PartyIdentification>',
    );
    expect(runXr(xml).fired).toEqual(['BR-DE-20', 'BR-DE-31']);
  });

  it('cash discount entries with two payment terms texts make BR-DE-18 undecidable, as the official XPath fails', () => {
    const xml = edit(
      UBL_OK,
      '</cac:PaymentTerms>',
      '</cac:PaymentTerms>\n  <cac:PaymentTerms><cbc:Note>Teilzahlung</cbc:Note></cac:PaymentTerms>',
    );
    expect(runXr(xml).undecidable).toEqual(['BR-DE-18']);
  });

  it('a repeated type code makes BR-DE-17 undecidable, as the official XPath fails', () => {
    const xml = edit(
      UBL_OK,
      '<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>',
      '<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode><cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>',
    );
    expect(runXr(xml).undecidable).toContain('BR-DE-17');
  });
});

describe('BR-DE rules, CII', () => {
  it.each<[string, string, string[]]>([
    [
      'BR-DE-1 without payment means',
      edit(
        CII_OK,
        `<ram:SpecifiedTradeSettlementPaymentMeans>\n        ${MEANS_CII}\n      </ram:SpecifiedTradeSettlementPaymentMeans>`,
        '',
      ),
      ['BR-DE-1'],
    ],
    [
      'BR-DE-5 contact without person or department',
      edit(CII_OK, '<ram:PersonName>Erika Muster</ram:PersonName>', ''),
      ['BR-DE-5'],
    ],
    [
      'BR-DE-14 header VAT without rate',
      edit(
        CII_OK,
        '<ram:CategoryCode>S</ram:CategoryCode>\n        <ram:RateApplicablePercent>19</ram:RateApplicablePercent>\n      </ram:ApplicableTradeTax>\n      <ram:SpecifiedTradePaymentTerms>',
        '<ram:CategoryCode>S</ram:CategoryCode>\n      </ram:ApplicableTradeTax>\n      <ram:SpecifiedTradePaymentTerms>',
      ),
      ['BR-DE-14'],
    ],
    [
      'BR-DE-15 without buyer reference',
      edit(CII_OK, '<ram:BuyerReference>04011000-12345-67</ram:BuyerReference>', ''),
      ['BR-DE-15'],
    ],
    [
      'BR-DE-16 VAT registration with another scheme',
      edit(
        CII_OK,
        '<ram:ID schemeID="VA">DE123456789</ram:ID>',
        '<ram:ID schemeID="XX">DE123456789</ram:ID>',
      ),
      ['BR-DE-16'],
    ],
    [
      'BR-DE-17 unusual type code',
      edit(CII_OK, '<ram:TypeCode>380</ram:TypeCode>', '<ram:TypeCode>71</ram:TypeCode>'),
      ['BR-DE-17'],
    ],
    [
      'BR-DE-18 cash discount without final line break',
      edit(
        CII_OK,
        '#SKONTO#TAGE=14#PROZENT=2.00#\n</ram:Description>',
        '#SKONTO#TAGE=14#PROZENT=2.00#</ram:Description>',
      ),
      ['BR-DE-18'],
    ],
    [
      'BR-DE-23-b credit transfer with a creditor identifier (part of BG-19)',
      edit(
        CII_OK,
        '<ram:InvoiceCurrencyCode>',
        '<ram:CreditorReferenceID>DE98ZZZ09999999999</ram:CreditorReferenceID>\n      <ram:InvoiceCurrencyCode>',
      ),
      ['BR-DE-23-b', 'BR-DE-30', 'BR-DE-31'],
    ],
    [
      'BR-DE-25-b direct debit with a payee bank (BT-86)',
      edit(
        CII_OK,
        MEANS_CII,
        '<ram:TypeCode>59</ram:TypeCode><ram:PayerPartyDebtorFinancialAccount><ram:IBANID>DE75512108001245126199</ram:IBANID></ram:PayerPartyDebtorFinancialAccount><ram:PayeeSpecifiedCreditorFinancialInstitution><ram:BICID>ABCDDEFFXXX</ram:BICID></ram:PayeeSpecifiedCreditorFinancialInstitution>',
      ),
      ['BR-DE-25-b', 'BR-DE-30', 'BR-DE-31', 'PEPPOL-EN16931-R061'],
    ],
    [
      'BR-DE-26 corrected invoice without preceding invoice',
      edit(CII_OK, '<ram:TypeCode>380</ram:TypeCode>', '<ram:TypeCode>384</ram:TypeCode>'),
      ['BR-DE-26'],
    ],
  ])('%s', (_name, xml, expected) => {
    expect(runXr(xml).fired).toEqual([...expected].sort());
  });

  it('BR-DE-30/31 accept a complete direct debit (BT-89, BT-90, BT-91)', () => {
    const xml = edit(
      edit(
        CII_OK,
        MEANS_CII,
        '<ram:TypeCode>59</ram:TypeCode><ram:PayerPartyDebtorFinancialAccount><ram:IBANID>DE75512108001245126199</ram:IBANID></ram:PayerPartyDebtorFinancialAccount>',
      ),
      '<ram:SpecifiedTradePaymentTerms>',
      '<ram:SpecifiedTradePaymentTerms><ram:DirectDebitMandateID>M-1</ram:DirectDebitMandateID>',
    ).replace(
      '<ram:InvoiceCurrencyCode>',
      '<ram:CreditorReferenceID>DE98ZZZ09999999999</ram:CreditorReferenceID><ram:InvoiceCurrencyCode>',
    );
    expect(runXr(xml).fired).toEqual([]);
  });
});
