/**
 * The queue adapter: BullMQ on Redis or on BullMQ's PostgreSQL backend, behind one small
 * interface. Everything above it (the Nest `JobQueue`, the tests) is backend-agnostic:
 * `withBackend(factory)` binds BullMQ's Queue and Worker classes to one backend, and the
 * rest of this file is one code path for both.
 *
 * Plain class, no Nest: the integration tests drive it directly against real Redis and
 * PostgreSQL with their own job catalogue.
 */
import {
  type BackendClasses,
  createPostgresBackend,
  createRedisBackend,
  type IQueueBackend,
  type Job,
  type JobType,
  UnrecoverableError,
  withBackend,
} from 'bullmq';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { DEFAULT_RETRY_POLICY, jobOptions, type RetryPolicy } from './job-defaults.js';
import { assertJobName, jobIdFor } from './job-id.js';
import type { JobCatalog, JobPayload } from './job-names.js';

export type JobBackendKind = 'redis' | 'postgres';

/** All jobs share one queue; the job name selects the handler. */
export const QUEUE_NAME = 'jobs';

export interface JobEngineOptions {
  readonly backend: JobBackendKind;
  /** `redis://…` or `postgres://…`, matching `backend`. */
  readonly url: string;
  /**
   * Namespace of the queue: the Redis key prefix, or (sanitised, `_jobs` appended) the
   * PostgreSQL schema BullMQ creates and migrates. Processes that cooperate share it;
   * parallel test files each use their own.
   */
  readonly namespace: string;
  readonly concurrency?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly logger?: JobLogger;
  /**
   * PostgreSQL backend: create / upgrade BullMQ's schema on first use (default). Off for
   * read-only checks (`einvoice doctor`), which must not change the database.
   */
  readonly migrate?: boolean;
  /** Stall detection (tests shorten it); see `DEFAULT_STALL`. */
  readonly stall?: Partial<StallPolicy>;
}

/**
 * When a running job counts as stalled (its worker died: crash, SIGKILL, lost connection)
 * and how often it is then put back to waiting before it fails.
 */
export interface StallPolicy {
  /** How long a worker's lock on a running job lasts without being renewed. */
  readonly lockDurationMs: number;
  /** How often workers look for jobs whose lock ran out. */
  readonly stalledIntervalMs: number;
  /**
   * Stalls a job survives. A stall is a worker dying under the job, not the job failing, so
   * this is well above BullMQ's default of 1: a few restarts in a row (a crash loop, a
   * rolling deploy) must not fail the work. A job that itself kills its worker every time
   * still ends failed.
   */
  readonly maxStalledCount: number;
}

export const DEFAULT_STALL: StallPolicy = {
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  maxStalledCount: 5,
};

/** BullMQ's failure reason for a job that stalled more often than `maxStalledCount`. */
export const STALLED_TOO_OFTEN = 'job stalled more than allowable limit';

export interface JobLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface JobContext {
  readonly jobId: string;
  /** 1 for the first try. */
  readonly attempt: number;
}

/** Runs one job; throwing makes BullMQ retry it (with backoff) until attempts run out. */
export type JobDispatcher = (name: string, payload: JobPayload, ctx: JobContext) => Promise<void>;

export interface FailedJob {
  readonly id: string;
  readonly name: string;
  readonly payload: JobPayload;
  readonly attempts: number;
  readonly lastError: string;
  readonly failedAt: Date | null;
}

export interface QueueHealth {
  readonly ok: boolean;
  readonly backend: JobBackendKind;
  readonly detail?: string;
}

/** Thrown by a dispatcher for a job that must not be retried (e.g. an unknown job name). */
export class PermanentJobError extends UnrecoverableError {}

/** PostgreSQL schema for a namespace: a plain lower-case identifier of at most 63 bytes. */
export function postgresSchemaFor(namespace: string): string {
  let s = namespace.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  if (!/^[a-z_]/.test(s)) s = `_${s}`;
  return `${s.slice(0, 58)}_jobs`;
}

/** What the engine needs of a bound BullMQ backend, whichever it is. */
interface Driver {
  add(name: string, payload: JobPayload, jobId: string, policy: RetryPolicy): Promise<void>;
  getJob(id: string): Promise<Job<JobPayload> | undefined>;
  getFailed(start: number, end: number): Promise<Job<JobPayload>[]>;
  counts(...types: JobType[]): Promise<Record<string, number>>;
  obliterate(): Promise<void>;
  startWorker(
    processor: (job: Job<JobPayload>) => Promise<void>,
    concurrency: number,
    stall: StallPolicy,
    logger: JobLogger,
    name: string,
  ): Closable;
  /** Moves running jobs of workers that are gone back to waiting (see `JobEngine.startWorker`). */
  releaseOrphans(self: string): Promise<string[]>;
  close(): Promise<void>;
}

interface Closable {
  close(force?: boolean): Promise<void>;
}

function bind<B extends IQueueBackend, C>(
  classes: BackendClasses<B, C>,
  connection: { queue: C; worker: () => C; prefix?: string },
  onClose: () => Promise<void>,
): Driver {
  const queue = new classes.Queue<JobPayload, void, string>(QUEUE_NAME, {
    connection: connection.queue,
    prefix: connection.prefix,
  });
  // An unhandled 'error' event would crash the process; the callers see failures anyway.
  queue.on('error', () => undefined);
  return {
    async add(name, payload, jobId, policy) {
      await queue.add(name, payload, jobOptions(jobId, policy));
    },
    getJob: (id) => queue.getJob(id) as Promise<Job<JobPayload> | undefined>,
    getFailed: (start, end) => queue.getFailed(start, end) as Promise<Job<JobPayload>[]>,
    counts: (...types) => queue.getJobCounts(...types),
    obliterate: () => queue.obliterate({ force: true }),
    startWorker(processor, concurrency, stall, logger, name) {
      const worker = new classes.Worker<JobPayload, void, string>(QUEUE_NAME, (job) => processor(job), {
        connection: connection.worker(),
        prefix: connection.prefix,
        // Stamped on every job it takes (`processedBy`) and on its connection, where the
        // backend lists the workers alive: see releaseOrphans.
        name,
        concurrency,
        autorun: true,
        lockDuration: stall.lockDurationMs,
        stalledInterval: stall.stalledIntervalMs,
        maxStalledCount: stall.maxStalledCount,
      });
      worker.on('failed', (job, err) => {
        const final =
          !job || err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
        const what = job ? `job ${job.id} (${job.name}) attempt ${job.attemptsMade}` : 'a job';
        const msg = `${what} failed${final ? ' for good' : ', will retry'}: ${err.message}`;
        if (final) logger.error(msg);
        else logger.warn(msg);
      });
      worker.on('error', (err) => logger.error(`worker error: ${err.message}`));
      return worker;
    },
    async releaseOrphans(self) {
      const live = new Set<string>();
      for (const w of await queue.getWorkers()) {
        const raw = w.rawname;
        // The backend cannot list its clients (CLIENT LIST refused): nobody can be told
        // dead, so nothing is released; BullMQ's stall detection still recovers the jobs.
        if (typeof raw !== 'string') return [];
        const at = raw.indexOf(':w:');
        if (at >= 0) live.add(raw.slice(at + 3));
      }
      const released: string[] = [];
      for (const job of await queue.getActive()) {
        const owner = job.processedBy;
        // A job of an unnamed worker (an older version) is left to stall detection.
        if (!job.id || !owner || owner === self || live.has(owner)) continue;
        // Re-read just before the move: had stall detection already handed the job to a
        // live worker, it would be taken from that one. (Left in that tiny window, the job
        // runs twice, which its idempotent handler absorbs.)
        const current = await queue.getJob(job.id);
        if (!current || current.processedBy !== owner || !(await current.isActive())) continue;
        // Token '0': move regardless of the lock, which the dead worker can no longer renew
        // or release; the next worker to take the job sets a lock of its own.
        await current.moveToWait('0');
        released.push(job.id);
      }
      return released;
    },
    async close() {
      await queue.close();
      await onClose();
    },
  };
}

/**
 * Names this process's worker, unique per start: `<host>-<pid>-<random>`, short enough for
 * PostgreSQL's 63-byte `application_name` and free of what Redis client names refuse.
 */
function newWorkerName(): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9.-]/g, '')
      .slice(0, 24) || 'host';
  return `${host}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export class JobEngine<C extends JobCatalog = JobCatalog> {
  readonly backend: JobBackendKind;
  private readonly driver: Driver;
  private readonly policy: RetryPolicy;
  private readonly logger: JobLogger;
  private worker: Closable | undefined;
  private closed = false;
  private readonly workerName = newWorkerName();

  constructor(private readonly options: JobEngineOptions) {
    this.backend = options.backend;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.logger = options.logger ?? { log: () => undefined, warn: () => undefined, error: () => undefined };
    this.driver = options.backend === 'redis' ? this.bindRedis() : this.bindPostgres();
  }

  private bindRedis(): Driver {
    const clients: Redis[] = [];
    const client = (blocking: boolean) => {
      // Workers block on Redis and must never give up a command (BullMQ requires
      // maxRetriesPerRequest null for them); the producer fails fast instead, so an
      // enqueue or health check during a Redis outage errors rather than hangs.
      const c = new Redis(
        this.options.url,
        blocking ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 2 },
      );
      c.on('error', (err: Error) => this.logger.warn(`redis: ${err.message}`));
      clients.push(c);
      return c;
    };
    return bind(
      withBackend(createRedisBackend),
      { queue: client(false), worker: () => client(true), prefix: this.options.namespace },
      async () => {
        // quit() lets pending replies arrive; a client that never connected is just dropped
        // (quit would wait for a connection that may never come).
        await Promise.all(
          clients.map((c) =>
            c.status === 'ready' ? c.quit().then(() => undefined) : Promise.resolve(c.disconnect()),
          ),
        );
      },
    );
  }

  private bindPostgres(): Driver {
    // One small pool per Queue / Worker (each also holds one LISTEN connection). BullMQ
    // creates and migrates its schema on first use, serialised by an advisory lock, so
    // any number of processes may start at once.
    const connection = () => ({
      connectionString: this.options.url,
      schema: postgresSchemaFor(this.options.namespace),
      migrate: this.options.migrate ?? true,
      max: 4,
      application_name: 'einvoice-jobs',
    });
    return bind(
      withBackend(createPostgresBackend),
      { queue: connection(), worker: connection },
      async () => undefined,
    );
  }

  /**
   * Enqueues a job under its deterministic id and returns the id. Enqueueing work that is
   * already waiting, running or failed is a no-op (same id).
   */
  async enqueue<N extends keyof C & string>(name: N, payload: C[N]): Promise<string> {
    const id = jobIdFor(name, payload);
    await this.driver.add(name, payload, id, this.policy);
    return id;
  }

  /**
   * Enqueues work the database says is pending (for recovery sweeps), like `enqueue`, and
   * revives a job of that id that failed only because its workers kept dying under it
   * (stalled more often than allowed): such a job would otherwise sit in the failed list
   * under the work's deterministic id, every later enqueue a no-op, and the work would stay
   * undone. A job that failed by its own errors is left failed (see job-defaults: a poison
   * job is not re-run forever; the admin retries it). Returns the id.
   */
  async enqueuePending<N extends keyof C & string>(name: N, payload: C[N]): Promise<string> {
    const id = await this.enqueue(name, payload);
    const job = await this.driver.getJob(id);
    if (job?.failedReason === STALLED_TOO_OFTEN && (await job.isFailed())) {
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      this.logger.warn(
        `job ${id} had failed because its workers died under it; retried, as its work is still pending`,
      );
    }
    return id;
  }

  /** Starts the worker (once); each job is passed to `dispatch`. */
  startWorker(dispatch: JobDispatcher): void {
    if (this.worker) throw new Error('the job worker is already running');
    if (this.closed) throw new Error('the job engine is closed');
    const concurrency = this.options.concurrency ?? 1;
    this.worker = this.driver.startWorker(
      async (job) => {
        const jobId = job.id ?? '';
        try {
          assertJobName(job.name);
        } catch (err) {
          throw new PermanentJobError((err as Error).message);
        }
        await dispatch(job.name, job.data, { jobId, attempt: job.attemptsMade + 1 });
      },
      concurrency,
      { ...DEFAULT_STALL, ...this.options.stall },
      this.logger,
      this.workerName,
    );
    this.logger.log(`job worker ${this.workerName} started on ${this.backend} (concurrency ${concurrency})`);
    // After a crash (kill -9, power loss) the jobs the dead worker was running stay active
    // under locks that run out only after `lockDurationMs`, and BullMQ's stall check needs
    // one more round after that: the work would resume up to a minute after the restart.
    // The dead worker's connections are gone at once, though, so its jobs are released now.
    void this.driver.releaseOrphans(this.workerName).then(
      (ids) => {
        if (ids.length > 0)
          this.logger.warn(`resumed ${ids.length} job(s) whose worker had died: ${ids.join(', ')}`);
      },
      (err: unknown) => {
        this.logger.warn(`looking for jobs of workers that died failed: ${(err as Error).message}`);
      },
    );
  }

  get workerRunning(): boolean {
    return this.worker !== undefined;
  }

  /** Failed jobs (retries exhausted), newest first. */
  async listFailed(limit = 500): Promise<FailedJob[]> {
    const jobs = await this.driver.getFailed(0, Math.max(0, limit - 1));
    return jobs.map((job) => ({
      id: job.id ?? '',
      name: job.name,
      payload: job.data,
      attempts: job.attemptsMade,
      lastError: job.failedReason ?? '',
      failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
    }));
  }

  /** One failed job, or undefined when there is no failed job with that id. */
  async getFailed(id: string): Promise<FailedJob | undefined> {
    const job = await this.driver.getJob(id);
    if (!job || !(await job.isFailed())) return undefined;
    return {
      id: job.id ?? id,
      name: job.name,
      payload: job.data,
      attempts: job.attemptsMade,
      lastError: job.failedReason ?? '',
      failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
    };
  }

  /** Moves a failed job back to waiting with a fresh set of attempts; false if not failed. */
  async retryFailed(id: string): Promise<boolean> {
    const job = await this.driver.getJob(id);
    if (!job || !(await job.isFailed())) return false;
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return true;
  }

  /** Counts per state (waiting, active, delayed, failed, …). */
  async counts(): Promise<Record<string, number>> {
    return this.driver.counts('waiting', 'active', 'delayed', 'failed', 'prioritized');
  }

  /**
   * Deletes every job of the queue, whatever its state: what a lost Redis or a wiped
   * queue looks like. Only for operators and tests; the recovery sweep restores the work.
   */
  async obliterate(): Promise<void> {
    await this.driver.obliterate();
  }

  /** Reachability of the backend, bounded in time so `/health/ready` never hangs. */
  async health(timeoutMs = 3_000): Promise<QueueHealth> {
    try {
      const counts = await withTimeout(this.counts(), timeoutMs, 'queue backend did not answer');
      const detail = Object.entries(counts)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      return { ok: true, backend: this.backend, detail };
    } catch (err) {
      return { ok: false, backend: this.backend, detail: (err as Error).message };
    }
  }

  /**
   * Stops the worker and closes the connections. Running jobs get `graceMs` to finish
   * (they are idempotent, so a job cut off here is simply picked up again: BullMQ moves
   * a stalled job back to waiting, and the sweep re-enqueues anything lost).
   */
  async close(graceMs = 5_000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    if (worker) {
      const finished = await withTimeout(
        worker.close().then(() => true),
        graceMs,
        'timeout',
      ).catch(() => false);
      if (!finished) {
        this.logger.warn(`job worker did not stop within ${graceMs} ms; closing it forcibly`);
        await worker.close(true).catch(() => undefined);
      }
    }
    await this.driver.close();
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
