import type { XNode } from '../../xml/xnode.js';

/**
 * `make(root)` computed once per document tree, for the tree asked about last.
 *
 * Not a WeakMap keyed by the root, deliberately. V8's young-generation collector does
 * not resolve an ephemeron whose value refers back to its key, and every per-document
 * index does (it holds the tree's nodes). Keyed like that, every validated tree outlived
 * two young collections, was promoted and waited for a full mark-compact: a third of all
 * the validator allocated, with scavenge pauses of 5-14 ms.
 *
 * The rules of a layer run on one document at a time. A tree asked about again after
 * another one is simply computed anew; only the latest tree is kept.
 */
export function perDocument<T>(make: (root: XNode) => T): (root: XNode) => T {
  let lastRoot: XNode | null = null;
  let last: T | undefined;
  return (root) => {
    if (root !== lastRoot) {
      last = make(root);
      lastRoot = root;
    }
    return last as T;
  };
}
