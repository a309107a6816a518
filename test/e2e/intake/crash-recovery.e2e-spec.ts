/**
 * Nothing lost, nothing doubled: a load of submissions over all three channels (upload API,
 * IMAP mailbox, Peppol-like endpoint) while the worker process, then the api process, is
 * killed with SIGKILL at random moments and restarted, and while Redis itself is killed and
 * restarted. Clients retry as real ones do (same Idempotency-Key / SBDH instance id); mail
 * sits in the mailbox until it is taken in. At the end every submission is exactly one
 * invoice in a final state.
 *
 * The test runs its own redis-server (a throw-away one it may kill) and needs the test IMAP
 * server of scripts/services.sh.
 */
import { jest } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { leitwegCheckDigits } from '../../../src/modules/tenants/leitweg-id.js';
import { SecretBox } from '../../../src/modules/intake/mail/secret-box.js';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { waitFor } from '../../support/wait.js';
import { cliJson, ensureBuilt, freePort, type RunningProcess, startProcess } from '../../support/process.js';

jest.setTimeout(300_000);

const IMAP = {
  host: '127.0.0.1',
  port: Number(process.env.EINVOICE_TEST_IMAP_PORT ?? 10143),
  user: process.env.EINVOICE_TEST_IMAP_USER ?? 'intake@test.local',
  pass: process.env.EINVOICE_TEST_IMAP_PASSWORD ?? 'intake-test-secret',
};
const PER_CHANNEL = 12;
const LEITWEG = `04011000-77777-${leitwegCheckDigits('04011000', '77777')}`;
const run = randomBytes(4).toString('hex');
const FOLDER = `C-${run}`;

let db: TestDatabase;
let blobDir: string;
let dataDir: string;
let redisPort: number;
let redis: ChildProcess | undefined;
let env: Record<string, string>;
let api: RunningProcess | undefined;
let worker: RunningProcess | undefined;
let apiUrl: string;
let supplierKey: string;
let apKey: string;

async function startRedis(): Promise<void> {
  redis = spawn(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  await waitFor(
    'redis to answer',
    async () =>
      spawnSync('redis-cli', ['-p', String(redisPort), 'ping'], { encoding: 'utf8' }).stdout.trim() ===
      'PONG',
    120_000,
  );
}

function cli<T>(args: string[]): T {
  return cliJson<T>(args, env);
}

async function startApi(): Promise<void> {
  api = startProcess(['dist/main.js'], { ...env, PROCESS_ROLE: 'api' });
  await api.waitFor(/einvoice ready at/, 60_000);
}

async function startWorker(): Promise<void> {
  worker = startProcess(['dist/main.js'], { ...env, PROCESS_ROLE: 'worker' });
  await worker.waitFor(/einvoice worker ready/, 60_000);
}

async function kill(p: RunningProcess | undefined): Promise<void> {
  if (!p) return;
  p.child.kill('SIGKILL');
  await p.exited(10_000);
}

function imap(): ImapFlow {
  return new ImapFlow({
    host: IMAP.host,
    port: IMAP.port,
    secure: false,
    auth: { user: IMAP.user, pass: IMAP.pass },
    logger: false,
  });
}

const invoice = (number: string) =>
  buildUblInvoice({
    number,
    patch: (x) => x.replace(/<cbc:BuyerReference>[^<]*</, `<cbc:BuyerReference>${LEITWEG}<`),
  });

/** A client that retries until the platform acknowledged: what a supplier's system does. */
async function submitWithRetry(path: string, body: string, headers: Record<string, string>): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      const res = await fetch(`${apiUrl}${path}`, {
        method: 'POST',
        body,
        headers,
        signal: AbortSignal.timeout(10_000),
      });
      if (res.status === 202) return;
      if (res.status < 500 && res.status !== 429)
        throw new Error(`refused with ${res.status}: ${await res.text()}`);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('refused')) throw err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`could not submit to ${path}`);
}

function sbdh(instance: string, payload: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader">
  <StandardBusinessDocumentHeader><HeaderVersion>1.0</HeaderVersion>
    <Sender><Identifier Authority="iso6523-actorid-upis">0088:4000001000005</Identifier></Sender>
    <Receiver><Identifier Authority="iso6523-actorid-upis">0204:${LEITWEG}</Identifier></Receiver>
    <DocumentIdentification><Standard>urn:oasis:names:specification:ubl:schema:xsd:Invoice-2</Standard><TypeVersion>2.1</TypeVersion>
      <InstanceIdentifier>${instance}</InstanceIdentifier><Type>Invoice</Type><CreationDateAndTime>2026-11-21T10:00:00Z</CreationDateAndTime></DocumentIdentification>
  </StandardBusinessDocumentHeader>
${payload.replace(/^<\?xml[^>]*>\s*/, '')}
</StandardBusinessDocument>`;
}

beforeAll(async () => {
  ensureBuilt();
  const probe = imap();
  await probe.connect().catch((err: unknown) => {
    throw new Error(`the test IMAP server is not running: run scripts/services.sh ensure (${String(err)})`);
  });
  await probe.mailboxCreate(FOLDER);
  await probe.logout();

  db = await createTestDatabase();
  blobDir = mkdtempSync(join(tmpdir(), 'einvoice-crash-blobs-'));
  dataDir = mkdtempSync(join(tmpdir(), 'einvoice-crash-data-'));
  redisPort = await freePort();
  await startRedis();
  const mailKey = SecretBox.generateKey();
  env = {
    DATABASE_URL: db.url,
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    QUEUE_PREFIX: `crash-${run}`,
    EINVOICE_DATA_DIR: dataDir,
    BLOB_STORE_DIR: blobDir,
    MAIL_SECRET_KEY: mailKey,
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    MIGRATIONS_RUN: 'false',
    DEMO_SEED: 'false',
    LOG_LEVEL: 'info',
    IMAP_POLL_SECONDS: '1',
    JOBS_SWEEP_INTERVAL_SECONDS: '2',
    RATE_LIMIT_PER_MINUTE: '100000',
    // The test IMAP server listens on loopback, which the outbound guard refuses by default.
    OUTBOUND_ALLOW: '127.0.0.1',
  };
  apiUrl = `http://127.0.0.1:${env.PORT}`;
  const tenant = cli<{ id: string; slug: string }>([
    'tenant',
    'create',
    '--name',
    `Crashstadt ${run}`,
    '--leitweg-id',
    LEITWEG,
  ]);
  supplierKey = cli<{ key: string }>([
    'api-key',
    'create',
    '--tenant',
    tenant.slug,
    '--role',
    'supplier',
    '--name',
    'load',
  ]).key;
  apKey = cli<{ key: string }>([
    'api-key',
    'create',
    '--tenant',
    tenant.slug,
    '--role',
    'access-point',
    '--name',
    'ap',
  ]).key;
  await db.dataSource.query(
    `INSERT INTO mailboxes (tenant_id, name, host, port, secure, username, password_encrypted, folder, processed_folder, rejected_folder)
     VALUES ($1, 'crash', $2, $3, false, $4, $5, $6, $7, $8)`,
    [
      tenant.id,
      IMAP.host,
      IMAP.port,
      IMAP.user,
      SecretBox.fromBase64(mailKey).seal(IMAP.pass),
      FOLDER,
      `${FOLDER}-Processed`,
      `${FOLDER}-Rejected`,
    ],
  );
  await startApi();
  await startWorker();
}, 180_000);

afterAll(async () => {
  await kill(api);
  await kill(worker);
  redis?.kill('SIGKILL');
  const c = imap();
  await c.connect().catch(() => undefined);
  for (const f of [FOLDER, `${FOLDER}-Processed`, `${FOLDER}-Rejected`])
    await c.mailboxDelete(f).catch(() => undefined);
  await c.logout().catch(() => undefined);
  await db?.drop();
  for (const dir of [blobDir, dataDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

it('ends with exactly one final invoice per submission across crashes of worker, api and Redis', async () => {
  const expected: string[] = [];
  const submissions: Promise<void>[] = [];
  const mailer = imap();
  await mailer.connect();

  for (let i = 0; i < PER_CHANNEL; i++) {
    const up = `UP-${run}-${i}`;
    const pep = `PEP-${run}-${i}`;
    const mail = `MAIL-${run}-${i}`;
    expected.push(up, pep, mail);
    submissions.push(
      submitWithRetry('/api/v1/invoices', invoice(up), {
        authorization: `Bearer ${supplierKey}`,
        'content-type': 'application/xml',
        'idempotency-key': up,
      }),
      submitWithRetry('/peppol/inbound', sbdh(`inst-${pep}`, invoice(pep)), {
        authorization: `Bearer ${apKey}`,
        'content-type': 'application/xml',
      }),
    );
    const raw = await new MailComposer({
      from: 'load@lieferant.example',
      to: 'rechnung@crashstadt.example',
      subject: mail,
      messageId: `<${mail}@lieferant.example>`,
      attachments: [{ filename: `${mail}.xml`, content: invoice(mail), contentType: 'application/xml' }],
    })
      .compile()
      .build();
    await mailer.append(FOLDER, raw);

    // Chaos at random moments while the load is in flight.
    const roll = Math.random();
    if (i === 3 || (i > 3 && i < 6 && roll < 0.3)) {
      await kill(worker);
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 500)));
      await startWorker();
    }
    if (i === 6) {
      redis?.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 300));
      await startRedis();
    }
    if (i === 8) {
      await kill(api);
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 500)));
      await startApi();
    }
  }
  await mailer.logout();
  await Promise.all(submissions);

  await waitFor(
    'every submission to be one final invoice',
    async () => {
      const rows: Array<{ n: string; open: string }> = await db.dataSource.query(
        `SELECT count(*) AS n, count(*) FILTER (WHERE status IN ('received', 'extracted', 'validated')) AS open FROM invoices`,
      );
      return Number(rows[0].n) >= expected.length && Number(rows[0].open) === 0;
    },
    180_000,
  );
  const rows: Array<{ number: string; status: string }> = await db.dataSource.query(
    `SELECT number, status FROM invoices ORDER BY number`,
  );
  expect(rows.map((r) => r.number).sort()).toEqual([...expected].sort());
  expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['awaiting_approval']));
  // The raw store holds every message once; the database refers only to stored blobs.
  const messages: Array<{ n: string }> = await db.dataSource.query(
    `SELECT count(*) AS n FROM inbound_messages`,
  );
  expect(Number(messages[0].n)).toBe(expected.length);
});
