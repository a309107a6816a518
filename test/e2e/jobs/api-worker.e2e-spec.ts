/**
 * The acceptance "an api and a worker process cooperate": two real processes from
 * `dist/main.js` share one PostgreSQL and (on the Redis backend) one Redis. An audit
 * verification requested over HTTP on the api process is only queued there, and completes
 * in the worker process, whose log lines for the job carry the job id as correlation id.
 * The same for BullMQ's PostgreSQL backend (no Redis at all).
 */
import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { JobEngine } from '../../../src/modules/jobs/job-engine.js';
import { leitwegCheckDigits } from '../../../src/modules/tenants/leitweg-id.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { ensureBuilt, freePort, cliJson, type RunningProcess, startProcess } from '../../support/process.js';
import {
  BACKENDS,
  deleteRedisNamespace,
  TEST_REDIS_URL,
  uniqueNamespace,
  waitFor,
} from '../../integration/jobs/jobs-support.js';

jest.setTimeout(180_000);

const cli = cliJson;

describe.each(BACKENDS)('api and worker processes on %s', (backend) => {
  let db: TestDatabase;
  const namespace = uniqueNamespace();
  const processes: RunningProcess[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    ensureBuilt();
    db = await createTestDatabase();
    env = {
      DATABASE_URL: db.url,
      ...(backend === 'redis' ? { REDIS_URL: TEST_REDIS_URL } : {}),
      QUEUE_PREFIX: namespace,
      MIGRATIONS_RUN: 'false',
      DEMO_SEED: 'false',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    };
  });

  afterAll(async () => {
    for (const p of processes) {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      await p.exited(5_000);
    }
    if (backend === 'redis') await deleteRedisNamespace(namespace);
    await db?.drop();
  });

  it('a verification requested on the api completes in the worker', async () => {
    // The operator creates a tenant and its admin with the CLI.
    const coarse = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
    const fine = randomBytes(3).toString('hex').toUpperCase();
    const tenant = cli<{ id: string; slug: string }>(
      [
        'tenant',
        'create',
        '--name',
        'Jobsdorf',
        '--leitweg-id',
        `${coarse}-${fine}-${leitwegCheckDigits(coarse, fine)}`,
      ],
      env,
    );
    const email = `admin-${randomBytes(4).toString('hex')}@jobsdorf.example`;
    const password = `pw-${randomBytes(12).toString('hex')}`;
    cli(
      [
        'user',
        'create',
        '--tenant',
        tenant.slug,
        '--email',
        email,
        '--role',
        'admin',
        '--password',
        password,
      ],
      env,
    );

    const port = await freePort();
    const api = startProcess(['dist/main.js'], { ...env, PROCESS_ROLE: 'api', PORT: String(port) });
    processes.push(api);
    await api.waitFor(/einvoice ready at/, 60_000);
    const base = `http://127.0.0.1:${port}`;

    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    // The session token as a bearer: a cookie-authenticated change would need an Origin or CSRF token.
    const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };

    const requested = await fetch(`${base}/api/v1/admin/audit/verifications`, { method: 'POST', headers });
    expect(requested.status).toBe(202);
    const { id } = (await requested.json()) as { id: string };
    const jobId = `audit.verify~tenantId=${tenant.id}~verificationId=${id}`;

    // The api process only enqueues: the job waits in the shared queue until a worker runs.
    const observer = new JobEngine({
      backend,
      url: backend === 'redis' ? TEST_REDIS_URL : db.url,
      namespace,
    });
    try {
      expect((await observer.counts()).waiting).toBe(1);
    } finally {
      await observer.close();
    }
    const pending = await fetch(`${base}/api/v1/admin/audit/verifications/${id}`, { headers });
    expect(await pending.json()).toMatchObject({ id, status: 'pending' });

    const worker = startProcess(['dist/main.js'], {
      ...env,
      PROCESS_ROLE: 'worker',
      PORT: String(await freePort()),
    });
    processes.push(worker);
    await worker.waitFor(/einvoice worker ready/, 60_000);

    const done = await waitFor(
      'the verification to complete',
      async () => {
        const res = await fetch(`${base}/api/v1/admin/audit/verifications/${id}`, { headers });
        const body = (await res.json()) as {
          status: string;
          result: { ok: boolean; checked: number } | null;
        };
        return body.status === 'completed' && body;
      },
      60_000,
    );
    expect(done.result).toMatchObject({ ok: true });
    expect(done.result!.checked).toBeGreaterThan(0);

    // The work ran in the worker, and its log lines carry the job id as correlation id. The
    // row is committed before the job's closing log line is written: wait for that line.
    await worker.waitFor(
      new RegExp(`"correlationId":"${jobId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^\n]*done`),
      30_000,
    );
    const jobLines = worker
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { correlationId?: string; msg?: string })
      .filter((l) => l.correlationId === jobId);
    expect(jobLines.map((l) => l.msg)).toEqual(expect.arrayContaining([expect.stringContaining('done')]));
    expect(api.output()).not.toContain(`job ${jobId} started`);

    // Both stop cleanly on SIGTERM, well within the 15 s budget.
    api.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    expect(await api.exited(15_000)).toBe(0);
    expect(await worker.exited(15_000)).toBe(0);
  });
});
