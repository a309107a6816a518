/**
 * Two installations on one machine: `node dist/main.js` twice, with different data
 * directories and HTTP ports and nothing else configured, run side by side — their
 * embedded databases listen on sockets of their own data directories, not on one fixed
 * port. The CLI works on the database of the data directory it is given, with the server
 * running and without it. One data directory is deep enough that its socket path would
 * exceed the kernel's limit, so that instance shows the fallback to a free TCP port.
 * Two first starts (initdb) in all: the slow part, kept to the minimum.
 */
import { jest } from '@jest/globals';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningProcess, cliJson, ensureBuilt, startProcess } from '../../support/process.js';

jest.setTimeout(240_000);

const READY = /einvoice ready at http:\/\/[^:]+:(\d+)/;
const SOCKET_PATH_MAX = 107;

interface Tenant {
  id: string;
  name: string;
  slug: string;
}

/**
 * `/health/ready`'s status. fetch pools keep-alive connections; after the long CLI steps the
 * pooled one may be closed by the server (its keep-alive timeout) just as it is reused, which
 * fails the request with "other side closed" although the server is up. One retry on such a
 * network error takes a new connection; an answer of any status is returned as it is.
 */
async function readyStatus(url: string): Promise<number> {
  try {
    return (await fetch(`${url}/health/ready`)).status;
  } catch {
    return (await fetch(`${url}/health/ready`)).status;
  }
}

describe('platform: two instances side by side, and the CLI against each', () => {
  let dir: string;
  let dataA: string;
  let dataB: string;
  const started: RunningProcess[] = [];
  const urls: Record<'a' | 'b', string> = { a: '', b: '' };
  let serverA: RunningProcess;
  let serverB: RunningProcess;

  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'einvoice-e2e-'));
    // The embedded cluster runs as the `postgres` user when the tests run as root.
    chmodSync(dir, 0o755);
    dataA = join(dir, 'a');
    // Long enough that `<data>/postgres/.s.PGSQL.5432` cannot be a socket.
    const pad = Math.max(1, SOCKET_PATH_MAX + 1 - join(dir, 'b-', 'postgres', '.s.PGSQL.5432').length);
    dataB = join(dir, `b-${'x'.repeat(pad)}`);
  });

  afterAll(async () => {
    for (const p of started)
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    for (const data of [dataA, dataB]) {
      const pid = postmaster(data)?.pid;
      if (pid) {
        try {
          process.kill(pid, 'SIGQUIT');
        } catch {
          // gone
        }
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dir, { recursive: true, force: true });
  });

  function start(dataDir: string): RunningProcess {
    // Only what a user gives: a data directory and an HTTP port (0: any free one).
    const p = startProcess(['dist/main.js'], {
      EINVOICE_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    });
    started.push(p);
    return p;
  }

  /** pid, port, socket directory and listen address from the cluster's postmaster.pid. */
  function postmaster(dataDir: string | undefined) {
    const f = join(dataDir ?? '', 'postgres', 'postmaster.pid');
    if (!dataDir || !existsSync(f)) return undefined;
    const lines = readFileSync(f, 'utf8').split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]), socketDir: lines[4], listen: lines[5] };
  }

  async function ready(p: RunningProcess): Promise<string> {
    const [, port] = await p.waitFor(READY, 120_000);
    const url = `http://127.0.0.1:${port}`;
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    return url;
  }

  const cli = <T>(dataDir: string, ...args: string[]) => cliJson<T>(args, { EINVOICE_DATA_DIR: dataDir });
  const names = (dataDir: string) => cli<Tenant[]>(dataDir, 'tenant', 'list').map((t) => t.name);

  it('starts two instances with different data directories at once; both become ready', async () => {
    serverA = start(dataA);
    serverB = start(dataB);
    [urls.a, urls.b] = await Promise.all([ready(serverA), ready(serverB)]);
    expect(urls.a).not.toBe(urls.b);

    // A: a Unix socket in its own data directory, no TCP port at all.
    const a = postmaster(dataA)!;
    expect(a.socketDir).toBe(join(dataA, 'postgres'));
    expect(a.listen).toBe('');
    expect(existsSync(join(dataA, 'postgres', '.s.PGSQL.5432'))).toBe(true);
    // B: its socket path would be too long; a free port of 127.0.0.1 instead, recorded.
    const b = postmaster(dataB)!;
    expect(b.socketDir).toBe('');
    expect(b.listen).toBe('127.0.0.1');
    expect(b.port).toBeGreaterThan(0);
    expect(serverB.output()).toContain('longer than the 107 bytes');
  });

  it('runs the CLI against each running instance, and each sees only its own data', () => {
    const alpha = cli<Tenant>(dataA, 'tenant', 'create', '--name', 'Alpha Side');
    const beta = cli<Tenant>(dataB, 'tenant', 'create', '--name', 'Beta Side');
    expect(alpha.name).toBe('Alpha Side');
    expect(beta.name).toBe('Beta Side');

    const inA = names(dataA);
    const inB = names(dataB);
    expect(inA).toContain('Alpha Side');
    expect(inA).not.toContain('Beta Side');
    expect(inB).toContain('Beta Side');
    expect(inB).not.toContain('Alpha Side');
    // The commands used the servers' databases: the clusters are the ones the servers started.
    expect(serverA.child.exitCode).toBeNull();
    expect(serverB.child.exitCode).toBeNull();
  });

  it('with no server running, the CLI starts the database of its data directory itself, beside the other instance', async () => {
    const pidB = postmaster(dataB)!.pid;
    serverA.child.kill('SIGTERM');
    expect(await serverA.exited(15_000)).toBe(0);
    expect(postmaster(dataA)).toBeUndefined();

    expect(names(dataA)).toContain('Alpha Side');
    cli<Tenant>(dataA, 'tenant', 'create', '--name', 'Alpha Offline');
    expect(names(dataA)).toEqual(expect.arrayContaining(['Alpha Side', 'Alpha Offline']));
    // The command stopped what it started; the other instance was not disturbed.
    expect(postmaster(dataA)).toBeUndefined();
    expect(postmaster(dataB)!.pid).toBe(pidB);
    expect(serverB.child.exitCode).toBeNull();
    expect(await readyStatus(urls.b)).toBe(200);
    expect(names(dataB)).not.toContain('Alpha Offline');

    serverB.child.kill('SIGTERM');
    expect(await serverB.exited(15_000)).toBe(0);
  });

  // Only a run as root meets the database user's permissions.
  (process.getuid?.() === 0 ? it : it.skip)(
    'as root, a data directory the database user cannot reach gets a message that says what to do',
    async () => {
      const locked = join(dir, 'locked');
      mkdirSync(locked, { mode: 0o700 });
      chmodSync(locked, 0o700);
      const data = join(locked, 'data');
      const p = start(data);
      expect(await p.exited(60_000)).toBe(1);
      const out = p.output();
      expect(out).toContain(`cannot reach the data directory ${data}`);
      expect(out).toContain('the system user \\"postgres\\"');
      expect(out).toContain(`may not enter ${locked} (owner root, mode 0700)`);
      expect(out).toContain(`chmod o+x ${locked}`);
      expect(out).toContain('EINVOICE_DATA_DIR');
      // The CLI says the same, in plain text.
      expect(() => cli(data, 'tenant', 'list')).toThrow(/chmod o\+x/);
    },
  );
});
