import { codeSet } from './code-list.js';

/** UNTDID 5189 allowance reason codes (BT-98, BT-140; BR-CL-19). */
export const UNCL5189 = codeSet('41 42 60 62 63 64 65 66 67 68 70 71 88 95 100 102 103 104 105');
