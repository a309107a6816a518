/**
 * Correlation ids: one per HTTP request (from `X-Request-Id` or generated) and one per job.
 * Kept in AsyncLocalStorage so every log line written while handling the request or job
 * carries it without passing it around.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

const storage = new AsyncLocalStorage<string>();

export const CORRELATION_HEADER = 'x-request-id';

/** Runs `fn` with `id` as the current correlation id (also across its awaits). */
export function runWithCorrelation<T>(id: string, fn: () => T): T {
  return storage.run(id, fn);
}

/** The correlation id of the current request or job, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore();
}

export function newCorrelationId(): string {
  return randomUUID();
}

/**
 * Accepts a caller's id only when it is short and plain, so a client cannot inject
 * log-breaking or huge values; otherwise a fresh id is generated.
 */
export function acceptCorrelationId(given: unknown): string {
  const v = Array.isArray(given) ? given[0] : given;
  if (typeof v === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(v)) return v;
  return newCorrelationId();
}
