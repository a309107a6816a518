/**
 * Code lists are facts of the standard; each `*.codes.ts` module in this folder holds one
 * list exactly as the official EN 16931 1.3.16 validation artefacts use it.
 */
export function codeSet(spaceSeparated: string): ReadonlySet<string> {
  return new Set(spaceSeparated.split(/\s+/).filter((c) => c !== ''));
}

/** Four-digit codes from..to inclusive, minus the listed gaps (ISO/IEC 6523 ICD numbering). */
export function numericRange(from: number, to: number, gaps: readonly number[] = []): string[] {
  const out: string[] = [];
  for (let i = from; i <= to; i++) if (!gaps.includes(i)) out.push(String(i).padStart(4, '0'));
  return out;
}
