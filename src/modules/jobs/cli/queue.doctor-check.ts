/**
 * `einvoice doctor`'s check of the job queue backend: Redis when `REDIS_URL` is set, else
 * BullMQ's PostgreSQL backend in the application database. Read-only: it never creates
 * the queue schema (the first start of the application does).
 */
import type { DoctorCheck } from '../../../cli/doctor.command.js';
import { loadConfig } from '../../../config/app-config.js';

export const queueCheck: DoctorCheck = {
  name: 'queue',
  async run() {
    const config = loadConfig(process.env);
    if (!config.redisUrl && config.embeddedDatabase) {
      return {
        ok: true,
        detail:
          "jobs on BullMQ's PostgreSQL backend inside the embedded database (checked when the application starts)",
      };
    }
    const backend = config.redisUrl ? 'redis' : 'postgres';
    // Loaded only when the check runs: the queue clients are heavy and the CLI stays lean.
    const { JobEngine } = await import('../job-engine.js');
    const engine = new JobEngine({
      backend,
      url: config.redisUrl ?? config.databaseUrl,
      namespace: config.queuePrefix,
      migrate: false,
    });
    try {
      const health = await engine.health();
      if (health.ok) return { ok: true, detail: `${backend} backend reachable (${health.detail ?? ''})` };
      if (backend === 'postgres' && /is not initialized/.test(health.detail ?? '')) {
        return {
          ok: true,
          detail: "BullMQ's PostgreSQL schema is not created yet; the first start creates it",
        };
      }
      return {
        ok: false,
        detail: `${backend} backend not usable: ${health.detail ?? 'no answer'}`,
        hint: config.redisUrl
          ? 'check REDIS_URL and that Redis runs'
          : 'check DATABASE_URL and that PostgreSQL runs',
      };
    } finally {
      await engine.close(500);
    }
  },
};
