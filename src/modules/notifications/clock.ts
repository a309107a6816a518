import { Injectable } from '@nestjs/common';

/** The zone deadlines, digests and "today" are reckoned in. */
export const BUSINESS_TIME_ZONE = 'Europe/Berlin';

/**
 * The time the deadline sweeps and the digest work with. One injectable provider, so a
 * test can stand at any day and hour without waiting for it (replace `now` on the instance
 * the application holds); everything else asks it instead of `new Date()`.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** The calendar day (YYYY-MM-DD) of `at` in Berlin. */
export function businessDay(at: Date): string {
  return at.toLocaleDateString('sv-SE', { timeZone: BUSINESS_TIME_ZONE });
}

/** The hour (0–23) of `at` in Berlin. */
export function businessHour(at: Date): number {
  const hour = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    hourCycle: 'h23',
    timeZone: BUSINESS_TIME_ZONE,
  }).format(at);
  return Number(hour);
}
