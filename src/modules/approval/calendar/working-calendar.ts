/**
 * Working days and § 193 BGB deadlines at one place (a German Land and region, or only the
 * nationwide holidays). A pure library: no Nest, no database; every day is an ISO
 * `YYYY-MM-DD` string in the calendar of Europe/Berlin (see `iso-date.ts`).
 *
 * Which days count as holidays: only those the holiday data types `public` — the
 * "staatlich anerkannte allgemeine Feiertage" of the Land's holiday law that § 193 BGB
 * names. `bank` days (24.12. and 31.12. from 14:00: shops and banks close early, but both
 * are ordinary working days in law), `school` days (e.g. Mariä Himmelfahrt in Bavaria's
 * predominantly Protestant municipalities: no school, but no public holiday) and
 * `observance` days (Rosenmontag, Heiligabend, Fronleichnam in the parts of Saxony and
 * Thuringia where it is not a holiday) do not move a deadline. Counting a day that is no
 * holiday would move a deadline too late, and a cash discount paid on that day would be
 * lost; so where the law names only some municipalities (Fronleichnam in Sorbian Saxony and
 * the Eichsfeld, Mariä Himmelfahrt in Bavaria, the Augsburg peace festival), the holiday
 * counts only when the tenant chose that region.
 */
import Holidays from 'date-holidays';
import type { Lang } from '../../../common/errors/domain-error.js';
import { assertIsoDate, dayNumber, fromDayNumber, isWeekend, isoWeekday, yearOf } from './iso-date.js';
import { checkHolidayPlace, type HolidayPlace, type Names, placeKey } from './holiday-places.js';

export interface PublicHoliday {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly name: Names;
}

/** Why a day is no working day. */
export type NonWorkingReason =
  | { readonly reason: 'weekend'; readonly weekday: 'saturday' | 'sunday' }
  | { readonly reason: 'holiday'; readonly name: Names };

export type NonWorkingDay = NonWorkingReason & { readonly date: string };

export interface ExplainedDeadline {
  /** The day as stated (e.g. the last day of a cash discount). */
  readonly until: string;
  /** The day that replaces it under § 193 BGB: `until` itself when it is a working day. */
  readonly deadline: string;
  /** Why `until` is no working day (its entry in `skipped`); absent when the deadline was not moved. */
  readonly moved?: NonWorkingDay;
  /** Every day passed over, in order (a holiday Friday, the weekend, …). */
  readonly skipped: readonly NonWorkingDay[];
}

/** More steps than any real deadline needs: a guard against a runaway loop on bad input. */
const MAX_DAYS = 366 * 200;

export class WorkingCalendar {
  private readonly years = new Map<number, ReadonlyMap<string, Names>>();
  private readonly data: Holidays;

  constructor(readonly place: HolidayPlace = {}) {
    const check = checkHolidayPlace(place.land, place.region);
    if (!check.ok || check.place.land !== place.land || check.place.region !== place.region) {
      throw new RangeError(`not a holiday place: ${JSON.stringify(place)}`);
    }
    this.data = place.land
      ? place.region
        ? new Holidays('DE', place.land, place.region)
        : new Holidays('DE', place.land)
      : new Holidays('DE');
  }

  /** The public holidays of a year at this place, in date order. */
  holidays(year: number): PublicHoliday[] {
    return [...this.year(year)].map(([date, name]) => ({ date, name }));
  }

  isHoliday(iso: string): boolean {
    assertIsoDate(iso);
    return this.year(yearOf(iso)).has(iso);
  }

  /** The name of the public holiday on that day, if it is one. */
  holidayName(iso: string, lang: Lang = 'de'): string | undefined {
    assertIsoDate(iso);
    return this.year(yearOf(iso)).get(iso)?.[lang];
  }

  /** Monday to Friday and no public holiday here. */
  isWorkingDay(iso: string): boolean {
    return !isWeekend(iso) && !this.isHoliday(iso);
  }

  /** Why a day is no working day (undefined for a working day). */
  nonWorkingReason(iso: string): NonWorkingReason | undefined {
    const weekday = isoWeekday(iso);
    if (weekday >= 6) return { reason: 'weekend', weekday: weekday === 6 ? 'saturday' : 'sunday' };
    const name = this.year(yearOf(iso)).get(iso);
    return name ? { reason: 'holiday', name } : undefined;
  }

  /**
   * § 193 BGB: a deadline that ends on a Saturday, Sunday or public holiday at the place
   * ends on the next working day instead.
   */
  deadline(iso: string): string {
    return this.explainDeadline(iso).deadline;
  }

  explainDeadline(iso: string): ExplainedDeadline {
    assertIsoDate(iso);
    const skipped: NonWorkingDay[] = [];
    let day = dayNumber(iso);
    for (;;) {
      const date = fromDayNumber(day);
      const why = this.nonWorkingReason(date);
      if (!why) break;
      skipped.push({ date, ...why });
      if (skipped.length > MAX_DAYS) throw new RangeError('no working day found');
      day += 1;
    }
    const deadline = fromDayNumber(day);
    return skipped.length === 0
      ? { until: iso, deadline, skipped }
      : { until: iso, deadline, moved: skipped[0], skipped };
  }

  /**
   * The `n`-th working day after `iso` (`n` > 0) or before it (`n` < 0); `iso` itself is not
   * counted. `n` = 0 gives `iso` unchanged. "Three working days before the deadline" is
   * `addWorkingDays(deadline, -3)`.
   */
  addWorkingDays(iso: string, n: number): string {
    assertIsoDate(iso);
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

  /**
   * Working days from `a` to `b`: those after `a` up to and including `b` (negative, and
   * counted from `b` up to but excluding `a`, when `b` is earlier). So for a working day `b`,
   * `addWorkingDays(a, workingDaysBetween(a, b)) === b`.
   */
  workingDaysBetween(a: string, b: string): number {
    const from = dayNumber(a);
    const to = dayNumber(b);
    if (Math.abs(to - from) > MAX_DAYS) throw new RangeError('the days are too far apart');
    const [lo, hi, sign] = to >= from ? [from + 1, to, 1] : [to, from - 1, -1];
    let count = 0;
    for (let day = lo; day <= hi; day++) if (this.isWorkingDay(fromDayNumber(day))) count += 1;
    return sign * count;
  }

  private year(year: number): ReadonlyMap<string, Names> {
    let days = this.years.get(year);
    if (!days) {
      days = publicHolidays(this.data, year);
      this.years.set(year, days);
    }
    return days;
  }
}

/**
 * The `public` holidays of a year, by day. The data's `date` is the local day and time at
 * the place ("2027-05-27 00:00:00"), so its first ten characters are the day whatever the
 * server's time zone; the `Date` fields (`start`, `end`) are not used.
 */
function publicHolidays(data: Holidays, year: number): Map<string, Names> {
  const byDay = new Map<string, Names>();
  const names = (lang: Lang) =>
    new Map(
      (data.getHolidays(year, lang) || [])
        .filter((h) => h.type === 'public')
        .map((h) => [`${h.date.slice(0, 10)}|${h.rule}`, h.name] as const),
    );
  const de = names('de');
  const en = names('en');
  for (const [key, nameDe] of de) {
    const date = key.slice(0, 10);
    const nameEn = en.get(key) ?? nameDe;
    const before = byDay.get(date);
    // Two public holidays can fall on one day (Ascension Day was 1 May in 2008): both
    // names are kept.
    byDay.set(
      date,
      before
        ? { de: `${before.de} / ${nameDe}`, en: `${before.en} / ${nameEn}` }
        : { de: nameDe, en: nameEn },
    );
  }
  return new Map([...byDay].sort(([x], [y]) => (x < y ? -1 : 1)));
}

const shared = new Map<string, WorkingCalendar>();

/** The calendar of a place, shared (with its per-year holidays) by every caller. */
export function workingCalendar(place: HolidayPlace = {}): WorkingCalendar {
  const key = placeKey(place);
  let calendar = shared.get(key);
  if (!calendar) {
    calendar = new WorkingCalendar({
      ...(place.land ? { land: place.land } : {}),
      ...(place.region ? { region: place.region } : {}),
    });
    shared.set(key, calendar);
  }
  return calendar;
}
