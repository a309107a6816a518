import type { JobCatalog, JobPayloads, JobRequest } from './job-names.js';

/**
 * The database is the source of truth; queues only carry work. A module whose persisted
 * state can mean "a job should run" (a pending row) provides a sweeper that reports that
 * work, and the jobs module enqueues it under the deterministic job id — so work lost with
 * a queue (Redis restart, wiped queue, crash between commit and enqueue) is recovered,
 * and work still queued is not duplicated.
 *
 * Implement it on a provider decorated with `@RecoverySweep()`.
 */
export interface RecoverySweeper<C extends JobCatalog = JobPayloads> {
  /** Shown in logs. */
  readonly name: string;
  /** Everything that persisted state says is still to be done. */
  findPending(): Promise<ReadonlyArray<JobRequest<C>>>;
}

export interface SweepReport {
  /** Jobs handed to the queue (already-queued ones are absorbed by their ids). */
  readonly enqueued: number;
  /** Sweepers that failed; the others still ran. */
  readonly failedSweepers: readonly string[];
}

/**
 * Runs every sweeper and enqueues what it reports. One failing sweeper does not stop the
 * others; the failure is reported and the next sweep tries again.
 */
export async function runSweep<C extends JobCatalog>(
  sweepers: ReadonlyArray<RecoverySweeper<C>>,
  enqueue: (request: JobRequest<C>) => Promise<unknown>,
  onError: (sweeper: string, err: unknown) => void = () => undefined,
): Promise<SweepReport> {
  let enqueued = 0;
  const failedSweepers: string[] = [];
  for (const sweeper of sweepers) {
    try {
      for (const request of await sweeper.findPending()) {
        await enqueue(request);
        enqueued++;
      }
    } catch (err) {
      failedSweepers.push(sweeper.name);
      onError(sweeper.name, err);
    }
  }
  return { enqueued, failedSweepers };
}
