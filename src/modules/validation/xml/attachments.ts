/**
 * Embedded attachments (UBL cbc:EmbeddedDocumentBinaryObject, CII
 * ram:AttachmentBinaryObject) are most of the bytes of many invoices: a third of the
 * XRechnung test suite carries 200-400 KB of base64 each. Both parsers would copy that
 * text (libxml2 into its tree, we into one large string, which V8 allocates outside its
 * young generation at six times the cost per byte), and no rule reads it but a few that
 * ask for its presence or, rarely, its content.
 *
 * So the parsers are given the document with each such text cut out when it is long
 * (ELIDE_FROM bytes or more) and strictly valid base64: only its line breaks are kept, so
 * that every later line number stays what it was. The cut cannot change what either
 * parser decides:
 * - well-formedness: base64 and whitespace hold no markup ('<', '&'), and the cut spans
 *   exactly the whole content of one element (from its start tag to its end tag);
 * - the schema: both element types are xs:base64Binary without facets, for which the
 *   empty string is as valid as any strictly valid value (libxml2 itself is more lenient);
 * - the rules: our tree hands out the original text on demand (see buildTree); a cut
 *   text holds at least one base64 character, so its element is known not to be empty.
 * Which elements qualify is decided by name here, by namespace once the tree is built
 * (see secure-parse.ts); anything else is parsed as it is.
 */

import { NS, type XNode } from './xnode.js';

/** Texts shorter than this are left as they are: cutting would not pay for itself. */
export const ELIDE_FROM = 4096;

/** One cut: the content of the element whose start tag ends just before `at` in the cut bytes. */
export interface Cut {
  /** Offset in the cut bytes where the text was. */
  readonly at: number;
  /** Where the text lies in the original bytes. */
  readonly start: number;
  readonly end: number;
}

export interface CutDocument {
  readonly bytes: Uint8Array;
  readonly cuts: readonly Cut[];
}

const LOCAL_NAMES = ['EmbeddedDocumentBinaryObject', 'AttachmentBinaryObject'].map((s) => Buffer.from(s));

/** Whether the element is an attachment: UBL cbc:EmbeddedDocumentBinaryObject or CII ram:AttachmentBinaryObject. */
export function isAttachmentElement(n: XNode): boolean {
  return (
    (n.local === 'EmbeddedDocumentBinaryObject' && n.ns === NS.cbc) ||
    (n.local === 'AttachmentBinaryObject' && n.ns === NS.ram)
  );
}

/**
 * Whether the start tag's name (bytes `from` up to the first space, '/' or '>') has one
 * of the two local names, with any prefix.
 */
export function isAttachmentName(bytes: Uint8Array, from: number): boolean {
  let end = from;
  const n = bytes.length;
  for (; end < n; end++) {
    const c = bytes[end];
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2f || c === 0x3e) break;
  }
  for (const local of LOCAL_NAMES) {
    const start = end - local.length;
    if (start < from || (start > from && bytes[start - 1] !== 0x3a) /* : */) continue;
    let same = true;
    for (let k = 0; k < local.length && same; k++) same = bytes[start + k] === local[k];
    if (same) return true;
  }
  return false;
}

// Character classes for the base64 scan, one bit each.
const ALPHABET = 1;
const SPACE = 2;
const PAD = 4;
const FOREIGN = 8;
const CLASS = new Uint8Array(256).fill(FOREIGN);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')
  CLASS[c.charCodeAt(0)] = ALPHABET;
for (const c of ' \t\n\r') CLASS[c.charCodeAt(0)] = SPACE;
CLASS[0x3d] = PAD;
// Two bytes at a time (a 64 KB table): the scan is the whole cost of a cut.
const PAIR = new Uint8Array(65536);
for (let i = 0; i < 65536; i++) PAIR[i] = CLASS[i & 0xff] | CLASS[i >>> 8];

/**
 * The classes (or-ed together) of bytes start..end: eight bytes per turn, as two 32-bit
 * reads and four pair look-ups (2.5 times the speed of one pair per turn), and the last
 * eight read unconditionally (overlapping), at any alignment. A loop for a ragged start
 * or end would run too rarely to be optimised, and its optimised code would fall back to
 * the interpreter on every document that had one. Texts under eight bytes go byte by byte.
 */
function classesOf(bytes: Uint8Array, start: number, end: number): number {
  const n = end - start;
  let seen = 0;
  if (n < 8) {
    for (let k = start; k < end; k++) seen |= CLASS[bytes[k]];
    return seen;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, n);
  const last = n - 8;
  for (let k = 0; k < last; k += 8) {
    const a = view.getUint32(k, true);
    const b = view.getUint32(k + 4, true);
    seen |= PAIR[a & 0xffff] | PAIR[a >>> 16] | PAIR[b & 0xffff] | PAIR[b >>> 16];
  }
  const a = view.getUint32(last, true);
  const b = view.getUint32(last + 4, true);
  return seen | PAIR[a & 0xffff] | PAIR[a >>> 16] | PAIR[b & 0xffff] | PAIR[b >>> 16];
}

const AFTER_ONE_PAD = new Set([...'AEIMQUYcgkosw048'].map((c) => c.charCodeAt(0)));
const AFTER_TWO_PADS = new Set([...'AQgw'].map((c) => c.charCodeAt(0)));

/**
 * Whether bytes start..end are in the lexical space of xs:base64Binary (XSD 1.0,
 * §3.2.16): the alphabet with whitespace anywhere, a multiple of four characters, at
 * most two '=' at the very end, and before the padding a character that leaves no
 * stray bits (xsd/binary-elision.ts judges texts by it too).
 */
export function isStrictBase64Bytes(bytes: Uint8Array, start: number, end: number): boolean {
  return base64Classes(bytes, start, end) >= 0;
}

/** The classes seen in a strictly valid base64 text, -1 when it is not one. */
function base64Classes(bytes: Uint8Array, start: number, end: number): number {
  const seen = classesOf(bytes, start, end);
  if ((seen & FOREIGN) !== 0) return -1;
  let body = end;
  let pads = 0;
  if ((seen & PAD) !== 0) {
    body = bytes.indexOf(0x3d, start);
    for (let k = body; k < end; k++) {
      const c = CLASS[bytes[k]];
      if (c === PAD) pads++;
      else if (c !== SPACE) return -1; // an alphabet character after the padding
    }
    if (pads > 2) return -1;
  }
  const symbols = body - start - ((seen & SPACE) !== 0 ? spacesIn(bytes, start, body) : 0);
  if ((symbols + pads) % 4 !== 0) return -1;
  if (pads === 0) return seen;
  let last = body - 1;
  while (last >= start && CLASS[bytes[last]] === SPACE) last--;
  if (last < start) return -1;
  return (pads === 1 ? AFTER_ONE_PAD : AFTER_TWO_PADS).has(bytes[last]) ? seen : -1;
}

/** How many of bytes start..end are whitespace (native searches: wrapped base64 has thousands of line breaks). */
function spacesIn(bytes: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (const c of [0x0a, 0x0d, 0x20, 0x09]) {
    for (let k = bytes.indexOf(c, start); k >= 0 && k < end; k = bytes.indexOf(c, k + 1)) n++;
  }
  return n;
}

/**
 * The document with the given texts (pairs of start and end offsets, in document order)
 * cut out where they are strictly valid base64; null when none is.
 */
export function cutAttachments(bytes: Uint8Array, candidates: readonly number[]): CutDocument | null {
  const kept: number[] = [];
  const breaks: Uint8Array[] = [];
  let size = bytes.length;
  for (let i = 0; i < candidates.length; i += 2) {
    const start = candidates[i];
    const end = candidates[i + 1];
    const seen = base64Classes(bytes, start, end);
    // never a text without a single base64 character: it would be an empty element
    if (seen < 0 || (seen & ALPHABET) === 0) continue;
    const b = (seen & SPACE) !== 0 ? lineBreaks(bytes, start, end) : NO_BREAKS;
    kept.push(start, end);
    breaks.push(b);
    size -= end - start - b.length;
  }
  if (kept.length === 0) return null;
  const out = new Uint8Array(size);
  const cuts: Cut[] = [];
  let from = 0;
  let to = 0;
  for (let i = 0; i < kept.length; i += 2) {
    const start = kept[i];
    const end = kept[i + 1];
    out.set(bytes.subarray(from, start), to);
    to += start - from;
    cuts.push({ at: to, start, end });
    out.set(breaks[i / 2], to);
    to += breaks[i / 2].length;
    from = end;
  }
  out.set(bytes.subarray(from), to);
  return { bytes: out, cuts };
}

const NO_BREAKS = new Uint8Array(0);

/** The CR and LF bytes of start..end, in order (they carry the line count). */
function lineBreaks(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const cr = bytes.indexOf(0x0d, start);
  if (cr < 0 || cr >= end) {
    // line feeds only (the common case): as many as there are
    let n = 0;
    for (let k = bytes.indexOf(0x0a, start); k >= 0 && k < end; k = bytes.indexOf(0x0a, k + 1)) n++;
    return n === 0 ? NO_BREAKS : new Uint8Array(n).fill(0x0a);
  }
  const out: number[] = [];
  for (let k = start; k < end; k++) {
    const c = bytes[k];
    if (c === 0x0a || c === 0x0d) out.push(c);
  }
  return Uint8Array.from(out);
}
