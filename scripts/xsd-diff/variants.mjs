// The variants of the differential XSD check (scripts/xsd-diff.mjs): each one a corpus
// document with one change, chosen where the XML Schema engines may disagree — the lexical
// space of the simple types, whitespace (facet, parser and character-reference forms),
// markup inside values, namespaces, schema instance attributes, encodings and the prolog.
// Every generator is deterministic: the same corpus yields the same variants.

/** A leaf element: `<name attrs>text</name>` with no child element. */
const LEAF = /<((?:[A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*)((?:\s+[^<>"'\s=]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*)>([^<]*)<\/\1\s*>/g;
const ATTR = /(\s)([^<>"'\s=/]+)(\s*=\s*)(?:"([^"]*)"|'([^']*)')/g;

/** The leaf elements of a document, in order: name, attribute text, value and offsets. */
export function leaves(text) {
  const out = [];
  for (const m of text.matchAll(LEAF)) {
    const start = m.index;
    const nameEnd = start + 1 + m[1].length;
    const attrsEnd = nameEnd + m[2].length;
    const valueStart = attrsEnd + 1;
    out.push({
      name: m[1],
      local: m[1].replace(/^.*:/, ''),
      attrs: m[2],
      value: m[3],
      start,
      end: start + m[0].length,
      valueStart,
      valueEnd: valueStart + m[3].length,
      attrsStart: nameEnd,
    });
  }
  return out;
}

/** The attributes (not namespace declarations) of every start tag: element, name, value and offsets. */
export function attributes(text) {
  const out = [];
  const TAG = /<((?:[A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*)(\s[^<>]*?)?\/?>/g;
  for (const t of text.matchAll(TAG)) {
    if (!t[2]) continue;
    const base = t.index + 1 + t[1].length;
    for (const a of t[2].matchAll(ATTR)) {
      if (a[2].startsWith('xmlns')) continue;
      const quote = a[4] !== undefined ? '"' : "'";
      const value = a[4] ?? a[5];
      const valueStart = base + a.index + a[1].length + a[2].length + a[3].length + 1;
      out.push({ element: t[1], name: a[2], value, quote, valueStart, valueEnd: valueStart + value.length });
    }
  }
  return out;
}

const splice = (text, from, to, s) => text.slice(0, from) + s + text.slice(to);

/** The text as character references, one per character. */
const refs = (s) => [...s].map((c) => `&#x${c.codePointAt(0).toString(16).toUpperCase()};`).join('');

/**
 * Ways to dress a value: whitespace of the XML and of Unicode, in the raw and as character
 * references, and markup that adds nothing to the value (comments, PIs, CDATA).
 */
export const WRAPPERS = [
  ['space-before', (v) => ' ' + v],
  ['space-after', (v) => v + ' '],
  ['spaces-around', (v) => '  ' + v + '  '],
  ['tab-before', (v) => '\t' + v],
  ['tab-after', (v) => v + '\t'],
  ['lf-around', (v) => '\n' + v + '\n'],
  ['crlf-around', (v) => '\r\n' + v + '\r\n'],
  ['cr-after', (v) => v + '\r'],
  ['indent-around', (v) => '\n        ' + v + '\n      '],
  ['ref-tab-before', (v) => '&#9;' + v],
  ['ref-lf-after', (v) => v + '&#10;'],
  ['ref-cr-after', (v) => v + '&#13;'],
  ['ref-cr-before', (v) => '&#xD;' + v],
  ['ref-space-around', (v) => '&#32;' + v + '&#x20;'],
  ['nbsp-after', (v) => v + '\u00a0'],
  ['nbsp-before', (v) => '\u00a0' + v],
  ['ref-nbsp-after', (v) => v + '&#160;'],
  ['emsp-before', (v) => '\u2003' + v],
  ['ideographic-space-after', (v) => v + '\u3000'],
  ['zwnbsp-before', (v) => '\ufeff' + v],
  ['zwsp-after', (v) => v + '\u200b'],
  ['nel-after', (v) => v + '\u0085'],
  ['line-separator-after', (v) => v + '\u2028'],
  ['comment-after', (v) => v + '<!-- c -->'],
  ['comment-before', (v) => '<!--c-->' + v],
  ['comment-inside', (v) => (v.length > 1 ? v.slice(0, 1) + '<!-- c -->' + v.slice(1) : v + '<!---->')],
  ['comment-and-spaces', (v) => ' <!-- c --> ' + v + ' <!-- d --> '],
  ['pi-after', (v) => v + '<?pi x?>'],
  ['pi-inside', (v) => (v.length > 1 ? v.slice(0, 1) + '<?pi?>' + v.slice(1) : '<?pi?>' + v)],
  ['cdata', (v) => '<![CDATA[' + v + ']]>'],
  ['cdata-spaces', (v) => '<![CDATA[ ' + v + ' ]]>'],
  ['cdata-split', (v) => (v.length > 1 ? v.slice(0, 1) + '<![CDATA[' + v.slice(1) + ']]>' : '<![CDATA[]]>' + v)],
  ['cdata-empty-after', (v) => v + '<![CDATA[]]>'],
  ['cdata-newline-after', (v) => v + '<![CDATA[\n]]>'],
  ['refs-all', (v) => refs(v.replace(/&[^;]*;/g, '?'))],
  ['inner-double-space', (v) => (v.includes(' ') ? v.replace(' ', '  ') : v.slice(0, 1) + ' ' + v.slice(1))],
  ['inner-tab', (v) => (v.includes(' ') ? v.replace(' ', '\t') : v.slice(0, 1) + '\t' + v.slice(1))],
  ['inner-lf', (v) => (v.includes(' ') ? v.replace(' ', '\n') : v.slice(0, 1) + '\n' + v.slice(1))],
  ['empty', () => ''],
  ['only-space', () => ' '],
  ['only-newlines', () => '\n\n'],
  ['only-ref-space', () => '&#32;'],
  ['only-nbsp', () => '\u00a0'],
];

/** Replacement values by the shape of the original value. */
const DATE = [
  'Z', '+00:00', '-00:00', '+01:00', '-05:30', '+14:00', '-14:00', '+14:01', '+15:00', '+1:00', '+01:0',
  '+0100', 'z', ' Z', 'Z ', 'UTC',
];
const DATE_VALUES = [
  '2024-02-29', '2023-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '0000-01-01',
  '0001-01-01', '-0001-01-01', '10000-01-01', '02024-01-01', '2024-1-01', '2024-01-1', '24-01-01',
  '2024-01-01T00:00:00', '2024/01/01', '20240101', '2024-01-01 Z', '2100-02-29', '2000-02-29', '1900-02-29',
  '+2024-01-01', '２０２４-01-01',
];
const TIME_VALUES = [
  '24:00:00', '23:59:60', '12:00:00.5', '12:00:00.123456789012', '12:00', '12:00:00Z', '12:00:00+02:00',
  '12:00:00+14:01', '1:00:00', '12:00:00.', '12:60:00', '25:00:00', '12:00:00 Z', '00:00:00', '12:00:00-00:00',
];
const DECIMAL_FORMS = [
  (v) => '+' + v, (v) => '-' + v.replace(/^-/, ''), (v) => '00' + v, (v) => '0000000000' + v,
  (v) => (v.includes('.') ? v + '000' : v + '.'), (v) => (v.includes('.') ? v : v + '.0'),
  (v) => v + 'e0', (v) => v + 'E2', (v) => v.replace('.', ','), (v) => v + '.5.5', (v) => v.replace(/\d/, '١'),
  (v) => v.replace(/\d/, '１'), (v) => '+-' + v, (v) => '--' + v, (v) => '- ' + v, (v) => '+ ' + v,
  (v) => v + '-', (v) => v + '%', (v) => '$' + v, (v) => v + 'd', (v) => '0x' + v,
  (v) => '1' + '0'.repeat(30) + (v.includes('.') ? '' : '.5'),
  (v) => '0.' + '1'.repeat(40), (v) => '9'.repeat(19) + '.' + '9'.repeat(19),
  (v) => '1' + '0'.repeat(400), (v) => '0.' + '0'.repeat(300) + '1', (v) => v + '0'.repeat(50),
];
const DECIMAL_VALUES = [
  '.5', '5.', '-.5', '+.5', '.', '-', '+', '-0', '+0', '-0.00', '0', '00', 'INF', '-INF', 'NaN', '1e2', '1E-2',
  '1,000.00', '1 000', '1_000', '١٢٣', '12345678901234567890.1234567890', '0.0000000000000000000000000001',
  '123456789012345678901234567890', '-123456789012345678901234.1', '999999999999999999', '9999999999999999999',
  '18446744073709551616', '79228162514264337593543950336', '0.1234567890123456789012345',
];
const BOOLEAN_VALUES = ['true', 'false', '1', '0', 'TRUE', 'True', 'FALSE', 'yes', 'no', 't', '01', '+1', '-0', 'true false', 'tru e'];
const SHORT_BASE64 = [
  'AAAA', 'AAA=', 'AA==', 'AAB=', 'AAE=', 'AB==', 'AAAAAA==', 'A===', '====', 'AAAAA', 'AAAAAA', 'AAAAAAA',
  'AA AA', 'A A A A', 'A  AAA', 'AA\nAA', 'AA\tAA', 'AA\r\nAA', 'AA&#13;AA', 'AA==AA==', '=AAA', 'AA=A', 'AAA= ',
  'AA = =', 'AA= =', 'AAAA====', 'Zm9v', 'Zm9vYg==', 'Zm9vYg=', 'Zm9vYmE=', 'Zm9vYmE', '****', '-_AA', 'AA\u00a0AA',
  'ÄÄÄÄ', 'AAAA.', 'AAAA\u2003', 'A', 'AA', 'AAA', 'AA=', 'A=', 'AAAAAAAAAAA=', 'AAAAAAAAAAAA\n', 'QUJD\nREVG\n',
];
const LANGUAGE_VALUES = ['de', 'de-DE', 'de_DE', 'DE', 'deutsch12', 'de-', '-de', 'x-klingon', 'de-DE-1996', 'i-default', '', 'd e', ' de', 'de '];
const URI_VALUES = [
  'http://example.com/a b', 'http://example.com/%', 'http://example.com/%zz', 'http://example.com/%20', 'http://exämple.com/',
  '::', '#', 'http://[::1]/', 'http://[::1', 'a\\b', '{x}', 'a|b', 'a^b', 'a`b', 'a"b', 'http://x/<', '', ' ', 'urn:x:y',
  ' http://example.com ', 'http://example.com\t', '%', '%%', 'http://x/\u00a0', 'mailto:a@b', 'a#b#c', '?', 'http:',
  'http://exa mple.com', '\u2003', 'x'.repeat(3000),
];
const CODE_FORMS = [
  (v) => v.toLowerCase(), (v) => v.toUpperCase() + 'X', (v) => v.slice(0, -1), (v) => v + v, (v) => v.replace(/./, 'Ä'),
];

/** Values to try in place of `v`, by its shape. */
function replacements(leaf) {
  const v = leaf.value;
  const out = [];
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    for (const tz of DATE) out.push(['date-tz ' + JSON.stringify(tz), v + tz]);
    for (const d of DATE_VALUES) out.push(['date ' + JSON.stringify(d), d]);
  }
  if (/^\d{2}:\d{2}:\d{2}/.test(v)) for (const t of TIME_VALUES) out.push(['time ' + JSON.stringify(t), t]);
  if (/^-?\d+(\.\d+)?$/.test(v) && leaf.sampled) {
    DECIMAL_FORMS.forEach((f, i) => out.push([`decimal-form-${i} ` + JSON.stringify(f(v)).slice(0, 40), f(v)]));
    for (const d of DECIMAL_VALUES) out.push(['decimal ' + JSON.stringify(d).slice(0, 40), d]);
  }
  if (v === 'true' || v === 'false') for (const b of BOOLEAN_VALUES) out.push(['boolean ' + JSON.stringify(b), b]);
  if (/^[A-Z0-9]{2,3}$/.test(v)) CODE_FORMS.forEach((f, i) => out.push([`code-form-${i} ` + JSON.stringify(f(v)), f(v)]));
  if (/BinaryObject$/.test(leaf.local)) {
    for (const b of SHORT_BASE64) out.push(['base64 ' + JSON.stringify(b), b]);
    for (const [what, b] of longBase64()) out.push(['base64-long ' + what, b]);
  }
  return out;
}

/** Base64 texts of 4 KB and more (the size from which attachments are cut before parsing). */
function longBase64() {
  const body = Buffer.alloc(4500, 7).toString('base64'); // 6000 chars, no padding
  const padded1 = Buffer.alloc(4501, 7).toString('base64'); // ends '=='
  const padded2 = Buffer.alloc(4502, 7).toString('base64'); // ends '='
  const wrap = (s, n, sep) => s.match(new RegExp(`.{1,${n}}`, 'g')).join(sep);
  return [
    ['plain', body],
    ['one-pad', padded2],
    ['two-pads', padded1],
    ['wrapped-76-lf', wrap(padded1, 76, '\n')],
    ['wrapped-76-crlf', wrap(padded1, 76, '\r\n')],
    ['wrapped-76-ref-cr', wrap(padded1, 76, '&#13;\n')],
    ['wrapped-indented', '\n' + wrap(padded1, 64, '\n            ') + '\n'],
    ['space-every-4', wrap(body, 4, ' ')],
    ['double-space-every-4', wrap(body, 4, '  ')],
    ['tab-every-4', wrap(body, 4, '\t')],
    ['space-every-char', wrap(body.slice(0, 4800), 1, ' ')],
    ['pad-in-middle', padded1.slice(0, 3000) + '==' + padded1.slice(3000)],
    ['bad-pad-bits', padded1.slice(0, -3) + 'B=='],
    ['bad-pad-bits-1', padded2.slice(0, -2) + 'B='],
    ['one-char-short', body.slice(0, -1)],
    ['one-char-over', body + 'A'],
    ['three-pads', body.slice(0, -1) + '==='],
    ['nbsp-in-middle', body.slice(0, 3000) + '\u00a0' + body.slice(3000)],
    ['foreign-char-end', body.slice(0, -1) + '*'],
    ['url-safe', body.slice(0, 3000).replace(/A/g, '-') + body.slice(3000)],
    ['space-around', '  ' + body + '  '],
    ['nbsp-around', '\u00a0' + body + '\u00a0'],
    ['comment-inside', body.slice(0, 3000) + '<!-- c -->' + body.slice(3000)],
    ['cdata', '<![CDATA[' + body + ']]>'],
    ['ref-lf-every-76', wrap(body, 76, '&#10;')],
    ['pad-then-space-then-data', padded1 + ' AAAA'],
    ['huge', Buffer.alloc(3_000_000, 1).toString('base64')],
  ];
}

/** Values to put into an attribute, by its name. */
function attributeValues(attr) {
  const v = attr.value;
  const out = [
    ['attr-space-before', ' ' + v],
    ['attr-space-after', v + ' '],
    ['attr-tab-literal', '\t' + v],
    ['attr-lf-literal', v + '\n'],
    ['attr-ref-tab', '&#9;' + v],
    ['attr-ref-lf', v + '&#10;'],
    ['attr-ref-cr', '&#13;' + v],
    ['attr-nbsp', v + '\u00a0'],
    ['attr-empty', ''],
    ['attr-inner-double-space', v.length > 1 ? v.slice(0, 1) + '  ' + v.slice(1) : v + '  x'],
    ['attr-lower', v.toLowerCase()],
    ['attr-refs-all', refs(v.replace(/&[^;]*;/g, '?'))],
  ];
  if (/languageID$/i.test(attr.name)) for (const l of LANGUAGE_VALUES) out.push(['attr-language ' + JSON.stringify(l), l]);
  if (/URI$/.test(attr.name) || attr.name === 'uri')
    for (const u of URI_VALUES) out.push(['attr-uri ' + JSON.stringify(u).slice(0, 40), u]);
  return out;
}

/** Attributes to add to a leaf element, among them anyURI, language and schema-instance ones. */
const ADDED_ATTRIBUTES = [
  ['add-xml-space-preserve', ' xml:space="preserve"'],
  ['add-xml-space-default', ' xml:space="default"'],
  ['add-xml-lang', ' xml:lang="de"'],
  ['add-xml-base', ' xml:base="http://example.com/"'],
  ['add-xml-id', ' xml:id="x1"'],
  ['add-xsi-nil-true', ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"'],
  ['add-xsi-nil-false', ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="false"'],
  ['add-xsi-type-string', ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema" xsi:type="xs:string"'],
  ['add-xsi-type-unknown', ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Nope"'],
  ['add-foreign-attribute', ' xmlns:f="urn:foreign" f:a="1"'],
  ['add-unqualified-attribute', ' foo="1"'],
  ['add-unused-xmlns', ' xmlns:u="urn:unused"'],
  ['add-default-xmlns-empty', ' xmlns=""'],
  ['add-listURI-space', ' listURI="http://example.com/a b"'],
  ['add-listURI-percent', ' listURI="%zz"'],
  ['add-listURI-nonascii', ' listURI="http://exämple.com/"'],
  ['add-listSchemeURI-bracket', ' listSchemeURI="http://[::1"'],
  ['add-schemeURI-empty', ' schemeURI=""'],
  ['add-schemeURI-space', ' schemeURI=" urn:x "'],
  ['add-languageID-underscore', ' languageID="de_DE"'],
  ['add-languageID-long', ' languageID="deutschland"'],
  ['add-languageID-ok', ' languageID="de-DE"'],
];

/**
 * Every variant of the documents `bases` (objects {file, text, syntax}), as
 * {family, what, base, syntax, text | bytes}.
 */
export function* variants(bases) {
  // per element name, the smallest document that has it (bases come smallest first)
  const leafOwners = new Map();
  const attrOwners = new Map();
  for (const base of bases) {
    base.leaves ??= leaves(base.text);
    for (const leaf of base.leaves) {
      const key = base.syntax + ' ' + leaf.local;
      if (!leafOwners.has(key)) leafOwners.set(key, { base, leaf });
    }
    for (const a of attributes(base.text)) {
      const key = base.syntax + ' ' + a.element.replace(/^.*:/, '') + '@' + a.name;
      if (!attrOwners.has(key)) attrOwners.set(key, { base, attr: a });
    }
  }
  const at = (base, from, to, s) => splice(base.text, from, to, s);

  // 1. every wrapper on every element name
  for (const { base, leaf } of leafOwners.values()) {
    for (const [name, f] of WRAPPERS) {
      if (/BinaryObject$/.test(leaf.local) && leaf.value.length > 2000 && name.startsWith('refs')) continue;
      yield {
        family: 'value-' + name,
        what: `${leaf.name} ${JSON.stringify(leaf.value).slice(0, 40)} → ${name}`,
        base,
        text: at(base, leaf.valueStart, leaf.valueEnd, f(leaf.value)),
      };
    }
    yield {
      family: 'value-self-closing',
      what: `<${leaf.name}${leaf.attrs}/>`,
      base,
      text: at(base, leaf.start, leaf.end, `<${leaf.name}${leaf.attrs.replace(/\s+$/, '')}/>`),
    };
  }
  // 2. replacement values by shape (dates, times, decimals, booleans, codes, base64); the
  // long list of decimal forms on every fourth element name of that shape
  const seenShape = new Set();
  let decimals = 0;
  for (const { leaf } of leafOwners.values())
    if (/^-?\d+(\.\d+)?$/.test(leaf.value)) leaf.sampled = decimals++ % 4 === 0;
  for (const { base, leaf } of leafOwners.values()) {
    for (const [what, value] of replacements(leaf)) {
      yield {
        family: 'lexical-' + what.split(' ')[0],
        what: `${leaf.name} ${JSON.stringify(leaf.value).slice(0, 30)} → ${what}`,
        base,
        text: at(base, leaf.valueStart, leaf.valueEnd, value),
      };
      // the same value dressed in whitespace: collapse first, then the lexical check
      const key = what.split(' ')[0] + leaf.local;
      if (!seenShape.has(key) || /date|time|boolean/.test(what)) {
        seenShape.add(key);
        if (value.length < 200)
          yield {
            family: 'lexical-ws-' + what.split(' ')[0],
            what: `${leaf.name} → ${what} with spaces`,
            base,
            text: at(base, leaf.valueStart, leaf.valueEnd, ' \n' + value + '\t '),
          };
      }
    }
  }
  // 3. attributes: whitespace, references, lexical forms
  for (const { base, attr } of attrOwners.values()) {
    for (const [name, value] of attributeValues(attr)) {
      const v = attr.quote === '"' ? value.replace(/"/g, '&quot;') : value.replace(/'/g, '&apos;');
      yield {
        family: name.split(' ')[0],
        what: `${attr.element}@${attr.name} ${JSON.stringify(attr.value).slice(0, 30)} → ${name}`,
        base,
        text: at(base, attr.valueStart, attr.valueEnd, v.replace(/</g, '&lt;')),
      };
    }
  }
  // 4. attributes added to leaf elements (a sample of element names)
  let k = 0;
  for (const { base, leaf } of leafOwners.values()) {
    if (k++ % 3 !== 0) continue;
    for (const [name, attr] of ADDED_ATTRIBUTES) {
      yield {
        family: name,
        what: `${leaf.name} + ${attr.trim()}`,
        base,
        text: at(base, leaf.attrsStart, leaf.attrsStart, attr),
      };
    }
  }
  // 5. elements of types the corpus lacks, put in where the schema allows them
  yield* injected(bases);
  // 6. structure, namespaces, prolog and encodings: on a sample of the documents of every
  // size and syntax (every 15th, smallest first, and the largest)
  for (let i = 0; i < bases.length; i++)
    if (i % 15 === 0 || i === bases.length - 1) yield* documentVariants(bases[i]);
  // 7. XML 1.1 (NEL and LINE SEPARATOR are line ends there, C0 controls may be referenced,
  // C1 controls must be), on the smallest document of each syntax
  for (const syntax of ['ubl-invoice', 'cii']) {
    const base = bases.find((b) => b.syntax === syntax);
    if (!base) continue;
    const v11 = base.text.replace(/^\s*<\?xml[^?]*\?>/, '<?xml version="1.1" encoding="UTF-8"?>');
    const leaf = leaves(v11).find((l) => /^\d{4}-?\d\d-?\d\d$/.test(l.value));
    const text = leaves(v11).find((l) => /Note|Name|ID$/.test(l.local) && l.value.length > 0);
    const at = (l, s) => v11.slice(0, l.valueEnd) + s + v11.slice(l.valueEnd);
    yield { family: 'xml-1.1', what: 'declared 1.1', base, text: v11 };
    if (leaf) {
      yield { family: 'xml-1.1', what: `${leaf.name} + NEL`, base, text: at(leaf, '\u0085') };
      yield { family: 'xml-1.1', what: `${leaf.name} + &#1;`, base, text: at(leaf, '&#1;') };
      yield { family: 'xml-1.1', what: `${leaf.name} + LINE SEPARATOR`, base, text: at(leaf, '\u2028') };
    }
    if (text) {
      yield { family: 'xml-1.1', what: `${text.name} + &#1;`, base, text: at(text, '&#1;') };
      yield { family: 'xml-1.1', what: `${text.name} + raw U+0086`, base, text: at(text, '\u0086') };
      yield { family: 'xml-1.1', what: `${text.name} + CR NEL`, base, text: at(text, '\r\u0085') };
      yield { family: 'xml-1.1', what: `${text.name} + &#x1F;&#9;`, base, text: at(text, '&#x1F;&#9;') };
    }
  }
  // 8. encoding names, on the smallest document of each syntax
  for (const syntax of ['ubl-invoice', 'ubl-creditnote', 'cii']) {
    const base = bases.find((b) => b.syntax === syntax);
    if (!base) continue;
    for (const label of ENCODING_LABELS)
      yield { family: 'encoding-label', what: `declared ${JSON.stringify(label)}`, base, bytes: withEncodingLabel(base.text, label) };
  }
}

/** The namespace declarations of the root's start tag: [prefix, uri]. */
function rootDeclarations(text) {
  const start = text.search(/<[A-Za-z_]/);
  const end = text.indexOf('>', start);
  const tag = text.slice(start, end);
  return [...tag.matchAll(/xmlns(?::([\w.-]+))?\s*=\s*["']([^"']*)["']/g)].map((m) => [m[1] ?? '', m[2]]);
}

function* documentVariants(base) {
  const t = base.text;
  const v = (family, what, text) => ({ family, what, base, text });
  const decl = /^\s*<\?xml[^?]*\?>/.exec(t);
  const body = decl ? t.slice(decl[0].length) : t;
  const rootStart = t.search(/<[A-Za-z_]/);
  const rootTagEnd = t.indexOf('>', rootStart);
  const rootName = /^<([^\s>/]+)/.exec(t.slice(rootStart))[1];

  // prolog and epilog
  yield v('prolog', 'no XML declaration', body.replace(/^\s+/, ''));
  yield v('prolog', 'declaration version 1.1', '<?xml version="1.1" encoding="UTF-8"?>' + body);
  yield v('prolog', 'declaration standalone yes', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + body);
  yield v('prolog', 'declaration single quotes', "<?xml version='1.0' encoding='UTF-8'?>" + body);
  yield v('prolog', 'declaration without encoding', '<?xml version="1.0"?>' + body);
  yield v('prolog', 'newline before declaration', '\n' + t.replace(/^\s+/, ''));
  yield v('prolog', 'comment before root', (decl ? decl[0] : '') + '\n<!-- c -->\n<?pi x?>' + body);
  yield v('prolog', 'comment after root', t + '\n<!-- end -->\n');
  yield v('prolog', 'text after root', t + '\nx');
  yield v('prolog', 'second root', t + '<x/>');
  yield v('prolog', 'declaration version 2.0', '<?xml version="2.0" encoding="UTF-8"?>' + body);
  yield v('prolog', 'uppercase declaration', '<?XML version="1.0"?>' + body);

  // line ends and indentation
  yield v('line-ends', 'CRLF throughout', t.replace(/\r?\n/g, '\r\n'));
  yield v('line-ends', 'CR throughout', t.replace(/\r?\n/g, '\r'));
  yield v('line-ends', 'tabs for indentation', t.replace(/\n( +)/g, (_, s) => '\n' + '\t'.repeat(s.length / 2)));
  yield v('line-ends', 'no whitespace between elements', t.replace(/>\s+</g, '><'));

  // text between elements
  const firstChild = t.indexOf('<', rootTagEnd + 1);
  yield v('between', 'NBSP between elements', splice(t, firstChild, firstChild, '\u00a0'));
  yield v('between', 'character reference space between elements', splice(t, firstChild, firstChild, '&#32;&#9;&#10;&#13;'));
  yield v('between', 'CDATA whitespace between elements', splice(t, firstChild, firstChild, '<![CDATA[ \n ]]>'));
  yield v('between', 'empty CDATA between elements', splice(t, firstChild, firstChild, '<![CDATA[]]>'));
  yield v('between', 'text between elements', splice(t, firstChild, firstChild, 'x'));
  yield v('between', 'ideographic space between elements', splice(t, firstChild, firstChild, '\u3000'));
  yield v('between', 'zero-width no-break space between elements', splice(t, firstChild, firstChild, '\ufeff'));

  // namespaces
  const decls = rootDeclarations(t);
  const renamed = decls.find(([p]) => p !== '');
  if (renamed) {
    const [p] = renamed;
    const re = new RegExp(`(</?|\\s)${p}:`, 'g');
    yield v('namespaces', `prefix ${p} renamed`, t.replace(re, `$1zz${p}:`).replace(`xmlns:${p}=`, `xmlns:zz${p}=`));
    yield v('namespaces', `prefix ${p} declared twice`, splice(t, rootTagEnd, rootTagEnd, ` xmlns:${p}="${renamed[1]}"`));
    yield v('namespaces', `prefix ${p} undeclared`, t.replace(new RegExp(`\\sxmlns:${p}\\s*=\\s*["'][^"']*["']`), ''));
    // the prefix's elements put into the default namespace, each declaring it
    const firstUse = t.indexOf(`<${p}:`, rootTagEnd);
    if (firstUse > 0) {
      const m = /^<([\w.-]+):([\w.-]+)/.exec(t.slice(firstUse));
      const close = t.indexOf(`</${m[1]}:${m[2]}>`, firstUse);
      if (close > 0) {
        const inner = t.slice(firstUse, close + m[0].length + 2);
        const local = inner.replace(new RegExp(`^<${p}:${m[2]}`), `<${m[2]} xmlns="${renamed[1]}"`).replace(new RegExp(`</${p}:${m[2]}>$`), `</${m[2]}>`);
        yield v('namespaces', `first ${p} element in the default namespace`, splice(t, firstUse, close + m[0].length + 2, local));
      }
    }
  }
  const dflt = decls.find(([p]) => p === '');
  if (dflt) {
    yield v('namespaces', 'root with a prefix instead of the default namespace', t
      .replace(`<${rootName}`, `<r:${rootName}`)
      .replace(new RegExp(`</${rootName}>\\s*$`), `</r:${rootName}>`)
      .replace(/xmlns\s*=/, 'xmlns:r='));
  }
  yield v('namespaces', 'unused declarations on the root', splice(t, rootTagEnd, rootTagEnd, ' xmlns:unused="urn:x" xmlns:xs="http://www.w3.org/2001/XMLSchema"'));
  yield v('namespaces', 'undeclared prefix in an attribute value (QName-less)', splice(t, rootTagEnd, rootTagEnd, ' xmlns:a=""'));
  yield v('namespaces', 'xml prefix declared', splice(t, rootTagEnd, rootTagEnd, ' xmlns:xml="http://www.w3.org/XML/1998/namespace"'));

  // schema instance attributes on the root
  const XSI = ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
  const hasXsi = /xmlns:xsi=/.test(t.slice(rootStart, rootTagEnd));
  const xsi = hasXsi ? '' : XSI;
  const ns = (dflt ?? decls[0] ?? ['', ''])[1];
  yield v('xsi', 'schemaLocation to a missing file', splice(t, rootTagEnd, rootTagEnd, `${xsi} xsi:schemaLocation="${ns} missing.xsd"`));
  yield v('xsi', 'schemaLocation to a remote file', splice(t, rootTagEnd, rootTagEnd, `${xsi} xsi:schemaLocation="${ns} http://127.0.0.1:9/x.xsd"`));
  yield v('xsi', 'schemaLocation odd length', splice(t, rootTagEnd, rootTagEnd, `${xsi} xsi:schemaLocation="${ns}"`));
  yield v('xsi', 'noNamespaceSchemaLocation', splice(t, rootTagEnd, rootTagEnd, `${xsi} xsi:noNamespaceSchemaLocation="x.xsd"`));
  yield v('xsi', 'nil on the root', splice(t, rootTagEnd, rootTagEnd, `${xsi} xsi:nil="true"`));
  yield v('xsi', 'unknown xsi attribute', splice(t, rootTagEnd, rootTagEnd, `${xsi} xsi:foo="1"`));

  // root attributes
  yield v('root-attributes', 'xml:space preserve on the root', splice(t, rootTagEnd, rootTagEnd, ' xml:space="preserve"'));
  yield v('root-attributes', 'xml:lang on the root', splice(t, rootTagEnd, rootTagEnd, ' xml:lang="de"'));
  yield v('root-attributes', 'foreign attribute on the root', splice(t, rootTagEnd, rootTagEnd, ' xmlns:f="urn:f" f:x="1"'));
  yield v('root-attributes', 'plain attribute on the root', splice(t, rootTagEnd, rootTagEnd, ' version="1"'));
  yield v('root-attributes', 'duplicate attribute on the root', splice(t, rootTagEnd, rootTagEnd, ' a="1" a="2"'));

  // structure
  const kids = childElements(t, rootTagEnd + 1);
  if (kids.length >= 3) {
    const [a, b] = [kids[1], kids[2]];
    yield v('structure', `swap ${a.name} and ${b.name}`, t.slice(0, a.start) + t.slice(b.start, b.end) + t.slice(a.end, b.start) + t.slice(a.start, a.end) + t.slice(b.end));
    yield v('structure', `duplicate ${a.name}`, splice(t, a.end, a.end, t.slice(a.start, a.end)));
    yield v('structure', `remove ${a.name}`, splice(t, a.start, a.end, ''));
    const last = kids[kids.length - 1];
    yield v('structure', `move ${last.name} first`, t.slice(0, kids[0].start) + t.slice(last.start, last.end) + t.slice(kids[0].start, last.start) + t.slice(last.end));
    yield v('structure', 'unknown element in the root namespace', splice(t, a.start, a.start, `<${a.name.replace(/[^:]*$/, 'Unknown')}>x</${a.name.replace(/[^:]*$/, 'Unknown')}>`));
    yield v('structure', 'foreign element', splice(t, a.start, a.start, '<f:x xmlns:f="urn:f">x</f:x>'));
    yield v('structure', 'empty element in no namespace', splice(t, a.start, a.start, '<x xmlns=""/>'));
  }

  // control and special characters in a text value
  const leaf = (base.leaves ?? []).find((l) => /Note|Name|Description|ID$/.test(l.local) && l.value.length > 0);
  if (leaf) {
    const put = (s) => splice(t, leaf.valueEnd, leaf.valueEnd, s);
    for (const [what, s] of [
      ['ref-control-1', '&#1;'], ['raw-control-1', '\u0001'], ['ref-fffe', '&#xFFFE;'], ['raw-fffe', '\ufffe'],
      ['raw-ffff', '\uffff'], ['ref-surrogate', '&#xD800;'], ['ref-0', '&#0;'], ['emoji', '\u{1F600}'], ['ref-emoji', '&#x1F600;'],
      ['noncharacter-fdd0', '\ufdd0'], ['c1-control', '\u0085\u0086'], ['ref-c1', '&#x80;'], ['raw-del', '\u007f'],
      ['lone-surrogate-utf8', '\ud800'], ['ampersand-entity', '&amp;&lt;&gt;&quot;&apos;'], ['undefined-entity', '&nbsp;'],
      ['bare-ampersand', ' & '], ['raw-gt', ' > ]]> '], ['long-10k', 'x'.repeat(10_000)], ['long-1m', 'y '.repeat(500_000)],
      ['combining', 'e\u0301'], ['bidi', '\u202e'], ['private-use', '\ue000'], ['plane-16', '\u{10FFFD}'],
    ]) {
      yield v('characters', `${leaf.name} + ${what}`, put(s));
    }
  }

  // encodings (these variants are bytes)
  const noDecl = body.replace(/^\s+/, '');
  const withDecl = (enc) => `<?xml version="1.0" encoding="${enc}"?>\n` + noDecl;
  const latin1Safe = [...t].every((c) => c.charCodeAt(0) < 256);
  yield { family: 'encoding', what: 'UTF-8 BOM', base, bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)]) };
  yield { family: 'encoding', what: 'UTF-8 BOM, no declaration', base, bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(noDecl)]) };
  yield { family: 'encoding', what: 'two UTF-8 BOMs', base, bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), Buffer.from(t)]) };
  yield { family: 'encoding', what: 'UTF-16LE with BOM', base, bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(withDecl('UTF-16'), 'utf16le')]) };
  yield { family: 'encoding', what: 'UTF-16BE with BOM', base, bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(withDecl('UTF-16'), 'utf16le').swap16()]) };
  yield { family: 'encoding', what: 'UTF-16LE without BOM', base, bytes: Buffer.from(withDecl('UTF-16LE'), 'utf16le') };
  yield { family: 'encoding', what: 'UTF-16LE with BOM, no declaration', base, bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(noDecl, 'utf16le')]) };
  yield { family: 'encoding', what: 'declared UTF-16, bytes UTF-8', base, bytes: Buffer.from(withDecl('UTF-16')) };
  yield { family: 'encoding', what: 'declared utf8', base, bytes: Buffer.from(withDecl('utf8')) };
  yield { family: 'encoding', what: 'declared UTF8', base, bytes: Buffer.from(withDecl('UTF8')) };
  yield { family: 'encoding', what: 'declared lower-case utf-8', base, bytes: Buffer.from(withDecl('utf-8')) };
  yield { family: 'encoding', what: 'declared unknown encoding', base, bytes: Buffer.from(withDecl('x-unknown')) };
  yield { family: 'encoding', what: 'declared empty encoding', base, bytes: Buffer.from(withDecl('')) };
  if (latin1Safe) {
    for (const enc of ['ISO-8859-1', 'iso-8859-1', 'latin1', 'ISO8859-1', 'ISO-8859-15', 'windows-1252', 'CP1252', 'ISO-LATIN-1']) {
      yield { family: 'encoding', what: `re-encoded as ${enc}`, base, bytes: Buffer.from(withDecl(enc), 'latin1') };
    }
  }
  const ascii = [...noDecl].map((c) => (c.charCodeAt(0) < 128 ? c : `&#${c.codePointAt(0)};`)).join('').replace(/&#(5[5-7]\d{3});&#(5[6-7]\d{3});/g, (m) => m);
  for (const enc of ['US-ASCII', 'ASCII', 'ANSI_X3.4-1968']) {
    yield { family: 'encoding', what: `ASCII with references, declared ${enc}`, base, bytes: Buffer.from(withDecl(enc).replace(noDecl, ascii)) };
  }
  yield { family: 'encoding', what: 'declared ISO-8859-1, bytes UTF-8 with non-ASCII', base, bytes: Buffer.from(withDecl('ISO-8859-1') + '<!-- ä€ -->') };
  yield { family: 'encoding', what: 'declared US-ASCII, bytes UTF-8 with non-ASCII', base, bytes: Buffer.from(withDecl('US-ASCII').replace(/(<[^!?])/, '<!-- ä -->$1')) };
  yield { family: 'encoding', what: 'invalid UTF-8 byte in a comment', base, bytes: Buffer.concat([Buffer.from(t), Buffer.from('<!-- '), Buffer.from([0xff]), Buffer.from(' -->')]) };
  yield { family: 'encoding', what: 'overlong UTF-8 in a comment', base, bytes: Buffer.concat([Buffer.from(t), Buffer.from('<!-- '), Buffer.from([0xc0, 0xaf]), Buffer.from(' -->')]) };
  yield { family: 'encoding', what: 'windows-1252 euro sign', base, bytes: Buffer.concat([Buffer.from(withDecl('windows-1252')), Buffer.from('<!-- '), Buffer.from([0x80]), Buffer.from(' -->')]) };
}

/** The child elements of the element whose content starts at `from`: name and offsets (well-formed input). */
function childElements(t, from) {
  const out = [];
  let depth = 0;
  let cur = null;
  const TAG = /<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>/g;
  TAG.lastIndex = from;
  for (let m; (m = TAG.exec(t)); ) {
    if (!m[2]) continue;
    if (m[1]) {
      if (depth === 0) break;
      depth--;
      if (depth === 0 && cur) {
        out.push({ ...cur, end: TAG.lastIndex });
        cur = null;
      }
    } else if (m[3]) {
      if (depth === 0) out.push({ name: m[2], start: m.index, end: TAG.lastIndex });
    } else {
      if (depth === 0) cur = { name: m[2], start: m.index };
      depth++;
    }
  }
  return out;
}

const EXT = 'urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2';
const CBC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';

/** Content for a UBL extension (ext:ExtensionContent admits any element of another namespace, laxly validated). */
const EXTENSION_CONTENT = [
  ['known element, valid', `<cbc:Note xmlns:cbc="${CBC}">x</cbc:Note>`],
  ['known element, date with spaces', `<cbc:IssueDate xmlns:cbc="${CBC}"> 2024-01-01 </cbc:IssueDate>`],
  ['known element, invalid date', `<cbc:IssueDate xmlns:cbc="${CBC}">2024-13-01</cbc:IssueDate>`],
  ['known element, base64 with a foreign character', `<cbc:EmbeddedDocumentBinaryObject xmlns:cbc="${CBC}" mimeCode="application/pdf" filename="a.pdf">AAAA*</cbc:EmbeddedDocumentBinaryObject>`],
  ['known element, base64 valid', `<cbc:EmbeddedDocumentBinaryObject xmlns:cbc="${CBC}" mimeCode="application/pdf" filename="a.pdf">AAAA</cbc:EmbeddedDocumentBinaryObject>`],
  ['unknown element', '<f:x xmlns:f="urn:foreign"><f:y>1</f:y></f:x>'],
  ['unknown element holding a known one with a bad date', `<f:x xmlns:f="urn:foreign"><cbc:IssueDate xmlns:cbc="${CBC}">nope</cbc:IssueDate></f:x>`],
  ['unknown element holding a date with spaces', `<f:x xmlns:f="urn:foreign"><cbc:IssueDate xmlns:cbc="${CBC}"> 2024-01-01 </cbc:IssueDate></f:x>`],
  ['element of the extension namespace', `<ext:ExtensionURI xmlns:ext="${EXT}">urn:x</ext:ExtensionURI>`],
  ['no element', ''],
  ['two elements', '<f:x xmlns:f="urn:foreign"/><f:y xmlns:f="urn:foreign"/>'],
  ['text only', 'x'],
  ['whitespace CDATA beside the element', '<![CDATA[ ]]><f:x xmlns:f="urn:foreign"/>'],
  ['signature skeleton', '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/></ds:Signature>'],
  ['signature with a foreign character in base64', '<ds:X509Certificate xmlns:ds="http://www.w3.org/2000/09/xmldsig#">AAAA*</ds:X509Certificate>'],
  ['signature certificate with spaces', '<ds:X509Certificate xmlns:ds="http://www.w3.org/2000/09/xmldsig#"> AAAA </ds:X509Certificate>'],
  ['XAdES signing time with spaces', '<xades:SigningTime xmlns:xades="http://uri.etsi.org/01903/v1.3.2#"> 2024-01-01T10:00:00Z </xades:SigningTime>'],
  ['XAdES signing time invalid', '<xades:SigningTime xmlns:xades="http://uri.etsi.org/01903/v1.3.2#">2024-01-01</xades:SigningTime>'],
];

/** An XML signature as UBL extension content, its base64 values given. */
export const signature = ({ digest = 'QUJD', value = 'QUJD', cert = 'QUJD' } = {}) =>
  '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>' +
  '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2006/12/xml-c14n11"/>' +
  '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>' +
  '<ds:Reference URI=""><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>' +
  `<ds:DigestValue>${digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>` +
  `<ds:SignatureValue>${value}</ds:SignatureValue>` +
  `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>`;
for (const [what, v] of [['valid', 'QUJD'], ['spaces', ' QU JD\n'], ['asterisk', 'QUJD*'], ['no-break space', 'QUJD\u00a0'], ['umlaut', 'ÄUJD'], ['bad length', 'QUJ']]) {
  EXTENSION_CONTENT.push([`signature digest ${what}`, signature({ digest: v })]);
  EXTENSION_CONTENT.push([`signature value ${what}`, signature({ value: v })]);
  EXTENSION_CONTENT.push([`signature certificate ${what}`, signature({ cert: v })]);
}

const DATETIME_VALUES = [
  '2024-01-01T10:00:00', '2024-01-01T10:00:00Z', '2024-01-01T10:00:00+01:00', '2024-01-01T24:00:00', '2024-01-01T10:00',
  '2024-01-01', '2024-01-01T10:00:00.123', '2024-01-01 10:00:00', '2024-02-30T10:00:00', '2024-01-01T10:00:00+14:01',
  '20240101T100000',
];

/** Elements of the types no corpus document has (xs:time, xs:dateTime), and UBL extensions. */
function* injected(bases) {
  const ubl = bases.find((b) => b.syntax === 'ubl-invoice' && /<cbc:IssueDate>[^<]*<\/cbc:IssueDate>/.test(b.text));
  const cii = bases.find((b) => b.syntax === 'cii' && /<udt:DateTimeString format="102">\d{8}<\/udt:DateTimeString>/.test(b.text));
  if (ubl) {
    const m = /<cbc:IssueDate>[^<]*<\/cbc:IssueDate>/.exec(ubl.text);
    const at = m.index + m[0].length;
    const put = (value) => splice(ubl.text, at, at, `<cbc:IssueTime>${value}</cbc:IssueTime>`);
    for (const t of ['10:00:00', ...TIME_VALUES]) {
      yield { family: 'injected-time', what: `cbc:IssueTime ${JSON.stringify(t)}`, base: ubl, text: put(t) };
      for (const [name, f] of WRAPPERS.slice(0, 14))
        yield { family: 'injected-time-' + name, what: `cbc:IssueTime ${JSON.stringify(t)} ${name}`, base: ubl, text: put(f(t)) };
    }
    // ext:UBLExtensions comes first in the invoice
    const rootStart = ubl.text.search(/<[A-Za-z_]/);
    const first = ubl.text.indexOf('<', ubl.text.indexOf('>', rootStart) + 1);
    for (const [what, content] of EXTENSION_CONTENT) {
      const ext = `<ext:UBLExtensions xmlns:ext="${EXT}"><ext:UBLExtension><ext:ExtensionContent>${content}</ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>`;
      yield { family: 'extension', what, base: ubl, text: splice(ubl.text, first, first, ext) };
    }
  }
  if (cii) {
    const m = /<udt:DateTimeString format="102">(\d{4})(\d\d)(\d\d)<\/udt:DateTimeString>/.exec(cii.text);
    const put = (value) => splice(cii.text, m.index, m.index + m[0].length, `<udt:DateTime>${value}</udt:DateTime>`);
    for (const t of DATETIME_VALUES) {
      yield { family: 'injected-datetime', what: `udt:DateTime ${JSON.stringify(t)}`, base: cii, text: put(t) };
      for (const [name, f] of WRAPPERS.slice(0, 14))
        yield { family: 'injected-datetime-' + name, what: `udt:DateTime ${JSON.stringify(t)} ${name}`, base: cii, text: put(f(t)) };
    }
  }
}

/** Encoding declarations: names the engines may or may not know, on a document of ASCII bytes. */
export const ENCODING_LABELS = [
  'UTF-8', 'utf-8', 'UTF8', 'utf8', 'UTF-16', 'UTF-16LE', 'UTF-16BE', 'UTF-32', 'UCS-2', 'UCS-4', 'ISO-10646-UCS-2',
  'US-ASCII', 'ASCII', 'us-ascii', 'ANSI_X3.4-1968', 'ISO646-US', 'IBM367', 'CP367', 'CSASCII', 'US', 'ISO-IR-6',
  'ISO-8859-1', 'iso-8859-1', 'ISO_8859-1', 'ISO_8859-1:1987', 'ISO-IR-100', 'LATIN1', 'latin1', 'L1', 'IBM819',
  'CP819', 'CSISOLATIN1', 'ISO-LATIN-1', 'ISO8859-1', 'ISO8859_1', '8859_1', 'ISO-8859-2', 'ISO-8859-9',
  'ISO-8859-15', 'LATIN-9', 'ISO_8859-15', 'WINDOWS-1252', 'windows-1252', 'CP1252', 'X-CP1252', 'WINDOWS-1250',
  'KOI8-R', 'SHIFT_JIS', 'SJIS', 'EUC-JP', 'GB2312', 'GBK', 'GB18030', 'BIG5', 'EBCDIC-CP-US', 'CP037', 'IBM037',
  'UTF-7', 'MACINTOSH', 'X-MAC-ROMAN', 'TIS-620', 'WINDOWS-874', 'IBM850', 'CP850', 'IBM437', 'ISO-2022-JP',
  'x-user-defined', 'UNICODE', 'UTF 8', 'UTF_8', '', 'none',
];

/** The document with an encoding declaration `label`, every non-ASCII character a reference. */
export function withEncodingLabel(text, label) {
  const body = text.replace(/^\s*<\?xml[^?]*\?>/, '').replace(/^\s+/, '');
  const ascii = [...body].map((c) => (c.charCodeAt(0) < 128 ? c : `&#${c.codePointAt(0)};`)).join('');
  return Buffer.from(`<?xml version="1.0" encoding="${label}"?>\n` + ascii, 'latin1');
}
