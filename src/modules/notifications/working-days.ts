/**
 * Working days for the deadline clocks. The tenant's holiday calendar (Land and region)
 * plugs in through `WORKING_DAYS`: any provider whose `calendarFor(tenantId)` answers an
 * object with these three methods (the approval calendar's `DeadlineService` does).
 * `WeekdayCalendar` (Monday to Friday, no holidays) is the reference the unit tests use.
 */

/** ISO days (YYYY-MM-DD), no time zone. */
export interface WorkingDays {
  isWorkingDay(iso: string): boolean;
  /** The `n`-th working day after `iso` (`n` > 0) or before it (`n` < 0); `iso` itself is not counted. */
  addWorkingDays(iso: string, n: number): string;
  /** Working days after `a` up to and including `b` (negative when `b` is earlier). */
  workingDaysBetween(a: string, b: string): number;
}

export interface WorkingDaysSource {
  calendarFor(tenantId: string): Promise<WorkingDays>;
}

export const WORKING_DAYS = Symbol('WORKING_DAYS');

const DAY_MS = 86_400_000;
const MAX_DAYS = 3_660;
const ISO = /^\d{4}-\d{2}-\d{2}$/;

function dayNumber(iso: string): number {
  if (!ISO.test(iso)) throw new RangeError(`not a YYYY-MM-DD day: '${iso}'`);
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso)
    throw new RangeError(`not a calendar day: '${iso}'`);
  return Math.round(ms / DAY_MS);
}

function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Monday to Friday; no holidays. */
export class WeekdayCalendar implements WorkingDays {
  isWorkingDay(iso: string): boolean {
    const weekday = new Date(dayNumber(iso) * DAY_MS).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  addWorkingDays(iso: string, n: number): string {
    if (!Number.isInteger(n) || Math.abs(n) > MAX_DAYS)
      throw new RangeError(`not a number of working days: ${n}`);
    const step = n < 0 ? -1 : 1;
    let day = dayNumber(iso);
    for (let left = Math.abs(n); left > 0;) {
      day += step;
      if (this.isWorkingDay(fromDayNumber(day))) left -= 1;
    }
    return fromDayNumber(day);
  }

  workingDaysBetween(a: string, b: string): number {
    const from = dayNumber(a);
    const to = dayNumber(b);
    if (Math.abs(to - from) > MAX_DAYS) throw new RangeError('the days are too far apart');
    const [lo, hi, sign] = to >= from ? [from + 1, to, 1] : [to, from - 1, -1];
    let count = 0;
    for (let day = lo; day <= hi; day++) if (this.isWorkingDay(fromDayNumber(day))) count += 1;
    return sign * count;
  }
}
