import type { Decimal } from 'decimal.js';
import type { Flag } from '../rule.js';
import type { XNode } from '../../xml/xnode.js';
import { path } from './cii-index.js';
import { decOf, nsv, sv } from './cii-xpath.js';
import type { AssertDef, Env } from './pattern.js';

/** Shorthand for one assertion (fatal unless stated). */
export function fatal(
  ctx: string,
  id: string,
  en: string,
  de: string,
  test: (n: XNode, env: Env) => boolean,
): AssertDef {
  return { ctx, id, flag: 'fatal', en, de, test };
}

export function flagged(
  flag: Flag,
  ctx: string,
  id: string,
  en: string,
  de: string,
  test: (n: XNode, env: Env) => boolean,
): AssertDef {
  return { ctx, id, flag, en, de, test };
}

/**
 * normalize-space(path) for a path the XSLT treats as a single value: '' when absent;
 * null (and the document marked undecidable) when it occurs more than once, because the
 * official transformation stops there with XPTY0004.
 */
export function single(env: Env, from: XNode | null, p: string, at: XNode): string | null {
  const nodes = path(from, p);
  if (nodes.length > 1) {
    env.undecidable(at, `more than one ${p}`);
    return null;
  }
  return nsv(nodes[0]);
}

/** Like single() for attribute values of the (single) element reached by `p`. */
export function singleAttr(env: Env, from: XNode | null, p: string, name: string, at: XNode): string | null {
  const nodes = path(from, p).filter((n) => n.attrs.some((a) => a.local === name && a.ns === ''));
  if (nodes.length > 1) {
    env.undecidable(at, `more than one ${p}/@${name}`);
    return null;
  }
  const a = nodes[0]?.attrs.find((x) => x.local === name && x.ns === '');
  return a ? a.value.replace(/[\t\n\r ]+/g, ' ').trim() : '';
}

/** `normalize-space(p) != ''` with the single-value semantics above (undecidable = holds). */
export function present(env: Env, from: XNode | null, p: string, at: XNode): boolean {
  const v = single(env, from, p, at);
  return v === null || v !== '';
}

/**
 * xs:decimal(p) for a single-valued path: undefined when absent, null when the XSLT would
 * fail (more than one occurrence, or not a decimal) — the caller then treats the
 * assertion as holding, since the document is undecidable anyway.
 */
export function decimalAt(env: Env, from: XNode | null, p: string, at: XNode): Decimal | undefined | null {
  const nodes = path(from, p);
  if (nodes.length === 0) return undefined;
  if (nodes.length > 1) {
    env.undecidable(at, `more than one ${p}`);
    return null;
  }
  const d = decOf(nodes[0]);
  if (!d) {
    env.undecidable(at, `${p} is not a decimal: '${sv(nodes[0])}'`);
    return null;
  }
  return d;
}

/** string-length(substring-after(p, '.')) <= 2 with single-value semantics. */
export function atMostTwoDecimals(env: Env, from: XNode | null, p: string, at: XNode): boolean {
  const nodes = path(from, p);
  if (nodes.length > 1) {
    env.undecidable(at, `more than one ${p}`);
    return true;
  }
  const s = sv(nodes[0]);
  const i = s.indexOf('.');
  return i < 0 || [...s.slice(i + 1)].length <= 2;
}
