import { secureParse } from './secure-parse.js';
import { attr, first, text } from './query.js';
import { NS } from './xnode.js';

const UBL = NS.ubl;

function ok(bytes: Uint8Array) {
  const r = secureParse(bytes);
  if (!r.ok) throw new Error(`refused: ${r.finding.id} ${r.finding.messages.en}`);
  r.doc.dispose();
  return r.root;
}

function utf16le(s: string, bom: boolean): Uint8Array {
  const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
  let o = 0;
  if (bom) {
    out[o++] = 0xff;
    out[o++] = 0xfe;
  }
  for (let i = 0; i < s.length; i++) {
    out[o++] = s.charCodeAt(i) & 0xff;
    out[o++] = s.charCodeAt(i) >> 8;
  }
  return out;
}

describe('secureParse', () => {
  it('reads UTF-16 documents with a byte order mark', () => {
    const root = ok(
      utf16le(
        `<?xml version="1.0" encoding="UTF-16"?><Invoice xmlns="${UBL}"><n>Größe €</n></Invoice>`,
        true,
      ),
    );
    expect(root.local).toBe('Invoice');
    expect(root.children[0].text).toBe('Größe €');
  });

  it('reads ISO-8859-1 documents', () => {
    const head = new TextEncoder().encode(
      `<?xml version="1.0" encoding="ISO-8859-1"?><Invoice xmlns="${UBL}"><n>`,
    );
    const tail = new TextEncoder().encode('</n></Invoice>');
    const root = ok(Uint8Array.from([...head, 0x47, 0x72, 0xf6, 0xdf, 0x65, ...tail])); // "Größe"
    expect(root.children[0].text).toBe('Größe');
  });

  it('reads windows-1252 documents (the euro sign is 0x80 there)', () => {
    const head = new TextEncoder().encode(
      `<?xml version="1.0" encoding="windows-1252"?><Invoice xmlns="${UBL}"><n>`,
    );
    const tail = new TextEncoder().encode('</n></Invoice>');
    const root = ok(Uint8Array.from([...head, 0x80, 0x20, 0xe4, ...tail]));
    expect(root.children[0].text).toBe('€ ä');
  });

  it('accepts a UTF-8 byte order mark', () => {
    const root = ok(
      Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(`<Invoice xmlns="${UBL}"/>`)]),
    );
    expect(root.ns).toBe(UBL);
  });

  it('refuses documents over the size limit before parsing', () => {
    const r = secureParse(new TextEncoder().encode(`<a>${'x'.repeat(100)}</a>`), {
      maxBytes: 50,
      maxDepth: 10,
      maxElements: 10,
    });
    expect(!r.ok && r.finding.id).toBe('DOCUMENT-TOO-LARGE');
  });

  it('counts depth correctly across self-closing tags, comments, CDATA and quoted ">"', () => {
    const xml = `<a><!-- <b><b><b> --><![CDATA[<c><c><c>]]><d x="1>2" y='/>'/><e/><e><f/></e></a>`;
    const r = secureParse(new TextEncoder().encode(xml), { maxBytes: 1000, maxDepth: 3, maxElements: 10 });
    expect(r.ok).toBe(true);
    if (r.ok) r.doc.dispose();
    const deep = secureParse(new TextEncoder().encode('<a><b><c><d/></c></b></a>'), {
      maxBytes: 1000,
      maxDepth: 3,
      maxElements: 10,
    });
    expect(!deep.ok && deep.finding.id).toBe('XML-TOO-DEEP');
  });

  it('counts every element after texts short and long, in UTF-8 and UTF-16', () => {
    // Texts of 0 to 200 characters and one of 100,000, between elements, after end tags,
    // and at the very end: the prescan looks for the next '<' in two different ways.
    const texts = [...Array.from({ length: 201 }, (_, n) => 'x'.repeat(n)), 'y'.repeat(100_000)];
    const body = texts.map((t) => `<t>${t}</t>${t}`).join('');
    const xml = `<r>${body}</r>${'\n'.repeat(70)}`;
    const elements = texts.length + 1;
    for (const bytes of [new TextEncoder().encode(xml), utf16le(xml, true)]) {
      const limits = { maxBytes: 1e7, maxDepth: 2 };
      const fits = secureParse(bytes, { ...limits, maxElements: elements });
      expect(fits.ok).toBe(true);
      if (fits.ok) fits.doc.dispose();
      const over = secureParse(bytes, { ...limits, maxElements: elements - 1 });
      expect(!over.ok && over.finding.id).toBe('XML-TOO-MANY-ELEMENTS');
    }
  });
});

describe('tree builder (through secureParse)', () => {
  const xml = `<?xml version="1.0"?>
<!-- prolog comment -->
<r:Root xmlns:r="urn:r" xmlns="urn:default"
    a="1&amp;2&#x41;&#66;" r:b="x&#10;y	z">
  <child>Tom &amp; Jerry &lt;3 &quot;&apos;</child>
  <child><![CDATA[<raw> & stuff]]> tail</child>
  <inner xmlns="urn:inner"><deep/></inner>
  <empty/>
  <?pi data?>
</r:Root>`;

  it('resolves namespaces of elements and attributes', () => {
    const root = ok(new TextEncoder().encode(xml));
    expect([root.ns, root.local, root.qname]).toEqual(['urn:r', 'Root', 'r:Root']);
    expect(root.children.map((c) => [c.ns, c.local])).toEqual([
      ['urn:default', 'child'],
      ['urn:default', 'child'],
      ['urn:inner', 'inner'],
      ['urn:default', 'empty'],
    ]);
    expect(root.children[2].children[0].ns).toBe('urn:inner');
    expect(root.attrs).toEqual([
      { ns: '', local: 'a', value: '1&2AB' },
      { ns: 'urn:r', local: 'b', value: 'x\ny z' },
    ]);
    expect(attr(root, 'a')).toBe('1&2AB');
  });

  it('decodes predefined entities and character references, keeps CDATA verbatim', () => {
    const root = ok(new TextEncoder().encode(xml));
    expect(root.children[0].text).toBe('Tom & Jerry <3 "\'');
    expect(root.children[1].text).toBe('<raw> & stuff tail');
  });

  it('reports the line on which the start tag ends (as libxml2 does)', () => {
    const root = ok(new TextEncoder().encode(xml));
    expect(root.line).toBe(4);
    expect(root.children[0].line).toBe(5);
    expect(root.children[3].line).toBe(8);
    expect(root.children[0].parent).toBe(root);
  });

  it('reads UTF-8 names, values and short and long texts after a byte order mark', () => {
    const long = `${'Größe '.repeat(30)}€`;
    const ascii = 'A'.repeat(5000);
    const doc = `\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<Grüße xmlns="urn:x" straße="Hauptstraße 1">
  <a>${long}</a><b>${ascii}</b><c>ü</c>\n\n<d/>
</Grüße>`;
    const bytes = new TextEncoder().encode(doc);
    expect(bytes[0]).toBe(0xef);
    const r = secureParse(bytes);
    if (!r.ok) throw new Error(r.finding.id);
    r.doc.dispose();
    expect(r.root.local).toBe('Grüße');
    expect(r.root.attrs[0]).toEqual({ ns: '', local: 'straße', value: 'Hauptstraße 1' });
    expect(r.root.children.map((c) => c.text)).toEqual([long, ascii, 'ü', '']);
    expect(r.root.children.map((c) => c.line)).toEqual([3, 3, 3, 5]);
  });

  it('normalises CR LF in text', () => {
    const root = ok(new TextEncoder().encode(`<a xmlns="${UBL}">x\r\ny\rz</a>`));
    expect(root.text).toBe('x\ny\nz');
  });

  it('lets query helpers read the tree', () => {
    const root = ok(
      new TextEncoder().encode(
        `<Invoice xmlns="${UBL}" xmlns:cbc="${NS.cbc}"><cbc:ID> R 1 </cbc:ID></Invoice>`,
      ),
    );
    expect(text(first(root, 'cbc:ID'))).toBe('R 1');
  });
});
