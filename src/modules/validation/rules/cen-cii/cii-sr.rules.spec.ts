import {
  AGREEMENT,
  LINE_S_19,
  PAYMENT_MEANS,
  TAX_S_19,
  TERMS,
  TOTALS,
  ciiInvoice,
  firedIds,
  runCii,
  settlement,
} from './testing/cii-invoice.builder.js';
import { CII_SR_TABLE } from './cii-sr.table.js';

describe('CII syntax rules CII-SR-*', () => {
  it('the table is well formed and every id occurs once', () => {
    const ids = CII_SR_TABLE.split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => l.split(/\s+/)[0]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(380);
  });

  it('warns once per context for an element that should not be present', () => {
    const out = runCii(
      ciiInvoice().replace(
        '<ram:TypeCode>380</ram:TypeCode>',
        '<ram:TypeCode>380</ram:TypeCode><ram:Name>Rechnung</ram:Name><ram:LanguageID>de</ram:LanguageID>',
      ),
    );
    expect(out.fired.get('CII-SR-013')).toBe('warning');
    expect(out.fired.get('CII-SR-019')).toBe('warning');
    expect(out.count.get('CII-SR-013')).toBe(1);
  });

  it('CII-SR-009/010/014: exactly-once elements are fatal', () => {
    const out = runCii(ciiInvoice({ context: '' }));
    expect(out.fired.get('CII-SR-009')).toBe('fatal');
    expect(out.fired.get('CII-SR-010')).toBe('fatal');
  });

  it('CII-SR-454: a line carries exactly one VAT category', () => {
    const two = LINE_S_19.replace(
      '</ram:ApplicableTradeTax>',
      '</ram:ApplicableTradeTax><ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:ApplicableTradeTax>',
    );
    expect(firedIds(ciiInvoice({ lines: two }))).toContain('CII-SR-454');
  });

  it('CII-SR-461/462: tax point date at most once, date codes all equal', () => {
    const tax = (extra: string) =>
      TAX_S_19.replace(
        '<ram:CategoryCode>S</ram:CategoryCode>',
        `<ram:CategoryCode>S</ram:CategoryCode>${extra}`,
      );
    const date =
      '<ram:TaxPointDate><udt:DateString format="102">20260101</udt:DateString></ram:TaxPointDate>';
    const twoDates = settlement(
      `${PAYMENT_MEANS}${TAX_S_19.replace('<ram:CalculatedAmount>', `${date}<ram:CalculatedAmount>`)}${TAX_S_19.replace('<ram:CalculatedAmount>', `${date}<ram:CalculatedAmount>`)}${TERMS}${TOTALS}`,
    );
    expect(firedIds(ciiInvoice({ settlement: twoDates }))).toContain('CII-SR-461');
    const sameCodes = settlement(
      `${tax('<ram:DueDateTypeCode>5</ram:DueDateTypeCode>')}${tax('<ram:DueDateTypeCode>5</ram:DueDateTypeCode>')}`,
    );
    expect(firedIds(ciiInvoice({ settlement: sameCodes }))).not.toContain('CII-SR-462');
    const mixed = settlement(
      `${tax('<ram:DueDateTypeCode>5</ram:DueDateTypeCode>')}${tax('<ram:DueDateTypeCode>29</ram:DueDateTypeCode>')}`,
    );
    expect(firedIds(ciiInvoice({ settlement: mixed }))).toContain('CII-SR-462');
  });

  it('CII-SR-463: every allowance or charge has a charge indicator', () => {
    const ac =
      '<ram:SpecifiedTradeAllowanceCharge><ram:ActualAmount>1.00</ram:ActualAmount></ram:SpecifiedTradeAllowanceCharge>';
    expect(firedIds(ciiInvoice({ settlement: settlement(ac) }))).toContain('CII-SR-463');
  });

  it('CII-SR-465/466: a contact is a person or a department, not both', () => {
    const contact =
      '<ram:DefinedTradeContact><ram:PersonName>A</ram:PersonName><ram:DepartmentName>B</ram:DepartmentName></ram:DefinedTradeContact>';
    const agreement = AGREEMENT.replace(
      '<ram:Name>Muster GmbH</ram:Name>',
      `<ram:Name>Muster GmbH</ram:Name>${contact}`,
    ).replace(
      '<ram:Name>Stadt Beispiel</ram:Name>',
      '<ram:Name>Stadt Beispiel</ram:Name><ram:DefinedTradeContact><ram:PersonName>C</ram:PersonName></ram:DefinedTradeContact>',
    );
    const out = runCii(ciiInvoice({ agreement }));
    expect(out.fired.get('CII-SR-465')).toBe('warning');
    expect(out.fired.has('CII-SR-466')).toBe(false);
  });

  it('CII-SR-467/470: payment means agree and credit transfers name the account', () => {
    const card =
      '<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>30</ram:TypeCode></ram:SpecifiedTradeSettlementPaymentMeans>';
    const ids = firedIds(
      ciiInvoice({ settlement: settlement(`${PAYMENT_MEANS}${card}${TAX_S_19}${TERMS}${TOTALS}`) }),
    );
    expect(ids).toEqual(expect.arrayContaining(['CII-SR-467', 'CII-SR-470']));
    expect(firedIds(ciiInvoice())).not.toContain('CII-SR-470');
  });

  it('CII-SR-475/476: at most one described or embedded attachment among TypeCode 916 documents', () => {
    const doc = (n: number) =>
      `<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>A${n}</ram:IssuerAssignedID><ram:TypeCode>916</ram:TypeCode><ram:Name>Anhang ${n}</ram:Name></ram:AdditionalReferencedDocument>`;
    const one = AGREEMENT.replace('</ram:BuyerTradeParty>', `</ram:BuyerTradeParty>${doc(1)}`);
    const two = AGREEMENT.replace('</ram:BuyerTradeParty>', `</ram:BuyerTradeParty>${doc(1)}${doc(2)}`);
    expect(firedIds(ciiInvoice({ agreement: one }))).not.toContain('CII-SR-475');
    const ids = firedIds(ciiInvoice({ agreement: two }));
    expect(ids).toContain('CII-SR-475');
    expect(ids).not.toContain('CII-SR-476');
  });
  it('CII-SR-477..494: each document total occurs at most once (fatal)', () => {
    const xml = ciiInvoice().replace(
      '<ram:DuePayableAmount>119.00</ram:DuePayableAmount>',
      '<ram:DuePayableAmount>119.00</ram:DuePayableAmount><ram:DuePayableAmount>119.00</ram:DuePayableAmount>',
    );
    const out = runCii(xml);
    expect(out.fired.get('CII-SR-487')).toBe('fatal');
    expect(out.fired.has('CII-SR-482')).toBe(false);
  });

  it('CII-SR-474: one invoiced object scheme among TypeCode 130 documents', () => {
    const doc = (n: number) =>
      `<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>O${n}</ram:IssuerAssignedID><ram:TypeCode>130</ram:TypeCode><ram:ReferenceTypeCode>AAG</ram:ReferenceTypeCode></ram:AdditionalReferencedDocument>`;
    const two = AGREEMENT.replace('</ram:BuyerTradeParty>', `</ram:BuyerTradeParty>${doc(1)}${doc(2)}`);
    expect(firedIds(ciiInvoice({ agreement: two }))).toEqual(
      expect.arrayContaining(['CII-SR-458', 'CII-SR-474']),
    );
  });
});
