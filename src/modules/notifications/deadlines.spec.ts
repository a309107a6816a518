import { calendarDaysBound, escalationDay, escalationDue, reminderDue, reminderOf } from './deadlines.js';
import { WeekdayCalendar, type WorkingDays } from './working-days.js';

const weekdays = new WeekdayCalendar();

/** Weekdays, plus the days given as holidays (as the tenant's holiday calendar would add). */
function withHolidays(...holidays: string[]): WorkingDays {
  const base = new WeekdayCalendar();
  const cal = Object.create(base) as WeekdayCalendar;
  cal.isWorkingDay = (iso: string) => !holidays.includes(iso) && base.isWorkingDay(iso);
  return cal;
}

describe('the weekday calendar', () => {
  it('counts Monday to Friday, across weekends, both ways', () => {
    expect(weekdays.isWorkingDay('2027-01-08')).toBe(true); // Friday
    expect(weekdays.isWorkingDay('2027-01-09')).toBe(false);
    expect(weekdays.addWorkingDays('2027-01-08', 1)).toBe('2027-01-11');
    expect(weekdays.addWorkingDays('2027-01-11', -1)).toBe('2027-01-08');
    expect(weekdays.addWorkingDays('2027-01-11', -2)).toBe('2027-01-07');
    expect(weekdays.addWorkingDays('2027-01-11', 0)).toBe('2027-01-11');
    expect(weekdays.workingDaysBetween('2027-01-08', '2027-01-11')).toBe(1);
    expect(weekdays.workingDaysBetween('2027-01-11', '2027-01-08')).toBe(-1);
    expect(weekdays.workingDaysBetween('2027-01-08', '2027-01-10')).toBe(0);
  });

  it('refuses what is no day', () => {
    expect(() => weekdays.addWorkingDays('2027-02-30', 1)).toThrow(RangeError);
    expect(() => weekdays.addWorkingDays('2027-01-08', 1.5)).toThrow(RangeError);
  });
});

describe('the reminder clock', () => {
  const monday = '2027-01-11';
  const facts = { skontoDeadline: monday, dueDeadline: '2027-02-01', reminderWorkingDays: 2 };

  it('rings N working days before the Skonto deadline: Thursday for a Monday, not Saturday', () => {
    expect(reminderOf(facts, '2027-01-06', weekdays)).toEqual({
      basis: 'skonto',
      deadline: monday,
      remindOn: '2027-01-07',
    });
    expect(reminderDue(facts, '2027-01-06', weekdays)).toBe(false);
    expect(reminderDue(facts, '2027-01-07', weekdays)).toBe(true);
    expect(reminderDue(facts, '2027-01-09', weekdays)).toBe(true);
    expect(reminderDue(facts, monday, weekdays)).toBe(true);
  });

  it('moves back over a holiday of the tenant', () => {
    const cal = withHolidays('2027-01-07');
    expect(reminderOf(facts, '2027-01-04', cal)?.remindOn).toBe('2027-01-06');
  });

  it('falls back to the due date when there is no Skonto or it has passed', () => {
    expect(reminderOf({ ...facts, skontoDeadline: null }, '2027-01-04', weekdays)).toMatchObject({
      basis: 'due',
      remindOn: '2027-01-28',
    });
    expect(reminderOf(facts, '2027-01-12', weekdays)).toMatchObject({ basis: 'due', deadline: '2027-02-01' });
  });

  it('is silent when switched off or when every deadline has passed', () => {
    expect(reminderOf({ ...facts, reminderWorkingDays: 0 }, '2027-01-08', weekdays)).toBeUndefined();
    expect(reminderOf(facts, '2027-02-02', weekdays)).toBeUndefined();
    expect(
      reminderOf({ skontoDeadline: null, dueDeadline: null, reminderWorkingDays: 3 }, '2027-01-01', weekdays),
    ).toBeUndefined();
  });
});

describe('the escalation clock', () => {
  it('counts working days from the day the task opened: Friday + 1 is Monday', () => {
    expect(escalationDay('2027-01-08', 1, weekdays)).toBe('2027-01-11');
    expect(escalationDue('2027-01-08', 1, '2027-01-09', weekdays)).toBe(false);
    expect(escalationDue('2027-01-08', 1, '2027-01-10', weekdays)).toBe(false);
    expect(escalationDue('2027-01-08', 1, '2027-01-11', weekdays)).toBe(true);
    expect(escalationDue('2027-01-06', 5, '2027-01-12', weekdays)).toBe(false);
    expect(escalationDue('2027-01-06', 5, '2027-01-13', weekdays)).toBe(true);
  });

  it('is off at 0 days', () => {
    expect(escalationDay('2027-01-08', 0, weekdays)).toBeUndefined();
    expect(escalationDue('2027-01-08', 0, '2030-01-01', weekdays)).toBe(false);
  });

  it('has a calendar-day bound no working-day count exceeds (with two weeks of holidays)', () => {
    for (const n of [1, 2, 5, 10, 60]) {
      const span = weekdays.workingDaysBetween('2027-01-01', weekdays.addWorkingDays('2027-01-01', n));
      expect(span).toBe(n);
      const days =
        (Date.parse(weekdays.addWorkingDays('2027-01-01', n)) - Date.parse('2027-01-01')) / 86_400_000;
      expect(days + 14).toBeLessThanOrEqual(calendarDaysBound(n));
    }
  });
});
