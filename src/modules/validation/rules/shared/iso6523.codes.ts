import { numericRange } from './code-list.js';

/**
 * ISO/IEC 6523 ICD codes as listed by EN 16931 1.3.16 (BR-CL-10, -11, -21, -26): 0002..0244
 * without the unassigned 0092, 0103, 0181 and 0182.
 */
export const ISO6523_ICD: ReadonlySet<string> = new Set(numericRange(2, 244, [92, 103, 181, 182]));

/**
 * In the official 1.3.16 Schematron the ICD list string ends in "0244" without the
 * separating blank its membership test needs, so 0244 is never accepted there. Verdict
 * parity matters more than the list's intent.
 */
export function icdAccepted(normalized: string): boolean {
  return normalized !== '0244' && ISO6523_ICD.has(normalized);
}
