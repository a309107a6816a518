/**
 * Runs the built application (`node dist/main.js`) as a child process for end-to-end tests
 * of start-up, shutdown and recovery. `ensureBuilt()` builds dist/ first when it is stale.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Every process a test starts reads the official schemas where CI installs them (the
 * checkout's default data directory) and never downloads them: a test stays off the network.
 */
const SCHEMAS_ENV = {
  SCHEMAS_DIR: join(REPO_ROOT, 'data', 'schemas'),
  SCHEMAS_DOWNLOAD: 'false',
};

/**
 * Builds dist/ when stale. Test files run in parallel, so the build is serialised with a
 * lock directory; a lock older than two minutes is from a crashed run and is taken over.
 */
export function ensureBuilt(): void {
  // Inside dist/ (ignored by git), which may not exist yet.
  mkdirSync(join(REPO_ROOT, 'dist'), { recursive: true });
  const lock = join(REPO_ROOT, 'dist', '.build-lock');
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(sleeper, 0, 0, 200);
    }
  }
  try {
    const r = spawnSync(process.execPath, ['scripts/ensure-build.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('building dist/ failed');
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A port that was free a moment ago (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first match of `pattern` in stdout+stderr, rejects after `ms`. */
  waitFor(pattern: RegExp, ms: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or signal name), or `undefined` if still running after `ms`. */
  exited(ms: number): Promise<number | string | undefined>;
}

export function startProcess(args: string[], env: Record<string, string>): RunningProcess {
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    // A clean environment: only what the test gives, plus PATH for the postgres tools.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...SCHEMAS_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (b: Buffer) => {
    out += b.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exit: number | string | undefined;
  const exitPromise = new Promise<number | string>((resolve) =>
    child.on('exit', (code, sig) => {
      exit = code ?? sig ?? 'unknown';
      for (const l of listeners) l();
      resolve(exit);
    }),
  );
  return {
    child,
    output: () => out,
    waitFor(pattern, ms) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(pattern);
          if (m) return done(() => resolve(m));
          if (exit !== undefined)
            return done(() => reject(new Error(`process exited (${exit}) before ${pattern}:\n${out}`)));
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`no ${pattern} within ${ms} ms:\n${out}`))),
          ms,
        );
        const done = (f: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          f();
        };
        listeners.add(check);
        check();
      });
    },
    async exited(ms) {
      let timer: NodeJS.Timeout | undefined;
      const r = await Promise.race([
        exitPromise,
        new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms))),
      ]);
      clearTimeout(timer);
      return r;
    },
  };
}

/**
 * Runs `einvoice <args> --json` from dist/ with a clean environment plus `env`, and returns
 * the parsed JSON; throws with the command's output when it fails.
 */
export function cliJson<T>(args: string[], env: Record<string, string>): T {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args, '--json'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...SCHEMAS_ENV, ...env },
    encoding: 'utf8',
  });
  if (r.status !== 0)
    throw new Error(`einvoice ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
  try {
    return JSON.parse(r.stdout) as T;
  } catch (err) {
    throw new Error(
      `einvoice ${args.join(' ')} printed no JSON (${(err as Error).message}):\n${r.stdout}\n${r.stderr}`,
    );
  }
}
