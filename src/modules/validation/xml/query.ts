import { NS, type NsPrefix, type XNode } from './xnode.js';

/**
 * Tiny path language over XNode, enough for the binding paths of EN 16931:
 *   'cac:AccountingSupplierParty/cac:Party/cbc:EndpointID'  child steps with a namespace prefix
 *   '*'                                                       any element child
 *   '@schemeID' (last step only)                              see attr()
 * Steps are resolved against the fixed prefixes in NS; compiled paths are cached.
 */
type Step = { ns: string | null; local: string | null };

const cache = new Map<string, Step[]>();

function compile(path: string): Step[] {
  let steps = cache.get(path);
  if (steps) return steps;
  steps = path.split('/').map((raw) => {
    if (raw === '*') return { ns: null, local: null };
    const i = raw.indexOf(':');
    if (i < 0) return { ns: '', local: raw };
    const prefix = raw.slice(0, i) as NsPrefix;
    const ns = NS[prefix];
    if (ns === undefined) throw new Error(`unknown namespace prefix in path: ${path}`);
    return { ns, local: raw.slice(i + 1) === '*' ? null : raw.slice(i + 1) };
  });
  cache.set(path, steps);
  return steps;
}

function matches(n: XNode, s: Step): boolean {
  return (s.ns === null || n.ns === s.ns) && (s.local === null || n.local === s.local);
}

/** All elements reached by the path from `node`, in document order. */
export function all(node: XNode | null | undefined, path: string): XNode[] {
  if (!node) return [];
  let current: XNode[] = [node];
  for (const step of compile(path)) {
    const next: XNode[] = [];
    for (const c of current) for (const ch of c.children) if (matches(ch, step)) next.push(ch);
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

/** The first element reached by the path, or null. */
export function first(node: XNode | null | undefined, path: string): XNode | null {
  if (!node) return null;
  return firstFrom(node, compile(path), 0);
}

// A module-level function rather than a closure per call: rules call first()/text()
// thousands of times per document. Recursion depth is the path length, not the tree depth.
function firstFrom(n: XNode, steps: Step[], i: number): XNode | null {
  if (i === steps.length) return n;
  const step = steps[i];
  for (const ch of n.children) {
    if (matches(ch, step)) {
      const hit = firstFrom(ch, steps, i + 1);
      if (hit) return hit;
    }
  }
  return null;
}

export function exists(node: XNode | null | undefined, path: string): boolean {
  return first(node, path) !== null;
}

/** XPath string(): the concatenated text of the element and all its descendants. */
export function stringValue(node: XNode | null | undefined): string {
  if (!node) return '';
  if (node.children.length === 0) return node.text;
  // Interleaving of text and children is not kept; for the data-oriented invoice
  // syntaxes mixed content does not occur, so own text followed by children is faithful.
  let s = node.text;
  for (const ch of node.children) s += stringValue(ch);
  return s;
}

/** XPath normalize-space(). */
export function normalizeSpace(s: string): string {
  return s.replace(/[\t\n\r ]+/g, ' ').trim();
}

/** normalize-space(string(first match)) — '' when absent. */
export function text(node: XNode | null | undefined, path?: string): string {
  const n = path === undefined ? node : first(node, path);
  return n ? normalizeSpace(stringValue(n)) : '';
}

/** Attribute value (no namespace) of the element, or null. */
export function attr(node: XNode | null | undefined, name: string): string | null {
  if (!node) return null;
  for (const a of node.attrs) if (a.local === name && a.ns === '') return a.value;
  return null;
}

/** Every descendant element (not the node itself), document order. */
export function descendants(node: XNode): XNode[] {
  const out: XNode[] = [];
  const stack: XNode[] = [...node.children].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    out.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out;
}

/** An XPath-like location for reports, e.g. /Invoice/cac:InvoiceLine[2]/cbc:ID. */
export function locationOf(node: XNode): string {
  const parts: string[] = [];
  for (let n: XNode | null = node; n; n = n.parent) {
    const p: XNode | null = n.parent;
    if (!p) {
      parts.push(n.qname);
      break;
    }
    let index = 0;
    let count = 0;
    for (const s of p.children) {
      if (s.ns === n.ns && s.local === n.local) {
        count++;
        if (s === n) index = count;
      }
    }
    parts.push(count > 1 ? `${n.qname}[${index}]` : n.qname);
  }
  return '/' + parts.reverse().join('/');
}
