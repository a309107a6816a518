import { cenCiiRuleSet } from './index.js';
import { ciiInvoice, firedIds, runCii } from './testing/cii-invoice.builder.js';

describe('EN 16931 CII rule set', () => {
  it('accepts the clean base invoice without any finding', () => {
    expect(firedIds(ciiInvoice())).toEqual([]);
  });

  it('has unique rule ids, official flags and bilingual messages', () => {
    const ids = cenCiiRuleSet.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of cenCiiRuleSet.rules) {
      expect(['fatal', 'warning', 'information']).toContain(r.flag);
      expect(r.message.de.length).toBeGreaterThan(5);
      expect(r.message.en.length).toBeGreaterThan(5);
    }
    // Withdrawn or renamed in 1.3.16: BR-CO-25 removed, BR-CO-27 → CII-SR-470, BR-66 → CII-SR-463.
    expect(ids).not.toContain('BR-CO-25');
    expect(ids).not.toContain('BR-CO-27');
    expect(ids).not.toContain('BR-66');
  });

  it('ignores a document that is not a CII invoice', () => {
    const out = runCii(
      '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>1</ID></Invoice>',
    );
    expect([...out.fired.keys()]).toEqual([]);
  });
});
