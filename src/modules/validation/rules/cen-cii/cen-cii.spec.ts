import { parseToXNode } from '../../xml/parse.js';
import { locationOf } from '../../xml/query.js';
import type { RuleDocument } from '../rule.js';
import { cenCiiRuleSet } from './index.js';
import { ciiInvoice, firedIds, runCii } from './testing/cii-invoice.builder.js';

const docOf = (xml: string): RuleDocument => ({
  root: parseToXNode(new TextEncoder().encode(xml)),
  syntax: 'cii',
  customization: '',
});

/** Findings of one rule on one document, as comparable strings. */
function findings(ruleIndex: number, doc: RuleDocument): string[] {
  const rule = cenCiiRuleSet.rules[ruleIndex];
  const out: string[] = [];
  rule.check(doc, {
    report: (n) => out.push(`${rule.id} ${locationOf(n)}`),
    undecidable: (n, why) => out.push(`${rule.id} undecidable ${locationOf(n)} ${why}`),
  });
  return out;
}

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

  it('gives the same findings when two documents are checked interleaved, rule by rule', () => {
    // The rule set keeps per-document indexes and remembers the last document it saw;
    // a caller that alternates documents must not get the other document's answers.
    const bad = ciiInvoice().replace(
      '<ram:TypeCode>380</ram:TypeCode>',
      '<ram:TypeCode>380</ram:TypeCode><ram:Name>Rechnung</ram:Name><ram:LanguageID>de</ram:LanguageID>',
    );
    const good = ciiInvoice();
    const rules = cenCiiRuleSet.rules.map((_, i) => i);
    const alone = (xml: string) => {
      const doc = docOf(xml);
      return rules.flatMap((i) => findings(i, doc));
    };
    const expectedBad = alone(bad);
    const expectedGood = alone(good);
    expect(expectedBad).toEqual(
      expect.arrayContaining([expect.stringMatching(/^CII-SR-013 /), expect.stringMatching(/^CII-SR-019 /)]),
    );
    expect(expectedGood).toEqual([]);

    const a = docOf(bad);
    const b = docOf(good);
    const gotBad: string[] = [];
    const gotGood: string[] = [];
    for (const i of rules) {
      gotBad.push(...findings(i, a));
      gotGood.push(...findings(i, b));
    }
    expect(gotBad).toEqual(expectedBad);
    expect(gotGood).toEqual(expectedGood);
  });

  it('ignores a document that is not a CII invoice', () => {
    const out = runCii(
      '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>1</ID></Invoice>',
    );
    expect([...out.fired.keys()]).toEqual([]);
  });
});
