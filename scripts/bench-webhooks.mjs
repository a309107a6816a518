#!/usr/bin/env node
// Webhook benchmark (run `npm run build` first): the built app (dist/, role `all`) on a fresh
// database delivers postings to a local receiver (a plain HTTP server answering 204) through
// its real path: relay/sweep → job → claim (FOR UPDATE SKIP LOCKED) → signed POST through the
// outbound guard → state. Figures only (deliveries per second, delay from posting to delivery);
// it exits non-zero on errors (a posting not delivered, a signature that does not verify),
// never on slowness.
//
//   node scripts/bench-webhooks.mjs [--postings N] [--concurrency C] [--keep]
//
// `--concurrency` is JOBS_CONCURRENCY of the worker. The postings are inserted in one
// statement (copies of one document with their own ids) after the webhook is set up.
// Environment: BENCH_DATABASE_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/test),
//              BENCH_REDIS_URL (default redis://127.0.0.1:6379), BENCH_LOG_LEVEL (warn).
import { spawn, spawnSync } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(join(root, 'dist', 'main.js'))) {
  console.error('bench-webhooks: dist/ missing, run `npm run build` first');
  process.exit(2);
}
const { values } = parseArgs({
  options: {
    postings: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    keep: { type: 'boolean', default: false },
  },
});
const N = Number(values.postings);
const CONCURRENCY = Number(values.concurrency);
if (!(N >= 1) || !(CONCURRENCY >= 1)) {
  console.error('bench-webhooks: --postings >= 1, --concurrency >= 1');
  process.exit(2);
}
const adminUrl = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const { buildUblInvoice } = await import(join(root, 'dist', 'modules', 'validation', 'testing', 'invoice-factory.js'));
const { leitwegCheckDigits } = await import(join(root, 'dist', 'modules', 'tenants', 'leitweg-id.js'));
const log = (line) => console.error(`[bench-webhooks] ${line}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

// ---- The receiver: counts, verifies one signature in 50 -----------------------------------
const secret = `whsec_${randomBytes(32).toString('base64')}`;
const key = Buffer.from(secret.slice(6), 'base64');
const seen = new Map();
let requests = 0;
let badSignatures = 0;
const receiver = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    requests++;
    const id = req.headers['webhook-id'];
    if (requests % 50 === 1) {
      const body = Buffer.concat(chunks).toString('utf8');
      const mac = createHmac('sha256', key).update(`${id}.${req.headers['webhook-timestamp']}.${body}`).digest('base64');
      if (req.headers['webhook-signature'] !== `v1,${mac}`) badSignatures++;
    }
    seen.set(id, (seen.get(id) ?? 0) + 1);
    res.writeHead(204).end();
  });
});
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
const receiverPort = receiver.address().port;

// ---- Database, tenant, keys --------------------------------------------------------------
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
  OUTBOUND_ALLOW: `127.0.0.1:${receiverPort}`,
  JOBS_CONCURRENCY: String(CONCURRENCY),
  POSTINGS_WEBHOOK_POLL_MS: '200',
};
const cli = (args) => {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args, '--json'], { cwd: root, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`einvoice ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout);
};

let app;
let db;
let failed = false;
try {
  log(`database ${dbName}: migrating`);
  cli(['migration', 'run']);
  const leitweg = `05315000-24680-${leitwegCheckDigits('05315000', '24680')}`;
  const tenant = cli(['tenant', 'create', '--name', 'Benchstadt', '--kind', 'municipality', '--leitweg-id', leitweg]);
  const supplierKey = cli(['api-key', 'create', '--tenant', tenant.slug, '--role', 'supplier', '--name', 'bench']).key;
  const finance = cli(['api-key', 'create', '--tenant', tenant.slug, '--role', 'finance', '--name', 'finance']);
  const financeId = finance.apiKey?.id ?? finance.id;

  app = spawn(process.execPath, ['dist/main.js'], {
    cwd: root,
    env: { ...env, PROCESS_ROLE: 'all', MIGRATIONS_RUN: 'false' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (;;) {
    if (await fetch(`http://127.0.0.1:${port}/health/live`).then((r) => r.ok, () => false)) break;
    if (app.exitCode !== null) throw new Error(`app exited ${app.exitCode}`);
    await sleep(100);
  }
  // One invoice through intake: the postings refer to it.
  const xml = buildUblInvoice({ number: 'BENCH-1', buyerReference: leitweg });
  const up = await fetch(`http://127.0.0.1:${port}/api/v1/invoices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${supplierKey}`, 'content-type': 'application/xml' },
    body: xml,
  });
  if (!up.ok) throw new Error(`upload answered ${up.status}: ${await up.text()}`);
  const uploaded = await up.json();
  const invoiceId = uploaded.invoices?.[0]?.id ?? uploaded.id;

  db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  await db.query(
    `INSERT INTO posting_webhooks (api_key_id, tenant_id, url, secret) VALUES ($1, $2, $3, $4)`,
    [financeId, tenant.id, `http://127.0.0.1:${receiverPort}/hook`, secret],
  );
  const document = {
    kind: 'posting',
    reverses: null,
    invoice: { id: invoiceId, number: 'BENCH-1', issueDate: '2026-03-15', typeCode: '380', creditNote: false, buyerReference: leitweg, purchaseOrder: null },
    creditor: { name: 'Bench GmbH', street: null, postcode: null, city: null, country: 'DE', vatId: null, taxNumber: null, iban: null, bic: null, creditorNumber: null },
    currency: 'EUR',
    totals: { net: '100.00', vat: '19.00', gross: '119.00', due: '119.00' },
    vat: [{ category: 'S', rate: '19.00', net: '100.00', vat: '19.00' }],
    kontierung: [{ line: 1, buchungsstelle: '11101.4930', kostenstelle: 'KST-1', investitionsnummer: null, amount: '119.00' }],
    dueDate: '2026-04-14',
    skonto: null,
    leitwegId: leitweg,
    record: null,
    approval: { policyId: randomUUID(), policyVersion: 1, approvers: [] },
  };
  await sleep(50); // the webhook predates every posting
  log(`inserting ${N} postings`);
  const t0 = Date.now();
  await db.query(
    `INSERT INTO postings (id, tenant_id, invoice_id, kind, currency, gross, document)
     SELECT id, $1::uuid, $2::uuid, 'posting', 'EUR', 119.00,
            $3::jsonb || jsonb_build_object('id', id, 'tenantId', $1::text, 'createdAt', now())
       FROM (SELECT gen_random_uuid() AS id FROM generate_series(1, $4)) g`,
    [tenant.id, invoiceId, JSON.stringify(document), N],
  );
  let delivered = 0;
  for (;;) {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM posting_deliveries WHERE state = 'delivered'`);
    delivered = rows[0].n;
    if (delivered >= N) break;
    if (Date.now() - t0 > 10 * 60_000) throw new Error(`only ${delivered} of ${N} delivered after 10 minutes`);
    await sleep(100);
  }
  const seconds = (Date.now() - t0) / 1000;
  const { rows: lat } = await db.query(
    `SELECT percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM d.delivered_at - p.created_at)) AS q,
            max(d.attempts) AS max_attempts
       FROM posting_deliveries d JOIN postings p ON p.id = d.posting_id`,
  );
  const [p50, p95, p99] = lat[0].q.map((x) => Number(x).toFixed(2));
  const duplicates = [...seen.values()].filter((n) => n > 1).length;
  if (badSignatures > 0) {
    failed = true;
    log(`${badSignatures} signature(s) did not verify`);
  }
  console.log(
    `postings ${N}, worker concurrency ${CONCURRENCY}: ${(N / seconds).toFixed(1)} deliveries/s ` +
      `(${seconds.toFixed(1)} s for all); posting → delivered p50 ${p50} s, p95 ${p95} s, p99 ${p99} s; ` +
      `requests ${requests}, duplicates ${duplicates}, max attempts ${lat[0].max_attempts}`,
  );
  console.log(
    JSON.stringify({
      bench: 'webhooks',
      postings: N,
      concurrency: CONCURRENCY,
      deliveriesPerSecond: Number((N / seconds).toFixed(1)),
      seconds: Number(seconds.toFixed(2)),
      delaySeconds: { p50: Number(p50), p95: Number(p95), p99: Number(p99) },
      requests,
      duplicates,
    }),
  );
} catch (err) {
  failed = true;
  console.error(`[bench-webhooks] ${err instanceof Error ? err.stack : String(err)}`);
} finally {
  if (app && app.exitCode === null) await new Promise((r) => (app.once('exit', r), app.kill('SIGTERM')));
  await db?.end().catch(() => undefined);
  receiver.close();
  if (!values.keep) {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  } else log(`kept database ${dbName}`);
  await admin.end();
}
process.exit(failed ? 1 : 0);
