/**
 * The job engine against the real backends — the same suite for Redis and for BullMQ's
 * PostgreSQL backend. Work is recorded in a real table, so "ran once" means a row's
 * counter is exactly 1, whatever the queue did.
 */
import { jest } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { JobEngine, postgresSchemaFor } from '../../../src/modules/jobs/job-engine.js';
import type { JobRequest } from '../../../src/modules/jobs/job-names.js';
import { type RecoverySweeper, runSweep } from '../../../src/modules/jobs/recovery-sweeper.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { ensureBuilt, startProcess } from '../../support/process.js';
import { BACKENDS, deleteRedisNamespace, TEST_REDIS_URL, uniqueNamespace, waitFor } from './jobs-support.js';

type TestJobs = {
  'test.count': { readonly itemId: string };
  'test.flaky': { readonly itemId: string };
  'test.poison': { readonly itemId: string };
};

interface ItemRow {
  id: string;
  status: string;
  handled: number;
  done_count: number;
  runs_at: string[];
}

jest.setTimeout(90_000);

describe.each(BACKENDS)('job engine on %s', (backend) => {
  let db: TestDatabase;
  let ds: DataSource;
  const engines: JobEngine<TestJobs>[] = [];
  const namespaces: string[] = [];

  beforeAll(async () => {
    // The crashed worker of one test runs the built engine in a process of its own.
    ensureBuilt();
    db = await createTestDatabase({ migrate: false });
    ds = db.dataSource;
    await ds.query(`
      CREATE TABLE job_test_items (
        id text PRIMARY KEY,
        status text NOT NULL DEFAULT 'pending',
        handled integer NOT NULL DEFAULT 0,
        done_count integer NOT NULL DEFAULT 0,
        fail_until integer NOT NULL DEFAULT 0,
        runs_at text[] NOT NULL DEFAULT '{}'
      )`);
  });

  afterEach(async () => {
    await Promise.all(engines.splice(0).map((e) => e.close(2_000)));
  });

  afterAll(async () => {
    if (backend === 'redis') for (const ns of namespaces) await deleteRedisNamespace(ns);
    await db?.drop();
  });

  function newEngine(
    retry = { attempts: 3, backoffMs: 100 },
    namespace = uniqueNamespace(),
  ): JobEngine<TestJobs> {
    namespaces.push(namespace);
    const engine = new JobEngine<TestJobs>({
      backend,
      url: backend === 'redis' ? TEST_REDIS_URL : db.url,
      namespace,
      concurrency: 3,
      retry,
    });
    engines.push(engine);
    return engine;
  }

  async function addItems(ids: string[], failUntil = 0): Promise<void> {
    for (const id of ids) {
      await ds.query(`INSERT INTO job_test_items (id, fail_until) VALUES ($1, $2)`, [id, failUntil]);
    }
  }

  async function item(id: string): Promise<ItemRow> {
    const rows: ItemRow[] = await ds.query(`SELECT * FROM job_test_items WHERE id = $1`, [id]);
    return rows[0];
  }

  /**
   * The handler of all test jobs: counts every invocation, fails while `handled` is not
   * beyond `fail_until`, and completes the item only if it is still pending (idempotent).
   */
  async function handle(_name: string, payload: { itemId?: string }): Promise<void> {
    const [row]: { handled: number; fail_until: number }[] = await ds.query(
      // (A bare UPDATE … RETURNING would come back from TypeORM as [rows, count].)
      `WITH u AS (
         UPDATE job_test_items
         SET handled = handled + 1, runs_at = runs_at || (extract(epoch from clock_timestamp()) * 1000)::bigint::text
         WHERE id = $1 RETURNING handled, fail_until)
       SELECT * FROM u`,
      [payload.itemId],
    );
    if (!row) throw new Error(`no item ${payload.itemId}`);
    if (row.handled <= row.fail_until) throw new Error(`planned failure ${row.handled} of ${payload.itemId}`);
    await ds.query(
      `UPDATE job_test_items SET status = 'done', done_count = done_count + 1 WHERE id = $1 AND status = 'pending'`,
      [payload.itemId],
    );
  }

  async function idle(engine: JobEngine<TestJobs>): Promise<void> {
    await waitFor('an idle queue', async () => {
      const c = await engine.counts();
      return (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) === 0;
    });
  }

  const itemsSweeper: RecoverySweeper<TestJobs> = {
    name: 'test-items',
    async findPending() {
      const rows: { id: string }[] = await ds.query(
        `SELECT id FROM job_test_items WHERE status = 'pending' AND id LIKE 'sweep-%' ORDER BY id`,
      );
      return rows.map((r): JobRequest<TestJobs> => ({ name: 'test.count', payload: { itemId: r.id } }));
    },
  };

  it('runs an enqueued job once', async () => {
    const engine = newEngine();
    await addItems(['once-1']);
    engine.startWorker(handle);
    const id = await engine.enqueue('test.count', { itemId: 'once-1' });
    expect(id).toBe('test.count~itemId=once-1');
    await waitFor('the item to be done', async () => (await item('once-1')).status === 'done');
    await idle(engine);
    expect(await item('once-1')).toMatchObject({ handled: 1, done_count: 1 });
  });

  it('absorbs a duplicate enqueue: the same id twice runs once', async () => {
    const engine = newEngine();
    await addItems(['dup-1']);
    const first = await engine.enqueue('test.count', { itemId: 'dup-1' });
    const second = await engine.enqueue('test.count', { itemId: 'dup-1' });
    expect(second).toBe(first);
    expect((await engine.counts()).waiting).toBe(1);
    engine.startWorker(handle);
    await waitFor('the item to be done', async () => (await item('dup-1')).status === 'done');
    await idle(engine);
    expect(await item('dup-1')).toMatchObject({ handled: 1, done_count: 1 });
  });

  it('retries a failing job with exponential backoff until it succeeds', async () => {
    const engine = newEngine({ attempts: 4, backoffMs: 100 });
    await addItems(['flaky-1'], 2);
    engine.startWorker(handle);
    await engine.enqueue('test.flaky', { itemId: 'flaky-1' });
    await waitFor('the item to be done', async () => (await item('flaky-1')).status === 'done');
    await idle(engine);
    const row = await item('flaky-1');
    expect(row).toMatchObject({ handled: 3, done_count: 1 });
    // Backoff means "not before": 100 ms after the first failure, 200 ms after the second.
    const [t1, t2, t3] = row.runs_at.map(Number) as [number, number, number];
    expect(t2 - t1).toBeGreaterThanOrEqual(100);
    expect(t3 - t2).toBeGreaterThanOrEqual(200);
    expect(await engine.listFailed()).toEqual([]);
  });

  it('lists a job whose retries are exhausted, and retries it on request with fresh attempts', async () => {
    const engine = newEngine({ attempts: 2, backoffMs: 20 });
    await addItems(['poison-1'], 1000);
    engine.startWorker(handle);
    const id = await engine.enqueue('test.poison', { itemId: 'poison-1' });
    const [failed] = await waitFor('the job to fail for good', async () => {
      const list = await engine.listFailed();
      return list.length > 0 && list;
    });
    expect(failed).toMatchObject({
      id,
      name: 'test.poison',
      payload: { itemId: 'poison-1' },
      attempts: 2,
      lastError: 'planned failure 2 of poison-1',
    });
    expect(failed.failedAt).toBeInstanceOf(Date);
    expect(await engine.getFailed(id)).toMatchObject({ id, attempts: 2 });
    expect((await item('poison-1')).handled).toBe(2);

    // While the failed job exists, enqueueing the same work again is a no-op (no endless
    // re-runs), from a sweep as well: the job failed by its own errors.
    await engine.enqueue('test.poison', { itemId: 'poison-1' });
    await engine.enqueuePending('test.poison', { itemId: 'poison-1' });
    expect((await engine.counts()).failed).toBe(1);
    expect((await engine.counts()).waiting).toBe(0);

    // The cause is fixed; the admin retries.
    await ds.query(`UPDATE job_test_items SET fail_until = 0 WHERE id = 'poison-1'`);
    expect(await engine.retryFailed(id)).toBe(true);
    await waitFor('the item to be done', async () => (await item('poison-1')).status === 'done');
    await idle(engine);
    expect(await item('poison-1')).toMatchObject({ handled: 3, done_count: 1 });
    expect(await engine.listFailed()).toEqual([]);
    expect(await engine.retryFailed(id)).toBe(false);
    expect(await engine.getFailed('no-such-job')).toBeUndefined();
  });

  it('recovers wiped work through the sweep: every item completes exactly once', async () => {
    const engine = newEngine();
    const ids = ['sweep-1', 'sweep-2', 'sweep-3', 'sweep-4', 'sweep-5'];
    await addItems(ids);
    for (const itemId of ids) await engine.enqueue('test.count', { itemId });
    expect((await engine.counts()).waiting).toBe(ids.length);

    // The queue is lost before any work ran (Redis restart, wiped backend).
    await engine.obliterate();
    expect((await engine.counts()).waiting).toBe(0);

    const report = await runSweep([itemsSweeper], (r) => engine.enqueue(r.name, r.payload));
    expect(report).toEqual({ enqueued: ids.length, failedSweepers: [] });
    engine.startWorker(handle);
    // A second sweep racing the worker must not duplicate the work.
    await runSweep([itemsSweeper], (r) => engine.enqueue(r.name, r.payload));
    await waitFor('all items to be done', async () => {
      const rows: { n: number }[] = await ds.query(
        `SELECT count(*)::int AS n FROM job_test_items WHERE id LIKE 'sweep-%' AND status = 'done'`,
      );
      return rows[0].n === ids.length;
    });
    await idle(engine);
    // Nothing is pending any more: a later sweep finds nothing to do.
    expect(await runSweep([itemsSweeper], (r) => engine.enqueue(r.name, r.payload))).toEqual({
      enqueued: 0,
      failedSweepers: [],
    });
    const rows: { id: string; done_count: number }[] = await ds.query(
      `SELECT id, done_count FROM job_test_items WHERE id LIKE 'sweep-%' ORDER BY id`,
    );
    expect(rows).toEqual(ids.map((id) => ({ id, done_count: 1 })));
  });

  it('resumes a job whose worker died under it as soon as a worker starts, not when its lock runs out', async () => {
    const namespace = uniqueNamespace();
    namespaces.push(namespace);
    await addItems(['orphan-1']);
    // A worker process takes the job, then dies (kill -9): its connections are gone at
    // once, the job is left active under a lock nobody renews (valid for up to 30 s more).
    const crashed = startProcess(
      [
        'test/integration/jobs/crashing-worker.mjs',
        backend,
        backend === 'redis' ? TEST_REDIS_URL : db.url,
        namespace,
        'test.count',
        JSON.stringify({ itemId: 'orphan-1' }),
      ],
      {},
    );
    await crashed.waitFor(/taken test\.count~itemId=orphan-1/, 30_000);
    crashed.child.kill('SIGKILL');
    await crashed.exited(10_000);

    const restarted = newEngine(undefined, namespace);
    expect((await restarted.counts()).active).toBe(1);
    const started = Date.now();
    restarted.startWorker(handle);
    await waitFor(
      'the orphaned job to run again',
      async () => (await item('orphan-1')).status === 'done',
      10_000,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    await idle(restarted);
    expect(await item('orphan-1')).toMatchObject({ handled: 1, done_count: 1 });
  });

  it('leaves the running jobs of a live worker alone when another worker starts', async () => {
    const namespace = uniqueNamespace();
    await addItems(['busy-1']);
    const busy = newEngine(undefined, namespace);
    let taken!: () => void;
    const running = new Promise<void>((r) => (taken = r));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    busy.startWorker(async (name, payload) => {
      taken();
      await released;
      await handle(name, payload);
    });
    await busy.enqueue('test.count', { itemId: 'busy-1' });
    await running;

    const other = newEngine(undefined, namespace);
    other.startWorker(handle);
    // Time for a wrong reclaim to show: the job would run in the other worker.
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await other.counts()).active).toBe(1);
    expect((await item('busy-1')).handled).toBe(0);
    release();
    await waitFor('the item to be done', async () => (await item('busy-1')).status === 'done');
    await idle(other);
    expect(await item('busy-1')).toMatchObject({ handled: 1, done_count: 1 });
  });

  it('reports its health', async () => {
    const engine = newEngine();
    expect(await engine.health()).toMatchObject({ ok: true, backend });
  });

  if (backend === 'postgres') {
    it('keeps its queue in a schema of its own', async () => {
      const engine = newEngine();
      await engine.enqueue('test.count', { itemId: 'schema-1' });
      const schema = postgresSchemaFor(namespaces[namespaces.length - 1]);
      const rows: { n: number }[] = await ds.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1`,
        [schema],
      );
      expect(rows[0].n).toBeGreaterThan(0);
    });
  }
});

describe('job engine health when the backend is unreachable', () => {
  it.each(BACKENDS)('%s: reports not ok instead of hanging', async (backend) => {
    const engine = new JobEngine({
      backend,
      url: backend === 'redis' ? 'redis://127.0.0.1:1' : 'postgres://postgres@127.0.0.1:1/none',
      namespace: uniqueNamespace(),
    });
    try {
      expect(await engine.health(1_000)).toMatchObject({ ok: false, backend });
    } finally {
      await engine.close(500);
    }
  });
});
