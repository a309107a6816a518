import type { XNode } from '../xml/xnode.js';

/** The flag a rule carries in its official Schematron source. */
export type Flag = 'fatal' | 'warning' | 'information';

export type Syntax = 'ubl-invoice' | 'ubl-creditnote' | 'cii';

/** What a rule reads: the parsed tree and which syntax it is. */
export interface RuleDocument {
  readonly root: XNode;
  readonly syntax: Syntax;
  /** BT-24 specification identifier as written (normalised), '' when absent. */
  readonly customization: string;
}

/**
 * One official rule, written by us from the specification.
 *
 * `check` calls `report` once per failing context node (the node whose location and
 * line the finding carries; pass the closest relevant element). A rule that does not
 * apply to the document simply reports nothing. `check` must never throw for any
 * well-formed input; a situation in which the official XSLT crashes (a duplicated
 * single-occurrence element) is signalled with `ctx.undecidable(node, reason)`.
 * `check` is called as a plain function, without the rule as `this`.
 */
export interface Rule {
  readonly id: string;
  readonly flag: Flag;
  /** Business terms and groups the rule is about, e.g. ['BT-106', 'BG-25']. */
  readonly bt: readonly string[];
  readonly message: { readonly de: string; readonly en: string };
  check(this: void, doc: RuleDocument, ctx: RuleContext): void;
}

export interface RuleContext {
  report(node: XNode): void;
  /** The official implementation cannot decide on this document (processing error). */
  undecidable(node: XNode, reason: string): void;
}

/** A named, versioned collection of rules for one or more syntaxes. */
export interface RuleSet {
  readonly name: string;
  readonly version: string;
  readonly syntaxes: readonly Syntax[];
  readonly rules: readonly Rule[];
}
