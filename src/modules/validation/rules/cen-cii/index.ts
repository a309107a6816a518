import type { RuleSet } from '../rule.js';

/** CEN EN 16931 rules, UN/CEFACT CII D16B binding. */
export const cenCiiRuleSet: RuleSet = {
  name: 'EN16931-CII',
  version: '1.3.16',
  syntaxes: ['cii'],
  rules: [],
};
