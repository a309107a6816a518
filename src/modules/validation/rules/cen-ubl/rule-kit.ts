import type { Flag, Rule, RuleContext, RuleDocument } from '../rule.js';
import { NS, type NsPrefix, type XNode } from '../../xml/xnode.js';
import { memoKey, ublIndex, type UblIndex } from './ubl-index.js';

/**
 * Thrown by value helpers where the official XSLT raises a dynamic error (a single-value
 * function applied to a repeated element, a cast of text that is not a number). The rule
 * then reports the document as undecidable instead of guessing a verdict.
 */
export class Undecidable extends Error {
  constructor(
    readonly node: XNode,
    reason: string,
  ) {
    super(reason);
  }
}

export interface AssertSpec {
  readonly id: string;
  readonly flag: Flag;
  readonly bt: readonly string[];
  readonly de: string;
  readonly en: string;
  /** The nodes the official rule context matches (after first-match resolution). */
  readonly context: (ix: UblIndex) => readonly XNode[];
  /** True when the official assertion holds for the context node. */
  readonly test: (node: XNode, ix: UblIndex) => boolean;
}

function isUbl(doc: RuleDocument): boolean {
  return doc.syntax === 'ubl-invoice' || doc.syntax === 'ubl-creditnote';
}

/** One official assertion as a rule of our contract: one finding per failing context node. */
export function assertRule(spec: AssertSpec): Rule {
  return {
    id: spec.id,
    flag: spec.flag,
    bt: spec.bt,
    message: { de: spec.de, en: spec.en },
    check(doc: RuleDocument, ctx: RuleContext): void {
      if (!isUbl(doc)) return;
      const ix = ublIndex(doc.root);
      let nodes: readonly XNode[];
      try {
        nodes = spec.context(ix);
      } catch (e) {
        // A context predicate itself can fail in the official XSLT (e.g. a non-boolean ChargeIndicator).
        if (e instanceof Undecidable) {
          ctx.undecidable(e.node, `${spec.id}: ${e.message}`);
          return;
        }
        throw e;
      }
      for (const node of nodes) {
        let ok: boolean;
        try {
          ok = spec.test(node, ix);
        } catch (e) {
          if (e instanceof Undecidable) {
            ctx.undecidable(e.node, `${spec.id}: ${e.message}`);
            continue;
          }
          throw e;
        }
        if (!ok) ctx.report(node);
      }
    },
  };
}

/** Context: the document root (the official `/ubl:Invoice | /cn:CreditNote`). */
export const atRoot = (ix: UblIndex): readonly XNode[] => [ix.root];

/** Context: every element with this name anywhere (a relative Schematron context `cac:X`). */
export const everywhere =
  (qname: string) =>
  (ix: UblIndex): readonly XNode[] =>
    ix.named(qname);

/**
 * Context for a relative Schematron path such as 'cac:AccountingCustomerParty/cac:Party/cbc:EndpointID':
 * every element named like the last step whose ancestors match the earlier steps. A step may
 * offer alternatives ('cac:InvoiceLine|cac:CreditNoteLine'); a leading '/' anchors the first
 * step at the document root.
 */
export function pathContext(path: string): (ix: UblIndex) => readonly XNode[] {
  // Some rules ask for a context inside their test: one context (and memo slot) per path.
  let context = contexts.get(path);
  if (context === undefined) {
    context = makePathContext(path);
    contexts.set(path, context);
  }
  return context;
}

const contexts = new Map<string, (ix: UblIndex) => readonly XNode[]>();

function makePathContext(path: string): (ix: UblIndex) => readonly XNode[] {
  const anchored = path.startsWith('/');
  const steps = (anchored ? path.slice(1) : path).split('/').map((s) => s.split('|').map(resolveName));
  const last = (anchored ? path.slice(1) : path).split('/').pop()!.split('|');
  const topNames = !anchored && steps.length > 1 ? path.split('/')[0].split('|') : null;
  // Many rules share a context; the node list is computed once per document.
  const key = memoKey<XNode[]>();
  return (ix) =>
    ix.memo(key, () => {
      if (topNames !== null) {
        const down = topDown(ix, topNames, last, steps);
        if (down !== null) return down;
      }
      const out: XNode[] = [];
      let sources = 0;
      for (const name of last) {
        const candidates = ix.named(name);
        if (candidates.length > 0) sources++;
        for (const n of candidates) if (matchesUp(n, steps, anchored)) out.push(n);
      }
      // Each candidate list is in document order already; only a mix of names needs sorting
      // (an Invoice has no CreditNoteLine, so the common 'InvoiceLine|CreditNoteLine' never does).
      if (sources > 1) out.sort((a, b) => order(ix, a) - order(ix, b));
      return out;
    });
}

/**
 * The same node set walked from the first step down, when that step is rarer than the last
 * (a large invoice has tens of thousands of cbc:ID but few cac:StandardItemIdentification).
 * Depth-first from each start yields document order as long as no start lies inside another;
 * otherwise (and when it would not be cheaper, or starts carry different names) null: the
 * caller goes bottom-up.
 */
function topDown(
  ix: UblIndex,
  topNames: readonly string[],
  last: readonly string[],
  steps: (readonly (readonly [string, string])[])[],
): XNode[] | null {
  // Starts from one name only ('cac:InvoiceLine|cac:CreditNoteLine': a document has one kind).
  let starts: readonly XNode[] = [];
  for (const name of topNames) {
    const found = ix.named(name);
    if (found.length === 0) continue;
    if (starts.length > 0) return null;
    starts = found;
  }
  let bottom = 0;
  for (const name of last) bottom += ix.named(name).length;
  if (starts.length >= bottom) return null;
  for (const s of starts) {
    for (let p = s.parent; p; p = p.parent) if (stepMatches(p, steps[0])) return null;
  }
  const out: XNode[] = [];
  for (const s of starts) collectDown(s, steps, 1, out);
  return out;
}

function collectDown(
  n: XNode,
  steps: (readonly (readonly [string, string])[])[],
  i: number,
  out: XNode[],
): void {
  const alternatives = steps[i];
  const lastStep = i === steps.length - 1;
  for (const c of n.children) {
    if (!stepMatches(c, alternatives)) continue;
    if (lastStep) out.push(c);
    else collectDown(c, steps, i + 1, out);
  }
}

function matchesUp(n: XNode, steps: (readonly (readonly [string, string])[])[], anchored: boolean): boolean {
  let cur: XNode | null = n;
  for (let i = steps.length - 1; i >= 0; i--) {
    if (!cur) return false;
    if (!stepMatches(cur, steps[i])) return false;
    if (i > 0) cur = cur.parent;
  }
  return !anchored || cur?.parent === null;
}

// Indexed loops, no destructuring: this runs for every candidate of every path context
// (tens of thousands of cbc:ID elements in a large invoice).
function stepMatches(n: XNode, alternatives: readonly (readonly [string, string])[]): boolean {
  for (let i = 0; i < alternatives.length; i++) {
    const alternative = alternatives[i];
    if (n.local === alternative[1] && n.ns === alternative[0]) return true;
  }
  return false;
}

const ORDER = memoKey<Map<XNode, number>>();

function order(ix: UblIndex, n: XNode): number {
  return ix.memo(ORDER, () => new Map(ix.elements.map((e, i) => [e, i]))).get(n) ?? 0;
}

const nameCache = new Map<string, readonly [string, string]>();

/** Resolves 'prefix:local' against the fixed prefixes (cached: rules ask the same names over and over). */
export function resolveName(qname: string): readonly [ns: string, local: string] {
  let r = nameCache.get(qname);
  if (!r) {
    const i = qname.indexOf(':');
    const ns = NS[qname.slice(0, i) as NsPrefix];
    if (ns === undefined) throw new Error(`unknown namespace prefix in ${qname}`);
    r = [ns, qname.slice(i + 1)];
    nameCache.set(qname, r);
  }
  return r;
}

export function hasName(n: XNode, qname: string): boolean {
  const [ns, local] = resolveName(qname);
  return n.local === local && n.ns === ns;
}
