/**
 * Rate limits, per client address and per process, in fixed one-minute windows:
 * - `public`: every route declared `@Public()` (login, intake endpoints) —
 *   `RATE_LIMIT_PER_MINUTE` requests per minute;
 * - `login`: handlers marked `@LoginRateLimit()` — `LOGIN_RATE_LIMIT_PER_MINUTE` per
 *   minute, on top of the `public` limit. Put it on every handler that checks a password.
 * Routes for signed-in principals are not throttled here (lock-out and roles guard them).
 * `@SkipRateLimit()` exempts a handler or controller (health probes, metrics scrapes).
 *
 * Why not @nestjs/throttler: its 6.x release is CommonJS and `require`s the ESM-only
 * @nestjs/common 12, which Jest's ESM runtime cannot load; the guard below is all we need.
 * With several api processes each counts on its own (limits are per process).
 */
import { SetMetadata } from '@nestjs/common';

export const LOGIN_RATE_LIMIT = 'einvoice:login-rate-limit';
export const SKIP_RATE_LIMIT = 'einvoice:skip-rate-limit';

/** Marks a handler that checks credentials: the stricter login limit applies. */
export const LoginRateLimit = () => SetMetadata(LOGIN_RATE_LIMIT, true);
/** Exempts a handler (or controller) from every rate limit. */
export const SkipRateLimit = () => SetMetadata(SKIP_RATE_LIMIT, true);

/** Counts hits per key in fixed windows; expired windows are pruned as it goes. */
export class FixedWindowCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private lastPrune = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records one hit; returns the seconds to wait when the limit is exceeded, else 0. */
  hit(key: string, now: number): number {
    this.prune(now);
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    if (w.count <= this.limit) return 0;
    return Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
  }

  private prune(now: number): void {
    if (now - this.lastPrune < this.windowMs) return;
    this.lastPrune = now;
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }
}
