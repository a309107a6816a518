import { makeNode, NS } from '../../xml/xnode.js';
import { definePattern } from './pattern.js';

describe('definePattern', () => {
  function doc() {
    const root = makeNode(null, NS.rsm, 'CrossIndustryInvoice', 'rsm:CrossIndustryInvoice', [], '', 1);
    const a = makeNode(root, NS.ram, 'A', 'ram:A', [], 'x', 2);
    const b = makeNode(root, NS.ram, 'A', 'ram:A', [], 'y', 3);
    return { root, a, b };
  }

  it('lets the first matching context claim a node; later contexts see only the rest', () => {
    const { root, b } = doc();
    const rules = definePattern(
      [
        { key: 'first', select: (idx) => idx.ram('A').filter((n) => n.text === 'x') },
        { key: 'second', select: (idx) => idx.ram('A') },
      ],
      [
        { ctx: 'first', id: 'R-1', flag: 'fatal', en: 'one (BT-1)', de: 'eins', test: () => false },
        { ctx: 'second', id: 'R-2', flag: 'warning', en: 'two', de: 'zwei', test: () => false },
      ],
    );
    const seen: Record<string, number[]> = { 'R-1': [], 'R-2': [] };
    for (const r of rules)
      r.check(
        { root, syntax: 'cii', customization: '' },
        { report: (n) => seen[r.id].push(n.line), undecidable: () => undefined },
      );
    expect(seen).toEqual({ 'R-1': [2], 'R-2': [b.line] });
    expect(rules[0].bt).toEqual(['BT-1']);
  });

  it('turns an exception inside a test into an undecidable finding instead of throwing', () => {
    const { root } = doc();
    const [rule] = definePattern(
      [{ key: 'k', select: (idx) => idx.ram('A') }],
      [
        {
          ctx: 'k',
          id: 'R-X',
          flag: 'fatal',
          en: 'x',
          de: 'x',
          test: () => {
            throw new Error('boom');
          },
        },
      ],
    );
    const reasons: string[] = [];
    expect(() =>
      rule.check(
        { root, syntax: 'cii', customization: '' },
        { report: () => undefined, undecidable: (_n, r) => reasons.push(r) },
      ),
    ).not.toThrow();
    expect(reasons[0]).toContain('boom');
  });

  it('refuses an assertion bound to an unknown context', () => {
    expect(() =>
      definePattern([], [{ ctx: 'nope', id: 'R', flag: 'fatal', en: 'x', de: 'x', test: () => true }]),
    ).toThrow(/unknown rule context/);
  });
});
