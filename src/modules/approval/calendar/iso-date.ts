/**
 * Calendar days as ISO `YYYY-MM-DD` strings. A deadline is a day in the calendar of the
 * place (Europe/Berlin), not an instant: the arithmetic here counts days since 1970-01-01
 * in proleptic Gregorian terms with UTC-only `Date` operations, so neither the server's
 * time zone nor a daylight-saving change can shift a day.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Whether `value` is a real calendar day written as `YYYY-MM-DD` (years 1000–9999). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1000 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Throws a `RangeError` unless `value` is a real `YYYY-MM-DD` day. */
export function assertIsoDate(value: unknown, what = 'date'): asserts value is string {
  if (!isIsoDate(value))
    throw new RangeError(`${what} must be a calendar day as YYYY-MM-DD (got '${String(value)}')`);
}

/** Days since 1970-01-01 (negative before). */
export function dayNumber(iso: string): number {
  assertIsoDate(iso);
  return Math.round(
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS,
  );
}

export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return fromDayNumber(dayNumber(iso) + days);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(iso: string): number {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber(iso) + 3) % 7) + 7) % 7) + 1;
}

export function isWeekend(iso: string): boolean {
  return isoWeekday(iso) >= 6;
}

export function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}
