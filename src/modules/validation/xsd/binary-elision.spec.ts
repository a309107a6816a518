import { randomBytes } from 'node:crypto';
import { XmlDocument, XmlValidateError, XsdValidator } from 'libxml2-wasm';
import { ublWithAttachment } from '../testing/invoice-factory.js';
import { PARSE_OPTIONS, secureParse } from '../xml/secure-parse.js';
import { buildTree } from '../xml/tree-builder.js';
import { elideValidBinaries, isStrictBase64 } from './binary-elision.js';

/** libxml2's own verdict on a value of type xs:base64Binary. */
const schemaDoc = XmlDocument.fromString(
  '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="b" type="xs:base64Binary"/></xs:schema>',
);
const schema = XsdValidator.fromDoc(schemaDoc);
function libxml2Accepts(value: string): boolean {
  const escaped = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\r/g, '&#13;');
  const doc = XmlDocument.fromString(`<b>${escaped}</b>`);
  try {
    schema.validate(doc);
    return true;
  } catch (err) {
    if (err instanceof XmlValidateError) return false;
    throw err;
  } finally {
    doc.dispose();
  }
}

function wrapped(b64: string, width: number, eol = '\n'): string {
  return b64.replace(new RegExp(`(.{${width}})`, 'g'), `$1${eol}`);
}

describe('isStrictBase64', () => {
  it.each([
    ['', true],
    ['QUJD', true],
    ['QUI=', true],
    ['QQ==', true],
    ['QU JD\n', true],
    ['QUJ\r\nD', true],
    ['QUJ', false], // not a multiple of four
    ['QUJ==', false], // too much padding for the length
    ['QUJ=D', false], // alphabet after the padding
    ['QR==', false], // stray bits before '=='
    ['QUJ=', false], // stray bits before '=' ('J' leaves bits set)
    ['Q===', false],
    ['QU!D', false],
    ['QUJDé', false],
  ])('%j → %s', (value, expected) => {
    expect(isStrictBase64(value)).toBe(expected);
  });

  it('accepts every canonical encoding, wrapped or not', () => {
    for (let n = 0; n < 40; n++) {
      const b64 = randomBytes(n).toString('base64');
      expect(isStrictBase64(b64)).toBe(true);
      expect(isStrictBase64(wrapped(b64, 4, '\r\n'))).toBe(true);
    }
  });

  it('never accepts what libxml2 would reject (random strings over a hostile alphabet)', () => {
    const alphabet = 'AQgwEIJR+/= \n\t!';
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      const len = 1 + (i % 9);
      let s = '';
      for (let k = 0; k < len; k++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
      if (isStrictBase64(s)) {
        accepted++;
        expect([s, libxml2Accepts(s)]).toEqual([s, true]);
      }
    }
    expect(accepted).toBeGreaterThan(0);
  });
});

/**
 * libxml2's document and our tree of the bytes as they are (secureParse would already
 * have cut long valid attachments out of what libxml2 parses: see xml/attachments.ts).
 */
function asIs(bytes: Uint8Array) {
  return {
    doc: XmlDocument.fromBuffer(bytes, { option: PARSE_OPTIONS }),
    root: buildTree(new TextDecoder().decode(bytes)),
  };
}

describe('elideValidBinaries', () => {
  it('empties a valid attachment in libxml2 only; the rules still see its text', () => {
    const b64 = wrapped(randomBytes(30_000).toString('base64'), 76);
    const bytes = ublWithAttachment(b64);
    const r = asIs(bytes);
    try {
      expect(elideValidBinaries(r.doc, bytes)).toBe(1);
      const inLibxml2 = r.doc.root.find('//*[local-name()="EmbeddedDocumentBinaryObject"]');
      expect(inLibxml2.map((n) => n.content)).toEqual(['']);
      const node = r.root.children
        .filter((c) => c.local === 'AdditionalDocumentReference')
        .flatMap((c) => c.children.filter((a) => a.local === 'Attachment'))
        .flatMap((a) => a.children)[0];
      expect(node?.text).toBe(b64);
    } finally {
      r.doc.dispose();
    }
  });

  it('reads the texts from our tree when given it, and elides nothing when the trees disagree', () => {
    const b64 = wrapped(randomBytes(30_000).toString('base64'), 76);
    const bytes = ublWithAttachment(b64);
    const moved = new TextDecoder().decode(bytes).replace('<cac:Attachment>', '<cac:Attachment>\n');
    const other = asIs(new TextEncoder().encode(moved));
    const r = asIs(bytes);
    try {
      // another document: its attachment sits on another line
      expect(elideValidBinaries(r.doc, bytes, other.root)).toBe(0);
      expect(elideValidBinaries(r.doc, bytes, r.root)).toBe(1);
      const inLibxml2 = r.doc.root.find('//*[local-name()="EmbeddedDocumentBinaryObject"]');
      expect(inLibxml2.map((n) => n.content)).toEqual(['']);
    } finally {
      r.doc.dispose();
      other.doc.dispose();
    }
  });

  it('has nothing left to do when the attachments were cut out before parsing', () => {
    const b64 = wrapped(randomBytes(30_000).toString('base64'), 76);
    const bytes = ublWithAttachment(b64);
    const r = secureParse(bytes);
    if (!r.ok) throw new Error(r.finding.id);
    try {
      expect(r.parsed.length).toBeLessThan(bytes.length);
      expect(elideValidBinaries(r.doc, r.parsed, r.root)).toBe(0);
      const inLibxml2 = r.doc.root.find('//*[local-name()="EmbeddedDocumentBinaryObject"]');
      expect(inLibxml2.map((n) => n.content.trim())).toEqual(['']);
    } finally {
      r.doc.dispose();
    }
  });

  it('leaves invalid base64 and small attachments to libxml2', () => {
    for (const content of [randomBytes(30_000).toString('base64') + 'A', 'QUJD']) {
      const bytes = ublWithAttachment(content);
      const r = asIs(bytes);
      try {
        expect(elideValidBinaries(r.doc, bytes)).toBe(0);
        const inLibxml2 = r.doc.root.find('//*[local-name()="EmbeddedDocumentBinaryObject"]');
        expect(inLibxml2.map((n) => n.content)).toEqual([content]);
      } finally {
        r.doc.dispose();
      }
    }
  });
});
