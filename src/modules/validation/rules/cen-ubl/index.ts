import type { RuleSet } from '../rule.js';

/** CEN EN 16931 rules, UBL 2.1 binding (Invoice and CreditNote). */
export const cenUblRuleSet: RuleSet = {
  name: 'EN16931-UBL',
  version: '1.3.16',
  syntaxes: ['ubl-invoice', 'ubl-creditnote'],
  rules: [],
};
