/**
 * Dates, times and amounts for people, in the reader's language: `15.11.2024` and
 * `1.234,56 €` in German, `Nov 15, 2024` and `€1,234.56` in English. The one formatting
 * helper of every human-readable output (the validation report, the status page, the
 * web UI), kept here because the validation engine is a pure library that may import
 * nothing from the application.
 *
 * Values from invoices come as the document wrote them, so the functions accept the
 * EN 16931 date forms (ISO `2024-11-15`, CII format 102 `20241115`) and decimal strings,
 * and fall back to the value as written rather than show something wrong.
 */
export type FormatLang = 'de' | 'en';

/** BCP 47 locale per language. */
export const LOCALES: Readonly<Record<FormatLang, string>> = { de: 'de-DE', en: 'en-US' };

/**
 * Times of events are shown in the time zone of the German receivers the product is made
 * for, with the zone named, so a reader elsewhere can convert.
 */
export const DISPLAY_TIME_ZONE = 'Europe/Berlin';

const NO_VALUE = '–';

/**
 * The calendar date of an invoice date as `YYYY-MM-DD`: ISO 8601 (`2024-11-15`, also with
 * a time or zone after it) or UN/CEFACT format 102 (`20241115`, CII). Undefined when the
 * value is no real date (`20240230`).
 */
export function isoDate(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const m =
    /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]*)?(?:Z|[+-]\d{2}:\d{2})?\s*$/.exec(value) ??
    /^\s*(\d{4})(\d{2})(\d{2})\s*$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    return undefined;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** `15.11.2024` / `Nov 15, 2024`; the value as written when it is no date, `–` when empty. */
export function formatDate(value: string | null | undefined, lang: FormatLang): string {
  const iso = isoDate(value);
  if (!iso) return value?.trim() || NO_VALUE;
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00Z`),
  );
}

/** `15.11.2024, 10:03 MEZ` / `Nov 15, 2024, 10:03 AM GMT+1`. */
export function formatDateTime(
  at: Date | string,
  lang: FormatLang,
  timeZone: string = DISPLAY_TIME_ZONE,
): string {
  const date = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(date.getTime())) return String(at);
  const options: Intl.DateTimeFormatOptions =
    lang === 'de'
      ? { day: '2-digit', month: '2-digit', year: 'numeric' }
      : { day: 'numeric', month: 'short', year: 'numeric' };
  return new Intl.DateTimeFormat(LOCALES[lang], {
    ...options,
    hour: lang === 'de' ? '2-digit' : 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(date);
}

const DECIMAL = /^\s*([+-]?)(\d+)(?:\.(\d+))?\s*$/;

/**
 * `1.234,56 €` / `€1,234.56`. Exact: the decimal string is formatted as written (never
 * through a binary float) and never rounded — a unit price with four decimals keeps them.
 * Without a currency the number alone; with a code Intl does not know, the code after it.
 */
export function formatAmount(
  value: string | number | null | undefined,
  currency: string | null | undefined,
  lang: FormatLang,
): string {
  if (value === null || value === undefined || value === '') return NO_VALUE;
  const text = String(value);
  const m = DECIMAL.exec(text);
  if (!m) return text.trim();
  const decimals = m[3]?.length ?? 0;
  const exact = `${m[1]}${m[2]}${m[3] ? `.${m[3]}` : ''}`;
  const code = currency?.trim().toUpperCase();
  const number = (style: Intl.NumberFormatOptions): string => {
    // A currency's own minor unit (2 for EUR, 0 for JPY); a bare amount gets cents.
    const min =
      style.style === 'currency'
        ? (new Intl.NumberFormat(LOCALES[lang], style).resolvedOptions().minimumFractionDigits ?? 2)
        : 2;
    return new Intl.NumberFormat(LOCALES[lang], {
      ...style,
      minimumFractionDigits: min,
      maximumFractionDigits: Math.min(20, Math.max(min, decimals)),
      // Intl formats a decimal string exactly; the type declarations only know numbers.
    }).format(exact as unknown as number);
  };
  if (code && /^[A-Z]{3}$/.test(code)) {
    try {
      return number({ style: 'currency', currency: code });
    } catch {
      // Not a currency Intl knows: the plain number with the code as written.
    }
  }
  const plain = number({});
  return code ? `${plain} ${code}` : plain;
}

/**
 * A quantity, rate or percentage as people read it (`1.234,5` / `1,234.5`): exact, with
 * the decimals as written (trailing zeros of the fraction dropped, none added).
 */
export function formatNumber(value: string | number | null | undefined, lang: FormatLang): string {
  if (value === null || value === undefined || value === '') return NO_VALUE;
  const m = DECIMAL.exec(String(value));
  if (!m) return String(value).trim();
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  const exact = `${m[1]}${m[2]}${fraction ? `.${fraction}` : ''}`;
  return new Intl.NumberFormat(LOCALES[lang], {
    minimumFractionDigits: fraction.length,
    maximumFractionDigits: Math.min(20, fraction.length),
  }).format(exact as unknown as number);
}
