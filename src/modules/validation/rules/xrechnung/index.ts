import type { RuleSet } from '../rule.js';

/** XRechnung 3.0 CIUS and Extension rules (BR-DE, BR-DEX, BR-TMP and the Peppol rules XRechnung includes). */
export const xrechnungRuleSet: RuleSet = {
  name: 'XRechnung',
  version: '3.0.2',
  syntaxes: ['ubl-invoice', 'ubl-creditnote', 'cii'],
  rules: [],
};
