import { secureParse } from './secure-parse.js';
import { parseUnchecked } from './tree-parse.js';
import { NS } from './xnode.js';

/**
 * Which encoding declarations a document may carry, as the official engine (the JDK's
 * Xerces, in the KoSIT validator) decides: each name below was declared on an ASCII-only
 * invoice and checked with Xerces by scripts/xsd-diff.mjs. Before, we accepted names
 * Xerces refuses (TextDecoder's and libxml2's aliases) and refused names it accepts.
 */

const ACCEPTED = [
  'UTF-8',
  'utf-8',
  'UTF8',
  'US-ASCII',
  'ASCII',
  'ANSI_X3.4-1968',
  'ISO646-US',
  'IBM367',
  'CP367',
  'CSASCII',
  'US',
  'ISO-IR-6',
  'ISO-8859-1',
  'iso-8859-1',
  'ISO_8859-1',
  'ISO-IR-100',
  'LATIN1',
  'L1',
  'IBM819',
  'CP819',
  'CSISOLATIN1',
  'ISO8859-1',
  'ISO8859_1',
  'ISO-8859-2',
  'ISO-IR-101',
  'CSISOLATIN2',
  'L2',
  'LATIN2',
  'ISO-8859-9',
  'ISO-8859-15',
  'LATIN-9',
  'ISO_8859-15',
  'ISO-8859-16',
  'WINDOWS-1252',
  'windows-1252',
  'CP1252',
  'IBM-1252',
  'IBM1252',
  'WINDOWS-1250',
  'CP1250',
  'WINDOWS-874',
  'KOI8-R',
  'KOI8-U',
  'SHIFT_JIS',
  'SJIS',
  'EUC-JP',
  'EUC-KR',
  'GB2312',
  'GBK',
  'GB18030',
  'BIG5',
  'TIS-620',
  'ISO-2022-JP',
  'ISO-2022-KR',
  'IBM437',
  'CSPC8CODEPAGE437',
  'IBM850',
  'CP850',
  'IBM-850',
];
const REFUSED = [
  'ISO-LATIN-1',
  'X-CP1252',
  'ISO-8859-10',
  'ISO-8859-14',
  '8859_1',
  'MACINTOSH',
  'X-MAC-ROMAN',
  'UTF-7',
  'x-user-defined',
  'UTF 8',
  'UTF_8',
  '',
  'none',
  'CP-850',
  'ISO_8859-15:1998',
  'EBCDIC-CP-US',
];

const invoice = (label: string): Uint8Array =>
  Buffer.from(
    `<?xml version="1.0" encoding="${label}"?>\n<Invoice xmlns="${NS.ubl}">\n  <n>Gr&#246;&#223;e &#8364;</n>\n</Invoice>\n`,
    'latin1',
  );

function accepted(bytes: Uint8Array): boolean {
  const r = secureParse(bytes);
  if (r.ok) r.doc.dispose();
  return r.ok;
}

describe('encoding declarations', () => {
  it.each(ACCEPTED)('accepts %j, as Xerces does', (label) => {
    expect(accepted(invoice(label))).toBe(true);
  });

  it.each(REFUSED)('refuses %j, as Xerces does', (label) => {
    expect(accepted(invoice(label))).toBe(false);
  });

  it.each([
    // 'ä' in each: 0x84 in the DOS code pages, 0xE4 in ISO-8859-16; 'ก' is 0xA1 in windows-874
    ['IBM850', [0x84], 'ä'],
    ['IBM437', [0x84], 'ä'],
    ['ISO-8859-16', [0xe4], 'ä'],
    ['WINDOWS-874', [0xa1], 'ก'],
    // ISO-2022-KR: the designation, shift out, one KS X 1001 pair (0x30 0x21: 가), shift in
    ['ISO-2022-KR', [0x1b, 0x24, 0x29, 0x43, 0x0e, 0x30, 0x21, 0x0f], '가'],
  ] as const)(
    'reads %s, which libxml2 does not know, and hands libxml2 the same text',
    (label, bytes, text) => {
      const head = Buffer.from(
        `<?xml version="1.0" encoding="${label}"?>\n<Invoice xmlns="${NS.ubl}"><n>`,
        'latin1',
      );
      const doc = Buffer.concat([head, Buffer.from(bytes), Buffer.from('</n></Invoice>', 'latin1')]);
      const r = secureParse(doc);
      if (!r.ok) throw new Error(`refused: ${r.finding.id}`);
      try {
        expect(r.root.children[0].text).toBe(text);
        expect(r.doc.root.firstChild?.content).toBe(text);
      } finally {
        r.doc.dispose();
      }
      // the schema thread parses what parseUnchecked hands over: the same text
      const u = parseUnchecked(doc);
      expect(u.ok).toBe(true);
    },
  );

  it('gives libxml2 the name of the encoding where the document declares an alias, on the same lines', () => {
    const u = parseUnchecked(invoice('L2'));
    if (u.ok !== true) throw new Error('refused');
    const parsed = Buffer.from(u.parsed).toString('latin1');
    expect(parsed.startsWith('<?xml version="1.0" encoding="ISO-8859-2"?>\n')).toBe(true);
    expect(parsed.split('\n')).toHaveLength(Buffer.from(invoice('L2')).toString('latin1').split('\n').length);
  });
});
