#!/usr/bin/env node
// Postings feed benchmark (run `npm run build` first): the built app (dist/) on a fresh database
// of the real PostgreSQL with one tenant holding N postings (default 100,000), pulled by a
// `finance` API key through the HTTP feed (`GET /api/v1/postings?after=…&limit=…`) from start
// to end, with pages of 100 and of 1000. Figures only: it exits non-zero on errors (a request
// that did not answer 200, a posting missing or twice), never on slowness.
//
//   node scripts/bench-postings.mjs [--postings N] [--runs R] [--keep]
//
// How the data is made: tenant and keys through the CLI, ONE invoice through intake (upload);
// the postings are copies of one posting document made in SQL (INSERT … SELECT
// generate_series), in transactions of 1,000 so that the feed positions span many
// transactions as they do in production. ANALYZE follows. The measured process is an `api`
// process alone (no job workers). Reported per page size: postings per second, pages per
// second, p50/p95 page latency, MB transferred, and the CPU seconds of the api process and of
// PostgreSQL per 1,000 postings; a table and a one-line JSON summary.
// Environment: BENCH_DATABASE_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/test),
//              BENCH_REDIS_URL (default redis://127.0.0.1:6379), BENCH_LOG_LEVEL (warn).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(join(root, 'dist', 'main.js'))) {
  console.error('bench-postings: dist/ missing, run `npm run build` first');
  process.exit(2);
}
const { values } = parseArgs({
  options: {
    postings: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
  },
});
const N = Number(values.postings);
const RUNS = Number(values.runs);
if (!(N >= 1000) || !(RUNS >= 1)) {
  console.error('bench-postings: --postings >= 1000, --runs >= 1');
  process.exit(2);
}
const adminUrl = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const { buildUblInvoice } = await import(
  join(root, 'dist', 'modules', 'validation', 'testing', 'invoice-factory.js')
);
const { leitwegCheckDigits } = await import(join(root, 'dist', 'modules', 'tenants', 'leitweg-id.js'));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (line) => console.error(`[bench-postings] ${line}`);
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** utime + stime of a process in seconds (Linux /proc; USER_HZ 100), 0 when gone. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of the PostgreSQL backends serving one database (found by their command line). */
function postgresCpu(dbName) {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.startsWith('postgres:') && cmd.includes(` ${dbName} `)) total += cpuSeconds(pid);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

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
  ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}),
  DATABASE_URL: dbUrl,
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
  EINVOICE_DATA_DIR: dir,
  SCHEMAS_DIR: join(root, 'data', 'schemas'),
  SCHEMAS_DOWNLOAD: 'false',
  HOST: '127.0.0.1',
  PORT: String(port),
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  DEMO_SEED: 'false',
  RATE_LIMIT_PER_MINUTE: '10000000',
};
const cli = (args) => {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args, '--json'], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`einvoice ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout);
};
const start = async (role) => {
  const p = spawn(process.execPath, ['dist/main.js'], {
    cwd: root,
    env: { ...env, PROCESS_ROLE: role },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  p.stdout.on('data', (b) => (out = (out + b).slice(-20_000)));
  p.stderr.on('data', (b) => (out = (out + b).slice(-20_000)));
  const exited = new Promise((_, reject) =>
    p.on('exit', (code) => reject(new Error(`${role} exited ${code}:\n${out}`))),
  );
  exited.catch(() => undefined);
  for (;;) {
    const up = await Promise.race([
      fetch(`http://127.0.0.1:${port}/health/live`).then(
        (r) => r.ok,
        () => false,
      ),
      exited,
    ]);
    if (up) return p;
    await sleep(100);
  }
};
const stop = (p) => new Promise((r) => (p.exitCode !== null ? r() : (p.once('exit', r), p.kill('SIGTERM'))));

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
function get(path, token) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.request(
      `http://127.0.0.1:${port}${path}`,
      { method: 'GET', agent, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            body: Buffer.concat(chunks),
            ms: Number(process.hrtime.bigint() - t0) / 1e6,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

let proc;
let db;
let failed = false;
try {
  log(`database ${dbName}: migrating`);
  cli(['migration', 'run']);
  const leitweg = `05315000-24680-${leitwegCheckDigits('05315000', '24680')}`;
  const tenant = cli([
    'tenant',
    'create',
    '--name',
    'Buchstadt',
    '--kind',
    'municipality',
    '--leitweg-id',
    leitweg,
  ]);
  const supplierKey = cli([
    'api-key',
    'create',
    '--tenant',
    tenant.slug,
    '--role',
    'supplier',
    '--name',
    'bench',
  ]).key;
  const financeKey = cli([
    'api-key',
    'create',
    '--tenant',
    tenant.slug,
    '--role',
    'finance',
    '--name',
    'hkr',
  ]).key;
  proc = await start('api');
  const xml = buildUblInvoice({ number: 'BENCH-1', buyerReference: leitweg });
  const up = await fetch(`http://127.0.0.1:${port}/api/v1/invoices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${supplierKey}`, 'content-type': 'application/xml' },
    body: xml,
  });
  if (up.status !== 202) throw new Error(`upload: ${up.status} ${await up.text()}`);
  db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const { rows: inv } = await db.query(`SELECT id FROM invoices WHERE tenant_id = $1 LIMIT 1`, [tenant.id]);
  const invoiceId = inv[0].id;
  const template = {
    id: '',
    tenantId: tenant.id,
    kind: 'posting',
    reverses: null,
    createdAt: new Date().toISOString(),
    invoice: {
      id: invoiceId,
      number: 'BENCH-1',
      issueDate: '2026-03-02',
      typeCode: '380',
      creditNote: false,
      buyerReference: leitweg,
      purchaseOrder: null,
    },
    creditor: {
      name: 'Musterlieferant GmbH',
      street: 'Hauptstraße 1',
      postcode: '12345',
      city: 'Musterstadt',
      country: 'DE',
      vatId: 'DE123456789',
      taxNumber: null,
      iban: 'DE02120300000000202051',
      bic: null,
      creditorNumber: '70001',
    },
    currency: 'EUR',
    totals: { net: '1000.00', vat: '190.00', gross: '1190.00', due: '1190.00' },
    vat: [{ category: 'S', rate: '19.00', net: '1000.00', vat: '190.00' }],
    kontierung: [
      {
        line: 1,
        buchungsstelle: '11101.5431000',
        kostenstelle: 'KST-100',
        investitionsnummer: null,
        amount: '595.00',
      },
      {
        line: 2,
        buchungsstelle: '11101.5431000',
        kostenstelle: 'KST-200',
        investitionsnummer: null,
        amount: '595.00',
      },
    ],
    dueDate: '2026-04-01',
    skonto: { date: '2026-03-16', amount: '23.80', percent: '2.00' },
    leitwegId: leitweg,
    record: { vorgangId: randomUUID(), aktenzeichen: '20.1-2026/0001', link: '/records/x' },
    approval: {
      policyId: randomUUID(),
      policyVersion: 1,
      approvers: [
        {
          step: 'sachlich',
          kind: 'sachlich',
          userId: randomUUID(),
          name: 'Clara Sachbearbeiterin',
          onBehalfOf: null,
          at: new Date().toISOString(),
        },
        {
          step: 'anordnung',
          kind: 'anordnung',
          userId: randomUUID(),
          name: 'Anton Anordner',
          onBehalfOf: null,
          at: new Date().toISOString(),
        },
      ],
    },
  };
  log(`creating ${N} postings`);
  for (let done = 0; done < N; done += 1000) {
    const k = Math.min(1000, N - done);
    await db.query(
      `INSERT INTO postings (id, tenant_id, invoice_id, kind, currency, gross, document)
       SELECT x.id, $1, $2, 'posting', 'EUR', 1190.00, jsonb_set($3::jsonb, '{id}', to_jsonb(x.id::text))
         FROM (SELECT gen_random_uuid() AS id FROM generate_series(1, $4)) x`,
      [tenant.id, invoiceId, JSON.stringify(template), k],
    );
  }
  await db.query('ANALYZE');

  const results = [];
  for (const limit of [100, 1000]) {
    for (let run = 1; run <= RUNS; run++) {
      const seen = new Set();
      const latencies = [];
      let bytes = 0;
      let cursor = '';
      const cpu0 = cpuSeconds(proc.pid);
      const pg0 = postgresCpu(dbName);
      const t0 = process.hrtime.bigint();
      for (;;) {
        const r = await get(`/api/v1/postings?limit=${limit}${cursor ? `&after=${cursor}` : ''}`, financeKey);
        if (r.status !== 200) throw new Error(`feed: ${r.status} ${r.body.toString('utf8').slice(0, 300)}`);
        latencies.push(r.ms);
        bytes += r.body.length;
        const page = JSON.parse(r.body.toString('utf8'));
        for (const p of page.postings) {
          if (seen.has(p.id)) throw new Error(`posting ${p.id} served twice`);
          seen.add(p.id);
        }
        cursor = page.next;
        if (page.postings.length === 0) break;
      }
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (seen.size !== N) throw new Error(`pulled ${seen.size} of ${N} postings`);
      const row = {
        limit,
        run,
        seconds: Number(seconds.toFixed(2)),
        postingsPerSecond: Math.round(N / seconds),
        pagesPerSecond: Math.round(latencies.length / seconds),
        pageP50Ms: Number(quantile(latencies, 0.5).toFixed(1)),
        pageP95Ms: Number(quantile(latencies, 0.95).toFixed(1)),
        megabytes: Number((bytes / 1e6).toFixed(1)),
        apiCpuSecondsPer1000: Number((((cpuSeconds(proc.pid) - cpu0) * 1000) / N).toFixed(3)),
        postgresCpuSecondsPer1000: Number((((postgresCpu(dbName) - pg0) * 1000) / N).toFixed(3)),
      };
      results.push(row);
      log(`limit ${limit} run ${run}: ${row.postingsPerSecond} postings/s`);
    }
  }
  console.log(
    `\nPostings feed: ${N} postings, ${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  console.log(
    '| page | run | seconds | postings/s | pages/s | page p50 ms | page p95 ms | MB | api CPU s / 1000 | pg CPU s / 1000 |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results)
    console.log(
      `| ${r.limit} | ${r.run} | ${r.seconds} | ${r.postingsPerSecond} | ${r.pagesPerSecond} | ${r.pageP50Ms} | ${r.pageP95Ms} | ${r.megabytes} | ${r.apiCpuSecondsPer1000} | ${r.postgresCpuSecondsPer1000} |`,
    );
  const best = (limit) =>
    Math.max(...results.filter((r) => r.limit === limit).map((r) => r.postingsPerSecond));
  console.log(
    JSON.stringify({
      bench: 'postings',
      postings: N,
      bestPostingsPerSecond: { 100: best(100), 1000: best(1000) },
    }),
  );
} catch (err) {
  failed = true;
  console.error(`bench-postings: ${err.stack ?? err}`);
} finally {
  agent.destroy();
  if (proc) await stop(proc);
  await db?.end().catch(() => undefined);
  if (!values.keep) {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  } else log(`kept database ${dbName} and ${dir}`);
  await admin.end();
}
process.exit(failed ? 1 : 0);
