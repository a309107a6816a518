import type { Flag, Rule, RuleContext, RuleDocument } from '../rule.js';
import { NS, type NsPrefix, type XNode } from '../../xml/xnode.js';
import { ublIndex, type UblIndex } from './ubl-index.js';

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
  const anchored = path.startsWith('/');
  const steps = (anchored ? path.slice(1) : path).split('/').map((s) => s.split('|').map(resolveName));
  const last = (anchored ? path.slice(1) : path).split('/').pop()!.split('|');
  const key = `path:${path}`;
  // Many rules share a context; the node list is computed once per document.
  return (ix) =>
    ix.memo(key, () => {
      const out: XNode[] = [];
      for (const name of last) {
        for (const n of ix.named(name)) if (matchesUp(n, steps, anchored)) out.push(n);
      }
      if (last.length > 1) out.sort((a, b) => order(ix, a) - order(ix, b));
      return out;
    });
}

function matchesUp(n: XNode, steps: (readonly (readonly [string, string])[])[], anchored: boolean): boolean {
  let cur: XNode | null = n;
  for (let i = steps.length - 1; i >= 0; i--) {
    if (!cur) return false;
    const c: XNode = cur;
    if (!steps[i].some(([ns, local]) => c.local === local && c.ns === ns)) return false;
    if (i > 0) cur = cur.parent;
  }
  return !anchored || cur?.parent === null;
}

function order(ix: UblIndex, n: XNode): number {
  return ix.memo('order', () => new Map(ix.elements.map((e, i) => [e, i]))).get(n) ?? 0;
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
