/**
 * Standing at another time in a running test app: the application asks its one `Clock`
 * provider for the time (deadline sweeps, digests), so a test sets that instance's `now`
 * instead of waiting for days to pass.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { Clock } from '../../src/modules/notifications/clock.js';

/** From now on the app's clock answers `at` (an ISO instant, e.g. `2027-01-07T09:00:00+01:00`). */
export function setClock(app: INestApplicationContext, at: string | Date): void {
  const fixed = new Date(at);
  if (Number.isNaN(fixed.getTime())) throw new Error(`not an instant: ${String(at)}`);
  app.get(Clock).now = () => new Date(fixed);
}

/** The app's clock follows real time again. */
export function resetClock(app: INestApplicationContext): void {
  const clock = app.get(Clock);
  clock.now = Clock.prototype.now;
}
