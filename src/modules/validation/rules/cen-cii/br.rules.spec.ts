import { AGREEMENT, LINE_S_19, ciiInvoice, firedIds, runCii } from './testing/cii-invoice.builder.js';

describe('CII core rules BR-*', () => {
  it('BR-01..BR-05: document header terms are required', () => {
    const xml = ciiInvoice({ context: '', document: '<ram:TypeCode>380</ram:TypeCode>' });
    expect(firedIds(xml)).toEqual(expect.arrayContaining(['BR-01', 'BR-02', 'BR-03']));
    expect(firedIds(ciiInvoice())).not.toContain('BR-04');
    const noType = ciiInvoice({
      document:
        '<ram:ID>1</ram:ID><ram:IssueDateTime><udt:DateTimeString format="102">20260101</udt:DateTimeString></ram:IssueDateTime>',
    });
    expect(firedIds(noType)).toContain('BR-04');
  });

  it('BR-03 needs the format 102 date, another format does not count', () => {
    const xml = ciiInvoice({
      document:
        '<ram:ID>1</ram:ID><ram:TypeCode>380</ram:TypeCode><ram:IssueDateTime><udt:DateTimeString format="610">202601</udt:DateTimeString></ram:IssueDateTime>',
    });
    expect(firedIds(xml)).toContain('BR-03');
  });

  it('BR-06/BR-08/BR-09: seller name and address with country', () => {
    const xml = ciiInvoice({
      agreement: AGREEMENT.replace('<ram:Name>Muster GmbH</ram:Name>', '<ram:Name>  </ram:Name>'),
    });
    expect(firedIds(xml)).toContain('BR-06');
    const noCountry = ciiInvoice({ agreement: AGREEMENT.replace('<ram:CountryID>DE</ram:CountryID>', '') });
    expect(firedIds(noCountry)).toContain('BR-09');
    expect(firedIds(noCountry)).not.toContain('BR-08');
  });

  it('BR-16: at least one line', () => {
    expect(firedIds(ciiInvoice({ lines: '' }))).toContain('BR-16');
  });

  it('BR-21..BR-27: line terms are required, once per failing line', () => {
    const bare = `<ram:IncludedSupplyChainTradeLineItem>
        <ram:AssociatedDocumentLineDocument><ram:LineID> </ram:LineID></ram:AssociatedDocumentLineDocument>
        <ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:ApplicableTradeTax></ram:SpecifiedLineTradeSettlement>
      </ram:IncludedSupplyChainTradeLineItem>`;
    const out = runCii(ciiInvoice({ lines: LINE_S_19 + bare }));
    for (const id of ['BR-21', 'BR-22', 'BR-23', 'BR-24', 'BR-25', 'BR-26', 'BR-27']) {
      expect(out.count.get(id)).toBe(1);
    }
  });

  it('BR-27/BR-28: prices must not be negative', () => {
    const neg = LINE_S_19.replace(
      '<ram:ChargeAmount>50.00</ram:ChargeAmount>',
      '<ram:ChargeAmount>-1</ram:ChargeAmount>',
    );
    expect(firedIds(ciiInvoice({ lines: neg }))).toContain('BR-27');
    const gross = LINE_S_19.replace(
      '<ram:NetPriceProductTradePrice>',
      '<ram:GrossPriceProductTradePrice><ram:ChargeAmount>-5</ram:ChargeAmount></ram:GrossPriceProductTradePrice><ram:NetPriceProductTradePrice>',
    );
    expect(firedIds(ciiInvoice({ lines: gross }))).toContain('BR-28');
  });

  it('BR-17: a payee different from the seller needs a name that is not the seller name', () => {
    const payee = (name: string) =>
      ciiInvoice({
        settlement: `<ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode><ram:PayeeTradeParty>${name}</ram:PayeeTradeParty></ram:ApplicableHeaderTradeSettlement>`,
      });
    expect(firedIds(payee('<ram:Name>Factoring AG</ram:Name>'))).not.toContain('BR-17');
    expect(firedIds(payee('<ram:Name>Muster GmbH</ram:Name>'))).toContain('BR-17');
    expect(firedIds(payee('<ram:ID>7</ram:ID>'))).toContain('BR-17');
  });

  it('BR-29/BR-CO-19: invoicing period must be ordered and not empty', () => {
    const period = (inner: string) =>
      ciiInvoice({
        settlement: `<ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode><ram:BillingSpecifiedPeriod>${inner}</ram:BillingSpecifiedPeriod></ram:ApplicableHeaderTradeSettlement>`,
      });
    const d = (tag: string, v: string) =>
      `<ram:${tag}><udt:DateTimeString format="102">${v}</udt:DateTimeString></ram:${tag}>`;
    expect(firedIds(period(d('StartDateTime', '20260101') + d('EndDateTime', '20260131')))).not.toContain(
      'BR-29',
    );
    expect(firedIds(period(d('StartDateTime', '20260201') + d('EndDateTime', '20260131')))).toContain(
      'BR-29',
    );
    expect(firedIds(period(''))).toContain('BR-CO-19');
  });

  it('BR-31..BR-33: a document level allowance needs amount, VAT category and reason', () => {
    const ac = `<ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>false</udt:Indicator></ram:ChargeIndicator></ram:SpecifiedTradeAllowanceCharge>`;
    const ids = firedIds(
      ciiInvoice({
        settlement: `<ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>${ac}</ram:ApplicableHeaderTradeSettlement>`,
      }),
    );
    expect(ids).toEqual(expect.arrayContaining(['BR-31', 'BR-32', 'BR-33', 'BR-CO-21']));
    expect(ids).not.toContain('BR-36');
  });

  it('BR-45..BR-48: each VAT breakdown needs amounts, category and rate (not for O)', () => {
    const tax = '<ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode></ram:ApplicableTradeTax>';
    const ids = firedIds(
      ciiInvoice({
        settlement: `<ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>${tax}</ram:ApplicableHeaderTradeSettlement>`,
      }),
    );
    expect(ids).toEqual(expect.arrayContaining(['BR-45', 'BR-46', 'BR-47', 'BR-48']));
  });

  it('BR-50/BR-61: credit transfer account needs IBAN or proprietary id', () => {
    const pm = `<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>30</ram:TypeCode><ram:PayeePartyCreditorFinancialAccount><ram:AccountName>x</ram:AccountName></ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>`;
    const ids = firedIds(
      ciiInvoice({
        settlement: `<ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>${pm}</ram:ApplicableHeaderTradeSettlement>`,
      }),
    );
    expect(ids).toEqual(expect.arrayContaining(['BR-50', 'BR-61', 'CII-SR-470']));
  });

  it('BR-62/BR-63: electronic addresses carry a scheme', () => {
    const xml = ciiInvoice({ agreement: AGREEMENT.replace(' schemeID="EM"', '') });
    expect(firedIds(xml)).toContain('BR-62');
    expect(firedIds(ciiInvoice())).not.toContain('BR-63');
  });

  it('BR-64/BR-65: item identifiers carry a scheme', () => {
    const line = LINE_S_19.replace(
      '<ram:Name>Beratung</ram:Name>',
      '<ram:GlobalID>4000001000005</ram:GlobalID><ram:Name>Beratung</ram:Name><ram:DesignatedProductClassification><ram:ClassCode>12</ram:ClassCode></ram:DesignatedProductClassification>',
    );
    expect(firedIds(ciiInvoice({ lines: line }))).toEqual(
      expect.arrayContaining(['BR-64', 'BR-65', 'CII-SR-046']),
    );
  });

  it('reports a duplicated single-value element as undecidable, as the official XSLT fails there', () => {
    const xml = ciiInvoice({
      document:
        '<ram:ID>1</ram:ID><ram:ID>2</ram:ID><ram:TypeCode>380</ram:TypeCode><ram:IssueDateTime><udt:DateTimeString format="102">20260101</udt:DateTimeString></ram:IssueDateTime>',
    });
    const out = runCii(xml);
    expect(out.undecidable.some((r) => r.startsWith('BR-02'))).toBe(true);
    expect(out.fired.has('BR-02')).toBe(false);
  });
});
