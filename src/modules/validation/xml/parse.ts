import {
  XmlCData,
  XmlDocument,
  XmlElement,
  ParseOption,
  XmlText,
  XmlTreeNode,
  type XmlNode,
} from 'libxml2-wasm';
import { makeNode, type XAttr, type XNode } from './xnode.js';

/**
 * Parses XML bytes with libxml2 (no entity substitution, no external loading, no network)
 * and converts libxml2's element tree into XNode. Not the production path: documents from
 * outside go through secure-parse.ts (limits, stable error ids, its own faster tree
 * builder). This conversion is the reference the tree builder is tested against, and a
 * short way to turn trusted test fixtures into trees.
 */
export function parseToXNode(bytes: Uint8Array): XNode {
  const doc = XmlDocument.fromBuffer(bytes, {
    option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE,
  });
  try {
    return toXNode(doc.root, null);
  } finally {
    doc.dispose();
  }
}

// libxml2-wasm exposes `next` only on tree nodes; processing instructions (which the
// XRechnung test instances carry between elements) are plain XmlNode without it, so a
// naive sibling walk would silently stop at the first PI. Read the sibling pointer through
// the tree-node accessor, which only needs the node pointer every XmlNode has.
const nextGetter = Object.getOwnPropertyDescriptor(XmlTreeNode.prototype, 'next')!.get!;
export function nextSibling(n: XmlNode): XmlNode | null {
  return (n instanceof XmlTreeNode ? n.next : nextGetter.call(n)) as XmlNode | null;
}

/** The element children of a libxml2 element, in document order (safe across PIs). */
export function* elementChildren(el: XmlElement): Generator<XmlElement> {
  for (let c: XmlNode | null = el.firstChild; c; c = nextSibling(c)) if (c instanceof XmlElement) yield c;
}

function convert(el: XmlElement, parent: XNode | null): XNode {
  const attrs: XAttr[] = el.attrs.map((a) => ({ ns: a.namespaceUri, local: a.name, value: a.value }));
  let text = '';
  for (let c: XmlNode | null = el.firstChild; c; c = nextSibling(c)) {
    if (c instanceof XmlText || c instanceof XmlCData) text += c.content;
  }
  const qname = el.prefix ? `${el.prefix}:${el.name}` : el.name;
  return makeNode(parent, el.namespaceUri, el.name, qname, attrs, text, el.line);
}

export function toXNode(el: XmlElement, parent: XNode | null): XNode {
  return convertTree(el, parent, Number.POSITIVE_INFINITY)!;
}

/**
 * Converts iteratively (an explicit stack), so deep documents cannot overflow the call
 * stack; returns null as soon as more than `maxElements` elements were seen.
 */
export function convertTree(el: XmlElement, parent: XNode | null, maxElements: number): XNode | null {
  const root = convert(el, parent);
  let count = 1;
  const stack: Array<[XmlElement, XNode]> = [[el, root]];
  while (stack.length) {
    const [src, dst] = stack.pop()!;
    const kids: XmlElement[] = [];
    for (let c: XmlNode | null = src.firstChild; c; c = nextSibling(c))
      if (c instanceof XmlElement) kids.push(c);
    count += kids.length;
    if (count > maxElements) return null;
    // Children are appended in document order before descending, so order is preserved.
    for (const k of kids) stack.push([k, convert(k, dst)]);
  }
  return root;
}
