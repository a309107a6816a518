import type { JobsOptions } from 'bullmq';

/**
 * Retry and retention defaults for every job, in one place.
 *
 * - Retries: exponential backoff (`backoffMs`, then ×2 each attempt): with the defaults
 *   5 s, 10 s, 20 s, 40 s — a restarting database or a briefly unreachable peer is ridden
 *   out, a poison job fails within about a minute and a half and shows up for the admin.
 * - Completed jobs are removed at once (`removeOnComplete: true`). A deterministic job id
 *   de-duplicates only while a job with that id exists; keeping completed jobs would make
 *   every later enqueue of the same work a silent no-op, so a sweep that finds the work
 *   pending again (state reopened, or the handler's effect rolled back after the job
 *   completed) could never re-run it. Duplicates while the job waits or runs are still
 *   absorbed; a re-run after completion is harmless because handlers are idempotent and
 *   re-read state. What happened is in the audit log and the domain tables, not the queue.
 * - Failed jobs (retries exhausted) are kept for `keepFailedSeconds`, so an admin sees and
 *   retries them — and, deliberately, the sweep's enqueue of the same id is a no-op while
 *   the failed job exists: a poison job is not re-run forever. After the retention period
 *   the sweep picks the still-pending work up again with fresh attempts.
 */
export interface RetryPolicy {
  /** Total tries including the first. */
  readonly attempts: number;
  /** First backoff delay in milliseconds; doubles with each further attempt. */
  readonly backoffMs: number;
  /** How long failed jobs stay listed for the admin. */
  readonly keepFailedSeconds: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 5,
  backoffMs: 5_000,
  keepFailedSeconds: 30 * 24 * 3600,
};

/** The BullMQ options of one job. */
export function jobOptions(jobId: string, policy: RetryPolicy): JobsOptions {
  return {
    jobId,
    attempts: policy.attempts,
    backoff: { type: 'exponential', delay: policy.backoffMs },
    removeOnComplete: true,
    removeOnFail: { age: policy.keepFailedSeconds },
    stackTraceLimit: 5,
  };
}
