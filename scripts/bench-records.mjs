#!/usr/bin/env node
// Records filing benchmark (run `npm run build` first): the built app (dist/) on a fresh database
// of the real PostgreSQL with one tenant holding N approved invoices (default 500) whose Vorgang
// is allocated but not yet filed; a worker process then files them (the `records.file` job, found
// by the recovery sweep) and this script measures how fast, and how much they take on disk.
// Figures only: it exits non-zero on errors (an invoice that does not get filed, a failed
// request), never on slowness.
//
//   node scripts/bench-records.mjs [--invoices N] [--concurrency C] [--timeout S] [--keep]
//
// How the data is made: the tenant, its staff and a policy (Sachlich → Anordnung) through the CLI
// and the API; ONE invoice goes through real intake and real approval (a Sachlich decision, the
// Kontierung, the Anordnung by another person), so the approval hook allocates its Vorgang and the
// filing job files it with a Laufzettel and Anordnung made of real decisions. Then the worker is
// stopped and N copies of that invoice are made in SQL (new ids and numbers, status `approved`,
// their message, lifecycle events, approval instance, tasks, decisions and Kontierung), each with
// a Vorgang in the template's Akte with the next Aktenzeichen, `filed_at` empty — what the hook
// leaves behind. The measured process: `--role all` with JOBS_CONCURRENCY = --concurrency
// (default 4) and a sweep every 2 s (one sweep enqueues at most 1000 Vorgänge).
//
// Reported: invoices filed per second (wall time from the worker answering until the last is
// `filed`, and the span in the database from the first document stored to the last Vorgang
// filed), p50/p95/max time per filing (first document stored → Vorgang filed, from the rows'
// timestamps), the CPU milliseconds of the worker and of PostgreSQL per filing (from /proc, counted
// from the worker answering), bytes listed in `record_documents` per Vorgang (total and per kind,
// with how many distinct blobs) and the growth of the blob directory per invoice: files, their
// bytes and `du` (directories of the two-level hash-prefix sharding included). The store is
// content-addressed, so content equal across invoices — here the original document and message
// of the copies, and the template's — is stored once; real invoices each add their own.
// A table and a one-line JSON summary.
// Environment: BENCH_DATABASE_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/test),
//              BENCH_REDIS_URL (default redis://127.0.0.1:6379), BENCH_LOG_LEVEL (warn).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(join(root, 'dist', 'main.js'))) {
  console.error('bench-records: dist/ missing, run `npm run build` first');
  process.exit(2);
}
const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '4' },
    timeout: { type: 'string', default: '1800' },
    keep: { type: 'boolean', default: false },
  },
});
const N = Number(values.invoices);
const CONCURRENCY = Number(values.concurrency);
const TIMEOUT_S = Number(values.timeout);
if (!(N >= 1) || !(CONCURRENCY >= 1 && CONCURRENCY <= 100) || !(TIMEOUT_S > 0)) {
  console.error('bench-records: --invoices >= 1, --concurrency 1..100, --timeout seconds > 0');
  process.exit(2);
}
const adminUrl = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const { buildUblInvoice } = await import(
  join(root, 'dist', 'modules', 'validation', 'testing', 'invoice-factory.js')
);
const { leitwegCheckDigits } = await import(join(root, 'dist', 'modules', 'tenants', 'leitweg-id.js'));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const log = (line) => console.error(`[bench-records] ${line}`);

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
/**
 * The blob directory: its files and their bytes, and what it takes on disk (`du -sB1`: allocated
 * blocks, directories included — the store shards by two levels of hash prefix).
 */
function blobStats(path) {
  if (!existsSync(path)) return { files: 0, bytes: 0, disk: 0 };
  let files = 0;
  let bytes = 0;
  for (const e of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    files++;
    bytes += statSync(join(e.parentPath ?? e.path, e.name)).size;
  }
  const r = spawnSync('du', ['-sB1', path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`du ${path}: ${r.stderr}`);
  return { files, bytes, disk: Number(r.stdout.split(/\s/)[0]) };
}

const dbName = `einvoice_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const u = new URL(adminUrl);
u.pathname = `/${dbName}`;
const dbUrl = u.toString();
const dir = mkdtempSync(join(tmpdir(), 'einvoice-bench-'));
const blobDir = join(dir, 'blobs');
const port = await freePort();
const env = {
  PATH: process.env.PATH,
  ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}),
  DATABASE_URL: dbUrl,
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
  EINVOICE_DATA_DIR: dir,
  BLOB_STORE_DIR: blobDir,
  SCHEMAS_DIR: join(root, 'data', 'schemas'),
  SCHEMAS_DOWNLOAD: 'false',
  HOST: '127.0.0.1',
  PORT: String(port),
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  DEMO_SEED: 'false',
  RATE_LIMIT_PER_MINUTE: '10000000',
  LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
  JOBS_CONCURRENCY: String(CONCURRENCY),
  JOBS_SWEEP_INTERVAL_SECONDS: '2',
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

/** Starts dist/main.js in a role; resolves once it answers /health/live. */
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
  p.output = () => out;
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

const base = `http://127.0.0.1:${port}`;
const json = async (method, path, token, body, expect = [200, 201, 204]) => {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!expect.includes(r.status)) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : undefined;
};

/** The value at quantile p of sorted numbers. */
function stats(ms) {
  const v = [...ms].sort((a, b) => a - b);
  if (!v.length) return { n: 0, p50: null, p95: null, max: null };
  const q = (p) => v[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)];
  const r = (x) => Math.round(x * 10) / 10;
  return { n: v.length, p50: r(q(0.5)), p95: r(q(0.95)), max: r(v.at(-1)) };
}

const procs = [];
let db;
let failed = false;
try {
  // ---- The tenant, its staff and policy ----------------------------------------------------
  log(`database ${dbName}: migrating`);
  cli(['migration', 'run']);
  const leitweg = `05315000-13579-${leitwegCheckDigits('05315000', '13579')}`;
  const tenant = cli([
    'tenant',
    'create',
    '--name',
    'Benchstadt',
    '--kind',
    'municipality',
    '--leitweg-id',
    leitweg,
  ]);
  const password = `Bench-${randomBytes(12).toString('hex')}`;
  const staff = (email, roles, name) =>
    cli([
      'user',
      'create',
      '--tenant',
      tenant.slug,
      '--email',
      email,
      '--role',
      roles,
      '--name',
      name,
      '--password',
      password,
    ]);
  staff('admin@benchstadt.example', 'admin', 'Anna Admin');
  staff('clara.sachbearbeiterin@benchstadt.example', 'approver', 'Clara Sachbearbeiterin');
  const anordner = staff('anton.anordner@benchstadt.example', 'approver', 'Anton Anordner');
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
  db = new pg.Client({ connectionString: dbUrl });
  await db.connect();

  let proc = await start('all');
  procs.push(proc);
  const login = async (email) =>
    (await json('POST', '/api/v1/auth/login', undefined, { email, password }, [200])).token;
  const adminToken = await login('admin@benchstadt.example');
  const clerkToken = await login('clara.sachbearbeiterin@benchstadt.example');
  const anordnerToken = await login('anton.anordner@benchstadt.example');
  const anordnerId = anordner.id ?? anordner.user?.id;
  const definition = {
    steps: [
      {
        key: 'sachlich',
        kind: 'sachlich',
        label: { de: 'Sachlich richtig', en: 'Factually correct' },
        assignees: { roles: ['approver'] },
      },
      {
        key: 'anordnung',
        kind: 'anordnung',
        label: { de: 'Anordnung', en: 'Payment order' },
        assignees: { roles: ['approver'] },
      },
    ],
    separation: { feststellerMayOrder: 'never' },
    amountBasis: 'gross',
    deadlines: { reminderWorkingDays: 3, escalationWorkingDays: 5 },
  };
  const policy = await json('POST', '/api/v1/approval/policies', adminToken, {
    name: 'Benchstadt',
    definition,
  });
  await json('POST', `/api/v1/approval/policies/${policy.id}/activate`, adminToken);
  await json('PUT', `/api/v1/approval/limits/${anordnerId}/anordnung`, adminToken, {
    maxAmount: '1000000.00',
  });

  // ---- One invoice through intake and approval: the template of every other -----------------
  const xml = buildUblInvoice({ number: 'RE-2025-000001', lines: 5, buyerReference: leitweg });
  const up = await fetch(`${base}/api/v1/invoices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${supplierKey}`, 'content-type': 'application/xml' },
    body: xml,
  });
  if (up.status !== 202) throw new Error(`upload: ${up.status} ${await up.text()}`);
  const templateId = (await up.json()).id;
  const waitStatus = async (status, what) => {
    for (let waited = 0; ; waited += 100) {
      const { rows } = await db.query(`SELECT status FROM invoices WHERE id = $1`, [templateId]);
      if (rows[0]?.status === status) return;
      if (waited > 120_000)
        throw new Error(`the template invoice did not reach ${what} (${rows[0]?.status})`);
      await sleep(100);
    }
  };
  await waitStatus('awaiting_approval', 'approval');
  // The approval starts in its own job after the status moved: wait for its first open task.
  for (let waited = 0; ; waited += 100) {
    const { rows } = await db.query(`SELECT 1 FROM approval_tasks WHERE invoice_id = $1 AND state = 'open'`, [
      templateId,
    ]);
    if (rows.length) break;
    if (waited > 120_000) throw new Error('the template invoice got no open approval task');
    await sleep(100);
  }
  const { rows: amt } = await db.query(
    `SELECT amount_due::numeric(18,2)::text AS a FROM invoices WHERE id = $1`,
    [templateId],
  );
  await json('POST', `/api/v1/approval/invoices/${templateId}/decisions`, clerkToken, { action: 'approve' });
  await json('PUT', `/api/v1/approval/invoices/${templateId}/kontierung`, clerkToken, {
    lines: [{ buchungsstelle: '1.1.1.01.5431', kostenstelle: 'KST-100', amount: amt[0].a }],
  });
  await json('POST', `/api/v1/approval/invoices/${templateId}/decisions`, anordnerToken, {
    action: 'approve',
  });
  await waitStatus('filed', 'filed');
  log(`template invoice ${templateId} went through intake, approval and filing`);
  await stop(proc);
  procs.length = 0;

  // ---- N copies in SQL, approved, each with an unfiled Vorgang ------------------------------
  const blobsBefore = blobStats(blobDir);
  const t0 = Date.now();
  await seed(db, { templateId, n: N });
  await db.query('VACUUM ANALYZE');
  log(`made ${N} approved invoices with their Vorgang in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // ---- The measured process ------------------------------------------------------------------
  const pgPids = async () =>
    (
      await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [
        dbName,
      ])
    ).rows.map((r) => r.pid);
  const load0 = loadavg()[0];
  const tStart = process.hrtime.bigint();
  proc = await start('all');
  procs.push(proc);
  const tUp = process.hrtime.bigint();
  const workerCpu0 = cpuSeconds(proc.pid);
  const pgCpu0 = new Map();
  for (const pid of await pgPids()) pgCpu0.set(pid, cpuSeconds(pid));
  const pgCpu = new Map();
  let remaining = N;
  for (;;) {
    for (const pid of await pgPids()) pgCpu.set(pid, cpuSeconds(pid));
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM invoices WHERE status = 'approved' AND number LIKE 'BENCH-%'`,
    );
    remaining = rows[0].n;
    if (remaining === 0) break;
    if (Number(process.hrtime.bigint() - tUp) / 1e9 > TIMEOUT_S)
      throw new Error(`${remaining} of ${N} invoices not filed after ${TIMEOUT_S} s:\n${proc.output()}`);
    await sleep(200);
  }
  const wallS = Number(process.hrtime.bigint() - tUp) / 1e9;
  const startS = Number(tUp - tStart) / 1e9;
  const workerCpu = cpuSeconds(proc.pid) - workerCpu0;
  const postgresCpu = [...pgCpu.entries()].reduce((a, [pid, s]) => a + s - (pgCpu0.get(pid) ?? 0), 0);
  const load1 = loadavg()[0];

  // ---- Figures from the rows -----------------------------------------------------------------
  const { rows: per } = await db.query(
    `SELECT extract(epoch FROM v.filed_at - min(d.filed_at)) * 1000 AS ms, min(d.filed_at) AS first, v.filed_at AS last,
            count(*)::int AS docs, sum(d.size)::bigint AS bytes
       FROM record_vorgaenge v JOIN record_documents d ON d.vorgang_id = v.id JOIN invoices i ON i.id = v.invoice_id
      WHERE i.number LIKE 'BENCH-%' GROUP BY v.id, v.filed_at`,
  );
  if (per.length !== N) throw new Error(`${per.length} of ${N} copies have filed documents`);
  const spanS = (Math.max(...per.map((r) => +r.last)) - Math.min(...per.map((r) => +r.first))) / 1000;
  const perFiling = stats(per.map((r) => Number(r.ms)));
  const { rows: kinds } = await db.query(
    `SELECT d.kind, count(*)::int AS n, round(avg(d.size))::bigint AS avg_bytes, count(DISTINCT d.sha256)::int AS distinct_blobs
       FROM record_documents d JOIN record_vorgaenge v ON v.id = d.vorgang_id JOIN invoices i ON i.id = v.invoice_id
      WHERE i.number LIKE 'BENCH-%' GROUP BY d.kind ORDER BY avg(d.size) DESC`,
  );
  const blobsAfter = blobStats(blobDir);
  const growth = (k) => (blobsAfter[k] - blobsBefore[k]) / N;
  const listedPerVorgang = per.reduce((a, r) => a + Number(r.bytes), 0) / N;
  const docsPerVorgang = per.reduce((a, r) => a + r.docs, 0) / N;
  const { rows: tbl } = await db.query(
    `SELECT pg_total_relation_size('record_documents') + pg_total_relation_size('record_vorgaenge') AS b`,
  );

  const r1 = (x) => Math.round(x * 10) / 10;
  const rows = [
    ['invoices filed', N],
    ['worker start until answering (s)', r1(startS)],
    ['wall time, answering → all filed (s)', r1(wallS)],
    ['throughput, wall (invoices/s)', r1(N / wallS)],
    ['throughput, DB span first doc → last filed (invoices/s)', r1(N / spanS)],
    ['per filing p50 / p95 / max (ms)', `${perFiling.p50} / ${perFiling.p95} / ${perFiling.max}`],
    ['worker CPU per filing (ms)', r1((workerCpu * 1000) / N)],
    ['PostgreSQL CPU per filing (ms)', r1((postgresCpu * 1000) / N)],
    ['documents per Vorgang', r1(docsPerVorgang)],
    ['bytes listed in record_documents per Vorgang', Math.round(listedPerVorgang)],
    ['blob files added per invoice', r1(growth('files'))],
    ['blob file bytes added per invoice', Math.round(growth('bytes'))],
    ['blob directory disk usage (du) added per invoice', Math.round(growth('disk'))],
    ['record tables (rows + indexes) per Vorgang (bytes)', Math.round(Number(tbl[0].b) / (N + 1))],
  ];
  for (const k of kinds)
    rows.push([`  ${k.kind}: avg bytes (distinct blobs of ${k.n})`, `${k.avg_bytes} (${k.distinct_blobs})`]);
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(
    `\nRecords filing — ${N} invoices, JOBS_CONCURRENCY ${CONCURRENCY}, ${cpus().length} CPUs, load ${load0.toFixed(1)} → ${load1.toFixed(1)}`,
  );
  for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
  console.log(
    JSON.stringify({
      bench: 'records',
      invoices: N,
      concurrency: CONCURRENCY,
      wallSeconds: r1(wallS),
      perSecondWall: r1(N / wallS),
      perSecondSpan: r1(N / spanS),
      perFilingMs: perFiling,
      workerCpuMsPerFiling: r1((workerCpu * 1000) / N),
      postgresCpuMsPerFiling: r1((postgresCpu * 1000) / N),
      documentsPerVorgang: r1(docsPerVorgang),
      listedBytesPerVorgang: Math.round(listedPerVorgang),
      blobFilesPerInvoice: r1(growth('files')),
      blobBytesPerInvoice: Math.round(growth('bytes')),
      blobDiskUsagePerInvoice: Math.round(growth('disk')),
      kinds: Object.fromEntries(
        kinds.map((k) => [k.kind, { avgBytes: Number(k.avg_bytes), distinctBlobs: k.distinct_blobs }]),
      ),
      load: [r1(load0), r1(load1)],
    }),
  );
} catch (err) {
  failed = true;
  console.error(`bench-records: ${err instanceof Error ? err.stack : String(err)}`);
} finally {
  for (const p of procs) await stop(p);
  await db?.end().catch(() => undefined);
  if (!values.keep) {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  } else log(`kept database ${dbName} and data directory ${dir}`);
  await admin.end();
}
process.exit(failed ? 1 : 0);

/** The columns of a table but the bigserial ones (their default numbers the copies). */
async function columnsOf(db, table) {
  const { rows } = await db.query(
    `SELECT column_name AS c FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = $1 AND coalesce(column_default, '') NOT LIKE 'nextval%'
      ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.c);
}
/** INSERT INTO table SELECT … FROM `from`: every column as it is in `t` but those overridden. */
async function copy(db, table, from, overrides) {
  const cols = await columnsOf(db, table);
  const list = cols.map((c) => `"${c}"`).join(', ');
  const exprs = cols.map((c) => (c in overrides ? overrides[c] : `t."${c}"`)).join(', ');
  const r = await db.query(`INSERT INTO ${table} (${list}) SELECT ${exprs} FROM ${from}`);
  return r.rowCount;
}

/**
 * N copies of the filed template, put back to what the approval leaves: invoice `approved`
 * (its lifecycle up to there), message, approval instance, tasks, decisions, Kontierung, and a
 * Vorgang in the template's Akte with the next numbers, not filed. One transaction.
 */
async function seed(db, { templateId, n }) {
  await db.query('BEGIN');
  await db.query(`SET LOCAL synchronous_commit = off`);
  await db.query(
    `CREATE TEMP TABLE bench ON COMMIT DROP AS
     SELECT g, gen_random_uuid() AS id, gen_random_uuid() AS msg, 'BENCH-' || lpad(g::text, 7, '0') AS number
       FROM generate_series(1, $1::int) g`,
    [n],
  );
  await copy(
    db,
    'inbound_messages',
    `bench b, (SELECT m.* FROM inbound_messages m JOIN invoices i ON i.message_id = m.id WHERE i.id = '${templateId}') t`,
    {
      id: 'b.msg',
    },
  );
  await copy(db, 'invoices', `bench b, (SELECT * FROM invoices WHERE id = '${templateId}') t`, {
    id: 'b.id',
    message_id: 'b.msg',
    status: `'approved'`,
    status_token: `replace(b.id::text, '-', '')`,
    number: 'b.number',
    model: `t.model || jsonb_build_object('number', b.number)`,
  });
  await copy(
    db,
    'invoice_events',
    `bench b, (SELECT * FROM invoice_events WHERE invoice_id = '${templateId}' AND to_status <> 'filed') t`,
    {
      invoice_id: 'b.id',
    },
  );
  await copy(
    db,
    'approval_instances',
    `bench b, (SELECT * FROM approval_instances WHERE invoice_id = '${templateId}') t`,
    {
      invoice_id: 'b.id',
    },
  );
  await db.query(
    `CREATE TEMP TABLE bench_task ON COMMIT DROP AS
     SELECT b.id AS invoice_id, t.id AS old_id, gen_random_uuid() AS id FROM bench b, approval_tasks t WHERE t.invoice_id = $1`,
    [templateId],
  );
  await copy(db, 'approval_tasks', `bench_task m JOIN approval_tasks t ON t.id = m.old_id`, {
    id: 'm.id',
    invoice_id: 'm.invoice_id',
  });
  await copy(
    db,
    'approval_decisions',
    `bench b CROSS JOIN (SELECT * FROM approval_decisions WHERE invoice_id = '${templateId}') t
       LEFT JOIN bench_task m ON m.invoice_id = b.id AND m.old_id = t.task_id`,
    { invoice_id: 'b.id', task_id: 'm.id' },
  );
  await copy(
    db,
    'approval_kontierung',
    `bench b, (SELECT * FROM approval_kontierung WHERE invoice_id = '${templateId}') t`,
    {
      invoice_id: 'b.id',
    },
  );
  // Vorgänge: the template's Akte, Aktenzeichen after the template's (pattern {akte}-{seq:5}).
  await copy(
    db,
    'record_vorgaenge',
    `bench b, (SELECT v.*, a.aktenzeichen AS akte_az FROM record_vorgaenge v JOIN record_akten a ON a.id = v.akte_id
                WHERE v.invoice_id = '${templateId}') t`,
    {
      id: 'gen_random_uuid()',
      invoice_id: 'b.id',
      aktenzeichen: `t.akte_az || '-' || lpad((b.g + 1)::text, 5, '0')`,
      betreff: `replace(t.betreff, (SELECT number FROM invoices WHERE id = '${templateId}'), b.number)`,
      created_at: 'now()',
      filed_at: 'NULL',
    },
  );
  await db.query('COMMIT');
}
