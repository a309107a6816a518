/**
 * The acceptance of deadlines on Land and regional holidays. Every expected day is worked
 * out by hand from the holiday laws and the calendar, never taken from the library under
 * test: Easter Sunday 2027 is 28 March, so Good Friday is 26 March and Corpus Christi
 * (Easter + 60) Thursday 27 May 2027; 1 January 2027 is a Friday, 1 January 2025 a
 * Wednesday, 1 January 2028 a Saturday.
 *
 * The whole suite runs three times, with the process in Berlin, Los Angeles and Tokyo
 * time: a deadline is a day of the place, whatever clock the server keeps.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { GERMAN_LANDS, type HolidayPlace } from './holiday-places.js';
import { WorkingCalendar, workingCalendar } from './working-calendar.js';

/** Set when this file runs again in a child process with another `TZ`. */
const CHILD_RUN = 'EINVOICE_CALENDAR_TZ_RUN';
const ZONES: Record<string, number> = {
  'Europe/Berlin': -120,
  'America/Los_Angeles': 420,
  'Asia/Tokyo': -540,
};
const zone = process.env.TZ || 'the local zone';

describe(`working calendar with the server in ${zone}`, () => {
  // A fresh calendar per test: nothing computed under another zone is reused.
  const at = (land?: HolidayPlace['land'], region?: string) =>
    new WorkingCalendar({ ...(land ? { land } : {}), ...(region ? { region } : {}) });

  it('runs in the zone it claims to (the test would prove nothing otherwise)', () => {
    const expected = ZONES[process.env.TZ ?? ''];
    if (process.env[CHILD_RUN] === '1') expect(expected).toBeDefined();
    // 27 May 2027 is summer time in Berlin, standard time in Tokyo, daylight time in Los Angeles.
    if (expected !== undefined) expect(new Date('2027-05-27T12:00:00Z').getTimezoneOffset()).toBe(expected);
  });

  describe('Corpus Christi (Fronleichnam), Thursday 27 May 2027', () => {
    it('moves a cash-discount deadline to Friday in Thuringia’s Eichsfeld, not in Berlin', () => {
      const eichsfeld = at('TH', 'EIC');
      expect(eichsfeld.isHoliday('2027-05-27')).toBe(true);
      expect(eichsfeld.holidayName('2027-05-27', 'de')).toBe('Fronleichnam');
      expect(eichsfeld.holidayName('2027-05-27', 'en')).toBe('Corpus Christi');
      expect(eichsfeld.explainDeadline('2027-05-27')).toEqual({
        until: '2027-05-27',
        deadline: '2027-05-28',
        moved: { date: '2027-05-27', reason: 'holiday', name: { de: 'Fronleichnam', en: 'Corpus Christi' } },
        skipped: [
          { date: '2027-05-27', reason: 'holiday', name: { de: 'Fronleichnam', en: 'Corpus Christi' } },
        ],
      });

      const berlin = at('BE');
      expect(berlin.isHoliday('2027-05-27')).toBe(false);
      expect(berlin.holidayName('2027-05-27')).toBeUndefined();
      expect(berlin.explainDeadline('2027-05-27')).toEqual({
        until: '2027-05-27',
        deadline: '2027-05-27',
        skipped: [],
      });
    });

    it('is no holiday in Thuringia outside the regions that keep it', () => {
      expect(at('TH').deadline('2027-05-27')).toBe('2027-05-27');
      expect(at('TH', 'UH').deadline('2027-05-27')).toBe('2027-05-28');
      expect(at('TH', 'WAK').deadline('2027-05-27')).toBe('2027-05-28');
    });

    it('moves in the Landkreis Bautzen (Sorbian Catholic municipalities), not in Leipzig', () => {
      expect(at('SN', 'BZ').deadline('2027-05-27')).toBe('2027-05-28');
      expect(at('SN').deadline('2027-05-27')).toBe('2027-05-27');
    });

    it('is a holiday in the whole of Bavaria, Baden-Württemberg, Hesse, NRW, Rhineland-Palatinate, Saarland', () => {
      for (const land of ['BY', 'BW', 'HE', 'NW', 'RP', 'SL'] as const) {
        expect({ land, deadline: at(land).deadline('2027-05-27') }).toEqual({ land, deadline: '2027-05-28' });
      }
      for (const land of ['BE', 'BB', 'HB', 'HH', 'MV', 'NI', 'SH', 'ST'] as const) {
        expect({ land, deadline: at(land).deadline('2027-05-27') }).toEqual({ land, deadline: '2027-05-27' });
      }
    });
  });

  it('moves a Saturday to Monday (29 May 2027 → 31 May 2027) everywhere', () => {
    for (const cal of [at(), at('BE'), at('TH', 'EIC')]) {
      expect(cal.explainDeadline('2027-05-29')).toMatchObject({
        deadline: '2027-05-31',
        moved: { reason: 'weekend', weekday: 'saturday' },
      });
      expect(cal.deadline('2027-05-30')).toBe('2027-05-31');
    }
  });

  it('moves the Augsburg peace festival (8 August) in the city of Augsburg only', () => {
    // 8 August 2028 is a Tuesday.
    const augsburg = at('BY', 'A');
    expect(augsburg.holidayName('2028-08-08')).toBe('Augsburger Friedensfest');
    expect(augsburg.deadline('2028-08-08')).toBe('2028-08-09');
    expect(at('BY').deadline('2028-08-08')).toBe('2028-08-08');
    expect(at('BY', 'KATH').deadline('2028-08-08')).toBe('2028-08-08');
    // 8 August 2025 is a Friday: in Augsburg the deadline passes the weekend to Monday.
    expect(augsburg.deadline('2025-08-08')).toBe('2025-08-11');
    expect(at('BY').deadline('2025-08-08')).toBe('2025-08-08');
  });

  it('knows Assumption Day (15 August) in Bavaria only where the municipality is predominantly Catholic', () => {
    // 15 August 2028 is a Tuesday.
    expect(at('BY', 'KATH').deadline('2028-08-15')).toBe('2028-08-16');
    expect(at('BY', 'A').deadline('2028-08-15')).toBe('2028-08-16');
    expect(at('BY', 'EVANG').deadline('2028-08-15')).toBe('2028-08-15'); // a school holiday only
    expect(at('BY').deadline('2028-08-15')).toBe('2028-08-15');
    expect(at('SL').deadline('2028-08-15')).toBe('2028-08-16');
  });

  describe('Reformation Day (31 October)', () => {
    it('moves in Thuringia and Saxony, not in Bavaria (Thursday 31 October 2030)', () => {
      expect(at('TH').deadline('2030-10-31')).toBe('2030-11-01');
      expect(at('SN').deadline('2030-10-31')).toBe('2030-11-01');
      expect(at('SN').holidayName('2030-10-31', 'en')).toBe('Reformation Day');
      expect(at('BY').deadline('2030-10-31')).toBe('2030-10-31');
      expect(at().deadline('2030-10-31')).toBe('2030-10-31');
    });

    it('chains a holiday Friday and the weekend to Monday (Friday 31 October 2025)', () => {
      const explained = at('TH').explainDeadline('2025-10-31');
      expect(explained).toMatchObject({
        deadline: '2025-11-03',
        moved: { reason: 'holiday', name: { de: 'Reformationstag' } },
      });
      expect(explained.skipped.map((s) => [s.date, s.reason])).toEqual([
        ['2025-10-31', 'holiday'],
        ['2025-11-01', 'weekend'],
        ['2025-11-02', 'weekend'],
      ]);
      expect(at('SN').deadline('2025-10-31')).toBe('2025-11-03');
      expect(at('BY').deadline('2025-10-31')).toBe('2025-10-31');
    });
  });

  it('moves Good Friday everywhere, past Easter Monday to Tuesday (26 March 2027 → 30 March 2027)', () => {
    for (const cal of [at(), ...GERMAN_LANDS.map((land) => at(land)), at('TH', 'EIC'), at('BY', 'A')]) {
      expect({ place: cal.place, deadline: cal.deadline('2027-03-26') }).toEqual({
        place: cal.place,
        deadline: '2027-03-30',
      });
      expect(cal.holidayName('2027-03-26', 'de')).toBe('Karfreitag');
      expect(cal.holidayName('2027-03-29', 'en')).toBe('Easter Monday');
    }
  });

  it('chains the nationwide Unity Day on a Friday to Monday (3 October 2025 → 6 October 2025)', () => {
    expect(at().deadline('2025-10-03')).toBe('2025-10-06');
    expect(at('HH').deadline('2025-10-03')).toBe('2025-10-06');
  });

  it('knows the holidays of single Länder', () => {
    // Women's Day in Berlin: Monday 8 March 2027.
    expect(at('BE').deadline('2027-03-08')).toBe('2027-03-09');
    expect(at('BB').deadline('2027-03-08')).toBe('2027-03-08');
    // Day of Prayer and Repentance in Saxony: Wednesday 17 November 2027 (the Wednesday before 23 November).
    expect(at('SN').deadline('2027-11-17')).toBe('2027-11-18');
    expect(at('BY').deadline('2027-11-17')).toBe('2027-11-17');
    // World Children's Day in Thuringia: Monday 20 September 2027.
    expect(at('TH').deadline('2027-09-20')).toBe('2027-09-21');
    expect(at('SN').deadline('2027-09-20')).toBe('2027-09-20');
  });

  it('keeps 24 and 31 December as working days (Fridays in 2027), also in Hesse and Thuringia', () => {
    for (const cal of [at(), at('HE'), at('TH'), at('BY'), at('BB')]) {
      for (const day of ['2027-12-24', '2027-12-31']) {
        expect({ place: cal.place, day, working: cal.isWorkingDay(day) }).toEqual({
          place: cal.place,
          day,
          working: true,
        });
        expect(cal.deadline(day)).toBe(day);
      }
    }
    // Christmas Day 2027 is a Saturday: a deadline on it ends on Monday 27 December.
    expect(at().deadline('2027-12-25')).toBe('2027-12-27');
  });

  it('without a Land, counts the nationwide holidays and weekends only', () => {
    const company = at();
    expect(company.isWorkingDay('2027-05-27')).toBe(true); // Corpus Christi
    expect(company.isWorkingDay('2027-11-01')).toBe(true); // All Saints' Day (a Monday)
    expect(company.isWorkingDay('2027-05-06')).toBe(false); // Ascension Day
    expect(company.isWorkingDay('2027-05-17')).toBe(false); // Whit Monday
    expect(company.isWorkingDay('2027-05-29')).toBe(false); // a Saturday
  });

  describe('working days before and between', () => {
    it('counts three working days back across Corpus Christi where it is a holiday', () => {
      // From Monday 31 May 2027: Fri 28, (Thu 27 holiday in Eichsfeld), Wed 26, Tue 25.
      expect(at('TH', 'EIC').addWorkingDays('2027-05-31', -3)).toBe('2027-05-25');
      expect(at('BE').addWorkingDays('2027-05-31', -3)).toBe('2027-05-26');
      // Across Whit Monday (17 May 2027) and the weekend before it: Tue 18, Fri 14, Thu 13.
      expect(at().addWorkingDays('2027-05-19', -3)).toBe('2027-05-13');
    });

    it('counts forward, and leaves the day alone for zero', () => {
      expect(at('TH', 'EIC').addWorkingDays('2027-05-26', 1)).toBe('2027-05-28');
      expect(at('BE').addWorkingDays('2027-05-26', 1)).toBe('2027-05-27');
      expect(at().addWorkingDays('2027-03-25', 1)).toBe('2027-03-30'); // past Easter
      expect(at().addWorkingDays('2027-05-29', 0)).toBe('2027-05-29');
    });

    it('counts the working days from one day to another, both ways', () => {
      // After Mon 24 May up to Mon 31 May 2027: 25, 26, 27, 28, 31.
      expect(at('BE').workingDaysBetween('2027-05-24', '2027-05-31')).toBe(5);
      expect(at('TH', 'EIC').workingDaysBetween('2027-05-24', '2027-05-31')).toBe(4);
      expect(at('BE').workingDaysBetween('2027-05-31', '2027-05-24')).toBe(-5);
      expect(at('TH', 'EIC').workingDaysBetween('2027-05-31', '2027-05-24')).toBe(-4);
      expect(at().workingDaysBetween('2027-05-24', '2027-05-24')).toBe(0);
    });

    it('agrees with itself: adding the days between two working days leads from one to the other', () => {
      const cal = at('SN', 'BZ');
      const days = ['2027-03-22', '2027-03-30', '2027-05-25', '2027-05-28', '2027-06-01', '2027-11-18'];
      for (const a of days) {
        for (const b of days) expect(cal.addWorkingDays(a, cal.workingDaysBetween(a, b))).toBe(b);
      }
    });
  });

  it('lists the public holidays of a year in order, across the year end', () => {
    const days = at('TH', 'EIC').holidays(2027);
    expect(days.map((d) => d.date)).toEqual([
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-05-01',
      '2027-05-06',
      '2027-05-17',
      '2027-05-27',
      '2027-09-20',
      '2027-10-03',
      '2027-10-31',
      '2027-12-25',
      '2027-12-26',
    ]);
    // New Year's Eve 2027 is a Friday, New Year's Day 2028 a Saturday: Monday 3 January.
    expect(at().deadline('2027-12-31')).toBe('2027-12-31');
    expect(at().deadline('2028-01-01')).toBe('2028-01-03');
  });
});

describe('working calendar: input', () => {
  it('refuses days that are not YYYY-MM-DD calendar days', () => {
    const cal = new WorkingCalendar();
    for (const bad of ['2027-02-29', '2027-13-01', '27.05.2027', '2027-5-27', '2027-05-27T00:00:00Z', '']) {
      expect(() => cal.deadline(bad)).toThrow(RangeError);
    }
    expect(cal.isWorkingDay('2028-02-29')).toBe(true); // a leap day, a Tuesday
  });

  it('refuses a place that does not exist', () => {
    expect(() => new WorkingCalendar({ land: 'XX' as never })).toThrow(RangeError);
    expect(() => new WorkingCalendar({ region: 'EIC' })).toThrow(RangeError);
    expect(() => new WorkingCalendar({ land: 'BE', region: 'EIC' })).toThrow(RangeError);
  });

  it('shares one calendar per place', () => {
    expect(workingCalendar({ land: 'TH', region: 'EIC' })).toBe(
      workingCalendar({ land: 'TH', region: 'EIC' }),
    );
    expect(workingCalendar({ land: 'TH' })).not.toBe(workingCalendar({ land: 'TH', region: 'EIC' }));
    expect(workingCalendar()).toBe(workingCalendar({}));
  });
});

/**
 * Jest gives the tests a copy of the environment, so `TZ` cannot be changed inside this
 * process: the suite above runs again in a child process per zone.
 */
if (process.env[CHILD_RUN] !== '1') {
  describe('working calendar in other server time zones', () => {
    const root = join(import.meta.dirname, '..', '..', '..', '..');
    it.each(Object.keys(ZONES))(
      'gives the same days with TZ=%s',
      (tz) => {
        const r = spawnSync(
          process.execPath,
          [
            '--experimental-vm-modules',
            '--no-warnings',
            join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
            '--selectProjects',
            'unit',
            '--runTestsByPath',
            join(import.meta.dirname, 'working-calendar.spec.ts'),
            '--testNamePattern',
            'working calendar with the server in',
          ],
          { cwd: root, encoding: 'utf8', env: { ...process.env, TZ: tz, [CHILD_RUN]: '1' } },
        );
        expect({ status: r.status, output: r.status === 0 ? '' : r.stderr }).toEqual({
          status: 0,
          output: '',
        });
        expect(r.stderr).toContain(`working calendar with the server in ${tz}`);
        expect(r.stderr).toMatch(/Tests: .*\d+ passed/);
        expect(r.stderr).not.toMatch(/Tests: .*failed/);
      },
      120_000,
    );
  });
}
