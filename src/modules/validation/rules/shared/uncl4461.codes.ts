import { codeSet } from './code-list.js';

/** UNTDID 4461 payment means codes (BT-81, BR-CL-16). */
export const UNCL4461 = codeSet(
  Array.from({ length: 70 }, (_, i) => String(i + 1)).join(' ') +
    ' 74 75 76 77 78 91 92 93 94 95 96 97 98 ZZZ',
);
