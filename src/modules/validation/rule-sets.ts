import type { RuleSet, Syntax } from './rules/rule.js';
import { cenUblRuleSet } from './rules/cen-ubl/index.js';
import { cenCiiRuleSet } from './rules/cen-cii/index.js';
import * as xrechnung from './rules/xrechnung/index.js';

/**
 * The rule sets of the engine, by layer. The XRechnung folder may export more than one
 * set (e.g. the CIUS rules and the Peppol rules XRechnung includes); every exported
 * RuleSet is taken, in export order. Rules that only apply to some XRechnung
 * specification identifiers check `doc.customization` themselves.
 */
function isRuleSet(x: unknown): x is RuleSet {
  return (
    typeof x === 'object' &&
    x !== null &&
    Array.isArray((x as RuleSet).rules) &&
    Array.isArray((x as RuleSet).syntaxes) &&
    typeof (x as RuleSet).name === 'string'
  );
}

export interface RuleLayers {
  readonly cen: readonly RuleSet[];
  readonly xrechnung: readonly RuleSet[];
}

export const CURRENT_RULE_LAYERS: RuleLayers = {
  cen: [cenUblRuleSet, cenCiiRuleSet],
  // de-duplicated by identity: an index may export one set under two names
  xrechnung: [...new Set(Object.values(xrechnung as Record<string, unknown>).filter(isRuleSet))],
};

export function setsFor(sets: readonly RuleSet[], syntax: Syntax): RuleSet[] {
  return sets.filter((s) => s.syntaxes.includes(syntax));
}

/**
 * Rule layers per release (see scenario/scenarios.ts RELEASES). A next XRechnung release
 * adds its scenario table there and its rule sets here, and runs beside the current one
 * (`createValidator({ release })`).
 */
export const RELEASE_LAYERS: Readonly<Record<string, RuleLayers>> = {
  'xrechnung-3.0': CURRENT_RULE_LAYERS,
};
