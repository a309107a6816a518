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
let binaryXPath: XmlXPath | null = null;

function binaries(doc: XmlDocument): XmlElement[] {
  binaryXPath ??= XmlXPath.compile('//cbc:EmbeddedDocumentBinaryObject | //ram:AttachmentBinaryObject', {
    cbc: NS.cbc,
    ram: NS.ram,
  });
  return doc.root.find(binaryXPath).filter((n): n is XmlElement => n instanceof XmlElement);
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

/**
 * Empties, in libxml2's document, the text of every binary element whose content is one
 * text node of ELIDE_FROM chars or more and strictly valid base64. Returns how many were
 * emptied. `bytes` is the document as parsed: when it does not even contain the element
 * name, the document is not searched (an XPath search of a 10,000-line invoice is costly).
 *
 * With `tree` (our element tree of the same document), the texts are read from it rather
 * than copied out of libxml2: both list the binary elements in document order, and the
 * pairs must agree in name and line, else nothing is elided.
 */
export function elideValidBinaries(doc: XmlDocument, bytes: Uint8Array, tree?: XNode): number {
  if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(MARKER) < 0) return 0;
  const ours = tree ? binaryNodes(tree) : null;
  // none, or all cut out before parsing (xml/attachments.ts): nothing to empty, and no
  // search of libxml2's document (a third of the cost of the schema step on such a document)
  if (ours && ours.every(hasDeferredText)) return 0;
  const elements = binaries(doc);
  if (ours && ours.length !== elements.length) return 0;
  if (ours && ours.some((n, i) => n.line !== elements[i].line || n.local !== elements[i].name)) return 0;
  let elided = 0;
  elements.forEach((el, i) => {
    const text = el.firstChild;
    if (!(text instanceof XmlText) || text.next !== null) return;
    // already cut out of what libxml2 parsed (xml/attachments.ts): nothing left to empty
    if (ours && hasDeferredText(ours[i])) return;
    const content = ours ? ours[i].text : text.content;
    if (content.length < ELIDE_FROM || !isStrictBase64(content)) return;
    text.content = '';
    elided++;
  });
  return elided;
}

/** The binary elements of our tree, in document order. */
function binaryNodes(root: XNode): XNode[] {
  const out: XNode[] = [];
  const stack: XNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (isAttachmentElement(n)) out.push(n);
    for (let k = n.children.length - 1; k >= 0; k--) stack.push(n.children[k]);
  }
  return out;
}
