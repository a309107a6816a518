import { NS, type XNode } from '../../xml/xnode.js';
import { perDocument } from '../shared/per-document.js';
import { forgetNumbers } from './cii-xpath.js';

/**
 * One walk over a CII document, shared by every rule of this set.
 *
 * The official Schematron addresses most contexts with `//ram:Name`; rescanning the tree
 * per rule would cost far more than the checks themselves, so the elements are grouped
 * once per document (document order is kept, because findings are reported in it).
 */
export interface CiiIndex {
  readonly root: XNode;
  /** `ram:` elements with the given local name, document order. */
  ram(local: string): readonly XNode[];
  /** `udt:` elements with the given local name, document order. */
  udt(local: string): readonly XNode[];
  /** True when the root is rsm:CrossIndustryInvoice (absolute paths start there). */
  readonly isCii: boolean;
  /**
   * The elements the syntax pattern's `ends-with(name(), …)` contexts match, collected in
   * the same walk (document order): every other approach rescans all elements per suffix.
   */
  readonly suffix: Readonly<Record<Suffix, readonly XNode[]>>;
  /** Per-document memo for node lists several rules derive the same way (see cached()). */
  readonly memo: Map<string, unknown>;
}

/** Computes a per-document value once (keyed by name) and shares it between rules. */
export function cached<T>(idx: CiiIndex, key: string, compute: () => T): T {
  if (idx.memo.has(key)) return idx.memo.get(key) as T;
  const v = compute();
  idx.memo.set(key, v);
  return v;
}

/**
 * Name suffixes of the syntax contexts. A ram element lands in the first of ID,
 * ReferencedDocument, Amount (TaxTotalAmount excluded: it has its own context),
 * Quantity, TradeTax that its local name ends with; DocumentContextParameter is matched
 * on the qualified name in any namespace.
 */
export type Suffix =
  'ID' | 'ReferencedDocument' | 'Amount' | 'Quantity' | 'TradeTax' | 'DocumentContextParameter';

const EMPTY: readonly XNode[] = [];
/** The index of the document the rules are looking at (built once per document). */
export const ciiIndex = perDocument(buildIndex);

function buildIndex(root: XNode): CiiIndex {
  forgetNumbers();
  const ramBy = new Map<string, Bucket>();
  const udtBy = new Map<string, XNode[]>();
  const suffix: Record<Suffix, XNode[]> = {
    ID: [],
    ReferencedDocument: [],
    Amount: [],
    Quantity: [],
    TradeTax: [],
    DocumentContextParameter: [],
  };
  // Recursion depth is the element depth, which the secure parser bounds.
  const visit = (n: XNode): void => {
    const ns = n.ns;
    if (ns === NS.ram) {
      // One map look-up per element: the bucket also remembers the suffix list its name
      // belongs to, so the name's classification is done once per document and name.
      let b = ramBy.get(n.local);
      if (!b) ramBy.set(n.local, (b = newBucket(n.local, suffix)));
      b.nodes.push(n);
      if (b.suffix) b.suffix.push(n);
      if (b.contextParameter) suffix.DocumentContextParameter.push(n);
    } else {
      // name() is the qualified name; the DocumentContextParameter context takes any
      // namespace (the suffix has no colon, so testing the local name is the same).
      if (n.local.endsWith('DocumentContextParameter')) suffix.DocumentContextParameter.push(n);
      if (ns === NS.udt) {
        let list = udtBy.get(n.local);
        if (!list) udtBy.set(n.local, (list = []));
        list.push(n);
      }
    }
    const ch = n.children;
    for (let i = 0; i < ch.length; i++) visit(ch[i]);
  };
  visit(root);
  return {
    root,
    ram: (local) => ramBy.get(local)?.nodes ?? EMPTY,
    udt: (local) => udtBy.get(local) ?? EMPTY,
    isCii: root.ns === NS.rsm && root.local === 'CrossIndustryInvoice',
    suffix,
    memo: new Map(),
  };
}

interface Bucket {
  readonly nodes: XNode[];
  /** The suffix list the name belongs to, null when none. */
  readonly suffix: XNode[] | null;
  readonly contextParameter: boolean;
}

function newBucket(l: string, suffix: Record<Suffix, XNode[]>): Bucket {
  let list: XNode[] | null = null;
  if (l.endsWith('ID')) list = suffix.ID;
  else if (l.endsWith('ReferencedDocument')) list = suffix.ReferencedDocument;
  else if (l.endsWith('Amount')) list = l === 'TaxTotalAmount' ? null : suffix.Amount;
  else if (l.endsWith('Quantity')) list = suffix.Quantity;
  else if (l.endsWith('TradeTax')) list = suffix.TradeTax;
  return { nodes: [], suffix: list, contextParameter: l.endsWith('DocumentContextParameter') };
}

/** Element children in the ram namespace with that local name. */
export function kids(node: XNode | null | undefined, local: string, ns: string = NS.ram): XNode[] {
  if (!node) return [];
  const out: XNode[] = [];
  for (const c of node.children) if (c.local === local && c.ns === ns) out.push(c);
  return out;
}

/** First element child in the ram namespace with that local name, or null. */
export function kid(node: XNode | null | undefined, local: string, ns: string = NS.ram): XNode | null {
  if (!node) return null;
  for (const c of node.children) if (c.local === local && c.ns === ns) return c;
  return null;
}

/**
 * All nodes reached by a path of ram: local names (`'A/B/C'`), as an XPath child path
 * would select them; a step may be written `rsm:X` or `udt:X` for other namespaces.
 */
export function path(from: XNode | null | undefined, p: string): XNode[] {
  if (!from) return [];
  const out: XNode[] = [];
  collect(from, steps(p), 0, out);
  return out;
}

function collect(n: XNode, s: readonly Step[], i: number, out: XNode[]): void {
  const { ns, local } = s[i];
  const last = i === s.length - 1;
  for (const c of n.children) {
    if (c.local !== local || c.ns !== ns) continue;
    if (last) out.push(c);
    else collect(c, s, i + 1, out);
  }
}

export function has(from: XNode | null | undefined, p: string): boolean {
  return !!from && firstAt(from, steps(p), 0);
}

/** A path compiled once, for rules that evaluate the same path on every document. */
export type CompiledPath = readonly Step[];
export const compilePath = (p: string): CompiledPath => steps(p);
export function countCompiled(from: XNode, s: CompiledPath): number {
  return countAt(from, s, 0);
}
export function existsCompiled(from: XNode, s: CompiledPath): boolean {
  return firstAt(from, s, 0);
}

function firstAt(n: XNode, s: readonly Step[], i: number): boolean {
  if (i === s.length) return true;
  const { ns, local } = s[i];
  for (const c of n.children) if (c.local === local && c.ns === ns && firstAt(c, s, i + 1)) return true;
  return false;
}

function countAt(n: XNode, s: readonly Step[], i: number): number {
  if (i === s.length) return 1;
  const { ns, local } = s[i];
  let total = 0;
  for (const c of n.children) if (c.local === local && c.ns === ns) total += countAt(c, s, i + 1);
  return total;
}

type Step = { ns: string; local: string };
const stepCache = new Map<string, Step[]>();
// Rules call path() with the same literal in loops over nodes: a pointer comparison with
// the previous path spares the map look-up.
let lastPath = '';
let lastSteps: Step[] = [];
function steps(p: string): Step[] {
  if (p === lastPath) return lastSteps;
  let s = stepCache.get(p);
  if (s) {
    lastPath = p;
    return (lastSteps = s);
  }
  s = p.split('/').map((raw) => {
    const i = raw.indexOf(':');
    if (i < 0) return { ns: NS.ram, local: raw };
    const prefix = raw.slice(0, i);
    const ns = prefix === 'rsm' ? NS.rsm : prefix === 'udt' ? NS.udt : prefix === 'qdt' ? NS.qdt : NS.ram;
    return { ns, local: raw.slice(i + 1) };
  });
  stepCache.set(p, s);
  lastPath = p;
  return (lastSteps = s);
}

/** Absolute path from /rsm:CrossIndustryInvoice; empty when the root is something else. */
export function abs(idx: CiiIndex, p: string): XNode[] {
  if (!idx.isCii) return [];
  const s = steps(p);
  const end = s[s.length - 1];
  // Deep paths to a ram element: rather than walking down from the root through every
  // line, take the (few) elements of that name from the index (document order) and keep
  // those whose ancestors are exactly the path's steps up to the root.
  if (s.length < 3 || end.ns !== NS.ram) return path(idx.root, p);
  const out: XNode[] = [];
  const root = idx.root;
  for (const n of idx.ram(end.local)) {
    let a: XNode | null = n;
    let i = s.length - 1;
    for (; i >= 0 && a !== null; i--, a = a.parent) if (a.local !== s[i].local || a.ns !== s[i].ns) break;
    if (i < 0 && a === root) out.push(n);
  }
  return out;
}

/** True when `node` has an ancestor with the given ram local name. */
export function hasAncestor(node: XNode, local: string, ns: string = NS.ram): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.local === local && p.ns === ns) return true;
  return false;
}

/** True when the parent of `node` is the ram element `local`. */
export function parentIs(node: XNode, local: string, ns: string = NS.ram): boolean {
  return !!node.parent && node.parent.local === local && node.parent.ns === ns;
}
