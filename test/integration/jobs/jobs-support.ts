/**
 * Helpers of the jobs test suites: the backends under test, a unique queue namespace per
 * suite, cleanup of Redis keys, and polling for a condition (never a fixed sleep).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { JobBackendKind } from '../../../src/modules/jobs/job-engine.js';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

export const BACKENDS: JobBackendKind[] = ['redis', 'postgres'];

export function uniqueNamespace(): string {
  return `einvoice-tj-${randomBytes(5).toString('hex')}`;
}

export { waitFor } from '../../support/wait.js';

/** Deletes the Redis keys of a namespace (BullMQ keys are `<prefix>:<queue>:…`). */
export async function deleteRedisNamespace(namespace: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
