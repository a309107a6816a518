import { secureParse } from './secure-parse.js';
import { parseUnchecked } from './tree-parse.js';
import { NS } from './xnode.js';

/**
 * XML 1.1 documents as the official engine (the JDK's Xerces) reads them, where libxml2
 * reads them as XML 1.0: found by scripts/xsd-diff.mjs.
 */
const doc = (text: string, version = '1.1'): Buffer =>
  Buffer.from(
    `<?xml version="${version}" encoding="UTF-8"?>\n<Invoice xmlns="${NS.ubl}">\n<n>${text}</n>\n<m/>\n</Invoice>\n`,
    'utf8',
  );

function parsed(bytes: Uint8Array) {
  const r = secureParse(bytes);
  if (!r.ok) throw new Error(`refused: ${r.finding.id}`);
  r.doc.dispose();
  return r.root;
}

describe('XML 1.1', () => {
  it.each([
    ['NEXT LINE', '2026-03-02\u0085'],
    ['LINE SEPARATOR', '\u20282026-03-02'],
    ['CR NEL', '2026-03-02\r\u0085'],
  ])('reads %s as a line end, as Xerces does (so it is whitespace to the schema)', (_name, text) => {
    const root = parsed(doc(text));
    expect(root.children[0].text.trim()).toBe('2026-03-02');
    expect(root.children[0].text).toMatch(/\n/);
    // a line end counts as a line, as Xerces counts it
    expect(root.children[1].line).toBe(5);
  });

  it('hands libxml2 the same line feeds (the schema thread parses those bytes)', () => {
    const u = parseUnchecked(doc('2026-03-02\u0085'));
    if (u.ok !== true) throw new Error('refused');
    expect(Buffer.from(u.parsed).toString('utf8')).toContain('<n>2026-03-02\n</n>');
  });

  it.each([
    ['U+0086', '\u0086'],
    ['U+0080', '\u0080'],
    ['DEL', '\u007f'],
  ])('refuses a raw %s, which XML 1.1 admits only as a reference', (_name, text) => {
    const r = secureParse(doc(`x${text}`));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.finding.id).toBe('XML-NOT-WELL-FORMED');
  });

  it('accepts references to C0 controls, and the rules read the controls themselves', () => {
    const root = parsed(doc('a&#1;b&#x1F;'));
    expect(root.children[0].text).toBe('a\u0001b\u001f');
    const u = parseUnchecked(doc('a&#1;b&#x1F;'));
    if (u.ok !== true) throw new Error('refused');
    expect(Buffer.from(u.parsed).toString('utf8')).toContain('<n>a&#xFFFD;b&#xFFFD;</n>');
  });

  it('leaves XML 1.0 alone: NEXT LINE is a character there, and a raw C1 control is allowed', () => {
    expect(parsed(doc('a\u0085b\u0086', '1.0')).children[0].text).toBe('a\u0085b\u0086');
  });
});
