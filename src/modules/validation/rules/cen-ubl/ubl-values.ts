import type { Decimal } from 'decimal.js';
import { all, stringValue } from '../../xml/query.js';
import type { XNode } from '../../xml/xnode.js';
import { nsp, toBoolean, toDecimal, toDouble, sumDec } from '../shared/xpath-values.js';
import { resolveName, Undecidable } from './rule-kit.js';

/**
 * Small XPath-faithful accessors for the UBL rules. Each mirrors what one official
 * expression does with zero, one or several matching nodes: general comparisons are
 * existential, single-value functions fail on repetition (Undecidable).
 */

type Steps = readonly (readonly [ns: string, local: string])[];

const stepsCache = new Map<string, Steps | null>();

/**
 * The resolved child steps of a prefixed path ('cac:A/cbc:B'), cached; null for paths the
 * general machinery has to answer (a '*' step).
 */
function stepsOf(path: string): Steps | null {
  let steps = stepsCache.get(path);
  if (steps === undefined) {
    const parts = path.split('/');
    steps = parts.some((p) => p === '*' || p.endsWith(':*')) ? null : parts.map(resolveName);
    stepsCache.set(path, steps);
  }
  return steps;
}

// Depth-first over the steps: the matches come out in document order, like the step-by-step
// evaluation, without an intermediate array per step.
function collect(n: XNode, steps: Steps, i: number, out: XNode[]): void {
  const [ns, local] = steps[i];
  const last = i === steps.length - 1;
  for (const c of n.children) {
    if (c.local !== local || c.ns !== ns) continue;
    if (last) out.push(c);
    else collect(c, steps, i + 1, out);
  }
}

function reaches(n: XNode, steps: Steps, i: number): boolean {
  const [ns, local] = steps[i];
  const last = i === steps.length - 1;
  for (const c of n.children) {
    if (c.local !== local || c.ns !== ns) continue;
    if (last || reaches(c, steps, i + 1)) return true;
  }
  return false;
}

/** The nodes of a relative path (`cac:A/cbc:B`), document order. */
export function kids(n: XNode | null, path: string): XNode[] {
  if (!n) return [];
  const steps = stepsOf(path);
  if (steps === null) return all(n, path);
  const out: XNode[] = [];
  if (steps.length === 1) {
    const [ns, local] = steps[0];
    for (const c of n.children) if (c.local === local && c.ns === ns) out.push(c);
  } else collect(n, steps, 0, out);
  return out;
}

function countFrom(n: XNode, steps: Steps, i: number): number {
  const [ns, local] = steps[i];
  const last = i === steps.length - 1;
  let found = 0;
  for (const c of n.children) {
    if (c.local !== local || c.ns !== ns) continue;
    found += last ? 1 : countFrom(c, steps, i + 1);
  }
  return found;
}

/** `count(path)`: the number of nodes `kids` would return, without building the list (per-line cardinality rules). */
export function count(n: XNode | null, path: string): number {
  if (!n) return 0;
  const steps = stepsOf(path);
  if (steps === null) return all(n, path).length;
  return countFrom(n, steps, 0);
}

export function has(n: XNode | null, path: string): boolean {
  if (!n) return false;
  const steps = stepsOf(path);
  if (steps === null) return all(n, path).length > 0;
  return reaches(n, steps, 0);
}

/** The one node of a path where the XPath function needs a singleton; null when absent. */
export function single(n: XNode, path: string): XNode | null {
  const steps = stepsOf(path);
  if (steps === null || steps.length > 1) {
    const found = steps === null ? all(n, path) : kids(n, path);
    if (found.length > 1) throw new Undecidable(found[1], `${path} occurs more than once`);
    return found[0] ?? null;
  }
  const [ns, local] = steps[0];
  let hit: XNode | null = null;
  for (const c of n.children) {
    if (c.local !== local || c.ns !== ns) continue;
    if (hit) throw new Undecidable(c, `${path} occurs more than once`);
    hit = c;
  }
  return hit;
}

/** `normalize-space(path)` (fails on repetition). */
export function nspOf(n: XNode, path: string): string {
  const s = single(n, path);
  return s ? nsp(stringValue(s)) : '';
}

/** `normalize-space(path) != ''` — the official "is filled" test. */
export const filled = (n: XNode, path: string): boolean => nspOf(n, path) !== '';

const decimalCache = new WeakMap<XNode, Decimal | Undecidable>();

/** `xs:decimal(node)`; fails on text that is not a decimal. Cached per node (decimals are immutable). */
export function decOfNode(node: XNode): Decimal {
  return memoized(decimalCache, node, (n) => {
    const d = toDecimal(stringValue(n));
    if (d === null) throw new Undecidable(n, 'not an xs:decimal');
    return d;
  });
}

/** `xs:decimal(path)`: null for the empty sequence; fails on repetition. */
export function dec(n: XNode, path: string): Decimal | null {
  const s = single(n, path);
  return s ? decOfNode(s) : null;
}

/** `sum(path/xs:decimal(.))`. */
export function sumOf(nodes: readonly XNode[]): Decimal {
  return sumDec(nodes.map(decOfNode));
}

/** Untyped text compared with a number: cast to xs:double, failing on non-numbers. */
export function dblOfNode(node: XNode): number {
  const d = toDouble(stringValue(node));
  if (d === null) throw new Undecidable(node, 'not a number');
  return d;
}

/** `(path) op number` as a general comparison: true if any node satisfies it. */
export function anyNum(n: XNode, path: string, pred: (v: number) => boolean): boolean {
  return kids(n, path).some((k) => pred(dblOfNode(k)));
}

/** `cbc:ChargeIndicator = true()/false()` (existential; a non-boolean text fails the cast). */
export function chargeIs(ac: XNode, value: boolean): boolean {
  return kids(ac, 'cbc:ChargeIndicator').some((ci) => {
    const b = toBoolean(stringValue(ci));
    if (b === null) throw new Undecidable(ci, 'ChargeIndicator is not a boolean');
    return b === value;
  });
}

/**
 * Per-node memo for the facts dozens of VAT rules ask about the same tax category (its
 * code, whether its scheme is VAT). A failure is remembered and raised again, so every
 * rule still sees the official dynamic error.
 */
function memoized<T>(cache: WeakMap<XNode, T | Undecidable>, n: XNode, compute: (n: XNode) => T): T {
  let v = cache.get(n);
  if (v === undefined) {
    try {
      v = compute(n);
    } catch (e) {
      if (!(e instanceof Undecidable)) throw e;
      v = e;
    }
    cache.set(n, v);
  }
  if (v instanceof Undecidable) throw v;
  return v;
}

const vatCache = new WeakMap<XNode, boolean | Undecidable>();
const codeCache = new WeakMap<XNode, string | Undecidable>();

/** `cac:TaxScheme/normalize-space(upper-case(cbc:ID)) = 'VAT'` on a category or party tax scheme. */
export function isVat(n: XNode): boolean {
  return memoized(vatCache, n, (x) =>
    kids(x, 'cac:TaxScheme').some((ts) => nspOf(ts, 'cbc:ID').toUpperCase() === 'VAT'),
  );
}

/** `normalize-space(cbc:ID)` of a tax category (fails on a repeated ID). */
export const catCode = (cat: XNode): string => memoized(codeCache, cat, (x) => nspOf(x, 'cbc:ID'));

/**
 * A predicate used inside a rule context. In XSLT a dynamic error while matching a
 * pattern makes the pattern not match that node, so failures count as "no match" here.
 */
export function matchSafe<T>(pred: (n: T) => boolean): (n: T) => boolean {
  return (n) => {
    try {
      return pred(n);
    } catch (e) {
      if (e instanceof Undecidable) return false;
      throw e;
    }
  };
}
