import { XmlElement, XmlText, XmlXPath, type XmlDocument } from 'libxml2-wasm';
import { ELIDE_FROM, isAttachmentElement, isStrictBase64Bytes } from '../xml/attachments.js';
import { hasDeferredText } from '../xml/tree-builder.js';
import { NS, type XNode } from '../xml/xnode.js';

/**
 * Embedded attachments (UBL cbc:EmbeddedDocumentBinaryObject, CII
 * ram:AttachmentBinaryObject) are most of the bytes of many invoices: the XRechnung test
 * suite averages 95 KB a document, mostly base64. libxml2's schema validator copies,
 * collapses and decodes such a text several times over (about 6 µs per KB here), while
 * one scan in JavaScript tells whether it is well-formed base64.
 *
 * So, before the XSD step, the text of each such element that is *strictly* valid
 * base64 (XSD 1.0 lexical rules) is emptied in libxml2's copy of the document. The
 * element type is base64Binary without facets in both syntaxes, for which the empty
 * string is as valid as any other value; strict validity implies libxml2's own (more
 * lenient) acceptance, so the schema verdict cannot change. Anything not plainly valid is
 * left alone for libxml2 to judge and to report in its own words. Our element tree (what
 * the rules read) is not touched.
 */
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const XADES = 'http://uri.etsi.org/01903/v1.3.2#';

/**
 * Every element of a base64Binary type in the two syntaxes, by namespace: the attachments
 * above; CII's other binary objects; and, inside UBL extensions, the XML signature's and
 * XAdES' (a signed UBL invoice carries them in ext:UBLExtensions).
 */
const BASE64_ELEMENTS: Readonly<Record<string, readonly string[]>> = {
  [NS.cbc]: ['EmbeddedDocumentBinaryObject'],
  [NS.ram]: [
    'AttachmentBinaryObject',
    'ReferenceFileBinaryObject',
    'IncludedBinaryObject',
    'DescriptionBinaryObject',
  ],
  [DS]: [
    'SignatureValue',
    'DigestValue',
    'X509SKI',
    'X509Certificate',
    'X509CRL',
    'PGPKeyID',
    'PGPKeyPacket',
    'SPKISexp',
    'P',
    'Q',
    'G',
    'Y',
    'J',
    'Seed',
    'PgenCounter',
    'Modulus',
    'Exponent',
  ],
  [XADES]: [
    'EncapsulatedPKIData',
    'EncapsulatedTimeStamp',
    'CertifiedRole',
    'ByKey',
    'EncapsulatedX509Certificate',
    'EncapsulatedCRLValue',
    'EncapsulatedOCSPValue',
  ],
};
const PREFIXES: Record<string, string> = { [NS.cbc]: 'cbc', [NS.ram]: 'ram', [DS]: 'ds', [XADES]: 'xades' };

function isBase64Element(n: XNode): boolean {
  return BASE64_ELEMENTS[n.ns]?.includes(n.local) ?? false;
}

const xpaths = new Map<boolean, XmlXPath>();

/** The base64 elements of libxml2's document, in document order; those of signatures only when asked. */
function binaries(doc: XmlDocument, signatures: boolean): XmlElement[] {
  let xpath = xpaths.get(signatures);
  if (!xpath) {
    const steps = Object.entries(BASE64_ELEMENTS)
      .filter(([ns]) => signatures || (ns !== DS && ns !== XADES))
      .flatMap(([ns, locals]) => locals.map((l) => `//${PREFIXES[ns]}:${l}`));
    xpath = XmlXPath.compile(steps.join(' | '), { cbc: NS.cbc, ram: NS.ram, ds: DS, xades: XADES });
    xpaths.set(signatures, xpath);
  }
  return doc.root.find(xpath).filter((n): n is XmlElement => n instanceof XmlElement);
}

function isAttachment(el: XmlElement): boolean {
  return (
    (el.name === 'EmbeddedDocumentBinaryObject' && el.namespaceUri === NS.cbc) ||
    (el.name === 'AttachmentBinaryObject' && el.namespaceUri === NS.ram)
  );
}

/**
 * Whether `s` is in the lexical space of xs:base64Binary (XSD 1.0, §3.2.16); the one
 * judgement of xml/attachments.ts, on the text's UTF-8 bytes (any non-ASCII character
 * becomes bytes outside the alphabet, so it fails as it should).
 */
export function isStrictBase64(s: string): boolean {
  const bytes = Buffer.from(s, 'utf8');
  return isStrictBase64Bytes(bytes, 0, bytes.length);
}

const MARKER = Buffer.from('BinaryObject');
const ZWNBSP = Buffer.from('\ufeff');
const EXTENSIONS = Buffer.from('UBLExtensions');
/** ext:UBLExtensions is the first child of a UBL invoice: where it could be, at most. */
const EXTENSIONS_WITHIN = 16 * 1024;

/**
 * A character Xerces refuses in xs:base64Binary: anything but the alphabet, '=' and XML
 * whitespace. libxml2 skips such characters as if they were not there ('****' passes as
 * an empty value), so the official engine rejects what libxml2 accepts.
 */
const FOREIGN = /[^A-Za-z0-9+/=\t\n\r ]/;

/**
 * What a binary element with a foreign character holds for libxml2 instead: one base64
 * character, which libxml2 rejects as Xerces rejects the original. Where the element is not
 * validated at all (an unknown element's content in a lax wildcard), neither rejects it.
 */
export const FOREIGN_MARK = 'A';

/** A binary element whose text libxml2 was given as FOREIGN_MARK: its line and original text. */
export interface ForeignBinary {
  readonly line: number;
  readonly text: string;
}

/**
 * Empties, in libxml2's document, the text of every binary element whose content is one
 * text node of ELIDE_FROM chars or more and strictly valid base64. Returns how many were
 * emptied. `bytes` is the document as parsed: when it does not even contain the element
 * name, the document is not searched (an XPath search of a 10,000-line invoice is costly).
 *
 * With `tree` (our element tree of the same document), the texts are read from it rather
 * than copied out of libxml2: both list the binary elements in document order, and the
 * pairs must agree in name and line, else nothing is elided.
 *
 * A binary element holding a character outside the base64 alphabet and whitespace gets
 * FOREIGN_MARK for its text instead (see FOREIGN), listed in `foreign` when given.
 */
export function elideValidBinaries(
  doc: XmlDocument,
  bytes: Uint8Array,
  tree?: XNode,
  foreign?: ForeignBinary[],
): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Signatures live in UBL extensions, the first child of the root, so near the start; the
  // other binary elements all have 'BinaryObject' in their names. Neither: nothing to do.
  const nearExtensions = buffer.subarray(0, EXTENSIONS_WITHIN).indexOf(EXTENSIONS) >= 0;
  if (!nearExtensions && buffer.indexOf(MARKER) < 0) return 0;
  const scan = tree ? scanTree(tree) : null;
  const signatures = scan ? scan.signatures : nearExtensions;
  const ours = scan ? scan.attachments : null;
  // no other binary element, and every attachment cut out before parsing (xml/attachments.ts;
  // strictly valid, so nothing foreign either): nothing to empty, and no search of libxml2's
  // document (a third of the cost of the schema step on such a document)
  if (scan && scan.others === 0 && !signatures && scan.attachments.every(hasDeferredText)) return 0;
  const all = binaries(doc, signatures);
  const elements = all.filter(isAttachment);
  const paired =
    ours !== null &&
    ours.length === elements.length &&
    ours.every((n, i) => n.line === elements[i].line && n.local === elements[i].name);
  // without a tree, libxml2's texts are read; with one that does not pair up, they are read
  // too, for the foreign characters only: nothing is elided on a doubt
  const elide = ours === null || paired;
  let elided = 0;
  // A text read out of libxml2 loses a leading U+FEFF (the runtime's UTF-8 decoding takes
  // it for a byte order mark), and U+FEFF is foreign to base64: where the document holds
  // one past its start, libxml2's texts are read in a way that keeps it.
  const read = buffer.indexOf(ZWNBSP, 3) >= 0 ? textOf : (el: XmlElement) => el.content;
  // the other binary elements: only the foreign characters (they are short)
  for (const el of all) if (!isAttachment(el)) markForeign(el, read(el), foreign);
  elements.forEach((el, i) => {
    const text = el.firstChild;
    const single = text instanceof XmlText && text.next === null;
    // already cut out of what libxml2 parsed (xml/attachments.ts): nothing left to empty
    if (paired && hasDeferredText(ours[i])) return;
    const content = paired ? ours[i].text : read(el);
    if (single && elide && content.length >= ELIDE_FROM && isStrictBase64(content)) {
      text.content = '';
      elided++;
      return;
    }
    markForeign(el, content, foreign);
  });
  return elided;
}

let prefixed: XmlXPath | null = null;

/** The text of a libxml2 element with a leading U+FEFF kept (see elideValidBinaries). */
export function textOf(el: XmlElement): string {
  prefixed ??= XmlXPath.compile("concat('x', string(.))");
  return (el.eval(prefixed) as string).slice(1);
}

/** Gives libxml2 FOREIGN_MARK for the element's text when that holds a foreign character. */
function markForeign(el: XmlElement, content: string, foreign: ForeignBinary[] | undefined): void {
  if (!FOREIGN.test(content)) return;
  const text = el.firstChild;
  if (text instanceof XmlText && text.next === null) text.content = FOREIGN_MARK;
  else {
    // comments or processing instructions inside: the text alone replaces them all
    for (let c = el.firstChild; c !== null; c = el.firstChild) c.remove();
    el.addText(FOREIGN_MARK);
  }
  foreign?.push({ line: el.line, text: content });
}

/**
 * What our tree holds: its attachments in document order, how many other binary elements
 * (outside signatures), and whether there is a signature (XML signature or XAdES element).
 */
function scanTree(root: XNode): { attachments: XNode[]; others: number; signatures: boolean } {
  const attachments: XNode[] = [];
  let others = 0;
  let signatures = false;
  const stack: XNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (isAttachmentElement(n)) attachments.push(n);
    else if (n.ns === DS || n.ns === XADES) signatures = true;
    else if (isBase64Element(n)) others++;
    for (let k = n.children.length - 1; k >= 0; k--) stack.push(n.children[k]);
  }
  return { attachments, others, signatures };
}
