/**
 * The Kontierung check (pure: no Nest, no database). A Kontierung assigns an invoice's
 * amount due (BT-115) to one or more lines of Buchungsstelle (Haushaltsstelle / Produkt /
 * Sachkonto), optional Kostenstelle and optional Investitionsnummer. It is right when
 *
 * - it has 1–100 lines;
 * - every amount is a decimal with at most two decimals (`1234.50`, `-10`), none zero,
 *   and all of one sign: that of the total (a credit note is assigned in negative amounts);
 * - the amounts add up exactly (decimal arithmetic, no rounding) to the total;
 * - every code has the form of `ACCOUNT_CODE` (1–64 characters of A–Z, a–z, 0–9, `.`, `-`,
 *   `_`, starting with a letter or digit);
 * - every code is in the tenant's chart as an account of its kind, active, and valid on
 *   the date checked for (`options.at`, e.g. the invoice date), if the account has dates.
 *
 * A kind of which the chart has no account at all (a tenant without a chart, or one that
 * imported only Buchungsstellen) is checked by form only: codes of it are accepted when
 * they are non-empty and have the form above.
 *
 * The result is a list of problems, each with a stable code, the index of the line (0-based)
 * and the field it concerns, and its text in German and English; none means the Kontierung
 * is right.
 */
import { Decimal } from 'decimal.js';
import { ACCOUNT_CODE, type AccountKind } from './chart-csv.js';

export const KONTIERUNG_MAX_LINES = 100;

export interface KontierungLine {
  readonly buchungsstelle: string;
  readonly kostenstelle?: string | null;
  readonly investitionsnummer?: string | null;
  /** Decimal string, e.g. `119.00`; negative on a credit note. */
  readonly amount: string;
}

/** What the check needs to know of an account in the chart. */
export interface ChartAccountInfo {
  readonly active: boolean;
  /** `YYYY-MM-DD` or null. */
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

/** The tenant's chart as far as one Kontierung needs it (see `AccountsService.lookup`). */
export interface ChartLookup {
  /** The kinds of which the chart has at least one account (active or not). */
  readonly kinds: ReadonlySet<AccountKind>;
  get(kind: AccountKind, code: string): ChartAccountInfo | undefined;
}

/** A lookup from a list of accounts (tests, and callers that hold the chart already). */
export function chartLookupOf(
  accounts: readonly ({ readonly kind: AccountKind; readonly code: string } & ChartAccountInfo)[],
  kinds: Iterable<AccountKind> = accounts.map((a) => a.kind),
): ChartLookup {
  const byKey = new Map(accounts.map((a) => [`${a.kind}\u0000${a.code}`, a]));
  return { kinds: new Set(kinds), get: (kind, code) => byKey.get(`${kind}\u0000${code}`) };
}

/** A chart without any account: every kind is checked by form only. */
export const NO_CHART: ChartLookup = chartLookupOf([]);

export type KontierungProblemCode =
  | 'KONTIERUNG_EMPTY'
  | 'KONTIERUNG_TOO_MANY_LINES'
  | 'KONTIERUNG_TOTAL_INVALID'
  | 'KONTIERUNG_AMOUNT_INVALID'
  | 'KONTIERUNG_AMOUNT_ZERO'
  | 'KONTIERUNG_SIGN_MISMATCH'
  | 'KONTIERUNG_SUM_MISMATCH'
  | 'KONTIERUNG_CODE_MISSING'
  | 'KONTIERUNG_CODE_INVALID'
  | 'KONTIERUNG_UNKNOWN_ACCOUNT'
  | 'KONTIERUNG_INACTIVE_ACCOUNT'
  | 'KONTIERUNG_ACCOUNT_NOT_VALID';

export type KontierungField =
  'lines' | 'total' | 'amount' | 'buchungsstelle' | 'kostenstelle' | 'investitionsnummer';

export interface KontierungProblem {
  readonly code: KontierungProblemCode;
  /** 0-based index of the line; absent for problems of the whole Kontierung. */
  readonly line?: number;
  readonly field: KontierungField;
  /** Facts of the problem: the code looked up, the sum, the total and their difference, … */
  readonly details?: Readonly<Record<string, string>>;
  readonly message: { readonly de: string; readonly en: string };
}

export interface KontierungCheckOptions {
  /** `YYYY-MM-DD`: the accounts' validity dates are checked for this day; unchecked without it. */
  readonly at?: string;
}

/** A money amount: optional sign, digits, at most two decimals. */
const AMOUNT = /^[+-]?\d{1,15}(\.\d{1,2})?$/;

const FIELD_OF_KIND: Readonly<Record<AccountKind, KontierungField>> = {
  buchungsstelle: 'buchungsstelle',
  kostenstelle: 'kostenstelle',
  investition: 'investitionsnummer',
};

const KIND_NAME: Readonly<Record<AccountKind, { de: string; en: string }>> = {
  buchungsstelle: { de: 'Buchungsstelle', en: 'booking account' },
  kostenstelle: { de: 'Kostenstelle', en: 'cost centre' },
  investition: { de: 'Investitionsnummer', en: 'investment number' },
};

/** The codes a Kontierung names, by kind: what `AccountsService.lookup` needs to fetch. */
export function kontierungRefs(
  lines: readonly KontierungLine[],
): { readonly kind: AccountKind; readonly code: string }[] {
  const refs = new Map<string, { kind: AccountKind; code: string }>();
  for (const l of lines.slice(0, KONTIERUNG_MAX_LINES)) {
    for (const [kind, value] of [
      ['buchungsstelle', l.buchungsstelle],
      ['kostenstelle', l.kostenstelle],
      ['investition', l.investitionsnummer],
    ] as const) {
      const code = typeof value === 'string' ? value.trim() : '';
      if (ACCOUNT_CODE.test(code)) refs.set(`${kind}\u0000${code}`, { kind, code });
    }
  }
  return [...refs.values()];
}

export function checkKontierung(
  lines: readonly KontierungLine[],
  invoiceTotal: string,
  lookup: ChartLookup,
  options: KontierungCheckOptions = {},
): KontierungProblem[] {
  const problems: KontierungProblem[] = [];
  const add = (
    code: KontierungProblemCode,
    field: KontierungField,
    line?: number,
    details?: Record<string, string>,
  ) =>
    problems.push({
      code,
      field,
      ...(line !== undefined && { line }),
      ...(details && { details }),
      message: messageOf(code, details),
    });

  if (lines.length === 0) {
    add('KONTIERUNG_EMPTY', 'lines');
    return problems;
  }
  if (lines.length > KONTIERUNG_MAX_LINES) {
    add('KONTIERUNG_TOO_MANY_LINES', 'lines', undefined, {
      lines: String(lines.length),
      max: String(KONTIERUNG_MAX_LINES),
    });
    return problems;
  }
  const total =
    typeof invoiceTotal === 'string' && AMOUNT.test(invoiceTotal.trim())
      ? new Decimal(invoiceTotal.trim())
      : undefined;
  if (!total) add('KONTIERUNG_TOTAL_INVALID', 'total', undefined, { total: String(invoiceTotal) });

  let sum = new Decimal(0);
  let amountsOk = true;
  lines.forEach((l, i) => {
    const text = typeof l.amount === 'string' ? l.amount.trim() : '';
    if (!AMOUNT.test(text)) {
      amountsOk = false;
      add('KONTIERUNG_AMOUNT_INVALID', 'amount', i, { amount: String(l.amount) });
    } else {
      const amount = new Decimal(text);
      sum = sum.plus(amount);
      if (amount.isZero()) add('KONTIERUNG_AMOUNT_ZERO', 'amount', i);
      else if (total && !total.isZero() && amount.isNegative() !== total.isNegative()) {
        add('KONTIERUNG_SIGN_MISMATCH', 'amount', i, { amount: amount.toFixed(2), total: total.toFixed(2) });
      }
    }
    checkCode(lookup, options, add, i, 'buchungsstelle', l.buchungsstelle, true);
    checkCode(lookup, options, add, i, 'kostenstelle', l.kostenstelle, false);
    checkCode(lookup, options, add, i, 'investition', l.investitionsnummer, false);
  });
  if (total && amountsOk && !sum.equals(total)) {
    add('KONTIERUNG_SUM_MISMATCH', 'lines', undefined, {
      sum: sum.toFixed(2),
      total: total.toFixed(2),
      difference: total.minus(sum).toFixed(2),
    });
  }
  return problems;
}

function checkCode(
  lookup: ChartLookup,
  options: KontierungCheckOptions,
  add: (
    code: KontierungProblemCode,
    field: KontierungField,
    line?: number,
    details?: Record<string, string>,
  ) => void,
  line: number,
  kind: AccountKind,
  value: string | null | undefined,
  required: boolean,
): void {
  const field = FIELD_OF_KIND[kind];
  const code = typeof value === 'string' ? value.trim() : '';
  if (code === '') {
    if (required) add('KONTIERUNG_CODE_MISSING', field, line, { kind });
    return;
  }
  if (!ACCOUNT_CODE.test(code)) {
    add('KONTIERUNG_CODE_INVALID', field, line, { kind, code: code.slice(0, 100) });
    return;
  }
  if (!lookup.kinds.has(kind)) return;
  const account = lookup.get(kind, code);
  if (!account) return add('KONTIERUNG_UNKNOWN_ACCOUNT', field, line, { kind, code });
  if (!account.active) return add('KONTIERUNG_INACTIVE_ACCOUNT', field, line, { kind, code });
  const at = options.at;
  if (
    at !== undefined &&
    ((account.validFrom !== null && at < account.validFrom) ||
      (account.validTo !== null && at > account.validTo))
  ) {
    add('KONTIERUNG_ACCOUNT_NOT_VALID', field, line, {
      kind,
      code,
      at,
      ...(account.validFrom !== null && { validFrom: account.validFrom }),
      ...(account.validTo !== null && { validTo: account.validTo }),
    });
  }
}

function messageOf(code: KontierungProblemCode, d: Record<string, string> = {}): { de: string; en: string } {
  const kind = KIND_NAME[d.kind as AccountKind] ?? { de: 'Konto', en: 'account' };
  switch (code) {
    case 'KONTIERUNG_EMPTY':
      return { de: 'Die Kontierung hat keine Zeile.', en: 'The account assignment has no line.' };
    case 'KONTIERUNG_TOO_MANY_LINES':
      return {
        de: `Die Kontierung hat ${d.lines} Zeilen; erlaubt sind höchstens ${d.max}.`,
        en: `The account assignment has ${d.lines} lines; at most ${d.max} are allowed.`,
      };
    case 'KONTIERUNG_TOTAL_INVALID':
      return {
        de: 'Der Rechnungsbetrag ist kein gültiger Betrag.',
        en: 'The invoice total is not a valid amount.',
      };
    case 'KONTIERUNG_AMOUNT_INVALID':
      return {
        de: 'Der Betrag ist keine Zahl mit höchstens zwei Nachkommastellen.',
        en: 'The amount is not a number with at most two decimals.',
      };
    case 'KONTIERUNG_AMOUNT_ZERO':
      return { de: 'Der Betrag ist null.', en: 'The amount is zero.' };
    case 'KONTIERUNG_SIGN_MISMATCH':
      return {
        de: 'Das Vorzeichen des Betrags passt nicht zum Rechnungsbetrag (bei einer Gutschrift sind alle Beträge negativ).',
        en: 'The sign of the amount does not match the invoice total (on a credit note all amounts are negative).',
      };
    case 'KONTIERUNG_SUM_MISMATCH':
      return {
        de: `Die Summe der Kontierung (${d.sum}) weicht um ${d.difference} vom Rechnungsbetrag (${d.total}) ab.`,
        en: `The account assignment adds up to ${d.sum}, which differs by ${d.difference} from the invoice total (${d.total}).`,
      };
    case 'KONTIERUNG_CODE_MISSING':
      return { de: `Die ${kind.de} fehlt.`, en: `The ${kind.en} is missing.` };
    case 'KONTIERUNG_CODE_INVALID':
      return {
        de: `Die ${kind.de} „${d.code}“ ist ungültig: 1–64 Zeichen aus Buchstaben A–Z, Ziffern, Punkt, Bindestrich und Unterstrich.`,
        en: `The ${kind.en} "${d.code}" is invalid: 1–64 characters of letters A–Z, digits, dot, hyphen and underscore.`,
      };
    case 'KONTIERUNG_UNKNOWN_ACCOUNT':
      return {
        de: `Die ${kind.de} „${d.code}“ steht nicht im Kontenplan.`,
        en: `The ${kind.en} "${d.code}" is not in the chart of accounts.`,
      };
    case 'KONTIERUNG_INACTIVE_ACCOUNT':
      return {
        de: `Die ${kind.de} „${d.code}“ ist im Kontenplan deaktiviert.`,
        en: `The ${kind.en} "${d.code}" is deactivated in the chart of accounts.`,
      };
    case 'KONTIERUNG_ACCOUNT_NOT_VALID':
      return {
        de: `Die ${kind.de} „${d.code}“ ist am ${d.at} nicht gültig.`,
        en: `The ${kind.en} "${d.code}" is not valid on ${d.at}.`,
      };
  }
}

/** One way to read a buyer accounting reference (BT-19) as codes of the chart. */
export interface AccountingReferenceCandidate {
  readonly buchungsstelle: string;
  readonly kostenstelle?: string;
}

/**
 * The ways a buyer accounting reference (BT-19, free text) may name a Buchungsstelle, most
 * likely first: the whole text as one code (`1.1100.52110000`), then split at `/`, `;`,
 * `|` or blanks into Buchungsstelle and Kostenstelle (`11100.521100/4711`). Only parts of
 * the form of `ACCOUNT_CODE` count; more than two parts are no reading. Empty when none.
 */
export function parseAccountingReference(bt19: string | null | undefined): AccountingReferenceCandidate[] {
  const text = typeof bt19 === 'string' ? bt19.trim() : '';
  if (text === '' || text.length > 200) return [];
  const out: AccountingReferenceCandidate[] = [];
  if (ACCOUNT_CODE.test(text)) out.push({ buchungsstelle: text });
  const parts = text.split(/\s*[/;|]\s*|\s+/).filter((p) => p !== '');
  if (parts.length === 2 && parts.every((p) => ACCOUNT_CODE.test(p))) {
    out.push({ buchungsstelle: parts[0], kostenstelle: parts[1] });
  }
  return out;
}

/**
 * The prefill a BT-19 suggests, checked against the chart: the first reading whose
 * Buchungsstelle is an active account of the chart; its Kostenstelle is kept only when the
 * chart has it as an active account too. Undefined when nothing matches (also when the
 * chart has no Buchungsstellen: a suggestion must name a known account).
 */
export function suggestFromAccountingReference(
  bt19: string | null | undefined,
  lookup: ChartLookup,
): AccountingReferenceCandidate | undefined {
  for (const c of parseAccountingReference(bt19)) {
    if (lookup.get('buchungsstelle', c.buchungsstelle)?.active !== true) continue;
    if (c.kostenstelle !== undefined && lookup.get('kostenstelle', c.kostenstelle)?.active === true) return c;
    return { buchungsstelle: c.buchungsstelle };
  }
  return undefined;
}
