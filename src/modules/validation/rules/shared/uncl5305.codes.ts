import { codeSet } from './code-list.js';

/** UNTDID 5305 duty/tax/fee category codes used for VAT (BT-95, BT-102, BT-118, BT-151; BR-CL-17, BR-CL-18). */
export const UNCL5305 = codeSet('AE L M E S Z G O K B');
