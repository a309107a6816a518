import { engineFinding, type Finding } from '../findings.js';
import {
  cutAttachments,
  ELIDE_FROM,
  isAttachmentElement,
  isAttachmentName,
  type CutDocument,
} from './attachments.js';
import { decodeHighHalf, HIGH_HALVES } from './code-pages.js';
import { buildTree, type DeferredText } from './tree-builder.js';
import type { XNode } from './xnode.js';

/**
 * The hardened parse up to libxml2 (see secure-parse.ts for the whole): the limits, the
 * encoding, the DOCTYPE refusal, the attachment cut and our element tree. No libxml2 here,
 * so that a validator whose libxml2 work runs on its schema thread never loads libxml2 on
 * its own thread unless a document needs it (pipeline/steps.ts).
 */
export interface ParseLimits {
  /** Bytes per XML document, checked before parsing. */
  readonly maxBytes: number;
  /** Element nesting depth. Real invoices stay below 20. */
  readonly maxDepth: number;
  /** Elements per document. A 10,000-line invoice has about 400,000. */
  readonly maxElements: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxDepth: 100,
  maxElements: 2_000_000,
};

type Code = Uint8Array | Uint16Array;

/** Single-byte encodings read as Latin-1 (one byte, one code point). */
const LATIN1 = new Set(['iso-8859-1', 'us-ascii']);
const UTF8 = new Set(['utf-8', 'utf8']);

/**
 * The encoding names the official engine accepts (the JDK's Xerces, which looks the name
 * up in upper case among IANA names and their aliases), for the encodings we read, each
 * with the name our decoder and libxml2 are given. A name missing here is refused, as
 * Xerces refuses a name it does not know ('ISO-LATIN-1', 'X-CP1252', a mistyped one)
 * even where libxml2 or the runtime's TextDecoder would read it. Xerces also reads
 * EBCDIC code pages (IBM037, ...): we have no decoder for those, and refuse them.
 */
const ENCODINGS = new Map<string, string>();
function names(canonical: string, ...aliases: string[]): void {
  for (const n of [canonical, ...aliases]) ENCODINGS.set(n, canonical);
}
names('UTF-8', 'UTF8');
names('UTF-16');
names('UTF-16BE');
names('UTF-16LE');
names(
  'US-ASCII',
  'ASCII',
  'ISO-IR-6',
  'ANSI_X3.4-1968',
  'ANSI_X3.4-1986',
  'CSASCII',
  'ISO646-US',
  'US',
  'IBM367',
  'CP367',
  'IBM-367',
);
names(
  'ISO-8859-1',
  'ISO-IR-100',
  'ISO_8859-1',
  'LATIN1',
  'CSISOLATIN1',
  'L1',
  'IBM819',
  'CP819',
  'IBM-819',
  'ISO8859-1',
  'ISO8859_1',
);
names('ISO-8859-2', 'ISO-IR-101', 'ISO_8859-2', 'LATIN2', 'CSISOLATIN2', 'L2');
names('ISO-8859-3', 'ISO-IR-109', 'ISO_8859-3', 'LATIN3', 'CSISOLATIN3', 'L3');
names('ISO-8859-4', 'ISO-IR-110', 'ISO_8859-4', 'LATIN4', 'CSISOLATIN4', 'L4');
names('ISO-8859-5', 'ISO-IR-144', 'ISO_8859-5', 'CYRILLIC', 'CSISOLATINCYRILLIC');
names('ISO-8859-6', 'ISO-IR-127', 'ISO_8859-6', 'ECMA-114', 'ASMO-708', 'ARABIC', 'CSISOLATINARABIC');
names('ISO-8859-7', 'ISO-IR-126', 'ISO_8859-7', 'ELOT_928', 'ECMA-118', 'GREEK', 'CSISOLATINGREEK', 'GREEK8');
names('ISO-8859-8', 'ISO-8859-8-I', 'ISO-IR-138', 'ISO_8859-8', 'HEBREW', 'CSISOLATINHEBREW');
names('ISO-8859-9', 'ISO-IR-148', 'ISO_8859-9', 'LATIN5', 'CSISOLATIN5', 'L5');
names('ISO-8859-13');
names('ISO-8859-15', 'ISO_8859-15', 'LATIN-9');
for (let cp = 1250; cp <= 1258; cp++) names(`WINDOWS-${cp}`, `CP${cp}`);
ENCODINGS.set('IBM-1252', 'WINDOWS-1252');
ENCODINGS.set('IBM1252', 'WINDOWS-1252');
names('ISO-2022-KR', 'CSISO2022KR');
names('WINDOWS-874');
names('ISO-8859-16');
names('IBM437', 'CP437', 'IBM-437', 'CSPC8CODEPAGE437');
names('IBM850', 'CP850', 'IBM-850', 'CSPC850MULTILINGUAL');
names('KOI8-R', 'CSKOI8R');
names('KOI8-U');
names('SHIFT_JIS', 'CSSHIFTJIS', 'MS_KANJI', 'SJIS');
names('EUC-JP', 'CSEUCPKDFMTJAPANESE');
names('EUC-KR', 'CSEUCKR');
names('ISO-2022-JP', 'CSISO2022JP');
names('GB2312', 'CSGB2312');
names('GBK', 'CP936', 'MS936', 'WINDOWS-936');
names('GB18030');
names('BIG5');
names('TIS-620');

/** The name our decoder and libxml2 are given for a declared encoding, or null when it is refused. */
export function canonicalEncoding(label: string): string | null {
  return ENCODINGS.get(label.toUpperCase()) ?? null;
}

const LT = 0x3c;
const GT = 0x3e;
const NL = 0x0a;

export type UncheckedParseResult =
  | { readonly ok: true; readonly root: XNode; readonly parsed: Uint8Array }
  | { readonly ok: false; readonly finding: Finding }
  /** The tree could not be built (`error`, the builder's): only libxml2 can say what is wrong. */
  | { readonly ok: 'unsure'; readonly error: unknown };

/**
 * Everything secureParse does except libxml2's parse: the limits, the encoding, the
 * DOCTYPE refusal, then the tree. Well-formedness is NOT established: the caller must have
 * libxml2 parse the document (`parsed`) as well (the schema thread does, in parallel) and
 * discard everything built on this tree if it is not well-formed.
 */
export function parseUnchecked(
  bytes: Uint8Array,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
): UncheckedParseResult {
  const xml11 = isXml11(bytes);
  if (xml11) {
    const v11 = lineEnds11(bytes);
    if ('finding' in v11) return { ok: false, finding: v11.finding };
    bytes = v11.bytes;
  }
  const pre = precheck(bytes, limits);
  if ('finding' in pre) return { ok: false, finding: pre.finding };
  try {
    const { root, parsed } = treeOf(bytes, pre);
    return { ok: true, root, parsed: xml11 ? controlReferences11(parsed) : parsed };
  } catch (error) {
    return { ok: 'unsure', error };
  }
}

const XML11 = /^(?:\xef\xbb\xbf)?\s*<\?xml\s+version\s*=\s*["']1\.1["']/;

/** A document in UTF-8 (or ASCII) that declares XML 1.1. */
function isXml11(bytes: Uint8Array): boolean {
  if (bytes[0] === 0xfe || bytes[0] === 0xff || bytes[0] === 0x00 || bytes[1] === 0x00) return false;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 64)).toString('latin1');
  if (!XML11.test(head)) return false;
  const enc = /encoding\s*=\s*["']([^"']*)["']/.exec(
    Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 200)).toString('latin1'),
  );
  return enc === null || UTF8.has(encodingOf(enc[1]));
}

/**
 * XML 1.1 as the official engine reads it (Xerces does, libxml2 does not): NEXT LINE
 * (U+0085), LINE SEPARATOR (U+2028) and CR NEL are line ends, read as a line feed; the C1
 * controls and DEL must be written as references, so a raw one is not well-formed. The
 * document goes on as if it had been written with line feeds. References to C0 controls
 * are allowed (see controlReferences11).
 */
function lineEnds11(bytes: Uint8Array): { bytes: Uint8Array } | { finding: Finding } {
  const out = Buffer.alloc(bytes.length);
  let o = 0;
  let line = 1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x0a) line++;
    if (b === 0x7f || (b === 0xc2 && bytes[i + 1] >= 0x80 && bytes[i + 1] <= 0x9f && bytes[i + 1] !== 0x85)) {
      return {
        finding: engineFinding('XML-NOT-WELL-FORMED', {
          detail: `${line}: a control character (XML 1.1 admits it only as a character reference)`,
          line,
        }),
      };
    }
    if (b === 0xc2 && bytes[i + 1] === 0x85) {
      // CR NEL is one line end, as CR LF is
      if (o > 0 && out[o - 1] === 0x0d) o--;
      out[o++] = 0x0a;
      line++;
      i++;
    } else if (b === 0xe2 && bytes[i + 1] === 0x80 && bytes[i + 2] === 0xa8) {
      out[o++] = 0x0a;
      line++;
      i += 2;
    } else out[o++] = b;
  }
  return { bytes: out.subarray(0, o) };
}

const CHAR_REF = /&#(x[0-9a-fA-F]+|[0-9]+);/g;

/**
 * What libxml2 is to parse of an XML 1.1 document: references to C0 controls (which XML
 * 1.1 admits and libxml2, reading XML 1.0, refuses) replaced by one to U+FFFD. To the
 * schema both are one character that is neither whitespace nor base64 nor in any code
 * list, so the verdict stays; our tree (what the rules read) keeps the control itself.
 */
function controlReferences11(bytes: Uint8Array): Uint8Array {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (!text.includes('&#')) return bytes;
  let changed = false;
  const out = text.replace(CHAR_REF, (ref: string, n: string) => {
    const code = n[0] === 'x' ? parseInt(n.slice(1), 16) : parseInt(n, 10);
    if (code < 1 || code > 0x1f || code === 0x09 || code === 0x0a || code === 0x0d) return ref;
    changed = true;
    return '&#xFFFD;';
  });
  return changed ? Buffer.from(out, 'latin1') : bytes;
}

export interface Prechecked {
  readonly codes: Code;
  readonly declared: string | null;
  /** Start and end offsets of attachment texts that may be cut out (see xml/attachments.ts). */
  readonly attachments: readonly number[];
}

export interface Tree {
  readonly root: XNode;
  /** The bytes libxml2 is to parse. */
  readonly parsed: Uint8Array;
}

export function treeOf(bytes: Uint8Array, pre: Prechecked): Tree {
  const { codes, declared, attachments } = pre;
  const enc = encodingOf(declared);
  if (!(codes instanceof Uint8Array && UTF8.has(enc))) {
    const text = decode(bytes, codes, enc);
    if (UNKNOWN_TO_LIBXML2.has(enc)) return { root: buildTree(text), parsed: asUtf8(text) };
    return { root: buildTree(text), parsed: forLibxml2(bytes, codes, declared) };
  }
  const cut = attachments.length > 0 ? cutAttachments(bytes, attachments) : null;
  if (cut !== null) {
    const tree = cutTree(bytes, cut);
    if (tree !== null) return tree;
  }
  // UTF-8 is handed over as Latin-1 text and re-read per string (see buildTree)
  return { root: buildTree(latin1(bytes), { bytes, offset: bomLength(bytes) }), parsed: bytes };
}

/**
 * The tree of a document whose attachments were cut out, those elements reading their
 * text from the original bytes on demand. null unless every cut is the text of a UBL
 * cbc:EmbeddedDocumentBinaryObject or CII ram:AttachmentBinaryObject (checked here, now
 * that namespaces are resolved): the caller then parses the document as it is.
 */
function cutTree(bytes: Uint8Array, cut: CutDocument): Tree | null {
  const offset = bomLength(cut.bytes);
  const original = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const deferred: DeferredText[] = cut.cuts.map(({ at, start, end }) => ({
    at: at - offset,
    // base64 is ASCII: Latin-1 reads it as UTF-8 would
    read: () => original.toString('latin1', start, end),
  }));
  const root = buildTree(latin1(cut.bytes), { bytes: cut.bytes, offset }, deferred);
  for (const d of deferred) if (!d.node || !isAttachmentElement(d.node)) return null;
  return { root, parsed: cut.bytes };
}

/** The checks before any parsing: size, encoding, binary data, DOCTYPE, depth, elements. */
export function precheck(bytes: Uint8Array, limits: ParseLimits): Prechecked | { finding: Finding } {
  const fail = (finding: Finding) => ({ finding });
  if (bytes.length > limits.maxBytes) {
    return fail(
      engineFinding('DOCUMENT-TOO-LARGE', {
        detail: {
          de: `(${bytes.length} Bytes, höchstens ${limits.maxBytes})`,
          en: `(${bytes.length} bytes, at most ${limits.maxBytes})`,
        },
      }),
    );
  }
  const codes = toCodeUnits(bytes);
  if (codes === null) return fail(engineFinding('XML-ENCODING', { detail: 'UTF-16' }));
  let start = 0;
  if (codes instanceof Uint8Array && codes[0] === 0xef && codes[1] === 0xbb && codes[2] === 0xbf) start = 3;
  if (codes instanceof Uint16Array && codes[0] === 0xfeff) start = 1;
  while (start < codes.length && isSpace(codes[start])) start++;
  if (start >= codes.length) return fail(engineFinding('XML-EMPTY'));
  if (codes[start] !== LT) return fail(engineFinding('NOT-XML'));
  if (hasNul(codes, start)) return fail(engineFinding('NOT-XML'));

  const declared = declaredEncoding(codes, start);
  if (declared !== null && canonicalEncoding(declared) === null) {
    return fail(engineFinding('XML-ENCODING', { detail: `(${declared.slice(0, 40)})` }));
  }

  // attachment texts are looked for only where they can be cut: UTF-8 (see treeOf)
  const attachments: number[] = [];
  const utf8 = codes instanceof Uint8Array && UTF8.has(encodingOf(declared));
  const scan = prescan(codes, start, limits, utf8 ? attachments : undefined);
  if (scan.kind !== 'ok') return fail(scan.finding);
  return { codes, declared, attachments };
}

/** Encodings we read that libxml2 does not know: it is given the document in UTF-8. */
const UNKNOWN_TO_LIBXML2 = new Set(['windows-874', 'iso-8859-16', 'ibm437', 'ibm850', 'iso-2022-kr']);

/**
 * ISO-2022-KR (RFC 1557): ASCII, with KS X 1001 between shift-out (0x0E) and shift-in
 * (0x0F) as 7-bit pairs, announced once by ESC $ ) C. Read by way of EUC-KR, which holds
 * the same pairs with the high bit set.
 */
function iso2022kr(bytes: Uint8Array): string {
  const out: number[] = [];
  let shifted = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x1b && bytes[i + 1] === 0x24 && bytes[i + 2] === 0x29 && bytes[i + 3] === 0x43) i += 3;
    else if (b === 0x0e) shifted = true;
    else if (b === 0x0f) shifted = false;
    else out.push(shifted && b > 0x20 && b < 0x7f ? b | 0x80 : b);
  }
  return new TextDecoder('euc-kr', { fatal: true }).decode(Uint8Array.from(out));
}

/** The document as UTF-8, its declaration saying so (the same lines, so the same line numbers). */
function asUtf8(text: string): Uint8Array {
  return Buffer.from(text.replace(/^(\s*<\?xml[^?]*?encoding\s*=\s*["'])[^"']*/, '$1UTF-8'), 'utf8');
}

/** The encoding to read the document in, lower case: the canonical name of the declared one (UTF-8 when none). */
function encodingOf(declared: string | null): string {
  return ((declared === null ? null : canonicalEncoding(declared)) ?? 'UTF-8').toLowerCase();
}

/**
 * The bytes libxml2 is to parse: with an alias of an encoding name in the declaration
 * (US, LATIN2, CP1252, ...) replaced by the name itself, which libxml2 knows where it may
 * not know the alias. Lines stay as they were.
 */
function forLibxml2(bytes: Uint8Array, codes: Code, declared: string | null): Uint8Array {
  if (declared === null || !(codes instanceof Uint8Array)) return bytes;
  const canonical = canonicalEncoding(declared)!;
  if (canonical === declared.toUpperCase()) return bytes;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 400)).toString(
    'latin1',
  );
  const m = /^(\uFEFF|\u00EF\u00BB\u00BF)?(\s*<\?xml[^?]*?encoding\s*=\s*["'])([^"']*)["']/.exec(head);
  if (!m || m[3] !== declared) return bytes;
  const at = m[0].length - 1 - declared.length;
  return Buffer.concat([
    bytes.subarray(0, at),
    Buffer.from(canonical, 'latin1'),
    bytes.subarray(at + declared.length),
  ]);
}

function bomLength(bytes: Uint8Array): number {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

function latin1(bytes: Uint8Array): string {
  const start = bomLength(bytes);
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start).toString('latin1');
}

/** UTF-16 and the other encodings (UTF-8 goes through latin1() and buildTree). */
function decode(bytes: Uint8Array, codes: Code, enc: string): string {
  if (codes instanceof Uint16Array) {
    let s = '';
    for (let i = 0; i < codes.length; i += 8192) {
      s += String.fromCharCode(...codes.subarray(i, Math.min(codes.length, i + 8192)));
    }
    return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
  }
  // ISO-8859-1 and ASCII: one byte, one code point (Buffer's latin1 is true ISO-8859-1;
  // TextDecoder would read 'iso-8859-1' as windows-1252)
  if (LATIN1.has(enc))
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (enc === 'windows-1252' || enc === 'cp1252') return windows1252(bytes);
  if (enc === 'iso-2022-kr') return iso2022kr(bytes);
  const high = HIGH_HALVES[enc.toUpperCase()];
  if (high !== undefined) return decodeHighHalf(bytes, high);
  return new TextDecoder(enc, { fatal: true }).decode(bytes);
}

// windows-1252 differs from Latin-1 only in 0x80-0x9F (the runtime's TextDecoder may lack it).
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function windows1252(bytes: Uint8Array): string {
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return s.replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
}

/** Byte code units for ASCII-compatible encodings, UTF-16 code units otherwise. */
function toCodeUnits(bytes: Uint8Array): Code | null {
  const b0 = bytes[0];
  const b1 = bytes[1];
  // UTF-16 only with a byte order mark or an XML declaration ('<?') in UTF-16
  const le =
    (b0 === 0xff && b1 === 0xfe) || (b0 === 0x3c && b1 === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00);
  const be =
    (b0 === 0xfe && b1 === 0xff) || (b0 === 0x00 && b1 === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f);
  if (!le && !be) return bytes;
  if (bytes.length % 2 !== 0) return null;
  const out = new Uint16Array(bytes.length / 2);
  for (let i = 0, j = 0; j < out.length; i += 2, j++) {
    out[j] = le ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1];
  }
  return out;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Binary data: a NUL code unit in the first 4 KB (never legal in XML). */
function hasNul(codes: Code, start: number): boolean {
  const end = Math.min(codes.length, start + 4096);
  for (let i = start; i < end; i++) if (codes[i] === 0) return true;
  return false;
}

function slice(codes: Code, from: number, to: number): string {
  let s = '';
  const end = Math.min(to, codes.length);
  for (let i = from; i < end; i++) s += String.fromCharCode(codes[i]);
  return s;
}

function declaredEncoding(codes: Code, start: number): string | null {
  const head = slice(codes, start, start + 200);
  if (!head.startsWith('<?xml')) return null;
  const end = head.indexOf('?>');
  const decl = end < 0 ? head : head.slice(0, end);
  const m = /encoding\s*=\s*["']([^"']*)["']/.exec(decl);
  return m ? m[1] : null;
}

type Prescan = { kind: 'ok' } | { kind: 'fail'; finding: Finding };

function matchAt(codes: Code, i: number, s: string, caseless = false): boolean {
  for (let k = 0; k < s.length; k++) {
    let c = codes[i + k];
    if (c === undefined) return false;
    if (caseless && c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== s.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * One linear pass over the raw text before libxml2 builds anything: counts elements and
 * nesting depth (so 200,000-deep nesting never reaches the tree builder), refuses any
 * DOCTYPE and recognises HTML pages. It only has to be exact on well-formed documents;
 * on broken ones libxml2 reports the precise error afterwards. With `attachments` (a
 * document of single bytes), the start and end offsets of every attachment element's
 * text of ELIDE_FROM bytes or more that runs right up to an end tag are added to it.
 */
export function prescan(codes: Code, start: number, limits: ParseLimits, attachments?: number[]): Prescan {
  // A short loop over the markup with the rarer paths in functions of their own: V8
  // compiles each separately, and throws away (and compiles again) the code of a function
  // when a path no earlier document took is first taken.
  const n = codes.length;
  const { maxDepth, maxElements } = limits;
  // memchr for long texts (a 300 KB attachment: 2 µs instead of 75 µs for a typed array's indexOf)
  const buffer = codes instanceof Uint8Array ? Buffer.from(codes.buffer, codes.byteOffset, n) : null;
  let depth = 0;
  let elements = 0;
  let i = start;
  while (i < n) {
    i = nextLt(codes, buffer, i);
    if (i < 0) break;
    const next = codes[i + 1];
    if (next === 0x2f /* / */) {
      depth--;
      const gt = codes.indexOf(GT, i + 2);
      i = gt < 0 ? n : gt + 1;
      continue;
    }
    if (next === 0x3f /* ? */ || next === 0x21 /* ! */) {
      const after = skipMarkup(codes, i, elements > 0);
      if (after < 0)
        return refusal(codes, i, after === HTML_DOCTYPE ? 'NOT-XML' : 'XML-DTD-FORBIDDEN', limits);
      i = after;
      continue;
    }
    if (elements === 0 && isHtmlRoot(codes, i)) return refusal(codes, i, 'NOT-XML', limits);
    elements++;
    depth++;
    if (depth > maxDepth) return refusal(codes, i, 'XML-TOO-DEEP', limits);
    if (elements > maxElements) return refusal(codes, i, 'XML-TOO-MANY-ELEMENTS', limits);
    const k = startTagEnd(codes, i + 1);
    if (k < n && codes[k - 1] === 0x2f) depth--;
    else if (attachments !== undefined && k < n) {
      const lt = nextLt(codes, buffer, k + 1);
      if (lt - k - 1 >= ELIDE_FROM && codes[lt + 1] === 0x2f && isAttachmentName(codes as Uint8Array, i + 1))
        attachments.push(k + 1, lt);
      if (lt > k) {
        i = lt;
        continue;
      }
    }
    i = k + 1;
  }
  return { kind: 'ok' };
}

/**
 * The next '<' at or after `from`, or -1: most texts are short and a loop finds their end
 * sooner than a call out; beyond that, the buffer's indexOf (memchr) when there is one.
 */
function nextLt(codes: Code, buffer: Buffer | null, from: number): number {
  const end = Math.min(codes.length, from + SHORT_TEXT);
  for (let k = from; k < end; k++) if (codes[k] === LT) return k;
  if (end === codes.length) return -1;
  return buffer !== null ? buffer.indexOf(LT, end) : codes.indexOf(LT, end);
}

const SHORT_TEXT = 64;

/** The position of the '>' that ends the start tag whose name begins at `from` (quoted values honoured), or the end. */
function startTagEnd(codes: Code, from: number): number {
  const n = codes.length;
  let quote = 0;
  let k = from;
  for (; k < n; k++) {
    const d = codes[k];
    if (quote) {
      if (d === quote) quote = 0;
    } else if (d === 0x22 || d === 0x27) quote = d;
    else if (d === GT) break;
  }
  return k;
}

/** skipMarkup's answer for a DOCTYPE (any, refused) and for an HTML page's DOCTYPE. */
const DOCTYPE = -1;
const HTML_DOCTYPE = -2;

/**
 * The position after the processing instruction, comment, CDATA section or declaration
 * at `i` (the end of the text when unterminated); DOCTYPE or HTML_DOCTYPE for a DOCTYPE.
 */
function skipMarkup(codes: Code, i: number, sawRoot: boolean): number {
  if (codes[i + 1] === 0x3f /* ? */) return skipTo(codes, '?>', i + 2);
  if (matchAt(codes, i + 2, '--')) return skipTo(codes, '-->', i + 4);
  if (matchAt(codes, i + 2, '[CDATA[')) return skipTo(codes, ']]>', i + 9);
  if (matchAt(codes, i + 2, 'doctype', true))
    return !sawRoot && matchAt(codes, i + 9, ' html', true) ? HTML_DOCTYPE : DOCTYPE;
  return skipTo(codes, '>', i + 2);
}

/** The position after the next `pattern` at or after `from`, or the end. */
function skipTo(codes: Code, pattern: string, from: number): number {
  const first = pattern.charCodeAt(0);
  let k = from;
  for (;;) {
    k = codes.indexOf(first, k);
    if (k < 0) return codes.length;
    if (matchAt(codes, k, pattern)) return k + pattern.length;
    k++;
  }
}

/** The first element at `i` is an HTML page's `<html>`. */
function isHtmlRoot(codes: Code, i: number): boolean {
  if (!matchAt(codes, i + 1, 'html', true)) return false;
  const after = codes[i + 5];
  return after === GT || after === undefined || isSpace(after);
}

type Refusal = 'NOT-XML' | 'XML-DTD-FORBIDDEN' | 'XML-TOO-DEEP' | 'XML-TOO-MANY-ELEMENTS';

/** The prescan's finding for what it met at `i` (line numbers are counted only now). */
function refusal(codes: Code, i: number, id: Refusal, limits: ParseLimits): Prescan {
  let line = 1;
  for (let k = 0; k < i; k++) if (codes[k] === NL) line++;
  let detail: { de: string; en: string } | undefined;
  if (id === 'XML-TOO-DEEP')
    detail = { de: `(mehr als ${limits.maxDepth} Ebenen)`, en: `(more than ${limits.maxDepth} levels)` };
  else if (id === 'XML-TOO-MANY-ELEMENTS')
    detail = { de: `(mehr als ${limits.maxElements})`, en: `(more than ${limits.maxElements})` };
  return { kind: 'fail', finding: engineFinding(id, detail ? { line, detail } : { line }) };
}
