/**
 * A Kontierung (account assignment) as a form or an API client sent it, made into lines
 * for the check (`accounts/kontierung-check.ts`, against the tenant's chart of accounts).
 */
import type { KontierungLine } from './approval.repository.js';

export type { KontierungProblem } from './accounts/kontierung-check.js';

/** Normalises what a form or API sent: trims, drops empty optional fields, German decimal comma. */
export function normaliseKontierung(
  lines: readonly Partial<Record<keyof KontierungLine, unknown>>[],
): KontierungLine[] {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
  return lines
    .map((l) => ({
      buchungsstelle: text(l.buchungsstelle),
      kostenstelle: text(l.kostenstelle) || null,
      investitionsnummer: text(l.investitionsnummer) || null,
      amount: decimalText(text(l.amount)),
    }))
    .filter((l) => l.buchungsstelle || l.kostenstelle || l.investitionsnummer || l.amount);
}

/** `1.234,56` (German) and `1234.56` both mean 1234.56; blanks are ignored. */
function decimalText(v: string): string {
  const s = v.replace(/\s/g, '');
  return s.includes(',') ? s.replaceAll('.', '').replace(',', '.') : s;
}
