/**
 * Boots the real application (same factory as `main.ts`) on a free port against a fresh
 * test database and the test Redis, with a unique queue prefix so parallel test files do
 * not share jobs. `close()` stops the app, drops the database and removes the queue keys.
 *
 *   const t = await startTestApp();
 *   const res = await fetch(`${t.url}/health/ready`);
 *   await t.close();
 *
 * `env` overrides any configuration variable, e.g. `{ PROCESS_ROLE: 'api' }` or
 * `{ REDIS_URL: '' }` (empty = unset: jobs on BullMQ's PostgreSQL backend).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import { createApp } from '../../src/app.factory.js';
import { defaultInstallDir } from '../../src/modules/validation/xsd/schema-manifest.js';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import { type TestDatabase, createTestDatabase } from './database.js';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

export interface TestApp {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  app: INestApplication;
  config: AppConfig;
  db: TestDatabase;
  /** The queue prefix of this app (Redis keys `<prefix>:*`). */
  queuePrefix: string;
  close(): Promise<void>;
}

export function testEnv(db: TestDatabase, env: Record<string, string> = {}): Record<string, string> {
  const queuePrefix = `einvoice-t-${randomBytes(5).toString('hex')}`;
  return {
    // Local state (raw store, generated keys) of a test app lives in a directory of its own.
    EINVOICE_DATA_DIR: mkdtempSync(join(tmpdir(), 'einvoice-test-data-')),
    // The official schemas as CI installs them (`einvoice schemas install --from ../shared/schemas`
    // into the checkout's default data directory); a test never downloads them.
    SCHEMAS_DIR: defaultInstallDir(),
    SCHEMAS_DOWNLOAD: 'false',
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    HOST: '127.0.0.1',
    PORT: '0',
    PROCESS_ROLE: 'all',
    // The test database is already migrated; seeding is asked for explicitly by tests.
    MIGRATIONS_RUN: 'false',
    DEMO_SEED: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL || 'error',
    ...env,
  };
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig(testEnv(db, env));
  let app: INestApplication | undefined;
  try {
    app = await createApp(config);
    await app.listen(config.port, config.host);
  } catch (err) {
    await app?.close().catch(() => undefined);
    await db.drop().catch(() => undefined);
    throw err;
  }
  const server = app.getHttpServer() as { address(): AddressInfo | string | null };
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const queuePrefix = config.queuePrefix;
  const running = app;
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}`,
    app: running,
    config,
    db,
    queuePrefix,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await running.close();
      } finally {
        rmSync(config.dataDir, { recursive: true, force: true });
        await db.drop();
        if (config.redisUrl) await deleteRedisKeys(config.redisUrl, `${queuePrefix}:*`);
      }
    },
  };
}

/** Removes a test's queue keys so the shared Redis does not fill up across runs. */
export async function deleteRedisKeys(url: string, pattern: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
