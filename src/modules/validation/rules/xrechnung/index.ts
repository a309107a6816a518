import type { Rule, RuleSet } from '../rule.js';
import { brDeRules } from './br-de.rules.js';
import { brDexRules } from './br-dex.rules.js';
import { brTmpRules } from './br-tmp.rules.js';
import { cvdRules } from './cvd.rules.js';
import { peppolRules } from './peppol.rules.js';

export { parseSkontoTerms, type SkontoTerm, type SkontoParseResult } from './skonto.js';
export { XR_CIUS_ID, XR_CVD_ID, XR_EXTENSION_ID } from './common.js';

const rules: readonly Rule[] = [...peppolRules, ...brDeRules, ...brTmpRules, ...brDexRules, ...cvdRules];

/**
 * XRechnung 3.0 rules (BR-DE, BR-DEX, BR-TMP, BR-DE-CVD and the Peppol BIS rules XRechnung
 * includes), UBL Invoice/CreditNote and CII.
 *
 * The official configuration runs the same XRechnung Schematron (after the CEN EN 16931
 * Schematron) in all its XRechnung scenarios: standard CIUS, Extension and CVD, for each
 * syntax. The Extension rules (BR-DEX-*) and the CVD rules (BR-DE-CVD-*, BR-TMP-CVD-01) are
 * gated inside the rules on BT-24, exactly as in the official Schematron, so this one set
 * serves every XRechnung scenario; the plain EN 16931 scenarios do not run it.
 * Flags are the official Schematron flags; scenario overrides belong to the engine.
 * Source of the rules: the XRechnung Schematron 2.5 (XRechnung 3.0.2) as KoSIT builds it,
 * i.e. with the whitelisted Peppol BIS Billing 3.0 rules merged in (PEPPOL-EN16931-R120 is
 * a warning there; the CII variant numbers R043 as R043-1/R043-2).
 */
export const xrechnungRuleSet: RuleSet = {
  name: 'XRechnung',
  version: '3.0.2',
  syntaxes: ['ubl-invoice', 'ubl-creditnote', 'cii'],
  rules,
};

/** The CVD scenario ("EN16931 XRechnung CVD") uses the same rules: the CVD ones apply by BT-24. */
export const xrechnungCvdRuleSet: RuleSet = xrechnungRuleSet;
