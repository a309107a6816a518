import { isAscii } from 'node:buffer';
import { NS, makeNode, type XAttr, type XNode } from './xnode.js';

/**
 * Builds the XNode tree from a document that libxml2 has accepted (or will be asked to
 * accept) as well-formed, and that has no DOCTYPE, hence no entities beyond the five
 * predefined ones and character references. On text that is not well-formed it either
 * builds some tree or throws MalformedError, always in linear time: every step moves
 * forward. Walking libxml2's tree through its JavaScript
 * wrappers costs a WebAssembly crossing per property; one pass over the decoded text
 * is several times faster. It is iterative (no recursion), so depth is no hazard.
 *
 * Line numbers follow libxml2: the line on which the start tag ends.
 */
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export class MalformedError extends Error {}

type Scope = Record<string, string>;

const ROOT_SCOPE: Scope = Object.assign(Object.create(null) as Scope, { xml: XML_NS, '': '' });

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, ref: string) => {
    if (ref.charCodeAt(0) === 0x23) {
      const code = ref.charCodeAt(1) === 0x78 ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return PREDEFINED[ref] ?? m;
  });
}

/** The bytes searched natively at a time for the next non-ASCII byte. */
const CHUNK = 512;

/**
 * The UTF-8 document as it reaches buildTree: `bytes` are the document's bytes, and
 * `src` is the same bytes read as Latin-1 from `offset` on (position p in `src` is byte
 * offset + p).
 */
export interface Utf8Source {
  readonly bytes: Uint8Array;
  readonly offset: number;
}

type Slicer = (src: string, from: number, to: number) => string;

function plainSlicer(src: string, from: number, to: number): string {
  return src.slice(from, to);
}

/**
 * Names, values and text are cut from the Latin-1 view and re-read as UTF-8 only when
 * they hold a byte >= 0x80. Where the next such byte lies is remembered: the builder
 * cuts in document order, so each byte is looked at about once, mostly natively in
 * chunks (embedded attachments are 100 KB and more of base64).
 */
function utf8Slicer(source: Utf8Source): Slicer {
  const { bytes, offset } = source;
  if (isAscii(bytes.subarray(offset))) return plainSlicer;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length;
  // `high` (a position in src) is the first non-ASCII byte at or after any position in [from, high]
  let from = 0;
  let high = -1;
  const nextHigh = (at: number): number => {
    if (at >= from && at <= high) return high;
    let p = offset + at;
    while (p < end) {
      const stop = Math.min(end, p + CHUNK);
      if (isAscii(bytes.subarray(p, stop))) p = stop;
      else {
        while (bytes[p] < 0x80) p++;
        break;
      }
    }
    from = at;
    high = p >= end ? Infinity : p - offset;
    return high;
  };
  return (src, start, stop) =>
    nextHigh(start) < stop ? buf.toString('utf8', offset + start, offset + stop) : src.slice(start, stop);
}

/*
 * Rules compare every element's namespace and local name with constants, millions of
 * times per second. The same string object (with its hash computed) makes those
 * comparisons a pointer check instead of a walk over 60-character URIs: namespaces are
 * replaced by the constants of NS, local names by one shared copy per qualified name.
 */
const NAMESPACES = new Map<string, string>(Object.values(NS).map((uri) => [uri, uri]));

function internNamespace(uri: string): string {
  return NAMESPACES.get(uri) ?? uri;
}

interface QName {
  readonly prefix: string;
  readonly local: string;
}

const QNAMES = new Map<string, QName>();
/** Bounds the shared copies (a hostile document may invent any number of names). */
const MAX_NAMES = 20_000;

/** The prefix and local name of a qualified name, shared by every element so named. */
function splitName(qname: string): QName {
  const known = QNAMES.get(qname);
  if (known !== undefined) return known;
  // copies of their own, not slices that would keep this document's text alive
  const own = Buffer.from(qname, 'utf8').toString('utf8');
  const colon = own.indexOf(':');
  const split = {
    prefix: colon < 0 ? '' : own.slice(0, colon),
    local: colon < 0 ? own : own.slice(colon + 1),
  };
  if (QNAMES.size < MAX_NAMES) QNAMES.set(own, split);
  return split;
}

function normalizeNewlines(s: string): string {
  return s.indexOf('\r') < 0 ? s : s.replace(/\r\n?/g, '\n');
}

function isNameEnd(c: number): boolean {
  // whitespace, '/', '>', '='
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2f || c === 0x3e || c === 0x3d;
}

interface Open {
  node: XNode;
  scope: Scope;
  text: string;
  /** The element's text was cut out of `src` (see xml/attachments.ts): its node reads it on demand. */
  deferred: boolean;
}

/**
 * An element's whole text, cut out of the document before parsing: `at` is the position
 * in `src` where it was (just after the element's start tag). The builder gives that
 * element a `text` that calls `read` when first asked, and sets `node`.
 */
export interface DeferredText {
  readonly at: number;
  read(): string;
  node?: XNode;
}

/**
 * An element whose text was cut out before parsing, read from the original bytes when
 * first asked for. A class with the reader on its prototype, deliberately: an accessor
 * defined on each node (as before) gave every such node a hidden class of its own, which
 * V8 allocates in the old generation and which referred to that node's getter. Measured:
 * every tree with an attachment then survived the young-generation collections until a
 * full one, and the rules' property accesses met a new hidden class per attachment.
 */
class DeferredTextNode implements XNode {
  readonly ns: string;
  readonly local: string;
  readonly qname: string;
  readonly attrs: readonly XAttr[];
  readonly children: XNode[];
  readonly line: number;
  readonly parent: XNode | null;
  readonly #source: DeferredText;
  #value: string | null = null;

  constructor(
    parent: XNode | null,
    ns: string,
    local: string,
    qname: string,
    attrs: XAttr[],
    line: number,
    source: DeferredText,
  ) {
    this.ns = ns;
    this.local = local;
    this.qname = qname;
    this.attrs = attrs;
    this.children = [];
    this.line = line;
    this.parent = parent;
    this.#source = source;
    source.node = this;
    if (parent) parent.children.push(this);
  }

  get text(): string {
    return (this.#value ??= normalizeNewlines(this.#source.read()));
  }
}

/** Whether the node's text was cut out of the parsed document and is read on demand. */
export function hasDeferredText(node: XNode): boolean {
  return node instanceof DeferredTextNode;
}

/*
 * The attributes of the start tag being read, as written: shared by every build (a build
 * runs start to end without interruption), counted per tag. Arrays of strings from the
 * first document on; a new array per tag (of name/value pairs, as before) cost an
 * allocation per tag and per attribute.
 */
const ATTR_NAMES: string[] = [];
const ATTR_VALUES: string[] = [];

/**
 * `src` is the document text. With `utf8`, it is the UTF-8 bytes read as Latin-1 (one
 * char per byte: far cheaper to produce than a UTF-8 decode, and markup is ASCII);
 * every name, value and text that holds a byte >= 0x80 is then re-read as UTF-8.
 */
export function buildTree(src: string, utf8?: Utf8Source, deferred?: readonly DeferredText[]): XNode {
  try {
    return build(src, utf8 ? utf8Slicer(utf8) : plainSlicer, deferred ?? null);
  } finally {
    // the last tag's strings may be slices of `src`: they must not keep it alive
    ATTR_NAMES.length = 0;
    ATTR_VALUES.length = 0;
  }
}

/*
 * One function, deliberately (its locals stay in registers; split into methods it took a
 * fifth more instructions per document). What V8 has not seen before it optimises it is
 * kept out of its way, because each time optimised code meets something new it is thrown
 * away and the function (60-85 ms of the optimising compiler) compiled again: the list of
 * cut-out texts is only read when one is due, and both ends of a start tag ('>' and '/>')
 * take the same path.
 */
function build(src: string, cut: Slicer, deferred: readonly DeferredText[] | null): XNode {
  const names = ATTR_NAMES;
  const values = ATTR_VALUES;
  const finish = (open: Open): void => {
    if (!open.deferred && open.text.length > 0) (open.node as { text: string }).text = open.text;
  };
  let nextDeferred = 0;
  // where the next cut-out text was; none is due while there is none
  let dueAt = deferred !== null && deferred.length > 0 ? deferred[0].at : Number.POSITIVE_INFINITY;
  const takeDeferred = (tagEnd: number): DeferredText | null => {
    const list = deferred!;
    while (nextDeferred < list.length && list[nextDeferred].at < tagEnd) nextDeferred++;
    let text: DeferredText | null = null;
    if (nextDeferred < list.length && list[nextDeferred].at === tagEnd) text = list[nextDeferred++];
    dueAt = nextDeferred < list.length ? list[nextDeferred].at : Number.POSITIVE_INFINITY;
    return text;
  };
  const n = src.length;
  let i = 0;
  let line = 1;
  let lineScanned = 0;
  // Lines are counted lazily up to the position where they are needed, by jumping from
  // newline to newline (a scan per character was most of the build time on documents
  // with large embedded attachments).
  const lineAt = (pos: number): number => {
    if (pos <= lineScanned) return line;
    let k = src.indexOf('\n', lineScanned);
    while (k >= 0 && k < pos) {
      line++;
      k = src.indexOf('\n', k + 1);
    }
    lineScanned = pos;
    return line;
  };
  const stack: Open[] = [];
  let root: XNode | null = null;

  while (i < n) {
    const lt = src.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i && stack.length > 0) {
      stack[stack.length - 1].text += normalizeNewlines(decodeEntities(cut(src, i, end)));
    }
    if (lt < 0) break;
    i = lt;
    const c1 = src.charCodeAt(i + 1);
    if (c1 === 0x3f /* ? */) {
      const e = src.indexOf('?>', i + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    if (c1 === 0x21 /* ! */) {
      if (src.startsWith('<!--', i)) {
        const e = src.indexOf('-->', i + 4);
        i = e < 0 ? n : e + 3;
      } else if (src.startsWith('<![CDATA[', i)) {
        const e = src.indexOf(']]>', i + 9);
        const stop = e < 0 ? n : e;
        if (stack.length > 0) stack[stack.length - 1].text += normalizeNewlines(cut(src, i + 9, stop));
        i = e < 0 ? n : e + 3;
      } else {
        const e = src.indexOf('>', i + 2);
        i = e < 0 ? n : e + 1;
      }
      continue;
    }
    if (c1 === 0x2f /* / */) {
      const e = src.indexOf('>', i + 2);
      const open = stack.pop();
      if (open) finish(open);
      i = e < 0 ? n : e + 1;
      continue;
    }
    // start tag: name
    let k = i + 1;
    while (k < n && !isNameEnd(src.charCodeAt(k))) k++;
    const qname = cut(src, i + 1, k);
    let attrCount = 0;
    let selfClosing = false;
    // attributes
    for (;;) {
      while (k < n) {
        const c = src.charCodeAt(k);
        if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) k++;
        else break;
      }
      const c = src.charCodeAt(k);
      if (c === 0x3e /* > */ || c === 0x2f /* / */) {
        selfClosing = c === 0x2f;
        const gt = src.indexOf('>', k);
        if (gt < 0) throw new MalformedError('unterminated start tag');
        k = gt + 1;
        break;
      }
      if (k >= n) break;
      const nameStart = k;
      while (k < n && !isNameEnd(src.charCodeAt(k))) k++;
      const aname = cut(src, nameStart, k);
      // name, optional whitespace, '=', optional whitespace, then the quote character
      let quotePos = k;
      for (;;) {
        const d = src.charCodeAt(quotePos);
        if (d === 0x22 || d === 0x27 || quotePos >= n) break;
        quotePos++;
      }
      if (quotePos >= n) throw new MalformedError('attribute without a value');
      const quote = src[quotePos];
      const close = src.indexOf(quote, quotePos + 1);
      if (close < 0) throw new MalformedError('unterminated attribute value');
      names[attrCount] = aname;
      values[attrCount++] = cut(src, quotePos + 1, close);
      k = close + 1;
    }
    const tagEnd = k;
    // namespace declarations first, then resolution
    const parent = stack.length > 0 ? stack[stack.length - 1] : null;
    let scope = parent ? parent.scope : ROOT_SCOPE;
    for (let a = 0; a < attrCount; a++) {
      const name = names[a];
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (scope === (parent ? parent.scope : ROOT_SCOPE)) scope = Object.create(scope) as Scope;
        scope[name === 'xmlns' ? '' : name.slice(6)] = internNamespace(decodeEntities(values[a]));
      }
    }
    const { prefix, local } = splitName(qname);
    const ns = scope[prefix] ?? '';
    const attrs: XAttr[] = [];
    for (let a = 0; a < attrCount; a++) {
      const name = names[a];
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      const ac = name.indexOf(':');
      // attribute-value normalisation (XML 1.0 §3.3.3): each whitespace char becomes a space
      const v = decodeEntities(values[a].replace(/[\t\n\r]/g, ' '));
      if (ac < 0) attrs.push({ ns: '', local: name, value: v });
      else attrs.push({ ns: scope[name.slice(0, ac)] ?? '', local: name.slice(ac + 1), value: v });
    }
    const text = !selfClosing && dueAt <= tagEnd ? takeDeferred(tagEnd) : null;
    const parentNode = parent ? parent.node : null;
    const line = lineAt(tagEnd - 1);
    const node =
      text === null
        ? makeNode(parentNode, ns, local, qname, attrs, '', line)
        : new DeferredTextNode(parentNode, ns, local, qname, attrs, line, text);
    if (root === null) root = node;
    // a self-closing element has no text: its node is complete
    if (!selfClosing) stack.push({ node, scope, text: '', deferred: text !== null });
    i = tagEnd;
  }
  while (stack.length > 0) finish(stack.pop()!);
  if (root === null) throw new Error('no root element');
  return root;
}
