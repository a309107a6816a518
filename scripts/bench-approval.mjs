#!/usr/bin/env node
// Approval benchmark (run `npm run build` first): the built app (dist/) on a fresh database of
// the real PostgreSQL with one tenant holding many invoices (default 100,000) of which some
// (default 5,000) wait for approval, and real HTTP requests against the inbox, an invoice's
// approval, decisions and the Kontierung. Figures only: it exits non-zero on errors (a request
// that did not answer as expected), never on slowness.
//
//   node scripts/bench-approval.mjs [--invoices N] [--open N] [--samples N] [--concurrency C]
//                                   [--role api|all] [--keep]
//
// How the data is made: the tenant, its staff, groups, value limits and policy through the CLI
// and the API; ONE invoice goes through intake (upload, validation, routing, approval start);
// then every other invoice is a copy of that one made in SQL (INSERT … SELECT generate_series)
// with its own number, seller, amounts, dates and cash discount, most of them in final states
// (paid, posted, filed, approved, returned; some rejected or duplicates) with the approval they
// went through (instance, done tasks, decisions, Kontierung), and `--open` of them waiting for
// approval at one of the policy's steps, assigned as the policy assigns them. ANALYZE follows.
//
// The measured process: `--role api` (default) is an api process alone (no job workers, so
// nothing but the requests runs while measuring); `--role all` keeps the workers in it as well.
// Every measure gets warm-up requests first, then `--samples` requests one at a time, then the
// same number from `--concurrency` clients at once (keep-alive connections). Reported: p50, p95,
// p99, max, errors, and the CPU milliseconds per request of the api process and of PostgreSQL
// (read from /proc: what a request costs, which latencies on a busy machine hide); a table and a
// one-line JSON summary.
// Environment: BENCH_DATABASE_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/test),
//              BENCH_REDIS_URL (default redis://127.0.0.1:6379), BENCH_LOG_LEVEL (warn).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(join(root, 'dist', 'main.js'))) {
  console.error('bench-approval: dist/ missing, run `npm run build` first');
  process.exit(2);
}
const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '100000' },
    open: { type: 'string', default: '5000' },
    samples: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '4' },
    role: { type: 'string', default: 'api' },
    keep: { type: 'boolean', default: false },
  },
});
const TOTAL = Number(values.invoices);
const OPEN = Number(values.open);
const SAMPLES = Number(values.samples);
const CONCURRENCY = Number(values.concurrency);
const ROLE = values.role;
if (!['api', 'all'].includes(ROLE) || !(OPEN >= 400) || !(TOTAL >= OPEN + 100) || !(SAMPLES >= 1)) {
  console.error('bench-approval: --role api|all, --open >= 400, --invoices >= open + 100, --samples >= 1');
  process.exit(2);
}
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
const log = (line) => console.error(`[bench-approval] ${line}`);

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
  LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
};
const cli = (args) => {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args, '--json'], { cwd: root, env, encoding: 'utf8' });
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
  const exited = new Promise((_, reject) => p.on('exit', (code) => reject(new Error(`${role} exited ${code}:\n${out}`))));
  exited.catch(() => undefined);
  for (;;) {
    const up = await Promise.race([
      fetch(`http://127.0.0.1:${port}/health/live`).then((r) => r.ok, () => false),
      exited,
    ]);
    if (up) return p;
    await sleep(100);
  }
};
const stop = (p) => new Promise((r) => (p.exitCode !== null ? r() : (p.once('exit', r), p.kill('SIGTERM'))));

// ---- HTTP (node:http with keep-alive: cheap for a client that shares the machine) ----------
let agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const base = `http://127.0.0.1:${port}`;
/** One request; resolves { status, text, ms } (ms: from sending to the last byte). */
function request(method, path, { headers = {}, body } = {}, retried = false) {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.request(
      `${base}${path}`,
      {
        method,
        agent,
        headers: {
          ...(payload !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
          ...(payload !== undefined ? { 'content-length': Buffer.byteLength(payload) } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
            ms: Number(process.hrtime.bigint() - t0) / 1e6,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', (err) => {
      // A kept-alive connection the server closed as it was reused: the request never
      // reached the application, so sending it again is safe (once).
      if (req.reusedSocket && err.code === 'ECONNRESET' && !retried)
        request(method, path, { headers, body }, true).then(resolve, reject);
      else reject(err);
    });
    req.end(payload);
  });
}
const json = async (method, path, token, body, expect = [200, 201, 204]) => {
  const r = await request(method, path, { headers: { authorization: `Bearer ${token}` }, body });
  if (!expect.includes(r.status)) throw new Error(`${method} ${path}: ${r.status} ${r.text.slice(0, 500)}`);
  return r.text ? JSON.parse(r.text) : undefined;
};

const procs = [];
let db;
let failed = false;
try {
  // ---- The tenant, its staff, groups, limits and policy ----------------------------------
  log(`database ${dbName}: migrating`);
  cli(['migration', 'run']);
  const leitweg = `05315000-13579-${leitwegCheckDigits('05315000', '13579')}`;
  const tenant = cli(['tenant', 'create', '--name', 'Benchstadt', '--kind', 'municipality', '--leitweg-id', leitweg]);
  const password = `Bench-${randomBytes(12).toString('hex')}`;
  const staff = (email, roles, name) =>
    cli(['user', 'create', '--tenant', tenant.slug, '--email', email, '--role', roles, '--name', name, '--password', password]);
  const adminUser = staff('admin@benchstadt.example', 'admin', 'Anna Admin');
  const clerk = staff('clara.sachbearbeiterin@benchstadt.example', 'approver', 'Clara Sachbearbeiterin');
  const anordner = staff('anton.anordner@benchstadt.example', 'approver', 'Anton Anordner');
  const supplierKey = cli(['api-key', 'create', '--tenant', tenant.slug, '--role', 'supplier', '--name', 'bench']).key;

  db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const tenantId = tenant.id;
  // Further staff (they never sign in here; they made the decisions of the history).
  const { rows: others } = await db.query(
    `INSERT INTO users (tenant_id, email, display_name, password_hash, roles)
     SELECT $1, 'mitarbeiter' || g || '@benchstadt.example', 'Mitarbeiter ' || g, 'x', ARRAY['approver']
       FROM generate_series(1, 40) g RETURNING id`,
    [tenantId],
  );
  const otherIds = others.map((r) => r.id);

  let proc = await start('all');
  procs.push(proc);
  const login = async (email) =>
    (await json('POST', '/api/v1/auth/login', undefined, { email, password }, [200])).token;
  const adminToken = await login('admin@benchstadt.example');
  const clerkId = clerk.id ?? clerk.user?.id;
  const anordnerId = anordner.id ?? anordner.user?.id;
  // Departments: the Feststellung of an invoice goes to the department its BT-19 names.
  const departments = ['Bauamt', 'Schulamt', 'Ordnungsamt', 'Hauptamt', 'Sozialamt', 'Jugendamt', 'Kulturamt', 'Bürgeramt', 'Feuerwehr', 'Grünflächenamt'];
  const groupIds = [];
  for (const [i, name] of departments.entries()) {
    const members = otherIds.filter((_, k) => k % departments.length === i);
    if (i === 0) members.push(clerkId);
    groupIds.push((await json('POST', '/api/v1/approval/groups', adminToken, { name, members })).id);
  }
  const definition = {
    steps: [
      {
        key: 'sachlich',
        kind: 'sachlich',
        label: { de: 'Sachlich richtig', en: 'Factually correct' },
        assignees: { roles: ['approver'] },
        resolve: {
          source: 'accounting-reference',
          map: Object.fromEntries(departments.map((d, i) => [`${String(i + 1).padStart(2, '0')}`, { groups: [d] }])),
        },
      },
      {
        key: 'rechnerisch',
        kind: 'rechnerisch',
        label: { de: 'Rechnerisch richtig', en: 'Arithmetically correct' },
        assignees: { roles: ['approver'] },
      },
      {
        key: 'anordnung',
        kind: 'anordnung',
        label: { de: 'Anordnung', en: 'Payment order' },
        assignees: { roles: ['approver'] },
        bulk: true,
      },
    ],
    separation: { feststellerMayOrder: 'with_reason' },
    amountBasis: 'gross',
    deadlines: { reminderWorkingDays: 3, escalationWorkingDays: 5 },
  };
  const policy = await json('POST', '/api/v1/approval/policies', adminToken, { name: 'Benchstadt', definition });
  await json('POST', `/api/v1/approval/policies/${policy.id}/activate`, adminToken);
  await json('PUT', `/api/v1/approval/limits/${anordnerId}/anordnung`, adminToken, { maxAmount: '1000000.00' });
  for (const id of otherIds.slice(0, 10))
    await json('PUT', `/api/v1/approval/limits/${id}/anordnung`, adminToken, { maxAmount: '50000.00' });

  // ---- One invoice through intake: the template of every other ------------------------------
  const xml = buildUblInvoice({
    number: 'RE-2025-000001',
    lines: 5,
    buyerReference: leitweg,
    paymentTerms: '#SKONTO#TAGE=14#PROZENT=2.00#\n',
  });
  const up = await request('POST', '/api/v1/invoices', {
    headers: { authorization: `Bearer ${supplierKey}`, 'content-type': 'application/xml' },
    body: xml,
  });
  if (up.status !== 202) throw new Error(`upload: ${up.status} ${up.text}`);
  const templateId = JSON.parse(up.text).id;
  for (let waited = 0; ; waited += 100) {
    const { rows } = await db.query(`SELECT 1 FROM approval_instances WHERE invoice_id = $1`, [templateId]);
    if (rows.length) break;
    if (waited > 60_000) throw new Error('the template invoice did not reach approval');
    await sleep(100);
  }
  log(`template invoice ${templateId} went through intake`);
  await stop(proc);
  procs.length = 0;

  // ---- Bulk load in SQL: copies of the template ---------------------------------------------
  const t0 = Date.now();
  await seed(db, { tenantId, templateId, policyId: policy.id, groupIds, otherIds, total: TOTAL, open: OPEN });
  log(`loaded ${TOTAL} invoices (${OPEN} open) in ${((Date.now() - t0) / 1000).toFixed(0)} s; VACUUM ANALYZE`);
  await db.query('VACUUM ANALYZE');
  const sizes = (
    await db.query(
      `SELECT relname, n_live_tup::int AS n FROM pg_stat_user_tables
        WHERE relname IN ('invoices', 'invoice_events', 'approval_instances', 'approval_tasks', 'approval_decisions',
                          'approval_kontierung', 'domain_events')
        ORDER BY relname`,
    )
  ).rows;

  // ---- The measured process ------------------------------------------------------------------
  proc = await start(ROLE);
  procs.push(proc);
  const clerkToken = await login('clara.sachbearbeiterin@benchstadt.example');
  const anordnerToken = await login('anton.anordner@benchstadt.example');
  const bearer = (token) => ({ authorization: `Bearer ${token}` });
  const cookie = (token) => ({ cookie: `einvoice_session=${token}` });

  // Invoices to act on, each used once (decisions change them).
  const openAt = async (step, limit) =>
    (
      await db.query(
        `SELECT t.invoice_id FROM approval_tasks t WHERE t.state = 'open' AND t.step_key = $1
          ORDER BY t.invoice_id LIMIT $2`,
        [step, limit],
      )
    ).rows.map((r) => r.invoice_id);
  const W = Math.min(20, SAMPLES);
  const perDecision = W + 2 * SAMPLES;
  const rechnerisch = await openAt('rechnerisch', perDecision);
  const anordnung = await openAt('anordnung', perDecision);
  if (rechnerisch.length < perDecision || anordnung.length < perDecision)
    throw new Error(`too few open tasks for ${SAMPLES} samples: raise --open or lower --samples`);
  const readable = (
    await db.query(`SELECT invoice_id FROM approval_instances WHERE state = 'open' ORDER BY random() LIMIT 1000`)
  ).rows.map((r) => r.invoice_id);
  const grossOf = new Map(
    (
      await db.query(`SELECT invoice_id, amount::text AS amount FROM approval_instances WHERE invoice_id = ANY($1)`, [
        rechnerisch,
      ])
    ).rows.map((r) => [r.invoice_id, r.amount]),
  );
  const filters = [
    'sort=amount&direction=desc',
    'step=rechnerisch&sort=due',
    'supplier=Bau',
    'q=R12',
    'minAmount=1000&maxAmount=5000&sort=received&direction=desc',
    'dueWithinDays=7',
    'sort=received&page=3',
    'step=anordnung&sort=amount&page=2',
  ];

  // Which web pages exist in this build: the approval inbox page lists the clerk's tasks, the
  // invoice page answers 200 for an invoice of the tenant.
  const firstNumber = (await json('GET', '/api/v1/approval/tasks', clerkToken)).rows[0]?.number;
  const inboxPage = await request('GET', '/inbox', { headers: cookie(clerkToken) });
  const webInbox = inboxPage.status === 200 && !!firstNumber && inboxPage.text.includes(firstNumber);
  const invoicePage = await request('GET', `/invoices/${readable[0]}`, { headers: cookie(clerkToken) });
  const webInvoice = invoicePage.status === 200;

  const measures = [
    {
      name: 'inbox API, default sort (Skonto)',
      key: 'inboxApi',
      req: () => ['GET', '/api/v1/approval/tasks', { headers: bearer(clerkToken) }],
    },
    {
      name: 'inbox API, filters/sort/pages',
      key: 'inboxApiFiltered',
      req: (i) => ['GET', `/api/v1/approval/tasks?${filters[i % filters.length]}`, { headers: bearer(clerkToken) }],
    },
    {
      name: 'inbox API, Anordner',
      key: 'inboxApiAnordner',
      req: () => ['GET', '/api/v1/approval/tasks', { headers: bearer(anordnerToken) }],
    },
    webInbox && {
      name: 'inbox web page',
      key: 'inboxWeb',
      req: (i) => ['GET', i % 2 ? `/inbox?${filters[i % filters.length]}` : '/inbox', { headers: cookie(clerkToken) }],
    },
    {
      name: "invoice's approval API",
      key: 'approvalApi',
      req: (i) => ['GET', `/api/v1/approval/invoices/${readable[i % readable.length]}`, { headers: bearer(clerkToken) }],
    },
    webInvoice && {
      name: 'invoice web page',
      key: 'invoiceWeb',
      req: (i) => ['GET', `/invoices/${readable[i % readable.length]}`, { headers: cookie(clerkToken) }],
    },
    {
      name: 'Kontierung PUT',
      key: 'kontierungPut',
      distinct: true,
      req: (i) => {
        const id = rechnerisch[i];
        const gross = grossOf.get(id);
        const half = (Math.round(Number(gross) * 50) / 100).toFixed(2);
        const rest = (Math.round(Number(gross) * 100) - Math.round(Number(half) * 100)) / 100;
        return [
          'PUT',
          `/api/v1/approval/invoices/${id}/kontierung`,
          {
            headers: bearer(clerkToken),
            body: {
              lines: [
                { buchungsstelle: '1.1.1.01.5431', kostenstelle: 'KST-110', amount: half },
                { buchungsstelle: '1.1.1.01.5432', kostenstelle: 'KST-111', amount: rest.toFixed(2) },
              ],
            },
          },
        ];
      },
    },
    {
      name: 'decision: approve rechnerisch (next step opens)',
      key: 'decisionStep',
      distinct: true,
      req: (i) => [
        'POST',
        `/api/v1/approval/invoices/${rechnerisch[i]}/decisions`,
        { headers: bearer(clerkToken), body: { action: 'approve', stepKey: 'rechnerisch' } },
      ],
    },
    {
      name: 'decision: approve Anordnung (invoice approved)',
      key: 'decisionFinal',
      distinct: true,
      req: (i) => [
        'POST',
        `/api/v1/approval/invoices/${anordnung[i]}/decisions`,
        { headers: bearer(anordnerToken), body: { action: 'approve', stepKey: 'anordnung' } },
      ],
    },
  ].filter(Boolean);

  const load0 = loadavg()[0];
  const results = [];
  let errors = 0;
  const errorSamples = [];
  // CPU of the api process and of the database's backends per request: what a request costs
  // the machine, which the latencies on a shared machine hide.
  const backendPids = async () =>
    (await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName])).rows.map(
      (r) => r.pid,
    );
  for (const m of measures) {
    let next = 0;
    const one = async () => {
      const i = next++;
      const [method, path, opts] = m.req(i);
      const r = await request(method, path, opts);
      if (r.status !== 200) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(`${m.key}: ${method} ${path} → ${r.status} ${r.text.slice(0, 300)}`);
      }
      return r.ms;
    };
    for (let k = 0; k < W; k++) await one();
    const pg0 = new Map((await backendPids()).map((pid) => [pid, cpuSeconds(pid)]));
    const api0 = cpuSeconds(proc.pid);
    const seq = [];
    for (let k = 0; k < SAMPLES; k++) seq.push(await one());
    const par = [];
    let remaining = SAMPLES;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (remaining-- > 0) par.push(await one());
      }),
    );
    const perRequest = (x) => Math.round(((x * 1000) / (2 * SAMPLES)) * 10) / 10;
    // Backends alive at the end, less what they had used before (a backend the pool closed
    // during the measure is missed: the figure is a lower bound then).
    const pg1 = (await backendPids()).reduce((a, pid) => a + cpuSeconds(pid) - (pg0.get(pid) ?? 0), 0);
    const cpu = { api: perRequest(cpuSeconds(proc.pid) - api0), pg: perRequest(pg1) };
    results.push({ ...m, sequential: stats(seq), concurrent: stats(par), cpu });
    log(`${m.name}: p95 ${results.at(-1).sequential.p95} ms sequential, ${results.at(-1).concurrent.p95} ms at ${CONCURRENCY}`);
  }
  const load1 = loadavg()[0];

  // ---- Report --------------------------------------------------------------------------------
  console.log(
    `approval benchmark: ${TOTAL.toLocaleString('en')} invoices in one tenant, ${OPEN.toLocaleString('en')} waiting for approval; ` +
      `process role ${ROLE}; ${SAMPLES} requests per measure one at a time, then ${SAMPLES} from ${CONCURRENCY} concurrent clients (keep-alive), after ${W} warm-up requests`,
  );
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; load average ${load0.toFixed(1)} before, ${load1.toFixed(1)} after the measures`,
  );
  console.log(`rows: ${sizes.map((r) => `${r.relname} ${r.n.toLocaleString('en')}`).join(', ')}`);
  if (!webInbox) console.log('inbox web page: not measured (GET /inbox does not list approval tasks in this build)');
  if (!webInvoice) console.log(`invoice web page: not measured (GET /invoices/:id answered ${invoicePage.status} in this build)`);
  const row = (cells) => `| ${cells.join(' | ')} |`;
  console.log(row(['measure', 'clients', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'CPU ms per request: api + PostgreSQL']));
  console.log(row(['---', '---:', '---:', '---:', '---:', '---:', '---:']));
  for (const r of results) {
    for (const [mode, s] of [
      ['1', r.sequential],
      [String(CONCURRENCY), r.concurrent],
    ])
      console.log(row([r.name, mode, s.p50, s.p95, s.p99, s.max, mode === '1' ? `${r.cpu.api} + ${r.cpu.pg}` : '']));
  }
  console.log(`errors: ${errors}`);
  for (const e of errorSamples) console.log(`  ${e}`);
  console.log(
    JSON.stringify({
      bench: 'approval',
      invoices: TOTAL,
      open: OPEN,
      role: ROLE,
      samples: SAMPLES,
      concurrency: CONCURRENCY,
      loadAverage: [Number(load0.toFixed(2)), Number(load1.toFixed(2))],
      errors,
      ...Object.fromEntries(
        results.map((r) => [r.key, { sequential: r.sequential, concurrent: r.concurrent, cpuMs: r.cpu }]),
      ),
    }),
  );
  if (errors > 0) failed = true;
  if (values.keep) log(`kept database: ${dbUrl}`);
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  agent.destroy();
  await Promise.all(procs.map(stop));
  await db?.end().catch(() => undefined);
  if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

/** p50, p95, p99 and max of latencies in ms (nearest rank), rounded to 0.1 ms. */
function stats(ms) {
  const v = [...ms].sort((a, b) => a - b);
  const q = (p) => v[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)];
  const r = (x) => Math.round(x * 10) / 10;
  return { n: v.length, p50: r(q(0.5)), p95: r(q(0.95)), p99: r(q(0.99)), max: r(v.at(-1)) };
}

/**
 * Copies the template invoice `total - 1` times in SQL, with its message, lifecycle events and
 * approval. One transaction; the per-invoice facts are drawn once into a temporary table.
 *
 * Of the copies, `open - 1` wait for approval (with the template: `open`): 40 % at the Sachlich
 * step (assigned to the department group their BT-19 names, else to the role), 30 % at the
 * Rechnerisch step, 30 % at the Anordnung (with a complete Kontierung); one in 37 is held with
 * a question. The others are final: 80 % posted, 10 % filed, 4 % approved (their approval done:
 * three approve decisions, a Kontierung and its decision, the outbox event), 2 % returned (rejected
 * at the first step), 1 % cancelled, 2 % rejected by validation and 1 % duplicates (no approval).
 */
async function seed(db, { tenantId, templateId, policyId, groupIds, otherIds, total, open }) {
  await db.query('BEGIN');
  await db.query(`SET LOCAL synchronous_commit = off`);
  const { rows: pol } = await db.query(`SELECT version FROM approval_policies WHERE id = $1`, [policyId]);
  const policyVersion = pol[0].version;
  await db.query(
    `CREATE TEMP TABLE bench_r ON COMMIT DROP AS
     SELECT g, random() AS r1, random() AS r2, random() AS r3, random() AS r4 FROM generate_series(1, $1::int - 1) g`,
    [total],
  );
  // Suppliers: 800, a few of them frequent (the square of a uniform draw).
  await db.query(
    `CREATE TEMP TABLE bench_s ON COMMIT DROP AS
     SELECT g, gen_random_uuid() AS id, gen_random_uuid() AS msg,
            g < $1::int AS open,
            CASE WHEN g < $1::int THEN 'awaiting_approval'
                 WHEN g % 100 < 2 THEN 'rejected' WHEN g % 100 < 3 THEN 'duplicate'
                 WHEN g % 100 < 5 THEN 'returned' WHEN g % 100 < 6 THEN 'cancelled'
                 WHEN g % 100 < 10 THEN 'approved' WHEN g % 100 < 20 THEN 'filed' ELSE 'posted' END AS status,
            CASE WHEN g % 10 < 4 THEN 0 WHEN g % 10 < 7 THEN 1 ELSE 2 END AS step,
            g < $1::int AND g % 37 = 0 AS held,
            CASE WHEN r3 < 0.7 THEN 1 + (g * 7) % 10 END AS dept,
            round(exp(ln(20) + r1 * ln(2500))::numeric, 2) AS gross,
            1 + floor(800 * r2 * r2)::int AS k,
            g % 10 < 3 AS skonto,
            CASE WHEN g < $1::int THEN now() - r4 * interval '30 days'
                 ELSE now() - interval '30 days' - (g::float8 / $2::int) * interval '1095 days' - r4 * interval '1 day' END
              AS created_at
       FROM bench_r`,
    [open, total],
  );
  await db.query(
    `CREATE TEMP TABLE bench ON COMMIT DROP AS
     SELECT b.*, round(b.gross / 1.19, 2) AS net, b.gross - round(b.gross / 1.19, 2) AS tax,
            (b.created_at - (b.g % 5) * interval '1 day')::date AS issue,
            (b.created_at - (b.g % 5) * interval '1 day')::date + 30 AS due,
            (b.created_at - (b.g % 5) * interval '1 day')::date + 14 AS until,
            round(b.gross * 0.02, 2) AS discount,
            (ARRAY['Bau', 'Elektro', 'Büro', 'Gebäudereinigung', 'IT-Service', 'Garten- und Landschaftsbau', 'Sanitär',
                   'Druckerei', 'Transporte', 'Catering'])[1 + b.k % 10] || ' ' ||
            (ARRAY['Schmidt', 'Müller', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
                   'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann'])[1 + (b.k / 10) % 18] || ' ' ||
            (ARRAY['GmbH', 'AG', 'KG', 'e.K.', 'GmbH & Co. KG'])[1 + (b.k / 180) % 5] || CASE WHEN b.k > 180 THEN ' ' || b.k ELSE '' END
              AS seller_name,
            'DE' || (100000000 + b.k * 7919)::text AS vat,
            'R' || lpad(b.k::text, 3, '0') || '-' || extract(year FROM b.created_at)::int || '-' || lpad(b.g::text, 6, '0') AS number
       FROM bench_s b`,
  );
  await db.query(
    `INSERT INTO inbound_messages (id, tenant_id, channel, blob_sha256, content_type, byte_size, received_at, sender, status, meta)
     SELECT b.id_msg, m.tenant_id, m.channel, m.blob_sha256, m.content_type, m.byte_size, b.created_at, m.sender, 'split', m.meta
       FROM (SELECT msg AS id_msg, created_at FROM bench) b,
            (SELECT m.* FROM inbound_messages m JOIN invoices i ON i.message_id = m.id WHERE i.id = $1) m`,
    [templateId],
  );
  await db.query(
    `INSERT INTO invoices (id, tenant_id, message_id, document_sha256, file_name, content_type, status, status_token,
       container, syntax, customization, scenario, valid, report, number, issue_date, due_date, currency, amount_due,
       seller_name, seller_vat_id, buyer_reference, routing_receiver_id, model, cash_discounts, duplicate_of,
       created_at, updated_at)
     SELECT b.id, t.tenant_id, b.msg, t.document_sha256, t.file_name, t.content_type, b.status, replace(b.id::text, '-', ''),
            t.container, t.syntax, t.customization, t.scenario, b.status <> 'rejected',
            CASE WHEN b.status = 'rejected' THEN t.report || '{"valid": false, "acceptRecommendation": "REJECT"}'::jsonb
                 ELSE t.report END,
            b.number, b.issue, b.due, 'EUR', b.gross, b.seller_name, b.vat, t.buyer_reference, t.routing_receiver_id,
            t.model || jsonb_build_object(
              'number', b.number, 'issueDate', b.issue, 'dueDate', b.due,
              'seller', (t.model -> 'seller') || jsonb_build_object('name', b.seller_name, 'tradingName', b.seller_name, 'vatId', b.vat),
              'totals', jsonb_build_object('payable', b.gross::text, 'taxTotal', b.tax::text, 'lineTotal', b.net::text,
                                           'taxExclusive', b.net::text, 'taxInclusive', b.gross::text),
              'vatBreakdown', jsonb_build_array(jsonb_build_object('rate', '19', 'category', 'S', 'taxAmount', b.tax::text,
                                                                   'taxableAmount', b.net::text)),
              'paymentTerms', CASE WHEN b.skonto THEN '#SKONTO#TAGE=14#PROZENT=2.00#' ELSE 'Zahlbar innerhalb von 30 Tagen ohne Abzug.' END)
              || CASE WHEN b.dept IS NOT NULL THEN jsonb_build_object('buyerAccountingReference', lpad(b.dept::text, 2, '0'))
                      ELSE '{}'::jsonb END,
            CASE WHEN b.skonto THEN jsonb_build_array(jsonb_build_object('days', 14, 'until', b.until, 'percent', '2.00',
              'baseAmount', b.gross::text, 'amountToPay', (b.gross - b.discount)::text, 'discountAmount', b.discount::text))
              ELSE '[]'::jsonb END,
            CASE WHEN b.status = 'duplicate' THEN t.id END,
            b.created_at, b.created_at + interval '3 days'
       FROM bench b, (SELECT * FROM invoices WHERE id = $1) t`,
    [templateId],
  );
  // The lifecycle history: every status an invoice passed through.
  await db.query(
    `INSERT INTO invoice_events (tenant_id, invoice_id, from_status, to_status, at, actor, detail)
     SELECT $1, b.id, p.path[p.n - 1], p.path[p.n], b.created_at + (p.n - 1) * interval '2 hours',
            CASE WHEN p.n <= 4 THEN 'system' ELSE 'user:' || ($2::uuid[])[1 + (b.g + 27) % 10] END,
            CASE WHEN p.path[p.n] = 'validated' THEN '{"valid": true, "errors": []}'::jsonb END
       FROM bench b
       CROSS JOIN LATERAL (SELECT CASE b.status
                 WHEN 'rejected' THEN ARRAY['received', 'extracted', 'rejected']
                 WHEN 'duplicate' THEN ARRAY['received', 'extracted', 'validated', 'duplicate']
                 WHEN 'awaiting_approval' THEN ARRAY['received', 'extracted', 'validated', 'awaiting_approval']
                 WHEN 'returned' THEN ARRAY['received', 'extracted', 'validated', 'awaiting_approval', 'returned']
                 WHEN 'cancelled' THEN ARRAY['received', 'extracted', 'validated', 'awaiting_approval', 'cancelled']
                 WHEN 'approved' THEN ARRAY['received', 'extracted', 'validated', 'awaiting_approval', 'approved']
                 WHEN 'filed' THEN ARRAY['received', 'extracted', 'validated', 'awaiting_approval', 'approved', 'filed']
                 ELSE ARRAY['received', 'extracted', 'validated', 'awaiting_approval', 'approved', 'filed', 'posted'] END AS path) a
       CROSS JOIN LATERAL (SELECT a.path, n FROM generate_series(1, cardinality(a.path)) n) p`,
    [tenantId, otherIds],
  );
  // Approvals: every invoice that reached approval.
  await db.query(
    `CREATE TEMP TABLE bench_a ON COMMIT DROP AS
     SELECT b.*,
            CASE b.status WHEN 'awaiting_approval' THEN 'open' WHEN 'returned' THEN 'returned' WHEN 'cancelled' THEN 'cancelled'
                 ELSE 'approved' END AS astate,
            (b.status IN ('approved', 'filed', 'posted') OR (b.open AND (b.step = 2 OR (b.step = 1 AND b.g % 2 = 0))))
              AS kontiert
       FROM bench b WHERE b.status NOT IN ('rejected', 'duplicate')`,
  );
  await db.query(
    `INSERT INTO approval_instances (invoice_id, tenant_id, policy_id, state, amount, currency, credit_note, seller_key,
       skonto_deadline, skonto_amount, due_deadline, kontierung_by, kontierung_at, started_at, finished_at)
     SELECT a.id, $1, $2, a.astate, a.gross, 'EUR', false, lower(a.vat),
            CASE WHEN a.skonto THEN a.until END, CASE WHEN a.skonto THEN a.discount END, a.due,
            CASE WHEN a.kontiert THEN ($3::uuid[])[11 + (a.g + 7) % 30] END,
            CASE WHEN a.kontiert THEN a.created_at + interval '1 day' END,
            a.created_at + interval '6 hours',
            CASE WHEN NOT a.open THEN a.created_at + interval '3 days' END
       FROM bench_a a`,
    [tenantId, policyId, otherIds],
  );
  // Three tasks each; who decided the done ones: Sachlich and Rechnerisch staff 11–40, the
  // Anordnung staff 1–10 (those with an Anordnungsbefugnis).
  await db.query(
    `INSERT INTO approval_tasks (tenant_id, invoice_id, step_index, step_key, step_kind, label, state, assignee_users,
       assignee_groups, assignee_roles, bulk_allowed, opened_at, held_question, decided_at, decided_by)
     SELECT $1, a.id, s.i, s.key, s.key, s.label, x.state, '{}',
            CASE WHEN s.i = 0 AND a.dept IS NOT NULL THEN ARRAY[($2::uuid[])[a.dept]] ELSE '{}' END,
            CASE WHEN s.i = 0 AND a.dept IS NOT NULL THEN '{}' ELSE ARRAY['approver'] END,
            s.i = 2,
            CASE WHEN x.state <> 'waiting' THEN a.created_at + interval '6 hours' + s.i * interval '1 day' END,
            CASE WHEN x.state = 'held' THEN 'Bitte den Lieferschein nachreichen.' END,
            CASE WHEN x.state = 'done' THEN a.created_at + interval '6 hours' + (s.i + 1) * interval '20 hours' END,
            CASE WHEN x.state = 'done' THEN
              CASE WHEN s.i = 2 THEN ($3::uuid[])[1 + (a.g + 27) % 10] ELSE ($3::uuid[])[11 + (a.g + 13 * s.i) % 30] END END
       FROM bench_a a
       CROSS JOIN (VALUES (0, 'sachlich', '{"de": "Sachlich richtig", "en": "Factually correct"}'::jsonb),
                          (1, 'rechnerisch', '{"de": "Rechnerisch richtig", "en": "Arithmetically correct"}'::jsonb),
                          (2, 'anordnung', '{"de": "Anordnung", "en": "Payment order"}'::jsonb)) AS s(i, key, label)
       CROSS JOIN LATERAL (SELECT CASE
                 WHEN a.astate = 'approved' THEN 'done'
                 WHEN a.astate = 'returned' THEN CASE WHEN s.i = 0 THEN 'done' ELSE 'cancelled' END
                 WHEN a.astate = 'cancelled' THEN 'cancelled'
                 WHEN s.i < a.step THEN 'done'
                 WHEN s.i = a.step THEN CASE WHEN a.held THEN 'held' ELSE 'open' END
                 ELSE 'waiting' END AS state) x`,
    [tenantId, groupIds, otherIds],
  );
  // Decisions: one per done task (approve, or the reject of a returned invoice), the Kontierung,
  // a hold for each held task, and a comment on one invoice in 20.
  await db.query(
    `INSERT INTO approval_decisions (tenant_id, invoice_id, task_id, step_key, step_kind, action, actor, actor_user_id,
       actor_name, policy_id, policy_version, reason, data, at)
     SELECT $1::uuid, t.invoice_id, t.id, t.step_key, t.step_kind,
            CASE WHEN a.astate = 'returned' THEN 'reject' ELSE 'approve' END,
            'user:' || t.decided_by, t.decided_by, u.display_name, $2::uuid, $3::int,
            CASE WHEN a.astate = 'returned' THEN 'Leistung nicht erbracht; bitte Gutschrift.' END, NULL, t.decided_at
       FROM approval_tasks t JOIN bench_a a ON a.id = t.invoice_id JOIN users u ON u.id = t.decided_by
      WHERE t.state = 'done'
     UNION ALL
     SELECT $1::uuid, a.id, NULL, NULL, NULL, 'kontierung', 'user:' || u.id, u.id, u.display_name, $2::uuid, $3::int, NULL,
            jsonb_build_object('lines', jsonb_build_array(jsonb_build_object('buchungsstelle', '1.1.1.01.5431', 'amount', a.gross::text))),
            a.created_at + interval '1 day'
       FROM bench_a a JOIN users u ON u.id = ($4::uuid[])[11 + (a.g + 7) % 30] WHERE a.kontiert
     UNION ALL
     SELECT $1::uuid, a.id, NULL, NULL, NULL, 'comment', 'user:' || u.id, u.id, u.display_name, $2::uuid, $3::int,
            'Rückfrage beim Fachamt erledigt.', NULL, a.created_at + interval '8 hours'
       FROM bench_a a JOIN users u ON u.id = ($4::uuid[])[11 + a.g % 30] WHERE a.g % 20 = 0
     UNION ALL
     SELECT $1::uuid, t.invoice_id, t.id, t.step_key, t.step_kind, 'hold', 'user:' || u.id, u.id, u.display_name, $2::uuid, $3::int,
            t.held_question, NULL, t.opened_at + interval '1 hour'
       FROM approval_tasks t JOIN bench_a a ON a.id = t.invoice_id JOIN users u ON u.id = ($4::uuid[])[11 + a.g % 30]
      WHERE t.state = 'held'`,
    [tenantId, policyId, policyVersion, otherIds],
  );
  // Kontierung: one line, or two on one invoice in four.
  await db.query(
    `INSERT INTO approval_kontierung (tenant_id, invoice_id, line_no, buchungsstelle, kostenstelle, investitionsnummer, amount)
     SELECT $1::uuid, a.id, 1, '1.1.' || (1 + a.g % 9) || '.0' || coalesce(a.dept, 1) % 10 || '.' || (5200 + a.g % 40),
            'KST-' || (100 + a.g % 30), NULL, CASE WHEN a.g % 4 = 0 THEN round(a.gross / 2, 2) ELSE a.gross END
       FROM bench_a a WHERE a.kontiert
     UNION ALL
     SELECT $1::uuid, a.id, 2, '1.1.' || (1 + a.g % 9) || '.0' || coalesce(a.dept, 1) % 10 || '.' || (5300 + a.g % 40),
            'KST-' || (100 + a.g % 30), NULL, a.gross - round(a.gross / 2, 2)
       FROM bench_a a WHERE a.kontiert AND a.g % 4 = 0`,
    [tenantId],
  );
  await db.query(
    `INSERT INTO domain_events (tenant_id, type, subject, payload, created_at)
     SELECT $1, 'invoice.' || a.astate, 'invoice:' || a.id,
            jsonb_build_object('invoiceId', a.id, 'policyVersion', $2::int), a.created_at + interval '3 days'
       FROM bench_a a WHERE a.astate IN ('approved', 'returned')`,
    [tenantId, policyVersion],
  );
  await db.query('COMMIT');
}
