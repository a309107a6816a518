import { randomBytes } from 'node:crypto';
import { XmlDocument } from 'libxml2-wasm';
import { isStrictBase64 } from '../xsd/binary-elision.js';
import { ublWithAttachment, type AttachmentSpec } from '../testing/invoice-factory.js';
import { treeRows } from '../testing/tree-rows.js';
import { ELIDE_FROM, isStrictBase64Bytes } from './attachments.js';
import { PARSE_OPTIONS, secureParse } from './secure-parse.js';
import { buildTree, hasDeferredText } from './tree-builder.js';
import { NS, type XNode } from './xnode.js';

const encode = (s: string) => new TextEncoder().encode(s);

/** The same text at every alignment in a larger buffer (the scan reads eight bytes at a time). */
function atOffsets(s: string): { bytes: Uint8Array; start: number; end: number }[] {
  const text = Buffer.from(s, 'latin1');
  return [0, 1, 2, 3, 4, 5, 6, 7].map((pad) => {
    const buf = Buffer.alloc(text.length + pad + 3, 0x21 /* '!' is foreign */);
    text.copy(buf, pad);
    return { bytes: buf, start: pad, end: pad + text.length };
  });
}

describe('isStrictBase64Bytes', () => {
  it('judges as isStrictBase64 does on text, at every alignment', () => {
    const alphabet = 'AQgwEIJR+/= \n\t\r!é';
    const samples = ['', 'QUJD', 'QUI=', 'QQ==', 'QR==', 'QUJ=', 'Q===', 'QUJ', ' QU JD\r\n'];
    for (let i = 0; i < 3000; i++) {
      let s = '';
      for (let k = 0, len = 1 + (i % 13); k < len; k++)
        s += alphabet[Math.floor(Math.random() * alphabet.length)];
      samples.push(s);
    }
    for (let n = 0; n < 40; n++) samples.push(randomBytes(n).toString('base64'));
    for (const s of samples) {
      for (const { bytes, start, end } of atOffsets(s)) {
        expect([s, isStrictBase64Bytes(bytes, start, end)]).toEqual([s, isStrictBase64(s)]);
      }
    }
  });
  it('finds one foreign byte wherever it stands in a longer text', () => {
    const valid = randomBytes(45).toString('base64'); // 60 characters, no padding
    for (const { bytes, start, end } of atOffsets(valid))
      expect(isStrictBase64Bytes(bytes, start, end)).toBe(true);
    for (let at = 0; at < valid.length; at++) {
      for (const foreign of ['!', '<', '\u00e9', '\u0000']) {
        const s = valid.slice(0, at) + foreign + valid.slice(at + 1);
        for (const { bytes, start, end } of atOffsets(s))
          expect([s, isStrictBase64Bytes(bytes, start, end)]).toEqual([s, false]);
      }
    }
  });
});

function parsed(bytes: Uint8Array) {
  const r = secureParse(bytes);
  if (!r.ok) throw new Error(`refused: ${r.finding.id}`);
  r.doc.dispose();
  return r;
}

function attachmentNode(root: XNode): XNode {
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.local.endsWith('BinaryObject')) return n;
    stack.push(...n.children);
  }
  throw new Error('no attachment');
}

describe('attachments cut out before parsing', () => {
  const wrapped = (b64: string, eol: string) => b64.replace(/(.{76})/g, `$1${eol}`);

  it.each([
    ['on one line', ''],
    ['wrapped with LF', '\n'],
    ['wrapped with CRLF', '\r\n'],
  ])('a long valid attachment (%s) is cut; the tree reads as the document is', (_label, eol) => {
    const b64 = randomBytes(30_000).toString('base64');
    const content = eol ? wrapped(b64, eol) : b64;
    const bytes = ublWithAttachment(content);
    const r = parsed(bytes);
    expect(r.parsed.length).toBeLessThan(bytes.length - 30_000);
    const node = attachmentNode(r.root);
    expect(hasDeferredText(node)).toBe(true);
    // every element, its text and line as if the whole document had been parsed
    expect(treeRows(r.root)).toEqual(treeRows(buildTree(new TextDecoder().decode(bytes))));
    expect(node.text).toBe(content.replace(/\r\n/g, '\n'));
  });

  it('keeps libxml2’s line numbers after the cut', () => {
    const bytes = ublWithAttachment(wrapped(randomBytes(30_000).toString('base64'), '\n'));
    const r = secureParse(bytes);
    if (!r.ok) throw new Error(r.finding.id);
    const whole = XmlDocument.fromBuffer(bytes, { option: PARSE_OPTIONS });
    try {
      const lines = (d: XmlDocument) =>
        d.root
          .find('//*[local-name()="AccountingSupplierParty" or local-name()="InvoiceLine"]')
          .map((n) => n.line);
      expect(lines(r.doc)).toEqual(lines(whole));
      expect(lines(r.doc).length).toBeGreaterThan(1);
    } finally {
      r.doc.dispose();
      whole.dispose();
    }
  });

  it.each<[string, string, AttachmentSpec]>([
    ['invalid base64', randomBytes(30_000).toString('base64') + 'A', {}],
    ['a short text', 'QUJD', {}],
    ['whitespace only', ' '.repeat(ELIDE_FROM + 10), {}],
    ['a text followed by a comment', randomBytes(30_000).toString('base64'), { after: '<!-- c -->' }],
    ['another namespace', randomBytes(30_000).toString('base64'), { ns: 'urn:example:not-ubl' }],
  ])('leaves %s as it is', (_label, content, opts) => {
    const bytes = ublWithAttachment(content, opts);
    const r = parsed(bytes);
    expect(r.parsed).toBe(bytes);
    const node = attachmentNode(r.root);
    expect(hasDeferredText(node)).toBe(false);
    expect(node.text).toBe(content);
    if (opts.ns) expect(node.ns).toBe(opts.ns);
    else expect(node.ns).toBe(NS.cbc);
  });

  it('reports a document that is not well-formed exactly as sent (line and column)', () => {
    const b64 = randomBytes(30_000).toString('base64');
    const bytes = encode(
      new TextDecoder()
        .decode(ublWithAttachment(b64))
        .replace('</cac:Attachment>', '</cac:Attachment><x y="1" y="2"/>'),
    );
    const r = secureParse(bytes);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    let expected: unknown;
    try {
      XmlDocument.fromBuffer(bytes, { option: PARSE_OPTIONS }).dispose();
    } catch (err) {
      expected = err;
    }
    const detail = (expected as { details: { line: number; col: number }[] }).details[0];
    expect(r.finding.id).toBe('XML-NOT-WELL-FORMED');
    expect([r.finding.line, r.finding.column]).toEqual([detail.line, detail.col]);
  });
});
