/**
 * Calendar days of the case record: a document belongs to the day (Europe/Berlin) of its
 * `filed_at`, and a day is closed — its root may be made — once it ended plus a grace
 * period, so a filing transaction that began before midnight and commits just after it is
 * still covered by its day's root.
 */
export const RECORDS_TIME_ZONE = 'Europe/Berlin';

/** How long after midnight a day's root waits for filings still committing. */
export const DAY_CLOSE_GRACE_MS = 15 * 60 * 1000;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The Berlin calendar day (YYYY-MM-DD) of an instant. */
export function recordsDay(at: Date): string {
  return at.toLocaleDateString('sv-SE', { timeZone: RECORDS_TIME_ZONE });
}

/** Whether `s` is a real calendar day in the form YYYY-MM-DD. */
export function isDay(s: string): boolean {
  const m = DAY.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** The day after `day` (YYYY-MM-DD). */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The first day that is not closed at `now`: every day before it may get its root. */
export function firstOpenDay(now: Date): string {
  return recordsDay(new Date(now.getTime() - DAY_CLOSE_GRACE_MS));
}
