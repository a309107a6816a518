/**
 * At least once, never twice after success: the process that answers a returned invoice is
 * killed (SIGKILL) after the supplier's mail server took the mail and before the answer
 * was recorded. Restarted, it answers again — the supplier may read the return twice, but
 * never not at all — and once the answer is recorded, nothing is sent again.
 *
 * A real process from dist/main.js, PostgreSQL, Redis, and an in-process smtp-server that
 * kills the process the moment it has the mail's data, before it replies.
 */
import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { InvoiceRepository } from '../../../src/modules/invoices/invoice.repository.js';
import { leitwegCheckDigits } from '../../../src/modules/tenants/leitweg-id.js';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import { deleteRedisKeys, TEST_REDIS_URL } from '../../support/app.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { cliJson, ensureBuilt, freePort, type RunningProcess, startProcess } from '../../support/process.js';
import { waitFor } from '../../support/wait.js';

jest.setTimeout(240_000);

const run = randomBytes(4).toString('hex');
const LEITWEG = `04011000-${run.slice(0, 5).toUpperCase()}-${leitwegCheckDigits('04011000', run.slice(0, 5).toUpperCase())}`;
const TO = `crash-${run}@lieferant.example`;

let db: TestDatabase;
let dataDir: string;
let env: Record<string, string>;
let app: RunningProcess | undefined;
let smtp: SMTPServer;
const received: string[] = [];
/** Kill the process when the next return mail arrives (before answering the SMTP DATA). */
let killOnNextReturn = true;

async function start(): Promise<void> {
  app = startProcess(['dist/main.js'], env);
  await app.waitFor(/einvoice ready at/, 60_000);
}

async function kill(): Promise<void> {
  if (!app) return;
  if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
  await app.exited(10_000);
}

beforeAll(async () => {
  ensureBuilt();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, done) {
      void simpleParser(stream).then((m) => {
        const subject = m.subject ?? '';
        if (!subject.startsWith('Rechnung zurückgewiesen')) return done();
        received.push(m.text ?? '');
        if (killOnNextReturn) {
          killOnNextReturn = false;
          // The supplier has the mail; the sender dies before it hears "250 OK".
          app?.child.kill('SIGKILL');
          return;
        }
        done();
      }, done);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  db = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'einvoice-return-crash-'));
  const port = await freePort();
  env = {
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: `return-crash-${run}`,
    EINVOICE_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    PROCESS_ROLE: 'all',
    MIGRATIONS_RUN: 'false',
    DEMO_SEED: 'false',
    LOG_LEVEL: 'info',
    JOBS_SWEEP_INTERVAL_SECONDS: '1',
    SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
  };
  await start();
}, 180_000);

afterAll(async () => {
  await kill();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await deleteRedisKeys(TEST_REDIS_URL, `return-crash-${run}:*`).catch(() => undefined);
  await db?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it('answers a return again after a crash between sending and recording, then never again', async () => {
  const tenant = cliJson<{ id: string; slug: string }>(
    ['tenant', 'create', '--name', `Absturzstadt ${run}`, '--leitweg-id', LEITWEG],
    env,
  );
  const key = cliJson<{ key: string }>(
    ['api-key', 'create', '--tenant', tenant.slug, '--role', 'supplier', '--name', 'lieferant'],
    env,
  ).key;
  const res = await fetch(`http://127.0.0.1:${env.PORT}/api/v1/invoices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml', 'x-answer-to': TO },
    body: buildUblInvoice({
      number: `CRASH-${run}`,
      patch: (x) => x.replace(/<cbc:BuyerReference>[^<]*</, `<cbc:BuyerReference>${LEITWEG}<`),
    }),
  });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  const invoices = new InvoiceRepository(db.dataSource);
  await waitFor('the invoice to await approval', async () =>
    (await invoices.get(tenant.id, id))?.status === 'awaiting_approval' ? true : undefined,
  );

  // The approval core returns it; its enqueue is the recovery sweep's job here.
  expect(
    await invoices.transition(
      tenant.id,
      id,
      'awaiting_approval',
      'returned',
      'user:approver',
      {},
      {
        reason: 'Doppelt berechnet.',
        step: 'rechnerisch',
        by: 'Max Prüfer',
      },
    ),
  ).toBe(true);

  await waitFor('the first return mail and the crash', async () => (await app!.exited(10)) !== undefined);
  expect(received).toHaveLength(1);
  const answered = async (): Promise<number> => {
    const rows = await db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM supplier_returns WHERE invoice_id = $1`,
      [id],
    );
    return rows[0].n;
  };
  expect(await answered()).toBe(0);

  await start();
  await waitFor('the return mail again', async () => received.length === 2, 120_000);
  await waitFor('the answer to be recorded', async () => (await answered()) === 1, 30_000);
  expect(received[1]).toContain('Doppelt berechnet.');
  // Recorded: further sweeps send nothing.
  await new Promise((r) => setTimeout(r, 3_000));
  expect(received).toHaveLength(2);
});
