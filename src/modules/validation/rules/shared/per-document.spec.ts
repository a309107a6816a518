import { makeNode } from '../../xml/xnode.js';
import { perDocument } from './per-document.js';

describe('perDocument', () => {
  const tree = () => makeNode(null, '', 'Invoice', 'Invoice', [], '', 1);

  it('computes a fact once per document and again for the next one', () => {
    let made = 0;
    const count = perDocument((root) => ({ root, n: ++made }));
    const a = tree();
    const b = tree();
    expect(count(a)).toBe(count(a));
    expect(made).toBe(1);
    expect(count(b).root).toBe(b);
    expect(made).toBe(2);
  });

  it('computes anew for a document asked about again after another one', () => {
    let made = 0;
    const fact = perDocument(() => ++made);
    const a = tree();
    const b = tree();
    expect([fact(a), fact(b), fact(a)]).toEqual([1, 2, 3]);
  });
});
