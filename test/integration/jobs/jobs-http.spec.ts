/**
 * The jobs module inside the real application (process role `all`), on both backends:
 * the audit verification job requested over HTTP, the recovery sweep, the failed-jobs admin
 * API, and who may call what — a tenant never sees another tenant's verifications or jobs.
 */
import { jest } from '@jest/globals';
import { AuditService } from '../../../src/modules/audit/audit.service.js';
import { SESSION_COOKIE } from '../../../src/modules/auth/auth.contract.js';
import { AuditVerificationRepository } from '../../../src/modules/jobs/audit-verification/audit-verification.repository.js';
import { JobQueue } from '../../../src/modules/jobs/job.queue.js';
import { JobName } from '../../../src/modules/jobs/job-names.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { call, IdentityContext, type TenantFixture } from '../auth/identity-context.js';
import { BACKENDS, waitFor } from './jobs-support.js';

jest.setTimeout(120_000);

describe.each(BACKENDS)('jobs in the application on %s', (backend) => {
  let t: TestApp;
  let a: TenantFixture;
  let b: TenantFixture;
  let auditorA: { token: string };

  const cookie = (token: string) => `${SESSION_COOKIE}=${token}`;
  const get = (path: string, token?: string) =>
    call(t.url, 'GET', path, token ? { cookie: cookie(token) } : {});
  const post = (path: string, token?: string) =>
    call(t.url, 'POST', path, token ? { cookie: cookie(token) } : {});

  beforeAll(async () => {
    t = await startTestApp(backend === 'postgres' ? { REDIS_URL: '' } : {});
    const ctx = new IdentityContext(t.app);
    a = await ctx.newTenant();
    b = await ctx.newTenant();
    auditorA = await ctx.newUser(a.tenant.id, ['auditor']);
  });

  afterAll(async () => {
    await t?.close();
  });

  interface Verification {
    id: string;
    status: string;
    completedAt: string | null;
    result: { ok: boolean; checked: number; firstBroken: unknown } | null;
  }

  async function completed(
    id: string,
    token: string,
  ): Promise<Verification & { result: NonNullable<Verification['result']> }> {
    return waitFor(`verification ${id} to complete`, async () => {
      const res = await get(`/api/v1/admin/audit/verifications/${id}`, token);
      expect(res.status).toBe(200);
      const body = res.body as Verification;
      return body.status === 'completed' && body.result !== null && { ...body, result: body.result };
    });
  }

  it('runs on the configured backend and reports it ready', async () => {
    expect(t.app.get(JobQueue).backend).toBe(backend);
    const res = await call(t.url, 'GET', '/health/ready');
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain('queue');
  });

  it('verifies the audit chain as a job requested over HTTP', async () => {
    const res = await post('/api/v1/admin/audit/verifications', a.admin.token);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'pending', result: null, completedAt: null });
    const done = await completed(res.body.id, a.admin.token);
    expect(done.result).toMatchObject({ ok: true, firstBroken: null });
    expect(done.result.checked).toBeGreaterThan(0);
    expect(typeof done.completedAt).toBe('string');
  });

  it("reports the tenant's own count of entries checked, not the installation's", async () => {
    // Another tenant's activity, and installation-wide entries, in the same chain.
    const audit = t.app.get(AuditService);
    for (let i = 0; i < 7; i++)
      await audit.record({ tenantId: b.tenant.id, actor: 'system', action: 'test.b' });
    await audit.record({ tenantId: null, actor: 'operator:cli', action: 'test.global' });
    const res = await post('/api/v1/admin/audit/verifications', a.admin.token);
    const done = await completed(res.body.id, a.admin.token);
    await audit.flush();
    // A's entries chained before the verification's own completion entry.
    const [{ own, all }] = await t.db.dataSource.query<{ own: string; all: string }[]>(
      `SELECT count(*) FILTER (WHERE tenant_id = $1) AS own, count(*) AS all FROM audit_log
        WHERE seq < (SELECT seq FROM audit_log WHERE subject = $2 AND action = 'audit.verification.completed')`,
      [a.tenant.id, `audit-verification:${res.body.id}`],
    );
    expect(Number(all)).toBeGreaterThan(Number(own) + 7);
    expect(done.result).toEqual({ ok: true, checked: Number(own), firstBroken: null });
  });

  it('lets an auditor request and read verifications', async () => {
    const res = await post('/api/v1/admin/audit/verifications', auditorA.token);
    expect(res.status).toBe(202);
    const done = await completed(res.body.id, auditorA.token);
    expect(done.result.ok).toBe(true);
  });

  it("keeps a tenant's verifications from every other tenant", async () => {
    const res = await post('/api/v1/admin/audit/verifications', a.admin.token);
    const other = await get(`/api/v1/admin/audit/verifications/${res.body.id}`, b.admin.token);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('AUDIT_VERIFICATION_NOT_FOUND');
    const own = await get(`/api/v1/admin/audit/verifications/${res.body.id}`, a.admin.token);
    expect(own.status).toBe(200);
  });

  it('answers an unknown or malformed id with 404', async () => {
    for (const id of ['8d3f3c0e-2b7a-4c53-9a55-0d5e0b1c2d3e', 'nonsense']) {
      const res = await get(`/api/v1/admin/audit/verifications/${id}`, a.admin.token);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('AUDIT_VERIFICATION_NOT_FOUND');
    }
  });

  it('refuses callers without the role', async () => {
    expect((await post('/api/v1/admin/audit/verifications')).status).toBe(401);
    expect(
      (await call(t.url, 'POST', '/api/v1/admin/audit/verifications', { bearer: a.apiKey.key })).status,
    ).toBe(403);
    expect((await get('/api/v1/admin/jobs/failed', auditorA.token)).status).toBe(403);
    expect((await get('/api/v1/admin/jobs/failed')).status).toBe(401);
  });

  it('completes a stored verification whose job was never enqueued, through the recovery sweep', async () => {
    // What a crash between commit and enqueue (or a lost queue) leaves behind.
    const row = await t.app.get(AuditVerificationRepository).create(a.tenant.id, 'user:test');
    expect((await t.app.get(JobQueue).sweep()).failedSweepers).not.toContain('audit-verifications');
    const done = await completed(row.id, a.admin.token);
    expect(done.result.ok).toBe(true);
  });

  it("lists a tenant's failed jobs to its admin only, and retries them on request", async () => {
    const jobs = t.app.get(JobQueue);
    // A malformed payload fails permanently at once (no retries to wait for).
    const id = await jobs.enqueue(JobName.AuditVerify, { tenantId: a.tenant.id, verificationId: 'broken' });
    const listed = await waitFor('the failed job to be listed', async () => {
      const res = await get('/api/v1/admin/jobs/failed', a.admin.token);
      expect(res.status).toBe(200);
      return res.body.items.find((j: { id: string }) => j.id === id);
    });
    expect(listed).toMatchObject({
      id,
      name: 'audit.verify',
      payload: { tenantId: a.tenant.id, verificationId: 'broken' },
      attempts: 1,
    });
    expect(listed.lastError).toContain('malformed audit.verify payload');
    expect(typeof listed.failedAt).toBe('string');

    const seenByB = await get('/api/v1/admin/jobs/failed', b.admin.token);
    expect(seenByB.body.items.map((j: { id: string }) => j.id)).not.toContain(id);
    const retryByB = await post(`/api/v1/admin/jobs/failed/${encodeURIComponent(id)}/retry`, b.admin.token);
    expect(retryByB.status).toBe(404);
    expect(retryByB.body.error.code).toBe('JOB_NOT_FOUND');

    const retry = await post(`/api/v1/admin/jobs/failed/${encodeURIComponent(id)}/retry`, a.admin.token);
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual({ id, status: 'waiting' });
    // The payload is still malformed, so the retried job fails again and is listed again.
    await waitFor('the retried job to fail again', async () => {
      const res = await get('/api/v1/admin/jobs/failed', a.admin.token);
      return res.body.items.some(
        (j: { id: string; failedAt: string }) => j.id === id && j.failedAt !== listed.failedAt,
      );
    });
    expect((await post('/api/v1/admin/jobs/failed/no-such-job/retry', a.admin.token)).status).toBe(404);
  });

  it('exports job metrics: runs by outcome and the queue by state', async () => {
    const res = await fetch(`${t.url}/metrics`);
    const text = await res.text();
    expect(text).toMatch(/einvoice_job_runs_total\{job="audit\.verify",outcome="completed"\} [1-9]/);
    expect(text).toMatch(/einvoice_job_runs_total\{job="audit\.verify",outcome="failed"\} [1-9]/);
    expect(text).toMatch(/einvoice_jobs\{state="failed"\} [1-9]/);
    expect(text).toMatch(/einvoice_jobs\{state="waiting"\} \d+/);
  });

  // Last: it breaks the chain of this test's database for good.
  it('reports the first broken link when an audit entry was altered with SQL', async () => {
    await t.db.dataSource.transaction(async (m) => {
      // Bypasses the append-only trigger, as an attacker with database access could.
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(`UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2`);
    });
    const res = await post('/api/v1/admin/audit/verifications', a.admin.token);
    const done = await completed(res.body.id, a.admin.token);
    // The tenant's own entries up to and including the broken one.
    const [{ own }] = await t.db.dataSource.query<{ own: string }[]>(
      `SELECT count(*) AS own FROM audit_log WHERE tenant_id = $1 AND seq <= 2`,
      [a.tenant.id],
    );
    expect(done.result).toMatchObject({
      ok: false,
      checked: Number(own),
      firstBroken: { seq: '2', reason: 'hash-mismatch' },
    });
  });
});
