import type { RuleSet } from '../rule.js';
import { brCoRules } from './br-co.rules.js';
import { brClRules } from './br-cl.rules.js';
import { brRules } from './br.rules.js';
import { syntaxRules } from './syntax.rules.js';
import { vatRules } from './vat.rules.js';

/** CEN EN 16931 rules, UBL 2.1 binding (Invoice and CreditNote). */
export const cenUblRuleSet: RuleSet = {
  name: 'EN16931-UBL',
  version: '1.3.16',
  syntaxes: ['ubl-invoice', 'ubl-creditnote'],
  rules: [...brRules, ...brCoRules, ...vatRules, ...brClRules, ...syntaxRules],
};
