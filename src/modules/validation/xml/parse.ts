import { XmlDocument, XmlElement, XmlText, XmlCData, ParseOption } from 'libxml2-wasm';
import { makeNode, type XAttr, type XNode } from './xnode.js';

/**
 * Parses XML bytes with libxml2 (no entity substitution, no external loading, no network)
 * and converts the element tree into XNode. Minimal first version: the hardened parser
 * (limits, DTD refusal, stable error ids) builds on this.
 */
export function parseToXNode(bytes: Uint8Array): XNode {
  const doc = XmlDocument.fromBuffer(bytes, { option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE });
  try {
    return toXNode(doc.root, null);
  } finally {
    doc.dispose();
  }
}

export function toXNode(el: XmlElement, parent: XNode | null): XNode {
  const attrs: XAttr[] = el.attrs.map((a) => ({ ns: a.namespaceUri, local: a.name, value: a.value }));
  let text = '';
  for (let c = el.firstChild; c; c = c.next) {
    if (c instanceof XmlText || c instanceof XmlCData) text += c.content;
  }
  const qname = el.prefix ? `${el.prefix}:${el.name}` : el.name;
  const node = makeNode(parent, el.namespaceUri, el.name, qname, attrs, text, el.line);
  for (let c = el.firstChild; c; c = c.next) {
    if (c instanceof XmlElement) toXNode(c, node);
  }
  return node;
}
