/**
 * The shape rules of a Kontierung (account assignment), pure: at least one line, each with
 * a Buchungsstelle and an amount of at most two decimals, summing exactly to the invoice's
 * amount due. Whether the codes exist in the tenant's chart of accounts is checked by the
 * caller with the chart.
 */
import { Decimal } from 'decimal.js';
import type { KontierungLine } from './approval.repository.js';

export const MAX_KONTIERUNG_LINES = 100;
const AMOUNT = /^-?\d{1,15}(\.\d{1,2})?$/;
const CODE = /^[\p{L}\p{N}][\p{L}\p{N} ./_-]{0,63}$/u;

export interface KontierungProblem {
  readonly line?: number;
  readonly field?: 'buchungsstelle' | 'kostenstelle' | 'investitionsnummer' | 'amount';
  readonly code: string;
  readonly de: string;
  readonly en: string;
}

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

export function checkKontierungShape(lines: readonly KontierungLine[], total: string): KontierungProblem[] {
  const problems: KontierungProblem[] = [];
  if (lines.length === 0)
    return [
      {
        code: 'KONTIERUNG_EMPTY',
        de: 'Mindestens eine Zeile ist nötig.',
        en: 'At least one line is needed.',
      },
    ];
  if (lines.length > MAX_KONTIERUNG_LINES)
    return [
      {
        code: 'KONTIERUNG_TOO_MANY_LINES',
        de: `Höchstens ${MAX_KONTIERUNG_LINES} Zeilen.`,
        en: `At most ${MAX_KONTIERUNG_LINES} lines.`,
      },
    ];
  let sum = new Decimal(0);
  lines.forEach((l, i) => {
    const line = i + 1;
    if (!CODE.test(l.buchungsstelle))
      problems.push({
        line,
        field: 'buchungsstelle',
        code: 'KONTIERUNG_ACCOUNT_INVALID',
        de: `Zeile ${line}: Buchungsstelle fehlt oder enthält unzulässige Zeichen.`,
        en: `Line ${line}: the booking account is missing or has characters that are not allowed.`,
      });
    for (const field of ['kostenstelle', 'investitionsnummer'] as const) {
      const v = l[field];
      if (v && !CODE.test(v))
        problems.push({
          line,
          field,
          code: 'KONTIERUNG_ACCOUNT_INVALID',
          de: `Zeile ${line}: ${field === 'kostenstelle' ? 'Kostenstelle' : 'Investitionsnummer'} enthält unzulässige Zeichen.`,
          en: `Line ${line}: the ${field === 'kostenstelle' ? 'cost centre' : 'investment number'} has characters that are not allowed.`,
        });
    }
    if (!AMOUNT.test(l.amount)) {
      problems.push({
        line,
        field: 'amount',
        code: 'KONTIERUNG_AMOUNT_INVALID',
        de: `Zeile ${line}: Betrag ist keine Zahl mit höchstens zwei Nachkommastellen.`,
        en: `Line ${line}: the amount is not a number with at most two decimals.`,
      });
    } else sum = sum.plus(l.amount);
  });
  if (problems.length === 0 && !sum.equals(new Decimal(total))) {
    const diff = new Decimal(total).minus(sum).toFixed(2);
    problems.push({
      code: 'KONTIERUNG_SUM_MISMATCH',
      de: `Die Summe der Zeilen (${sum.toFixed(2)}) weicht um ${diff} vom Rechnungsbetrag (${new Decimal(total).toFixed(2)}) ab.`,
      en: `The lines sum to ${sum.toFixed(2)}, ${diff} away from the invoice amount (${new Decimal(total).toFixed(2)}).`,
    });
  }
  return problems;
}
