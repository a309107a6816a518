#!/usr/bin/env node
// Intake benchmark (run `npm run build` first): one api and one worker process from dist/
// against the real PostgreSQL and Redis, a fresh database, and a load of valid XRechnung
// invoices posted to the upload API at a fixed concurrency. Prints the sustained rate and
// the latency from submission to `awaiting_approval` (p50 / p99). Figures only.
//
//   node scripts/bench-intake.mjs [--invoices N] [--concurrency C]
// Environment: BENCH_DATABASE_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/test),
//              BENCH_REDIS_URL (default redis://127.0.0.1:6379).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(join(root, 'dist', 'main.js'))) {
  console.error('bench-intake: dist/ missing, run `npm run build` first');
  process.exit(2);
}
const { values } = parseArgs({ options: { invoices: { type: 'string', default: '2000' }, concurrency: { type: 'string', default: '32' } } });
const N = Number(values.invoices);
const C = Number(values.concurrency);
const adminUrl = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const { buildUblInvoice } = await import(join(root, 'dist', 'modules', 'validation', 'testing', 'invoice-factory.js'));
const { leitwegCheckDigits } = await import(join(root, 'dist', 'modules', 'tenants', 'leitweg-id.js'));

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

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
  DATABASE_URL: dbUrl,
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
  EINVOICE_DATA_DIR: dir,
  HOST: '127.0.0.1',
  PORT: String(port),
  LOG_LEVEL: 'warn',
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
const start = (role) =>
  new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['dist/main.js'], { cwd: root, env: { ...env, PROCESS_ROLE: role, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    procs.push(p);
    let out = '';
    const on = (b) => {
      out += b;
      if (/einvoice (ready at|worker ready)/.test(out)) {
        p.stdout.off('data', on);
        p.stdout.resume();
        resolve(p);
      }
    };
    p.stdout.on('data', on);
    p.stderr.on('data', (b) => (out += b));
    p.on('exit', (code) => reject(new Error(`${role} exited ${code}:\n${out}`)));
  });

try {
  cli(['migration', 'run']);
  const leitweg = `04011000-24680-${leitwegCheckDigits('04011000', '24680')}`;
  const tenant = cli(['tenant', 'create', '--name', 'Benchstadt', '--leitweg-id', leitweg]);
  const key = cli(['api-key', 'create', '--tenant', tenant.slug, '--role', 'supplier', '--name', 'bench']).key;
  await start('api');
  await start('worker');
  const base = `http://127.0.0.1:${port}`;
  const docs = Array.from({ length: N }, (_, i) =>
    buildUblInvoice({ number: `B-${i}`, lines: 5, patch: (x) => x.replace(/<cbc:BuyerReference>[^<]*</, `<cbc:BuyerReference>${leitweg}<`) }),
  );
  // Warm-up (schemas compiled in the worker, connections opened).
  for (let i = 0; i < 5; i++) {
    await fetch(`${base}/api/v1/invoices`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' }, body: buildUblInvoice({ number: `W-${i}` }) });
  }
  await new Promise((r) => setTimeout(r, 2000));

  const sentAt = new Map();
  let next = 0;
  const t0 = Date.now();
  const client = async () => {
    while (next < N) {
      const i = next++;
      const t = Date.now();
      const res = await fetch(`${base}/api/v1/invoices`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' },
        body: docs[i],
      });
      if (res.status !== 202) throw new Error(`upload ${i}: ${res.status} ${await res.text()}`);
      sentAt.set((await res.json()).id, t);
    }
  };
  await Promise.all(Array.from({ length: C }, client));
  const acceptedIn = (Date.now() - t0) / 1000;
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  for (;;) {
    const { rows } = await db.query(`SELECT count(*) FILTER (WHERE status IN ('received','extracted','validated')) AS open FROM invoices`);
    if (Number(rows[0].open) === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const { rows } = await db.query(
    `SELECT i.id, i.status, (extract(epoch FROM e.at) * 1000)::float8 AS done FROM invoices i
       JOIN invoice_events e ON e.invoice_id = i.id AND e.to_status = i.status`,
  );
  await db.end();
  const lat = [];
  let last = 0;
  const statuses = {};
  for (const r of rows) {
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const s = sentAt.get(r.id);
    if (s === undefined) continue;
    lat.push(r.done - s);
    last = Math.max(last, r.done);
  }
  lat.sort((a, b) => a - b);
  const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
  const total = (last - t0) / 1000;
  console.log(`intake benchmark: ${N} invoices (5 lines each), ${C} concurrent clients, 1 api + 1 worker process, PostgreSQL + Redis`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  console.log(`accepted (HTTP 202) : ${(N / acceptedIn).toFixed(1)} invoices/s`);
  console.log(`sustained to final  : ${(N / total).toFixed(1)} invoices/s (${total.toFixed(1)} s)`);
  console.log(`latency to final    : p50 ${q(0.5).toFixed(0)} ms, p99 ${q(0.99).toFixed(0)} ms, max ${lat.at(-1).toFixed(0)} ms`);
  console.log(`final states        : ${JSON.stringify(statuses)}`);
} finally {
  for (const p of procs) p.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1500));
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
}
