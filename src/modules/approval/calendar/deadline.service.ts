import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../common/errors/domain-error.js';
import { CalendarErrors } from './calendar.errors.js';
import { CalendarSettingsService } from './calendar-settings.service.js';
import { isIsoDate } from './iso-date.js';
import { type NonWorkingDay, type WorkingCalendar, workingCalendar } from './working-calendar.js';

/** A stated last day and the day § 193 BGB makes of it at the tenant's place. */
export interface Deadline {
  /** The last day as stated (invoice date + Skonto days, the due date). */
  readonly until: string;
  /** The last day that counts: `until`, or the next working day when `until` is none. */
  readonly deadline: string;
  /** Why `until` is no working day (weekend, or the holiday's name); absent when not moved. */
  readonly moved?: NonWorkingDay;
}

/**
 * Deadlines of a tenant's invoices on the tenant's own calendar (its Land and region, see
 * `CalendarSettingsService`): cash-discount offers and due dates, moved by § 193 BGB.
 */
@Injectable()
export class DeadlineService {
  constructor(private readonly settings: CalendarSettingsService) {}

  /** The tenant's working calendar (shared per place; the place is read each time, so a change applies at once). */
  async calendarFor(tenantId: string): Promise<WorkingCalendar> {
    return workingCalendar(await this.settings.place(tenantId));
  }

  /**
   * Each cash-discount offer (as `invoices.cash_discounts` holds them) with its § 193
   * deadline; the offer's own fields stay as they are.
   */
  async skontoDeadlines<T extends { readonly until: string }>(
    tenantId: string,
    cashDiscounts: readonly T[],
  ): Promise<(T & Deadline)[]> {
    if (cashDiscounts.length === 0) return [];
    const calendar = await this.calendarFor(tenantId);
    return cashDiscounts.map((offer) => ({ ...offer, ...deadlineAt(calendar, offer.until) }));
  }

  /** The due date (BT-9) with its § 193 deadline. */
  async dueDeadline(tenantId: string, dueDate: string): Promise<Deadline> {
    checkDay(dueDate);
    return deadlineAt(await this.calendarFor(tenantId), dueDate);
  }
}

function checkDay(day: string): void {
  if (!isIsoDate(day)) throw new DomainError(CalendarErrors.CALENDAR_DATE_INVALID, { date: day });
}

/** A stated day and its § 193 deadline on a calendar at hand (no database). */
export function deadlineAt(calendar: WorkingCalendar, until: string): Deadline {
  checkDay(until);
  const { deadline, moved } = calendar.explainDeadline(until);
  return moved ? { until, deadline, moved } : { until, deadline };
}
