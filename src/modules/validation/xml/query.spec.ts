import { all, first, locationOf, text } from './query.js';
import { makeNode, NS } from './xnode.js';

function sample() {
  const root = makeNode(null, NS.ubl, 'Invoice', 'Invoice', [], '', 1);
  const l1 = makeNode(root, NS.cac, 'InvoiceLine', 'cac:InvoiceLine', [], '', 2);
  makeNode(l1, NS.cbc, 'ID', 'cbc:ID', [], ' 1 ', 3);
  const l2 = makeNode(root, NS.cac, 'InvoiceLine', 'cac:InvoiceLine', [], '', 4);
  makeNode(l2, NS.cbc, 'ID', 'cbc:ID', [], '2', 5);
  return { root, l2 };
}

describe('query', () => {
  it('selects children by prefixed path and normalises text', () => {
    const { root } = sample();
    expect(all(root, 'cac:InvoiceLine/cbc:ID').map((n) => text(n))).toEqual(['1', '2']);
    expect(first(root, 'cac:InvoiceLine/cbc:Nope')).toBeNull();
  });
  it('names a location with positional predicates only where siblings repeat', () => {
    const { l2 } = sample();
    expect(locationOf(first(l2, 'cbc:ID')!)).toBe('/Invoice/cac:InvoiceLine[2]/cbc:ID');
  });
});
