/**
 * Aktenzeichen and Akte keys: pure functions, so the rules can be read and tested apart
 * from the database.
 *
 * A pattern is text with placeholders: `{plan}` (the Aktenplan key, e.g. 902.31), `{year}`
 * (the fiscal year, four digits), `{seq:N}` (a gapless running number zero-padded to N
 * digits; `{seq}` without a width is not padded) and, in the Vorgang pattern only,
 * `{akte}` (the Aktenzeichen of the Akte the Vorgang belongs to). Anything else in braces
 * is refused, so a typo never ends up printed on every record.
 */

export type AkteRule = 'year' | 'year-supplier' | 'year-costcentre';
export const AKTE_RULES: readonly AkteRule[] = ['year', 'year-supplier', 'year-costcentre'];

export type PatternKind = 'akte' | 'vorgang';

export interface PatternValues {
  readonly plan: string;
  readonly year: number;
  readonly seq: number;
  /** The Akte's Aktenzeichen (Vorgang patterns only). */
  readonly akte?: string;
}

export type PatternProblem =
  | { readonly problem: 'empty' }
  | { readonly problem: 'too-long' }
  | { readonly problem: 'unknown-placeholder'; readonly placeholder: string }
  | { readonly problem: 'unbalanced-brace' }
  | { readonly problem: 'no-seq' }
  | { readonly problem: 'no-akte' }
  | { readonly problem: 'bad-width'; readonly placeholder: string }
  | { readonly problem: 'bad-character' };

const TOKEN = /\{([^{}]*)\}/g;
export const MAX_PATTERN_LENGTH = 120;

/**
 * Checks a pattern; null when it is usable. An Akte pattern needs `{seq}` (else two Akten
 * of one year could not be told apart), a Vorgang pattern needs `{akte}` and `{seq}` (a
 * Vorgang's Aktenzeichen extends its Akte's: "902.31-2026/001-00042").
 */
export function checkPattern(pattern: string, kind: PatternKind): PatternProblem | null {
  if (pattern.trim() === '') return { problem: 'empty' };
  if (pattern.length > MAX_PATTERN_LENGTH) return { problem: 'too-long' };
  // Control characters and slashes at the edges would make names and paths of exports ambiguous.
  if (/[\u0000-\u001f\u007f]/.test(pattern)) return { problem: 'bad-character' };
  let seq = false;
  let akte = false;
  for (const m of pattern.matchAll(TOKEN)) {
    const body = m[1];
    if (body === 'plan' || body === 'year') continue;
    if (body === 'akte' && kind === 'vorgang') {
      akte = true;
      continue;
    }
    const s = /^seq(?::(\d+))?$/.exec(body);
    if (s) {
      const width = s[1] === undefined ? 0 : Number(s[1]);
      if (!(width >= 0 && width <= 12)) return { problem: 'bad-width', placeholder: m[0] };
      seq = true;
      continue;
    }
    return { problem: 'unknown-placeholder', placeholder: m[0] };
  }
  if (/[{}]/.test(pattern.replace(TOKEN, ''))) return { problem: 'unbalanced-brace' };
  if (!seq) return { problem: 'no-seq' };
  if (kind === 'vorgang' && !akte) return { problem: 'no-akte' };
  return null;
}

/** Fills a pattern checked with `checkPattern`; throws on an unknown placeholder (a programming error). */
export function renderPattern(pattern: string, v: PatternValues): string {
  return pattern.replace(TOKEN, (whole, body: string) => {
    if (body === 'plan') return v.plan;
    if (body === 'year') return String(v.year).padStart(4, '0');
    if (body === 'akte') {
      if (v.akte === undefined) throw new Error(`pattern placeholder ${whole} needs the Akte's Aktenzeichen`);
      return v.akte;
    }
    const s = /^seq(?::(\d+))?$/.exec(body);
    if (s) return String(v.seq).padStart(s[1] === undefined ? 0 : Number(s[1]), '0');
    throw new Error(`unknown pattern placeholder ${whole}`);
  });
}

/**
 * A supplier as a key: the VAT id (BT-31) when there is one, upper-case without blanks and
 * punctuation ("DE 123 456 789" = "DE123456789"); else the name (BT-27), case-folded, with
 * legal-form noise and punctuation collapsed, so "Müller GmbH" and "MÜLLER  GmbH." file
 * into the same Akte.
 */
export function supplierKey(vatId: string | null | undefined, name: string | null | undefined): string {
  const vat = (vatId ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (vat.length >= 4) return `vat:${vat}`;
  const n = (name ?? '')
    .normalize('NFKC')
    .toLocaleLowerCase('de-DE')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return n ? `name:${n}` : 'unknown';
}

export interface AkteFacts {
  readonly year: number;
  readonly sellerVatId?: string | null;
  readonly sellerName?: string | null;
  /** BT-19, the buyer's accounting reference (often the Kostenstelle). */
  readonly buyerAccountingReference?: string | null;
  /** The Kostenstelle of the first Kontierung line. */
  readonly firstKostenstelle?: string | null;
}

/**
 * The key of the Akte an invoice belongs to under the rule and Aktenplan key: one Akte per
 * key and tenant.
 * For 'year-costcentre' the Kostenstelle is BT-19 when the supplier wrote one, else the
 * first Kontierung line's (the invoice without either goes into the year's "ohne
 * Kostenstelle" Akte rather than failing the approval).
 */
export function akteKey(rule: AkteRule, plan: string, f: AkteFacts): string {
  // The Aktenplan key leads: after it changes, invoices go into Akten under the new one.
  const year = `${plan}|${f.year}`;
  switch (rule) {
    case 'year':
      return year;
    case 'year-supplier':
      return `${year}|${supplierKey(f.sellerVatId, f.sellerName)}`;
    case 'year-costcentre': {
      const kst = costCentreOf(f);
      return `${year}|kst:${kst ?? '-'}`;
    }
  }
}

function costCentreOf(f: AkteFacts): string | null {
  const v = (f.buyerAccountingReference ?? '').trim() || (f.firstKostenstelle ?? '').trim();
  return v ? v.replace(/\s+/g, ' ') : null;
}

/** The title of a new Akte, in German (the record is kept in German). */
export function akteTitle(rule: AkteRule, f: AkteFacts): string {
  switch (rule) {
    case 'year':
      return `Eingangsrechnungen ${f.year}`;
    case 'year-supplier':
      return `Eingangsrechnungen ${f.year} – ${(f.sellerName ?? '').trim() || (f.sellerVatId ?? '').trim() || 'unbekannter Rechnungssteller'}`;
    case 'year-costcentre':
      return `Eingangsrechnungen ${f.year} – Kostenstelle ${costCentreOf(f) ?? 'ohne'}`;
  }
}

/** "Rechnung RE-4711 Muster GmbH vom 03.02.2026": the Vorgang's Betreff. */
export function vorgangBetreff(
  number: string | null | undefined,
  seller: string | null | undefined,
  issueDate: string | null | undefined,
): string {
  const parts = [
    'Rechnung',
    (number ?? '').trim() || 'ohne Nummer',
    (seller ?? '').trim() || 'unbekannter Rechnungssteller',
  ];
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(issueDate ?? '');
  if (d) parts.push(`vom ${d[3]}.${d[2]}.${d[1]}`);
  return parts.join(' ').replace(/\s+/g, ' ').slice(0, 500);
}

/** The scope of a counter row (`record_counters.scope`). */
export const counterScope = {
  /**
   * Akten are counted per Aktenplan key and year when the pattern shows them, else across
   * them: a pattern without `{year}` must not start at 1 again each year and repeat last
   * year's Aktenzeichen.
   */
  akten: (pattern: string, plan: string, year: number) =>
    `akte:${pattern.includes('{plan}') ? plan : '*'}:${pattern.includes('{year}') ? year : '*'}`,
  vorgaenge: (akteId: string) => `vorgang:${akteId}`,
};

/** The calendar year of an instant in German local time (the fiscal year of an approval). */
export function yearInBerlin(at: Date): number {
  return Number(at.toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' }).slice(0, 4));
}
