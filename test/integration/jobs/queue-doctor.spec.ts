/** `einvoice doctor`'s queue check against the real backends (and an unreachable one). */
import { jest } from '@jest/globals';
import { queueCheck } from '../../../src/modules/jobs/cli/queue.doctor-check.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { deleteRedisNamespace, TEST_REDIS_URL, uniqueNamespace } from './jobs-support.js';

jest.setTimeout(60_000);

async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'QUEUE_PREFIX']) delete process.env[k];
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

describe('queue doctor check', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('passes when Redis answers', async () => {
    const namespace = uniqueNamespace();
    const r = await withEnv({ REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: namespace }, () => queueCheck.run());
    await deleteRedisNamespace(namespace);
    expect(r).toMatchObject({ ok: true });
    expect(r.detail).toContain('redis backend reachable');
  });

  it('fails with a hint when Redis does not answer', async () => {
    const r = await withEnv({ REDIS_URL: 'redis://127.0.0.1:1' }, () => queueCheck.run());
    expect(r).toMatchObject({ ok: false, hint: expect.stringContaining('REDIS_URL') });
  });

  it('passes on the PostgreSQL backend without creating the queue schema', async () => {
    const namespace = uniqueNamespace();
    const r = await withEnv({ DATABASE_URL: db.url, QUEUE_PREFIX: namespace }, () => queueCheck.run());
    expect(r).toMatchObject({ ok: true, detail: expect.stringContaining('not created yet') });
    const rows: { n: number }[] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name LIKE '%\\_jobs'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('fails with a hint when PostgreSQL does not answer', async () => {
    const r = await withEnv({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' }, () => queueCheck.run());
    expect(r).toMatchObject({ ok: false, hint: expect.stringContaining('DATABASE_URL') });
  });
});
