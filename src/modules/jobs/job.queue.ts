import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { runWithCorrelation } from '../../common/logging/correlation.js';
import { currentTenantScope } from '../../database/tenant-transaction.js';
import {
  type FailedJob,
  type JobContext,
  JobEngine,
  type JobEngineOptions,
  PermanentJobError,
  type QueueHealth,
} from './job-engine.js';
import { type BoundJobHandler, JobHandlerExplorer } from './job-handler.explorer.js';
import { JobsMetrics } from './jobs.metrics.js';
import { JOB_NAMES, type JobName, type JobPayload, type JobPayloads } from './job-names.js';
import { type RecoverySweeper, runSweep, type SweepReport } from './recovery-sweeper.js';

/**
 * The application's one job interface. `enqueue` works in every process role; the worker,
 * the boot-time and periodic recovery sweeps run only where `PROCESS_ROLE` is `worker` or
 * `all`. The backend is Redis when `REDIS_URL` is set, else BullMQ's PostgreSQL backend on
 * the application's own database.
 *
 * At boot every declared job must have exactly one `@JobHandler` — checked in every role,
 * so a misbuilt deployment fails at once and not when the first job arrives.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private engineInstance: JobEngine<JobPayloads> | undefined;
  private handlers = new Map<string, BoundJobHandler>();
  private sweepers: RecoverySweeper[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<SweepReport> | undefined;
  private stopping = false;
  private started = false;

  constructor(
    private readonly config: AppConfig,
    private readonly explorer: JobHandlerExplorer,
    private readonly metrics: JobsMetrics,
  ) {
    metrics.readCountsFrom(() => this.engine.counts());
  }

  /** Created on first use: the database URL is known only once the database runs. */
  private get engine(): JobEngine<JobPayloads> {
    if (!this.engineInstance) {
      const options: JobEngineOptions = {
        backend: this.config.redisUrl ? 'redis' : 'postgres',
        url: this.config.redisUrl ?? this.config.databaseUrl,
        namespace: this.config.queuePrefix,
        concurrency: this.config.get('JOBS_CONCURRENCY'),
        logger: this.logger,
      };
      this.engineInstance = new JobEngine<JobPayloads>(options);
    }
    return this.engineInstance;
  }

  get backend(): 'redis' | 'postgres' {
    return this.config.redisUrl ? 'redis' : 'postgres';
  }

  onApplicationBootstrap(): void {
    this.handlers = this.explorer.explore(JOB_NAMES);
    this.sweepers = this.explorer.findSweepers();
  }

  /**
   * Starts the worker (in the roles that run one), the boot-time recovery sweep and the
   * periodic sweep. The process factory calls it once the application logger is attached:
   * lines logged during bootstrap are buffered and replayed later, outside the job's async
   * context, so a job run during bootstrap would lose its correlation id in the log.
   */
  async startWorking(): Promise<void> {
    if (!this.config.runsWorkers || this.started || this.stopping) return;
    this.started = true;
    this.engine.startWorker((name, payload, ctx) => this.dispatch(name, payload, ctx));
    await this.sweep();
    const seconds = this.config.get('JOBS_SWEEP_INTERVAL_SECONDS');
    if (seconds > 0) {
      this.timer = setInterval(() => void this.sweep(), seconds * 1000);
      this.timer.unref();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.sweeping?.catch(() => undefined);
    await this.engineInstance?.close();
  }

  /**
   * Enqueues a job under its deterministic id (a duplicate is a no-op); returns the id.
   *
   * Call it after the transaction that made the work pending has committed: a job enqueued
   * inside it may run before the commit, find nothing to do, and the work then waits for
   * the next sweep. If the enqueue fails, the committed state is still there and the sweep
   * enqueues it — so callers log the failure and carry on.
   */
  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<string> {
    if (currentTenantScope() !== undefined) {
      this.logger.warn(
        `job '${name}' enqueued inside a tenant transaction; enqueue after the commit instead`,
      );
    }
    return this.engine.enqueue(name, payload);
  }

  /**
   * Runs every recovery sweeper once and enqueues the pending work. Overlapping calls
   * share one run.
   */
  sweep(): Promise<SweepReport> {
    if (this.stopping) return Promise.resolve({ enqueued: 0, failedSweepers: [] });
    this.sweeping ??= runSweep(
      this.sweepers,
      (r) => this.engine.enqueuePending(r.name, r.payload),
      (sweeper, err) => this.logger.warn(`recovery sweep '${sweeper}' failed: ${(err as Error).message}`),
    )
      .then((report) => {
        if (report.enqueued > 0) this.logger.log(`recovery sweep enqueued ${report.enqueued} job(s)`);
        return report;
      })
      .finally(() => {
        this.sweeping = undefined;
      });
    return this.sweeping;
  }

  health(): Promise<QueueHealth> {
    return this.engine.health();
  }

  listFailed(limit?: number): Promise<FailedJob[]> {
    return this.engine.listFailed(limit);
  }

  getFailed(id: string): Promise<FailedJob | undefined> {
    return this.engine.getFailed(id);
  }

  retryFailed(id: string): Promise<boolean> {
    return this.engine.retryFailed(id);
  }

  private async dispatch(name: string, payload: JobPayload, ctx: JobContext): Promise<void> {
    const handler = this.handlers.get(name);
    // A job of a newer or older deployment: retrying here cannot help.
    if (!handler) throw new PermanentJobError(`no handler for job '${name}'`);
    await runWithCorrelation(ctx.jobId, async () => {
      this.logger.log(`job ${ctx.jobId} started (attempt ${ctx.attempt})`);
      const started = process.hrtime.bigint();
      const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
      try {
        await handler(payload, ctx);
      } catch (err) {
        this.metrics.observe(name, 'failed', seconds());
        throw err;
      }
      this.metrics.observe(name, 'completed', seconds());
      this.logger.log(`job ${ctx.jobId} done`);
    });
  }
}
