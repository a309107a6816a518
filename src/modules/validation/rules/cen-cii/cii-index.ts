import { NS, type XNode } from '../../xml/xnode.js';

/**
 * One walk over a CII document, shared by every rule of this set.
 *
 * The official Schematron addresses most contexts with `//ram:Name`; rescanning the tree
 * per rule would cost far more than the checks themselves, so the elements are grouped
 * once per document (document order is kept, because findings are reported in it).
 */
export interface CiiIndex {
  readonly root: XNode;
  /** Every element of the document in document order, the root included. */
  readonly elements: readonly XNode[];
  /** `ram:` elements with the given local name, document order. */
  ram(local: string): readonly XNode[];
  /** `udt:` elements with the given local name, document order. */
  udt(local: string): readonly XNode[];
  /** True when the root is rsm:CrossIndustryInvoice (absolute paths start there). */
  readonly isCii: boolean;
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

const EMPTY: readonly XNode[] = [];
const cache = new WeakMap<XNode, CiiIndex>();

export function ciiIndex(root: XNode): CiiIndex {
  let idx = cache.get(root);
  if (idx) return idx;
  const elements: XNode[] = [];
  const ramBy = new Map<string, XNode[]>();
  const udtBy = new Map<string, XNode[]>();
  const stack: XNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    elements.push(n);
    const bucket = n.ns === NS.ram ? ramBy : n.ns === NS.udt ? udtBy : null;
    if (bucket) {
      let list = bucket.get(n.local);
      if (!list) bucket.set(n.local, (list = []));
      list.push(n);
    }
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  idx = {
    root,
    elements,
    ram: (local) => ramBy.get(local) ?? EMPTY,
    udt: (local) => udtBy.get(local) ?? EMPTY,
    isCii: root.ns === NS.rsm && root.local === 'CrossIndustryInvoice',
    memo: new Map(),
  };
  cache.set(root, idx);
  return idx;
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
function steps(p: string): Step[] {
  let s = stepCache.get(p);
  if (s) return s;
  s = p.split('/').map((raw) => {
    const i = raw.indexOf(':');
    if (i < 0) return { ns: NS.ram, local: raw };
    const prefix = raw.slice(0, i);
    const ns = prefix === 'rsm' ? NS.rsm : prefix === 'udt' ? NS.udt : prefix === 'qdt' ? NS.qdt : NS.ram;
    return { ns, local: raw.slice(i + 1) };
  });
  stepCache.set(p, s);
  return s;
}

/** Absolute path from /rsm:CrossIndustryInvoice; empty when the root is something else. */
export function abs(idx: CiiIndex, p: string): XNode[] {
  return idx.isCii ? path(idx.root, p) : [];
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
