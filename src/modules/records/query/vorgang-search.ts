import type { VorgangSearch } from './records-query.types.js';

export const SEARCH_FIELDS = [
  'aktenzeichen',
  'number',
  'supplier',
  'amount',
  'amountFrom',
  'amountTo',
  'dateField',
  'from',
  'to',
  'page',
  'limit',
] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;
const MAX_TEXT = 200;

export interface ParsedSearch {
  readonly search: VorgangSearch;
  readonly page: number;
  /** The criteria as given (trimmed), to fill the form again. */
  readonly values: Readonly<Partial<Record<SearchField, string>>>;
  /** Fields whose value could not be read; the search is not run while there are any. */
  readonly invalid: readonly SearchField[];
}

function text(q: Record<string, unknown>, name: string): string | undefined {
  const v = q[name];
  const s = Array.isArray(v) ? v[0] : v;
  if (typeof s !== 'string') return undefined;
  const t = s.trim();
  return t === '' ? undefined : t;
}

/**
 * An amount as people write it: `1234.5`, `1234,50`, `1.234,50` (German grouping) or
 * `1,234.50`; returned as decimal text with a point, undefined when it is none.
 */
export function parseAmount(raw: string): string | undefined {
  let s = raw.replace(/[\s\u00a0€]/g, '').replace(/EUR$/i, '');
  if (s.includes(',') && s.includes('.')) {
    // The later separator is the decimal one.
    s =
      s.lastIndexOf(',') > s.lastIndexOf('.') ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (s.includes(',')) {
    s = s.replace(',', '.');
  }
  return /^-?\d{1,15}(\.\d{1,4})?$/.test(s) ? s : undefined;
}

function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Reads the criteria of a Vorgang search from a query string (API and web page alike).
 * `amount` is an exact amount (both bounds); `amountFrom` / `amountTo` a range; `from` /
 * `to` bound the invoice date (`dateField=invoice`, the default) or the day of filing
 * (`dateField=filed`).
 */
export function parseVorgangSearch(q: Record<string, unknown>): ParsedSearch {
  const values: Partial<Record<SearchField, string>> = {};
  const invalid: SearchField[] = [];
  for (const f of SEARCH_FIELDS) {
    const v = text(q, f);
    if (v !== undefined) values[f] = v;
  }
  for (const f of ['aktenzeichen', 'number', 'supplier'] as const) {
    if ((values[f]?.length ?? 0) > MAX_TEXT) invalid.push(f);
  }
  const amount = (f: SearchField) => {
    const v = values[f];
    if (v === undefined) return undefined;
    const a = parseAmount(v);
    if (a === undefined) invalid.push(f);
    return a;
  };
  const exact = amount('amount');
  const amountFrom = exact ?? amount('amountFrom');
  const amountTo = exact ?? amount('amountTo');
  for (const f of ['from', 'to'] as const) {
    if (values[f] !== undefined && !isIsoDate(values[f])) invalid.push(f);
  }
  const dateField = values.dateField ?? 'invoice';
  if (dateField !== 'invoice' && dateField !== 'filed') invalid.push('dateField');
  const int = (f: 'page' | 'limit', dflt: number, max: number) => {
    const v = values[f];
    if (v === undefined) return dflt;
    if (!/^\d{1,6}$/.test(v) || Number(v) < 1 || Number(v) > max) {
      invalid.push(f);
      return dflt;
    }
    return Number(v);
  };
  const page = int('page', 1, 100_000);
  const limit = int('limit', DEFAULT_LIMIT, MAX_LIMIT);
  return {
    search: {
      aktenzeichen: values.aktenzeichen,
      number: values.number,
      supplier: values.supplier,
      amountFrom,
      amountTo,
      dateField: dateField === 'filed' ? 'filed' : 'invoice',
      from: invalid.includes('from') ? undefined : values.from,
      to: invalid.includes('to') ? undefined : values.to,
      offset: (page - 1) * limit,
      limit,
    },
    page,
    values,
    invalid,
  };
}
