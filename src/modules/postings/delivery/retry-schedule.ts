/**
 * The retry schedule of webhook deliveries (`POSTINGS_WEBHOOK_RETRY_SECONDS`): the wait
 * after the n-th failed attempt is the n-th entry (the last one repeats), spread by ±20 %
 * jitter so that receivers coming back after an outage are not hit by every sender at once.
 */
export function parseRetrySchedule(raw: string): number[] | undefined {
  const parts = raw.split(',').map((x) => x.trim());
  if (parts.length === 0 || parts.some((p) => !/^\d+(\.\d+)?$/.test(p))) return undefined;
  const seconds = parts.map(Number);
  return seconds.every((s) => s > 0 && s <= 7 * 24 * 3600) ? seconds : undefined;
}

export function retryScheduleProblem(raw: string): string | undefined {
  return parseRetrySchedule(raw)
    ? undefined
    : 'expected positive numbers of seconds (at most a week each), comma-separated: 5,300,1800';
}

/** Seconds to wait after the `attempts`-th failed attempt (1-based), with jitter from `random` ∈ [0, 1). */
export function retryDelaySeconds(schedule: readonly number[], attempts: number, random: number): number {
  const base = schedule[Math.min(Math.max(attempts, 1), schedule.length) - 1];
  return base * (0.8 + 0.4 * random);
}
