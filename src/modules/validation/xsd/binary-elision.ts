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
  if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(MARKER) < 0) return 0;
  const ours = tree ? binaryNodes(tree) : null;
  // none, or all cut out before parsing (xml/attachments.ts; strictly valid, so nothing
  // foreign either): nothing to empty, and no search of libxml2's document (a third of the
  // cost of the schema step on such a document)
  if (ours && ours.every(hasDeferredText)) return 0;
  const elements = binaries(doc);
  const paired =
    ours !== null &&
    ours.length === elements.length &&
    ours.every((n, i) => n.line === elements[i].line && n.local === elements[i].name);
  // without a tree, libxml2's texts are read; with one that does not pair up, they are read
  // too, for the foreign characters only: nothing is elided on a doubt
  const elide = ours === null || paired;
  let elided = 0;
  elements.forEach((el, i) => {
    const text = el.firstChild;
    const single = text instanceof XmlText && text.next === null;
    // already cut out of what libxml2 parsed (xml/attachments.ts): nothing left to empty
    if (paired && hasDeferredText(ours[i])) return;
    const content = single ? (paired ? ours[i].text : text.content) : el.content;
    if (single && elide && content.length >= ELIDE_FROM && isStrictBase64(content)) {
      text.content = '';
      elided++;
      return;
    }
    if (FOREIGN.test(content)) {
      if (single) text.content = FOREIGN_MARK;
      else {
        // comments or processing instructions inside: the text alone replaces them all
        for (let c = el.firstChild; c !== null; c = el.firstChild) c.remove();
        el.addText(FOREIGN_MARK);
      }
      foreign?.push({ line: el.line, text: content });
    }
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
