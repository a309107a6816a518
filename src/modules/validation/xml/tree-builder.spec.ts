import { buildTree, hasDeferredText, type DeferredText } from './tree-builder.js';
import type { XNode } from './xnode.js';

const attrsOf = (n: XNode): string[] => n.attrs.map((a) => `${a.local}=${a.value}`);

describe('buildTree', () => {
  it('gives each element its own attributes, whichever tags came before', () => {
    const root = buildTree('<a x="1"><b/><c y="2"  z=\'3\' /><d>t</d><e w="4">u</e></a>');
    expect(attrsOf(root)).toEqual(['x=1']);
    expect(root.children.map((c) => [c.local, attrsOf(c), c.text])).toEqual([
      ['b', [], ''],
      ['c', ['y=2', 'z=3'], ''],
      ['d', [], 't'],
      ['e', ['w=4'], 'u'],
    ]);
  });

  it('ends a start tag at > and at />, with or without space before, on the line where it ends', () => {
    const root = buildTree('<a>\n<b\n/>text<c >x</c><d\n  k="v"/></a>');
    expect(root.children.map((c) => [c.local, c.line, c.text])).toEqual([
      ['b', 3, ''],
      ['c', 3, 'x'],
      ['d', 4, ''],
    ]);
    expect(root.text).toBe('\ntext');
  });

  it('resolves namespaces declared among other attributes, per element', () => {
    const root = buildTree(
      '<r xmlns="urn:r" a="1" xmlns:p="urn:p"><p:x p:b="2" c="3"/><y xmlns="urn:y"/></r>',
    );
    expect(root.ns).toBe('urn:r');
    expect(attrsOf(root)).toEqual(['a=1']);
    const [x, y] = root.children;
    expect([x.ns, x.local]).toEqual(['urn:p', 'x']);
    expect(x.attrs).toEqual([
      { ns: 'urn:p', local: 'b', value: '2' },
      { ns: '', local: 'c', value: '3' },
    ]);
    expect(y.ns).toBe('urn:y');
  });

  it('hands a cut-out text to the element whose start tag ended where it was, skipping self-closing tags', () => {
    // positions: the cut texts were right after '<b>' (end 6) and '<d>' (end 16); '<c/>' ends at 12
    const src = '<a><b></b><c/><d></d></a>';
    const reads: string[] = [];
    const cut = (at: number, value: string): DeferredText => ({
      at,
      read: () => {
        reads.push(value);
        return value;
      },
    });
    const deferred = [cut(6, 'QUJD'), cut(17, 'REVG')];
    const root = buildTree(src, undefined, deferred);
    const [b, c, d] = root.children;
    expect(src.slice(0, 6)).toBe('<a><b>');
    expect(src.slice(0, 17)).toBe('<a><b></b><c/><d>');
    expect([hasDeferredText(b), hasDeferredText(c), hasDeferredText(d)]).toEqual([true, false, true]);
    expect(reads).toEqual([]);
    expect(d.text).toBe('REVG');
    expect(b.text).toBe('QUJD');
    expect(reads).toEqual(['REVG', 'QUJD']);
    expect(deferred.map((x) => x.node)).toEqual([b, d]);
  });

  it('gives a cut-out text that no start tag ends at to no element', () => {
    const root = buildTree('<a><b/><c></c></a>', undefined, [{ at: 7, read: () => 'x' }]);
    expect(root.children.map((c) => hasDeferredText(c))).toEqual([false, false]);
  });
});
