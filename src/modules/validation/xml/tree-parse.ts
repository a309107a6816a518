import { engineFinding, type Finding } from '../findings.js';
import {
  cutAttachments,
  ELIDE_FROM,
  isAttachmentElement,
  isAttachmentName,
  type CutDocument,
} from './attachments.js';
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
const LATIN1 = new Set(['iso-8859-1', 'latin1', 'iso-latin-1', 'us-ascii', 'ascii']);
const UTF8 = new Set(['utf-8', 'utf8']);

/**
 * Whether we can decode the declared encoding for the tree (libxml2 decides separately
 * whether it can parse it): UTF-8/16, Latin-1 and everything the runtime's TextDecoder
 * knows (windows-1252, ISO-8859-15, ...), which covers what suppliers send.
 */
function decodable(label: string): boolean {
  const l = label.toLowerCase();
  if (UTF8.has(l) || LATIN1.has(l) || l.startsWith('utf-16')) return true;
  try {
    new TextDecoder(l);
    return true;
  } catch {
    return false;
  }
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
  const pre = precheck(bytes, limits);
  if ('finding' in pre) return { ok: false, finding: pre.finding };
  try {
    const { root, parsed } = treeOf(bytes, pre);
    return { ok: true, root, parsed };
  } catch (error) {
    return { ok: 'unsure', error };
  }
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
  const enc = (declared ?? 'utf-8').toLowerCase();
  if (!(codes instanceof Uint8Array && UTF8.has(enc)))
    return { root: buildTree(decode(bytes, codes, enc)), parsed: bytes };
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
  if (declared !== null && !decodable(declared)) {
    return fail(engineFinding('XML-ENCODING', { detail: `(${declared.slice(0, 40)})` }));
  }

  // attachment texts are looked for only where they can be cut: UTF-8 (see treeOf)
  const attachments: number[] = [];
  const utf8 = codes instanceof Uint8Array && UTF8.has((declared ?? 'utf-8').toLowerCase());
  const scan = prescan(codes, start, limits, utf8 ? attachments : undefined);
  if (scan.kind !== 'ok') return fail(scan.finding);
  return { codes, declared, attachments };
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
