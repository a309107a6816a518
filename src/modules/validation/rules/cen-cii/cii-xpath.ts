import { Decimal } from 'decimal.js';
import { normalizeSpace, stringValue } from '../../xml/query.js';
import type { XNode } from '../../xml/xnode.js';
import { byText } from '../shared/by-text.js';

/**
 * The few XPath 2.0 value semantics the CII rules depend on, written out so that every
 * rule behaves as the compiled Schematron does (existential comparisons over node-sets,
 * casts of untyped text to numbers, XPath `round`, decimals counted after the dot).
 */

/** XPath string(): the raw string value. */
export const sv = (n: XNode | null | undefined): string => (n ? stringValue(n) : '');
/** normalize-space(string(n)). */
export const nsv = (n: XNode | null | undefined): string => (n ? normalizeSpace(stringValue(n)) : '');

const DECIMAL_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const DOUBLE_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** xs:decimal(s): null when the lexical form is not a decimal (the XSLT would fail). */
export const toDecimal = byText((s: string): Decimal | null => {
  const t = s.trim();
  return DECIMAL_RE.test(t) ? new Decimal(t) : null;
});

/**
 * The value an untyped node takes in a numeric comparison or in sum() (a cast to
 * xs:double in XPath; kept exact here, because the inputs are decimal amounts). null when
 * the text is not a number.
 */
export const toNumber = byText((s: string): Decimal | null => {
  const t = s.trim();
  return DOUBLE_RE.test(t) ? new Decimal(t) : null;
});

// The same amounts (line totals, rates, document totals) are read by many rules; their
// parsed values are kept per node (Decimal values are immutable, so sharing is safe).
// Plain maps keyed by node identity (cheaper than WeakMaps for the collector), replaced
// whenever the index of a new document is built so that they never outgrow one document
// or two (an entry of another document is still right, only no longer needed). Replaced,
// not cleared: a cleared map's old table may already sit in the old generation, and its
// references to the last tree would keep that tree alive until a full collection.
let numCache = new Map<XNode, Decimal | null>();
let decCache = new Map<XNode, Decimal | null>();

/** Called by the index when it starts on a new document. */
export function forgetNumbers(): void {
  numCache = new Map();
  decCache = new Map();
}

export function numOf(n: XNode | null | undefined): Decimal | null {
  if (!n) return null;
  let v = numCache.get(n);
  if (v === undefined) numCache.set(n, (v = toNumber(stringValue(n))));
  return v;
}

export function decOf(n: XNode | null | undefined): Decimal | null {
  if (!n) return null;
  let v = decCache.get(n);
  if (v === undefined) decCache.set(n, (v = toDecimal(stringValue(n))));
  return v;
}

/** XPath fn:round: half rounds towards positive infinity (round(-2.5) = -2). */
export function xround(d: Decimal, places = 0): Decimal {
  return d.toDecimalPlaces(places, Decimal.ROUND_HALF_CEIL);
}

/** round(x * 10 * 10) div 100, the official two-decimal rounding. */
export function round2(d: Decimal): Decimal {
  return xround(d.times(100)).div(100);
}

/** sum() over untyped nodes; null when any value is not numeric (the XSLT would fail). */
export function sum(nodes: readonly XNode[]): Decimal | null {
  let total = new Decimal(0);
  for (const n of nodes) {
    const v = numOf(n);
    if (!v) return null;
    total = total.plus(v);
  }
  return total;
}

/** General comparison `nodes = 'literal'` (existential, untyped compared as string). */
export function anyEquals(nodes: readonly XNode[], literal: string): boolean {
  for (const n of nodes) if (sv(n) === literal) return true;
  return false;
}

/** General comparison `nodes op number` (existential, untyped cast to a number). */
export function anyNum(nodes: readonly XNode[], test: (v: Decimal) => boolean): boolean {
  for (const n of nodes) {
    const v = numOf(n);
    if (v && test(v)) return true;
  }
  return false;
}

/** xs:boolean cast of udt:Indicator text as the rules compare it with true()/false(). */
export function indicatorIs(indicatorNodes: readonly XNode[], wanted: boolean): boolean {
  // `udt:Indicator = true()` compares the untyped value cast to xs:boolean: 'true'/'1'
  // are true, 'false'/'0' false (surrounding whitespace allowed); anything else fails
  // the cast, which we treat as not matching.
  for (const n of indicatorNodes) {
    const t = sv(n).trim();
    if (wanted ? t === 'true' || t === '1' : t === 'false' || t === '0') return true;
  }
  return false;
}
