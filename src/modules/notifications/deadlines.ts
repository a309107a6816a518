/**
 * When a task's two clocks ring (APPROVAL.md § 1.6: d.velop's static and dynamic deadline):
 *
 * - the reminder, `reminderWorkingDays` working days before the Skonto deadline — or, when
 *   the invoice offers no Skonto or its Skonto deadline has passed, before the due date;
 * - the escalation, `escalationWorkingDays` working days after the task opened without a
 *   decision.
 *
 * 0 days switches a clock off. Pure: days are ISO strings in the business zone.
 */
import type { WorkingDays } from './working-days.js';

export interface ReminderFacts {
  readonly skontoDeadline: string | null;
  readonly dueDeadline: string | null;
  readonly reminderWorkingDays: number;
}

/** The deadline a reminder is about, and the day it is due; undefined when none applies. */
export function reminderOf(
  f: ReminderFacts,
  today: string,
  cal: WorkingDays,
): { readonly basis: 'skonto' | 'due'; readonly deadline: string; readonly remindOn: string } | undefined {
  if (!(f.reminderWorkingDays > 0)) return undefined;
  const basis: Array<['skonto' | 'due', string | null]> = [
    ['skonto', f.skontoDeadline],
    ['due', f.dueDeadline],
  ];
  for (const [kind, deadline] of basis) {
    if (!deadline || deadline < today) continue;
    return { basis: kind, deadline, remindOn: cal.addWorkingDays(deadline, -f.reminderWorkingDays) };
  }
  return undefined;
}

export function reminderDue(f: ReminderFacts, today: string, cal: WorkingDays): boolean {
  const r = reminderOf(f, today, cal);
  return r !== undefined && r.remindOn <= today;
}

/** The day an escalation is due for a task opened on `openedOn`; undefined when switched off. */
export function escalationDay(
  openedOn: string,
  escalationWorkingDays: number,
  cal: WorkingDays,
): string | undefined {
  if (!(escalationWorkingDays > 0)) return undefined;
  return cal.addWorkingDays(openedOn, escalationWorkingDays);
}

export function escalationDue(
  openedOn: string,
  escalationWorkingDays: number,
  today: string,
  cal: WorkingDays,
): boolean {
  const day = escalationDay(openedOn, escalationWorkingDays, cal);
  return day !== undefined && day <= today;
}

/**
 * A generous calendar-day bound of `n` working days (weekends and up to two weeks of
 * holidays), for the SQL that narrows the candidates before the exact check.
 */
export function calendarDaysBound(n: number): number {
  return Math.ceil((n * 7) / 5) + 16;
}
