import { NS, type NsPrefix, type XNode } from '../../xml/xnode.js';

/**
 * One walk over a UBL document, shared by every rule of this set: the elements by
 * qualified name in document order, so that the official `//cac:X` steps and the
 * Schematron rule contexts ("every cac:X anywhere") cost a map lookup, not a rescan.
 */
export interface UblIndex {
  readonly root: XNode;
  readonly isCreditNote: boolean;
  /** Every element (root included) in document order. */
  readonly elements: readonly XNode[];
  /** Elements with this prefixed name ('cac:TaxCategory'), document order. */
  named(qname: string): readonly XNode[];
  /** Memo slot for derived per-document facts (computed once, reused by several rules). */
  memo<T>(key: string, make: () => T): T;
}

const EMPTY: readonly XNode[] = [];
const cache = new WeakMap<XNode, UblIndex>();
const nameCache = new Map<string, readonly [string, string]>();

function split(qname: string): readonly [string, string] {
  let r = nameCache.get(qname);
  if (r === undefined) {
    const i = qname.indexOf(':');
    const ns = NS[qname.slice(0, i) as NsPrefix];
    if (ns === undefined) throw new Error(`unknown prefix in ${qname}`);
    r = [ns, qname.slice(i + 1)];
    nameCache.set(qname, r);
  }
  return r;
}

export function ublIndex(root: XNode): UblIndex {
  const hit = cache.get(root);
  if (hit) return hit;
  // local name → namespace → elements; nested maps avoid building a key string per element.
  const byName = new Map<string, Map<string, XNode[]>>();
  const elements: XNode[] = [];
  const stack: XNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    elements.push(n);
    let byNs = byName.get(n.local);
    if (!byNs) byName.set(n.local, (byNs = new Map()));
    let list = byNs.get(n.ns);
    if (!list) byNs.set(n.ns, (list = []));
    list.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  const memos = new Map<string, unknown>();
  const index: UblIndex = {
    root,
    isCreditNote: root.ns === NS.cn,
    elements,
    named: (qname) => {
      const [ns, local] = split(qname);
      return byName.get(local)?.get(ns) ?? EMPTY;
    },
    memo<T>(key: string, make: () => T): T {
      const v = memos.get(key);
      if (v !== undefined || memos.has(key)) return v as T;
      const made = make();
      memos.set(key, made);
      return made;
    },
  };
  cache.set(root, index);
  return index;
}
