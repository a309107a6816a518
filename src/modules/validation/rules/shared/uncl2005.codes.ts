import { codeSet } from './code-list.js';

/** UNTDID 2005 subset for the Value added tax point date code (BT-8, BR-CL-06). */
export const UNCL2005_VAT_DATE = codeSet('3 35 432');
