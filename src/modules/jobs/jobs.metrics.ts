import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service.js';

/**
 * Job metrics on the application's registry: runs by job and outcome with their duration
 * (counted where the job runs: `worker` / `all` processes), and the queue's job counts by
 * state, read from the shared backend at scrape time — so any `api` process shows the
 * backlog and the failed jobs of the whole deployment.
 */
@Injectable()
export class JobsMetrics {
  private readonly runs: Counter<'job' | 'outcome'>;
  private readonly duration: Histogram<'job'>;
  private countsSource: (() => Promise<Record<string, number>>) | undefined;

  constructor(metrics: MetricsService) {
    this.runs = new Counter({
      name: 'einvoice_job_runs_total',
      help: 'Job attempts run by this process, by job name and outcome (completed | failed)',
      labelNames: ['job', 'outcome'],
      registers: [metrics.registry],
    });
    this.duration = new Histogram({
      name: 'einvoice_job_duration_seconds',
      help: 'Duration of job attempts run by this process, by job name',
      labelNames: ['job'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers: [metrics.registry],
    });
    const source = () => this.countsSource;
    new Gauge({
      name: 'einvoice_jobs',
      help: 'Jobs in the shared queue by state (waiting, active, delayed, failed, prioritized)',
      labelNames: ['state'],
      registers: [metrics.registry],
      async collect() {
        const read = source();
        if (!read) return;
        // A scrape must not fail because the queue backend is down: /health/ready says that.
        const counts = await read().catch(() => undefined);
        if (!counts) return;
        for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      },
    });
  }

  /** Where the gauge reads the queue's counts from (set by `JobQueue`). */
  readCountsFrom(source: () => Promise<Record<string, number>>): void {
    this.countsSource = source;
  }

  observe(job: string, outcome: 'completed' | 'failed', seconds: number): void {
    this.runs.inc({ job, outcome });
    this.duration.observe({ job }, seconds);
  }
}
