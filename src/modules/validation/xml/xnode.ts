/**
 * A light, immutable-after-build element tree that every rule reads.
 *
 * The secure parser (libxml2-wasm) produces it once per document; rules then walk plain
 * JavaScript objects, which is far cheaper than crossing into WebAssembly per XPath.
 * Only elements are kept as children; text is kept per element.
 */
export interface XAttr {
  readonly ns: string;
  readonly local: string;
  readonly value: string;
}

export interface XNode {
  /** Namespace URI, '' when none. */
  readonly ns: string;
  /** Local name without prefix. */
  readonly local: string;
  /** Qualified name as written in the document (prefix:local or local). */
  readonly qname: string;
  readonly attrs: readonly XAttr[];
  /** Element children in document order. */
  readonly children: XNode[];
  /** Concatenated text of the direct text/CDATA children (not trimmed, not normalised). */
  readonly text: string;
  /** 1-based line number of the start tag (0 when unknown). */
  readonly line: number;
  readonly parent: XNode | null;
}

export const NS = {
  ubl: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  cn: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  ext: 'urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2',
  rsm: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
  qdt: 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
  xs: 'http://www.w3.org/2001/XMLSchema',
} as const;

export type NsPrefix = keyof typeof NS;

/** Builds nodes; used by the parser and by tests that construct trees directly. */
export function makeNode(
  parent: XNode | null,
  ns: string,
  local: string,
  qname: string,
  attrs: XAttr[],
  text: string,
  line: number,
): XNode {
  const node: XNode = { ns, local, qname, attrs, children: [], text, line, parent };
  if (parent) parent.children.push(node);
  return node;
}
