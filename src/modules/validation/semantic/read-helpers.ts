import { attr, text } from '../xml/query.js';
import type { XNode } from '../xml/xnode.js';
import type { Address, Identifier } from './en16931.js';

/** Helpers both syntax readers share: absent and empty terms are both `undefined`. */
export function opt(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
}

/** An identifier with its optional `schemeID`. */
export function ident(n: XNode | null): Identifier | undefined {
  const value = opt(text(n));
  if (value === undefined) return undefined;
  const scheme = attr(n, 'schemeID') ?? undefined;
  return scheme === undefined ? { value } : { value, scheme };
}

/** A postal address (BG-5, BG-8, BG-12, BG-15) read with the binding's paths for each term. */
export function addressAt(
  n: XNode | null,
  paths: Readonly<Record<keyof Address, string>>,
): Address | undefined {
  if (!n) return undefined;
  const out: Address = {};
  for (const key of Object.keys(paths) as (keyof Address)[]) out[key] = opt(text(n, paths[key]));
  return out;
}
