import type { Flag, Rule, RuleContext, RuleDocument } from '../rule.js';
import type { XNode } from '../../xml/xnode.js';
import { perDocument } from '../shared/per-document.js';
import { ciiIndex, type CiiIndex } from './cii-index.js';

/** What an assertion test sees besides its context node. */
export interface Env {
  readonly idx: CiiIndex;
  /** Signal that the official XSLT fails at run time on this node (processing error). */
  undecidable(node: XNode, reason: string): void;
}

export interface AssertDef {
  /** Key of the official rule context (see the pattern's context list). */
  readonly ctx: string;
  readonly id: string;
  readonly flag: Flag;
  /** Business terms; when omitted they are read from the English message. */
  readonly bt?: readonly string[];
  readonly en: string;
  readonly de: string;
  /** True when the assertion holds for the context node. */
  readonly test: (node: XNode, env: Env) => boolean;
  /**
   * Optional all-at-once form of `test`, for assertions that never signal undecidable:
   * the context nodes (document order) for which `test` would be false. The ~480
   * data-table rules answer it from one per-document index instead of visiting their
   * context nodes one by one.
   */
  readonly failing?: (nodes: readonly XNode[], idx: CiiIndex) => readonly XNode[];
}

/** One official rule context of a pattern, in the pattern's source order. */
export interface ContextDef {
  readonly key: string;
  /** The nodes the Schematron rule context matches, in document order. */
  readonly select: (idx: CiiIndex) => readonly XNode[];
}

/**
 * Turns one Schematron pattern into rules of our contract.
 *
 * Schematron fires at most one rule per node and pattern: the first rule (in source
 * order) whose context matches. Several official contexts overlap (e.g. the VAT
 * breakdown of category "O" and the generic VAT breakdown), so the later rule is silent
 * on nodes an earlier one claimed. That resolution is computed once per document and
 * pattern and shared by all its assertions.
 */
export function definePattern(contexts: readonly ContextDef[], asserts: readonly AssertDef[]): Rule[] {
  const position = new Map<string, number>();
  contexts.forEach((c, i) => {
    if (position.has(c.key)) throw new Error(`duplicate rule context ${c.key}`);
    position.set(c.key, i);
  });
  // All assertions of the pattern run on one document after another: resolved once per document.
  const resolved = perDocument((root): XNode[][] => {
    const idx = ciiIndex(root);
    const claimed = new Set<XNode>();
    return contexts.map((c) => {
      const mine: XNode[] = [];
      for (const n of c.select(idx)) if (!claimed.has(n)) mine.push(n);
      for (const n of mine) claimed.add(n);
      return mine;
    });
  });

  const rules: Rule[] = [];
  for (const a of asserts) {
    const i = position.get(a.ctx);
    if (i === undefined) throw new Error(`${a.id}: unknown rule context ${a.ctx}`);
    const failing = a.failing;
    rules.push({
      id: a.id,
      flag: a.flag,
      bt: a.bt ?? btOf(a.en),
      message: { de: a.de, en: a.en },
      check(doc: RuleDocument, ctx: RuleContext): void {
        const idx = ciiIndex(doc.root);
        const nodes = resolved(idx.root)[i];
        if (nodes.length === 0) return;
        if (failing) {
          let found: readonly XNode[];
          try {
            found = failing(nodes, idx);
          } catch (e) {
            ctx.undecidable(nodes[0], `${a.id}: internal error ${(e as Error).message}`);
            return;
          }
          for (let k = 0; k < found.length; k++) ctx.report(found[k]);
          return;
        }
        const env = new CheckEnv(idx, ctx, a.id);
        let at = 0;
        try {
          for (; at < nodes.length; at++) if (!a.test(nodes[at], env)) ctx.report(nodes[at]);
        } catch (e) {
          // A rule must never throw; an unexpected failure is reported as undecidable rather
          // than silently accepted.
          env.undecidable(nodes[at], `internal error ${(e as Error).message}`);
        }
      },
    });
  }
  return rules;
}

/** The Env of one rule check (a class: one allocation per check, the rule set runs often). */
class CheckEnv implements Env {
  constructor(
    readonly idx: CiiIndex,
    private readonly ctx: RuleContext,
    private readonly id: string,
  ) {}
  undecidable(node: XNode, reason: string): void {
    this.ctx.undecidable(node, `${this.id}: ${reason}`);
  }
}

function btOf(en: string): string[] {
  const out = new Set<string>();
  for (const m of en.matchAll(/\bB[TG]-\d+\b/g)) out.add(m[0]);
  return [...out];
}
