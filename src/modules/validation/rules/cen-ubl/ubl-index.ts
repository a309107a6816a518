import { NS, type NsPrefix, type XNode } from '../../xml/xnode.js';
import { perDocument } from '../shared/per-document.js';

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
  /**
   * Memo slot for derived per-document facts (computed once, reused by several rules).
   * Hot facts use a MemoKey (an array slot) rather than a string (a map lookup).
   */
  memo<T>(key: string | MemoKey<T>, make: () => T): T;
}

/** A numbered memo slot, created once at module load for a fact every document needs. */
export interface MemoKey<T> {
  readonly slot: number;
  /** Only carries the type. */
  readonly type?: T;
}

let slots = 0;

export function memoKey<T>(): MemoKey<T> {
  return { slot: slots++ };
}

const EMPTY: readonly XNode[] = [];
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

class Index implements UblIndex {
  readonly isCreditNote: boolean;
  readonly elements: XNode[] = [];
  // Keyed by local name only: one map operation per element while walking. The namespace
  // is checked when a qualified name is first asked for (almost always a single namespace).
  private readonly byLocal = new Map<string, XNode[]>();
  private readonly byQName = new Map<string, readonly XNode[]>();
  private readonly memos = new Map<string, unknown>();
  private readonly slotValues: unknown[] = [];

  constructor(readonly root: XNode) {
    this.isCreditNote = root.ns === NS.cn;
    const { elements, byLocal } = this;
    const stack: XNode[] = [root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      elements.push(n);
      const list = byLocal.get(n.local);
      if (list === undefined) byLocal.set(n.local, [n]);
      else list.push(n);
      const ch = n.children;
      for (let i = ch.length - 1; i >= 0; i--) stack.push(ch[i]);
    }
  }

  named(qname: string): readonly XNode[] {
    const hit = this.byQName.get(qname);
    if (hit !== undefined) return hit;
    const [ns, local] = split(qname);
    const list = this.byLocal.get(local);
    let out: readonly XNode[] = EMPTY;
    if (list !== undefined) {
      let same = true;
      for (const n of list) {
        if (n.ns !== ns) {
          same = false;
          break;
        }
      }
      out = same ? list : list.filter((n) => n.ns === ns);
      if (out.length === 0) out = EMPTY;
    }
    this.byQName.set(qname, out);
    return out;
  }

  memo<T>(key: string | MemoKey<T>, make: () => T): T {
    if (typeof key !== 'string') {
      const held = this.slotValues[key.slot];
      if (held !== undefined) return held as T;
      // Facts are never undefined; were one, it would only be recomputed (rules are pure).
      const made = make();
      this.slotValues[key.slot] = made;
      return made;
    }
    const v = this.memos.get(key);
    if (v !== undefined || this.memos.has(key)) return v as T;
    const made = make();
    this.memos.set(key, made);
    return made;
  }
}

/** The index of the document the rules are looking at (built once per document). */
export const ublIndex: (root: XNode) => UblIndex = perDocument((root) => new Index(root));
