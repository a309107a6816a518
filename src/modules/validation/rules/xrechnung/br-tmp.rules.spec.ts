import { CII_OK, UBL_OK, edit, runXr } from './rule-fixtures.js';

const externalRef = (uri: string) =>
  `<cac:AdditionalDocumentReference><cbc:ID>A</cbc:ID><cac:Attachment><cac:ExternalReference>${uri}</cac:ExternalReference></cac:Attachment></cac:AdditionalDocumentReference>\n  <cac:AccountingSupplierParty>`;

const prices = (gross: string, net: string) =>
  `<ram:GrossPriceProductTradePrice><ram:ChargeAmount>25.00</ram:ChargeAmount>${gross}</ram:GrossPriceProductTradePrice>
        <ram:NetPriceProductTradePrice><ram:ChargeAmount>25.00</ram:ChargeAmount>${net}</ram:NetPriceProductTradePrice>`;

describe('BR-TMP and BR-DE-TMP rules', () => {
  it('BR-DE-TMP-32 informs when no delivery date or period is given', () => {
    expect(
      runXr(
        edit(
          UBL_OK,
          '<cac:InvoicePeriod>\n    <cbc:StartDate>2024-04-01</cbc:StartDate>\n    <cbc:EndDate>2024-04-30</cbc:EndDate>\n  </cac:InvoicePeriod>',
          '',
        ),
      ).fired,
    ).toEqual(['BR-DE-TMP-32']);
    expect(
      runXr(
        edit(
          CII_OK,
          '<ram:ActualDeliverySupplyChainEvent><ram:OccurrenceDateTime><udt:DateTimeString format="102">20240430</udt:DateTimeString></ram:OccurrenceDateTime></ram:ActualDeliverySupplyChainEvent>',
          '',
        ),
      ).fired,
    ).toEqual(['BR-DE-TMP-32']);
  });

  it('BR-DE-TMP-32 accepts a period on every line (CII)', () => {
    const noDelivery = edit(
      CII_OK,
      '<ram:ActualDeliverySupplyChainEvent><ram:OccurrenceDateTime><udt:DateTimeString format="102">20240430</udt:DateTimeString></ram:OccurrenceDateTime></ram:ActualDeliverySupplyChainEvent>',
      '',
    );
    const withLinePeriod = edit(
      noDelivery,
      '<ram:SpecifiedTradeSettlementLineMonetarySummation>',
      '<ram:BillingSpecifiedPeriod><ram:StartDateTime><udt:DateTimeString format="102">20240401</udt:DateTimeString></ram:StartDateTime></ram:BillingSpecifiedPeriod><ram:SpecifiedTradeSettlementLineMonetarySummation>',
    );
    expect(runXr(withLinePeriod).fired).toEqual([]);
  });

  it('BR-TMP-2 wants an absolute URL for an external document', () => {
    expect(
      runXr(
        edit(
          UBL_OK,
          '<cac:AccountingSupplierParty>',
          externalRef('<cbc:URI>https://lieferant.example/a.pdf</cbc:URI>'),
        ),
      ).fired,
    ).toEqual([]);
    expect(
      runXr(edit(UBL_OK, '<cac:AccountingSupplierParty>', externalRef('<cbc:URI>rechnungen/a.pdf</cbc:URI>')))
        .fired,
    ).toEqual(['BR-TMP-2']);
    const cii = (uri: string) =>
      edit(
        CII_OK,
        '<ram:BuyerReference>',
        `<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>A</ram:IssuerAssignedID><ram:URIID>${uri}</ram:URIID><ram:TypeCode>916</ram:TypeCode></ram:AdditionalReferencedDocument><ram:BuyerReference>`,
      );
    expect(runXr(cii('ftp://host/a.pdf')).fired).toEqual([]);
    expect(runXr(cii('a.pdf')).fired).toEqual(['BR-TMP-2']);
  });

  it.each<[string, string, string, string[]]>([
    [
      'the same base quantity on both prices',
      '<ram:BasisQuantity unitCode="H87">1</ram:BasisQuantity>',
      '<ram:BasisQuantity unitCode="H87">1</ram:BasisQuantity>',
      [],
    ],
    [
      'a base quantity with one price only',
      '',
      '<ram:BasisQuantity unitCode="H87">1</ram:BasisQuantity>',
      [],
    ],
    [
      'a unit on one price only',
      '<ram:BasisQuantity>1</ram:BasisQuantity>',
      '<ram:BasisQuantity unitCode="H87">1</ram:BasisQuantity>',
      [],
    ],
    [
      'different base quantities',
      '<ram:BasisQuantity unitCode="H87">2</ram:BasisQuantity>',
      '<ram:BasisQuantity unitCode="H87">1</ram:BasisQuantity>',
      ['BR-TMP-3'],
    ],
    [
      'values equal as numbers but written differently (the official test compares the strings)',
      '<ram:BasisQuantity unitCode="H87">1.0</ram:BasisQuantity>',
      '<ram:BasisQuantity unitCode="H87">1</ram:BasisQuantity>',
      ['BR-TMP-3'],
    ],
    [
      'different units',
      '<ram:BasisQuantity unitCode="C62">1</ram:BasisQuantity>',
      '<ram:BasisQuantity unitCode="H87">1</ram:BasisQuantity>',
      ['BR-TMP-3', 'PEPPOL-EN16931-R130'],
    ],
  ])('BR-TMP-3 (CII) with %s', (_name, gross, net, expected) => {
    const xml = edit(
      CII_OK,
      '<ram:NetPriceProductTradePrice><ram:ChargeAmount>25.00</ram:ChargeAmount></ram:NetPriceProductTradePrice>',
      prices(gross, net),
    );
    expect(runXr(xml).fired).toEqual(expected);
  });
});
