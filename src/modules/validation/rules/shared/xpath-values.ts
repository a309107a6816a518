import { Decimal } from 'decimal.js';
import { byText } from './by-text.js';

/**
 * Value semantics of the XPath 2.0 expressions the official Schematron uses, rebuilt so
 * that a TypeScript rule reaches exactly the verdict the compiled XSLT reaches.
 *
 * The official rules mix two numeric worlds: `xs:decimal(...)` (exact) and untyped
 * comparisons such as `cbc:Percent > 0` (the text is cast to xs:double). Both are offered
 * here; rules pick the one the Schematron uses.
 */

/** Decimal arithmetic with enough precision that sums of invoice amounts stay exact. */
export const Dec = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });
export type Dec = Decimal;

const DECIMAL_LEXICAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const DOUBLE_LEXICAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** XML Schema whitespace collapse, as applied before casting to a numeric type. */
function collapse(s: string): string {
  return nsp(s);
}

/** `xs:decimal(s)`; null when the text is not a valid xs:decimal (the XSLT would fail). */
export function toDecimal(s: string | null | undefined): Decimal | null {
  if (s === null || s === undefined) return null;
  return decimalOfText(s);
}

const decimalOfText = byText((s: string): Decimal | null => {
  const t = collapse(s);
  return DECIMAL_LEXICAL.test(t) ? new Dec(t) : null;
});

/** Casting untyped text to xs:double (general comparisons with a number). */
export function toDouble(s: string | null | undefined): number | null {
  if (s === null || s === undefined) return null;
  const t = collapse(s);
  if (t === 'INF' || t === '+INF') return Infinity;
  if (t === '-INF') return -Infinity;
  if (t === 'NaN') return NaN;
  if (!DOUBLE_LEXICAL.test(t)) return null;
  return Number(t);
}

/**
 * XPath 2.0 `round()` on xs:decimal: half-way values go towards positive infinity
 * (round(2.5) = 3, round(-2.5) = -2), which is not JavaScript's Math.round for decimals
 * and not banker's rounding.
 */
export function xpathRound(d: Decimal): Decimal {
  return d.toDecimalPlaces(0, Decimal.ROUND_HALF_CEIL);
}

/** The official idiom `round(x * 10 * 10) div 100`: two places, half towards +infinity. */
export function round2(d: Decimal): Decimal {
  return xpathRound(d.times(100)).div(100);
}

/** Sum of decimals, `sum(())` is 0. */
export function sumDec(values: readonly Decimal[]): Decimal {
  let s = new Dec(0);
  for (const v of values) s = s.plus(v);
  return s;
}

/**
 * `string-length(substring-after(x, '.'))` on the raw string value (not whitespace
 * normalised: the official decimal-places rules count a trailing blank as a digit).
 */
export function digitsAfterDot(raw: string): number {
  const i = raw.indexOf('.');
  return i < 0 ? 0 : [...raw.slice(i + 1)].length;
}

/** XPath `normalize-space()`. */
export function nsp(s: string): string {
  return isNormalized(s) ? s : s.replace(/[\t\n\r ]+/g, ' ').trim();
}

/**
 * True when `nsp` would return the text unchanged (no tab, CR, LF, no leading, trailing or
 * doubled blank) — the usual case for invoice values, answered without building a new string.
 */
function isNormalized(s: string): boolean {
  const n = s.length;
  if (n === 0) return true;
  // The ends decide what trim() would remove (any Unicode blank as well): anything but a
  // printable ASCII character there takes the general path.
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(n - 1);
  if (first <= 32 || first >= 127 || last <= 32 || last >= 127) return false;
  let previousBlank = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 9 || c === 10 || c === 13) return false;
    if (c === 32) {
      if (previousBlank) return false;
      previousBlank = true;
    } else previousBlank = false;
  }
  return true;
}

/**
 * The official code-list idiom
 * `not(contains(normalize-space(v), ' ')) and contains(' A B C ', concat(' ', normalize-space(v), ' '))`.
 * `value` is the raw text; the set holds the codes.
 */
export function inCodeList(codes: ReadonlySet<string>, value: string): boolean {
  const v = nsp(value);
  if (v === '' || v.includes(' ')) return false;
  return codes.has(v);
}

/** xs:boolean cast of untyped text as `cbc:ChargeIndicator = true()` performs it. */
export function toBoolean(s: string): boolean | null {
  const t = collapse(s);
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  return null;
}

/** `xs:date` comparison key (YYYY-MM-DD with optional zone, zone ignored); null if invalid. */
export function dateKey(s: string): string | null {
  const t = collapse(s);
  const m = /^(-?\d{4,})-(\d\d)-(\d\d)(Z|[+-]\d\d:\d\d)?$/.exec(t);
  if (!m) return null;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${m[1].padStart(6, '0')}-${m[2]}-${m[3]}`;
}
