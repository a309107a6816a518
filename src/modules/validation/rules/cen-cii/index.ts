import type { RuleSet } from '../rule.js';
import { definePattern } from './pattern.js';
import { MODEL_CONTEXTS } from './model-contexts.js';
import { SYNTAX_CONTEXTS } from './syntax-contexts.js';
import { BR_RULES } from './br.rules.js';
import { BR_CO_RULES } from './br-co.rules.js';
import { BR_DEC_RULES } from './br-dec.rules.js';
import { VAT_RULES } from './vat.rules.js';
import { BR_CL_RULES, CODES_CONTEXTS } from './br-cl.rules.js';
import { CII_SR_RULES } from './cii-sr.rules.js';
import { CII_DT_RULES } from './cii-dt.rules.js';

/**
 * CEN EN 16931 rules, UN/CEFACT CII D16B binding (official Schematron 1.3.16), written
 * from the specification. The three official patterns (model, syntax, code lists) are
 * kept apart because each resolves its overlapping rule contexts on its own.
 *
 * State of 1.3.16 reflected here: BR-CO-25 is withdrawn; BR-CO-27 is CII-SR-470 and
 * BR-66 is CII-SR-463; CII-SR-467…494 are new (474–476 warnings, the rest fatal); the
 * generic identifier rule reports CII-DT-101…104. Amounts are computed exactly with
 * decimal.js where the XSLT sums untyped values as doubles; the two only differ on
 * amounts with more than two decimals, which the BR-DEC rules reject anyway.
 */
export const cenCiiRuleSet: RuleSet = {
  name: 'EN16931-CII',
  version: '1.3.16',
  syntaxes: ['cii'],
  rules: [
    ...definePattern(MODEL_CONTEXTS, [...BR_RULES, ...BR_CO_RULES, ...BR_DEC_RULES, ...VAT_RULES]),
    ...definePattern(SYNTAX_CONTEXTS, [...CII_SR_RULES, ...CII_DT_RULES]),
    ...definePattern(CODES_CONTEXTS, BR_CL_RULES),
  ],
};
