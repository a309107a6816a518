import { Decimal } from 'decimal.js';
import type { Flag, Rule, RuleContext, RuleDocument } from '../rule.js';
import { all, normalizeSpace, stringValue } from '../../xml/query.js';
import type { XNode } from '../../xml/xnode.js';
import { byText } from '../shared/by-text.js';
import { perDocument } from '../shared/per-document.js';

/** BT-24 of the XRechnung 3.0 CIUS. */
export const XR_CIUS_ID = 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0';
/** BT-24 of the XRechnung 3.0 Extension. */
export const XR_EXTENSION_ID = `${XR_CIUS_ID}#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0`;
/** BT-24 of the XRechnung 3.0 Clean Vehicles Directive (CVD) specification. */
export const XR_CVD_ID = `${XR_CIUS_ID}#compliant#urn:xeinkauf.de:kosit:xrechnung:cvd_0.9`;

export type Check = (doc: RuleDocument, ctx: RuleContext) => void;

export interface RuleSpec {
  id: string;
  flag: Flag;
  bt: readonly string[];
  de: string;
  en: string;
  /** Check for UBL Invoice and CreditNote. */
  ubl?: Check;
  /** Check for UN/CEFACT CII. */
  cii?: Check;
}

/**
 * Builds a Rule that dispatches on the syntax: the official sources have one Schematron
 * per syntax with the same rule ids, so one rule object carries both bindings.
 */
export function defineRule(spec: RuleSpec): Rule {
  const { ubl, cii } = spec;
  return {
    id: spec.id,
    flag: spec.flag,
    bt: spec.bt,
    message: { de: spec.de, en: spec.en },
    check(doc, ctx) {
      if (doc.syntax === 'cii') cii?.(doc, ctx);
      else if (doc.syntax === 'ubl-invoice' || doc.syntax === 'ubl-creditnote') ubl?.(doc, ctx);
    },
  };
}

/** XPath `boolean(normalize-space(.))` of the element: present and not blank. */
export function filled(node: XNode | null | undefined): boolean {
  return !!node && normalizeSpace(stringValue(node)) !== '';
}

/** Some element on the path is present and not blank (`path[boolean(normalize-space(.))]`). */
export function anyFilled(node: XNode | null | undefined, path: string): boolean {
  return all(node, path).some((n) => filled(n));
}

/** The raw XPath string value (untypedAtomic, not normalised) used by `=` comparisons. */
export function raw(node: XNode): string {
  return stringValue(node);
}

/** XPath general comparison `path = value` (existential, raw string values). */
export function anyEquals(node: XNode | null | undefined, path: string, values: readonly string[]): boolean {
  return all(node, path).some((n) => values.includes(raw(n)));
}

/** The text node of the element as XPath `text()` would compare it. */
export function ownText(node: XNode): string {
  return node.text;
}

/**
 * Extension and CVD are recognised exactly as the official rules do: the text node of
 * BT-24 must equal the identifier (no whitespace normalisation).
 */
function customizationNodes(doc: RuleDocument): XNode[] {
  return doc.syntax === 'cii'
    ? all(doc.root, 'rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID')
    : all(doc.root, 'cbc:CustomizationID');
}

function kindOf(doc: RuleDocument): { extension: boolean; cvd: boolean } {
  const memo = memoOf(doc.root);
  if (memo.kind === null) {
    const ids = customizationNodes(doc).map((n) => ownText(n));
    memo.kind = { extension: ids.includes(XR_EXTENSION_ID), cvd: ids.includes(XR_CVD_ID) };
  }
  return memo.kind;
}

export function isExtension(doc: RuleDocument): boolean {
  return kindOf(doc).extension;
}

export function isCvd(doc: RuleDocument): boolean {
  return kindOf(doc).cvd;
}

/** `contains($LIST, concat(' ', normalize-space(@schemeID), ' '))` and no inner blank, as the official rules test. */
export function inSpaceList(list: string, value: string): boolean {
  const v = normalizeSpace(value);
  return !v.includes(' ') && list.includes(` ${v} `);
}

/**
 * Every element of the document, root first, in document order: built once per document
 * and shared by the XRechnung rules that look for elements anywhere (`//name`).
 */
export function allElements(root: XNode): readonly XNode[] {
  const memo = memoOf(root);
  if (memo.elements !== null) return memo.elements;
  const out: XNode[] = [];
  const stack: XNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    out.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return (memo.elements = out);
}

/** What the XRechnung rules share about the document they are looking at. */
interface Memo {
  readonly paths: Map<string, readonly XNode[]>;
  /** By namespace, then local name. */
  readonly named: Map<string, Map<string, readonly XNode[]>>;
  elements: readonly XNode[] | null;
  kind: { extension: boolean; cvd: boolean } | null;
}

const memoOf = perDocument((): Memo => ({ paths: new Map(), named: new Map(), elements: null, kind: null }));

/** All elements with this namespace and local name anywhere in the document (`//p:name`), memoised per document. */
export function everywhere(root: XNode, ns: string, local: string): readonly XNode[] {
  const named = memoOf(root).named;
  let byLocal = named.get(ns);
  if (!byLocal) named.set(ns, (byLocal = new Map()));
  let v = byLocal.get(local);
  // One filtered pass per distinct name is cheaper than bucketing every element by name.
  if (!v) byLocal.set(local, (v = allElements(root).filter((n) => n.local === local && n.ns === ns)));
  return v;
}

/**
 * `all(root, path)` memoised per document: many rules start from the same few paths
 * (lines, parties, payment means), so each is walked once per document.
 */
export function fromRoot(root: XNode, path: string): readonly XNode[] {
  const paths = memoOf(root).paths;
  let v = paths.get(path);
  if (!v) paths.set(path, (v = all(root, path)));
  return v;
}

export function hasAncestor(node: XNode, ns: string, local: string): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.ns === ns && p.local === local) return true;
  return false;
}

export function isChildOf(node: XNode, ns: string, local: string): boolean {
  return !!node.parent && node.parent.ns === ns && node.parent.local === local;
}

const XSD_DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * Decimal arithmetic for the rules, with enough significant digits that sums and products
 * of invoice amounts are exact, as xs:decimal is in the official XSLT (a private clone, so
 * the global decimal.js configuration of other modules is untouched).
 */
export const XDecimal = Decimal.clone({ precision: 60 });

/** XPath casts strip only XML whitespace (not e.g. no-break spaces, which make the cast fail). */
function xmlTrim(s: string): string {
  return s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
}

/**
 * `xs:decimal(.)` of an element's string value (leading/trailing whitespace is allowed by
 * the cast); null when the cast would fail (the official XSLT raises a dynamic error there).
 */
export const toDecimal = byText((s: string): Decimal | null => {
  const t = xmlTrim(s);
  return XSD_DECIMAL.test(t) ? new XDecimal(t) : null;
});

/** XPath 2 `round()`: half-way values round towards positive infinity. */
export function xpathRound(d: Decimal): Decimal {
  return d.plus(0.5).floor();
}

/** `round(x * 10 * 10) div 100` of the official rules. */
export function round2(d: Decimal): Decimal {
  return xpathRound(d.times(100)).div(100);
}

/** Numeric value of an untypedAtomic in a comparison with a number (xs:double cast). */
export function toNumber(s: string): number | null {
  const t = xmlTrim(s);
  if (t === '' || !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^(-?INF|NaN)$/.test(t)) return null;
  if (t === 'INF') return Infinity;
  if (t === '-INF') return -Infinity;
  return Number(t);
}
