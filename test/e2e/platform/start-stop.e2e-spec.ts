/**
 * The zero-configuration start: `node dist/main.js` with an embedded PostgreSQL in a
 * temporary data directory — ready, stopped by SIGTERM, started again on the same data,
 * and recovered after a kill -9 left the database process behind.
 */
import { jest } from '@jest/globals';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type RunningProcess, ensureBuilt, freePort, startProcess } from '../../support/process.js';

jest.setTimeout(120_000);

const READY = /einvoice ready at http:\/\/[^:]+:(\d+)/;

describe('platform: start, stop, restart and recovery with the embedded database', () => {
  let dir: string;
  let dataDir: string;
  let pgPort: number;
  const started: RunningProcess[] = [];

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'einvoice-e2e-'));
    // The embedded cluster runs as the `postgres` user when the tests run as root.
    chmodSync(dir, 0o755);
    dataDir = join(dir, 'data');
    pgPort = await freePort();
  });

  afterAll(async () => {
    for (const p of started)
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    const pid = postmasterPid();
    if (pid) {
      try {
        process.kill(pid, 'SIGQUIT');
      } catch {
        // gone
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dir, { recursive: true, force: true });
  });

  function start(extra: Record<string, string> = {}): RunningProcess {
    const p = startProcess(['dist/main.js'], {
      EINVOICE_DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...extra,
    });
    started.push(p);
    return p;
  }

  function postmasterPid(): number | undefined {
    const f = join(dataDir ?? '', 'postgres', 'postmaster.pid');
    if (!existsSync(f)) return undefined;
    return Number(readFileSync(f, 'utf8').split('\n')[0]) || undefined;
  }

  async function query<T>(sql: string): Promise<T[]> {
    const password = readFileSync(join(dataDir, 'postgres.secret'), 'utf8').trim();
    const c = new pg.Client({
      host: '127.0.0.1',
      port: pgPort,
      user: 'postgres',
      password,
      database: 'einvoice',
    });
    await c.connect();
    try {
      return (await c.query(sql)).rows as T[];
    } finally {
      await c.end();
    }
  }

  async function ready(p: RunningProcess): Promise<string> {
    const [, port] = await p.waitFor(READY, 60_000);
    const url = `http://127.0.0.1:${port}`;
    const res = await fetch(`${url}/health/ready`);
    expect(res.status).toBe(200);
    return url;
  }

  async function tenantCount(): Promise<number> {
    const [t] = await query<{ t: string | null }>(`SELECT to_regclass('tenants')::text AS t`);
    if (!t?.t) return 0;
    const [r] = await query<{ n: string }>('SELECT count(*) AS n FROM tenants');
    return Number(r.n);
  }

  it('starts with no configuration, serves the product, and stops on SIGTERM within 15 s', async () => {
    const p = start();
    const url = await ready(p);
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    expect((await fetch(`${url}/api/docs-json`)).status).toBe(200);
    // JSON log lines carry the caller's correlation id.
    const res = await fetch(`${url}/no-such-page`, { headers: { 'X-Request-Id': 'e2e-corr-1' } });
    expect(res.headers.get('x-request-id')).toBe('e2e-corr-1');
    const line = await p.waitFor(/^\{.*"correlationId":"e2e-corr-1".*\}$/m, 5_000);
    expect(JSON.parse(line[0])).toMatchObject({ correlationId: 'e2e-corr-1', res: { statusCode: 404 } });
    // The demo tenant is seeded on the first start and its admin password shown once.
    expect(p.output()).toContain('Demo tenant "Musterstadt" created');
    expect(await tenantCount()).toBe(1);
    // Marks this data so the next start can be shown to reuse it.
    await query('CREATE TABLE e2e_probe (note text)');
    await query(`INSERT INTO e2e_probe VALUES ('first run')`);
    expect(await query('SELECT name FROM migrations')).not.toHaveLength(0);

    p.child.kill('SIGTERM');
    expect(await p.exited(15_000)).toBe(0);
    expect(postmasterPid()).toBeUndefined();
  });

  it('starts again on the same data without seeding twice', async () => {
    const p = start();
    await ready(p);
    expect(await query<{ note: string }>('SELECT note FROM e2e_probe')).toEqual([{ note: 'first run' }]);
    expect(await tenantCount()).toBe(1);
    expect(p.output()).not.toContain('Demo tenant');
    p.child.kill('SIGTERM');
    expect(await p.exited(15_000)).toBe(0);
  });

  it('recovers the database process a killed run left behind', async () => {
    const first = start();
    await ready(first);
    const orphan = postmasterPid();
    expect(orphan).toBeDefined();
    first.child.kill('SIGKILL');
    await first.exited(10_000);
    // The postmaster survives its parent: exactly the leftover a crash produces.
    expect(() => process.kill(orphan!, 0)).not.toThrow();

    const second = start();
    await ready(second);
    expect(second.output()).toMatch(/from an earlier run|stale postmaster.pid/);
    expect(postmasterPid()).not.toBe(orphan);
    expect(await query<{ note: string }>('SELECT note FROM e2e_probe')).toEqual([{ note: 'first run' }]);
    second.child.kill('SIGTERM');
    expect(await second.exited(15_000)).toBe(0);
  });

  it('recovers a stale postmaster.pid whose process is gone', async () => {
    const first = start();
    await ready(first);
    const pid = postmasterPid()!;
    first.child.kill('SIGKILL');
    await first.exited(10_000);
    // SIGKILL leaves postmaster.pid behind and the process dead.
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(true);

    const second = start();
    await ready(second);
    expect(second.output()).toMatch(/stale postmaster.pid/);
    second.child.kill('SIGTERM');
    expect(await second.exited(15_000)).toBe(0);
  });

  it('refuses a second instance on the same data directory and leaves the first one running', async () => {
    const first = start();
    const url = await ready(first);
    const second = start();
    expect(await second.exited(30_000)).toBe(1);
    expect(second.output()).toContain('the data directory is in use');
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited(15_000)).toBe(0);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
