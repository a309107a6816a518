import type { XNode } from '../xml/xnode.js';

/** Every element as the rules see it (namespace, name, attributes, text, line), in document order. */
export function treeRows(root: XNode): unknown[] {
  const out: unknown[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    out.push([n.ns, n.qname, n.attrs, n.text, n.line]);
    for (let k = n.children.length - 1; k >= 0; k--) stack.push(n.children[k]);
  }
  return out;
}
