import type { Rule, RuleDocument, Syntax } from '../rules/rule.js';
import { parseToXNode } from '../xml/parse.js';
import type { XNode } from '../xml/xnode.js';

/**
 * Test support shared by the rule specs of every layer: parse an XML string and run rules
 * on it directly (no scenario, no schema), keeping every report and every undecidable
 * signal in the order the rules gave them. Each layer's fixtures shape this into the
 * outcome its specs assert on.
 */
export interface RuleHit {
  readonly rule: Rule;
  readonly node: XNode;
}

export interface RuleRun {
  readonly hits: readonly RuleHit[];
  readonly undecidable: readonly (RuleHit & { readonly reason: string })[];
}

function syntaxOf(root: XNode): Syntax {
  if (root.local === 'CrossIndustryInvoice') return 'cii';
  return root.local === 'CreditNote' ? 'ubl-creditnote' : 'ubl-invoice';
}

/** Runs `rules` on `xml`; the syntax is read from the root element unless given. */
export function runRulesOn(xml: string, rules: readonly Rule[], syntax?: Syntax): RuleRun {
  const root = parseToXNode(new TextEncoder().encode(xml));
  const doc: RuleDocument = { root, syntax: syntax ?? syntaxOf(root), customization: '' };
  const hits: RuleHit[] = [];
  const undecidable: (RuleHit & { reason: string })[] = [];
  for (const rule of rules) {
    rule.check(doc, {
      report: (node) => hits.push({ rule, node }),
      undecidable: (node, reason) => undecidable.push({ rule, node, reason }),
    });
  }
  return { hits, undecidable };
}

/** Line numbers of the reported nodes, per rule id. */
export function linesById(hits: readonly RuleHit[]): Map<string, number[]> {
  const lines = new Map<string, number[]>();
  for (const h of hits) lines.set(h.rule.id, [...(lines.get(h.rule.id) ?? []), h.node.line]);
  return lines;
}

export const sortedIds = (hits: readonly { rule: Rule }[]): string[] =>
  [...new Set(hits.map((h) => h.rule.id))].sort();
