#!/usr/bin/env node
// Intake benchmark (run `npm run build` first): one api and one worker process from dist/
// against the real PostgreSQL and Redis, a fresh database, and a load of valid XRechnung
// invoices posted to the upload API. Figures only, no assertions.
//
// Two load modes:
//   --concurrency C  closed loop: C clients, each posts its next invoice when the last is answered
//                    (measures capacity; latency then includes the backlog of an overload).
//   --rate R         open loop: one invoice every 1/R s, on schedule, whether or not earlier ones
//                    were answered (measures latency at a given offered load; the latency of an
//                    invoice counts from its scheduled time, so a stalled server is not hidden).
//
//   node scripts/bench-intake.mjs [--invoices N] [--concurrency C | --rate R] [--warm-up W] [--cpu-prof DIR]
//
// W invoices (default 500) are posted first and not measured. Reports the offered, accepted (HTTP 202) and sustained (to a final state) rates, the latency
// from submission to the final state (p50 / p99 / max), and the CPU seconds per invoice of
// the api process, the worker process and PostgreSQL (the backends of the benchmark database,
// and the whole cluster, which includes background processes and anything else running), and
// Redis. --cpu-prof writes V8 CPU profiles of the api and worker processes into DIR.
// Environment: BENCH_DATABASE_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/test),
//              BENCH_REDIS_URL (default redis://127.0.0.1:6379), BENCH_JOBS_CONCURRENCY (8);
//              BENCH_LOG_LEVEL (warn); NODE_OPTIONS is passed on to the api and worker processes.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(join(root, 'dist', 'main.js'))) {
  console.error('bench-intake: dist/ missing, run `npm run build` first');
  process.exit(2);
}
const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '2000' },
    concurrency: { type: 'string' },
    rate: { type: 'string' },
    'cpu-prof': { type: 'string' },
    'warm-up': { type: 'string', default: '500' },
  },
});
const WARM_UP = Number(values['warm-up']);
const N = Number(values.invoices);
const RATE = values.rate === undefined ? undefined : Number(values.rate);
const C = Number(values.concurrency ?? '32');
if (RATE !== undefined && values.concurrency !== undefined) {
  console.error('bench-intake: give either --rate or --concurrency');
  process.exit(2);
}
const profDir = values['cpu-prof'] && resolve(values['cpu-prof']);
if (profDir) mkdirSync(profDir, { recursive: true });
const adminUrl = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const { buildUblInvoice } = await import(join(root, 'dist', 'modules', 'validation', 'testing', 'invoice-factory.js'));
const { leitwegCheckDigits } = await import(join(root, 'dist', 'modules', 'tenants', 'leitweg-id.js'));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

// ---- CPU accounting from /proc (Linux) ----------------------------------------------------
const TICK = 100; // USER_HZ; 100 on every Linux this runs on
/** utime + stime of a process in seconds (+ its reaped children's with `children`), 0 when gone. */
function cpuSeconds(pid, children = false) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the command: state(0) … utime(11) stime(12) cutime(13) cstime(14).
    const own = Number(f[11]) + Number(f[12]);
    return (own + (children ? Number(f[13]) + Number(f[14]) : 0)) / TICK;
  } catch {
    return 0;
  }
}
/** stime alone: the kernel's share (system calls, the loopback network stack). */
function systemSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[12]) / TICK;
  } catch {
    return 0;
  }
}
function processesNamed(name) {
  const out = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === name) {
        out.push({ pid: Number(d), ppid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) });
      }
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
/**
 * CPU of the whole PostgreSQL cluster: the postmaster with its reaped children (backends
 * that exited during the run) plus every live child.
 */
function postgresClusterSeconds() {
  const procs = processesNamed('postgres');
  const pids = new Set(procs.map((p) => p.pid));
  let s = 0;
  for (const p of procs) s += cpuSeconds(p.pid, !pids.has(p.ppid));
  return s;
}
/** CPU seconds the whole machine was busy (all processes, including other work running meanwhile). */
function machineBusySeconds() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  return (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) / TICK;
}
const redisSeconds = () => processesNamed('redis-server').reduce((s, p) => s + cpuSeconds(p.pid), 0);

const dbName = `einvoice_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const u = new URL(adminUrl);
u.pathname = `/${dbName}`;
const dbUrl = u.toString();
const dir = mkdtempSync(join(tmpdir(), 'einvoice-bench-'));
const port = await freePort();
const env = {
  PATH: process.env.PATH,
  // Passed on, so a run can be instrumented (e.g. NODE_OPTIONS=--import=<hook>).
  ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}),
  DATABASE_URL: dbUrl,
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
  EINVOICE_DATA_DIR: dir,
  // The schemas as installed in the checkout (`einvoice schemas install`); never downloaded.
  SCHEMAS_DIR: join(root, 'data', 'schemas'),
  SCHEMAS_DOWNLOAD: 'false',
  HOST: '127.0.0.1',
  PORT: String(port),
  // Logging as in a production deployment at this load: warnings and errors only.
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  DEMO_SEED: 'false',
  RATE_LIMIT_PER_MINUTE: '10000000',
  JOBS_CONCURRENCY: process.env.BENCH_JOBS_CONCURRENCY ?? '8',
};
const cli = (args) => {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args, '--json'], { cwd: root, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`einvoice ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout);
};
const procs = [];
/** Starts a process of the role; resolves once it answers (api: /health/live) or runs (worker). */
const start = async (role) => {
  const args = profDir ? ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-name', `${role}.cpuprofile`] : [];
  const p = spawn(process.execPath, [...args, 'dist/main.js'], {
    cwd: root,
    env: { ...env, PROCESS_ROLE: role },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  procs.push(p);
  let out = '';
  p.stdout.on('data', (b) => (out = (out + b).slice(-20_000)));
  p.stderr.on('data', (b) => (out = (out + b).slice(-20_000)));
  const exited = new Promise((_, reject) => p.on('exit', (code) => reject(new Error(`${role} exited ${code}:\n${out}`))));
  exited.catch(() => undefined);
  if (role !== 'api') return p;
  // At LOG_LEVEL=warn there is no "ready" line to wait for: ask the process.
  for (;;) {
    const up = await Promise.race([
      fetch(`http://127.0.0.1:${port}/health/live`).then((r) => r.ok, () => false),
      exited,
    ]);
    if (up) return p;
    await sleep(100);
  }
};

try {
  cli(['migration', 'run']);
  const leitweg = `04011000-24680-${leitwegCheckDigits('04011000', '24680')}`;
  const tenant = cli(['tenant', 'create', '--name', 'Benchstadt', '--leitweg-id', leitweg]);
  const key = cli(['api-key', 'create', '--tenant', tenant.slug, '--role', 'supplier', '--name', 'bench']).key;
  const api = await start('api');
  const worker = await start('worker');
  const base = `http://127.0.0.1:${port}`;
  const withLeitweg = (x) => x.replace(/<cbc:BuyerReference>[^<]*</, `<cbc:BuyerReference>${leitweg}<`);
  const docs = Array.from({ length: N }, (_, i) => buildUblInvoice({ number: `B-${i}`, lines: 5, patch: withLeitweg }));
  // node:http with keep-alive rather than fetch: the client shares the machine with what
  // it measures, so it should cost as little CPU as it can.
  let agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const post = (body, retried = false) =>
    new Promise((resolve, reject) => {
      const req = http.request(
        `${base}/api/v1/invoices`,
        {
          method: 'POST',
          agent,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode, text }));
          res.on('error', reject);
        },
      );
      req.on('error', (err) => {
        // A kept-alive connection the server closed just as it was reused: the request
        // never reached the application, so sending it again is safe (once).
        if (req.reusedSocket && err.code === 'ECONNRESET' && !retried) post(body, true).then(resolve, reject);
        else reject(err);
      });
      req.end(body);
    });
  // Warm-up, not measured: schemas compiled in the worker, connections opened, and enough
  // requests for V8 to optimise the hot code, as in a server that has been running a while.
  // Once the worker has finished these, it runs.
  const warmUp = Array.from({ length: WARM_UP }, (_, i) => buildUblInvoice({ number: `W-${i}`, lines: 5, patch: withLeitweg }));
  await Promise.all(
    Array.from({ length: 8 }, async (_, c) => {
      for (let i = c; i < warmUp.length; i += 8) await post(warmUp[i]);
    }),
  );
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const openCount = async () =>
    Number((await db.query(`SELECT count(*) AS n FROM invoices WHERE status IN ('received','extracted','validated')`)).rows[0].n);
  for (let waited = 0; (await openCount()) > 0; waited += 100) {
    if (waited > 120_000 || worker.exitCode !== null) throw new Error('the worker did not process the warm-up invoices');
    await sleep(100);
  }
  // Fresh connections for the measured run (the warm-up's may have idled out meanwhile).
  agent.destroy();
  agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  // Planner statistics, as autovacuum would have them in a running installation (the test
  // and benchmark PostgreSQL may run without autovacuum; a fresh database has none).
  await db.query('ANALYZE');
  await sleep(1000);

  // Backends of the benchmark database (api, worker and queue pools, this client).
  const backendPids = (await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [dbName])).rows.map((r) => r.pid);
  const snapshot = () => ({
    api: cpuSeconds(api.pid),
    apiSys: systemSeconds(api.pid),
    worker: cpuSeconds(worker.pid),
    workerSys: systemSeconds(worker.pid),
    backends: backendPids.reduce((s, pid) => s + cpuSeconds(pid), 0),
    cluster: postgresClusterSeconds(),
    redis: redisSeconds(),
    machine: machineBusySeconds(),
    wall: Date.now() / 1000,
  });
  const before = snapshot();

  const sentAt = new Map();
  let accepted = 0;
  let lastAccepted = 0;
  const t0 = Date.now();
  const submit = async (i, t) => {
    const res = await post(docs[i]);
    if (res.status !== 202) throw new Error(`upload ${i}: ${res.status} ${res.text}`);
    sentAt.set(JSON.parse(res.text).id, t);
    accepted++;
    lastAccepted = Date.now();
  };
  if (RATE !== undefined) {
    // Open loop: invoice i is due at t0 + i/R; fire every due one without waiting for answers.
    const pending = [];
    for (let i = 0; i < N; i++) {
      const due = t0 + (i * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 1) await sleep(wait);
      pending.push(submit(i, due));
    }
    await Promise.all(pending);
  } else {
    let next = 0;
    const client = async () => {
      while (next < N) {
        const i = next++;
        await submit(i, Date.now());
      }
    };
    await Promise.all(Array.from({ length: C }, client));
  }
  const offeredIn = RATE !== undefined ? N / RATE : (lastAccepted - t0) / 1000;
  while ((await openCount()) > 0) await sleep(50);
  const after = snapshot();
  const { rows } = await db.query(
    `SELECT i.id, i.status, (extract(epoch FROM e.at) * 1000)::float8 AS done FROM invoices i
       JOIN invoice_events e ON e.invoice_id = i.id AND e.to_status = i.status`,
  );
  await db.end();
  const lat = [];
  let last = 0;
  const statuses = {};
  for (const r of rows) {
    const s = sentAt.get(r.id);
    if (s === undefined) continue; // warm-up
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    lat.push(r.done - s);
    last = Math.max(last, r.done);
  }
  lat.sort((a, b) => a - b);
  const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
  const total = (last - t0) / 1000;
  const per = (k) => (((after[k] - before[k]) / N) * 1000).toFixed(1);
  const mode = RATE !== undefined ? `open loop at ${RATE} invoices/s` : `closed loop, ${C} concurrent clients`;
  console.log(`intake benchmark: ${N} invoices (5 lines each), ${mode}, 1 api + 1 worker process (jobs concurrency ${env.JOBS_CONCURRENCY}, LOG_LEVEL ${env.LOG_LEVEL}), PostgreSQL + Redis`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  console.log(`offered             : ${(N / offeredIn).toFixed(1)} invoices/s`);
  console.log(`accepted (HTTP 202) : ${(accepted / ((lastAccepted - t0) / 1000)).toFixed(1)} invoices/s`);
  console.log(`sustained to final  : ${(N / total).toFixed(1)} invoices/s (${total.toFixed(1)} s)`);
  console.log(`latency to final    : p50 ${q(0.5).toFixed(0)} ms, p99 ${q(0.99).toFixed(0)} ms, max ${lat.at(-1).toFixed(0)} ms`);
  console.log(
    `CPU ms per invoice  : api ${per('api')} (kernel ${per('apiSys')}), worker ${per('worker')} (kernel ${per('workerSys')}), PostgreSQL ${per('backends')} (benchmark backends; whole cluster ${per('cluster')}), Redis ${per('redis')}`,
  );
  const busy = after.machine - before.machine;
  const ours = ['api', 'worker', 'cluster', 'redis'].reduce((sum, k) => sum + after[k] - before[k], 0);
  console.log(
    `machine CPU busy    : ${((100 * busy) / (after.wall - before.wall)).toFixed(0)}% of one core on average, of which ${((100 * ours) / busy).toFixed(0)}% api, worker, PostgreSQL and Redis (the rest: this client and anything else running)`,
  );
  console.log(`final states        : ${JSON.stringify(statuses)}`);
} finally {
  // SIGTERM lets the processes shut down cleanly (and write their CPU profiles).
  await Promise.all(
    procs.map((p) => new Promise((r) => (p.exitCode !== null ? r() : (p.once('exit', r), p.kill('SIGTERM'))))),
  );
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
}
