/**
 * A worker killed (SIGKILL) in the middle of filing a Vorgang: some documents stored, the
 * Vorgang not yet filed. A worker started afterwards completes the filing from the database
 * (the sweep), and the Vorgang ends with exactly one set of documents, each matching its hash.
 *
 * The api (approvals) runs in the test process with role `api`; the filing runs in real
 * worker processes from dist/main.js on the same database, queue and raw store. To kill the
 * worker at a known point, a trigger added for this test holds the third document's insert
 * for a few seconds.
 */
import { jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { ApprovalService } from '../../../src/modules/approval/approval.service.js';
import { InvoiceRepository } from '../../../src/modules/invoices/invoice.repository.js';
import { RecordsService } from '../../../src/modules/records/records.service.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { ensureBuilt, type RunningProcess, startProcess } from '../../support/process.js';
import { waitFor } from '../../support/wait.js';
import { call } from '../../integration/auth/identity-context.js';
import {
  type ApprovalFixture,
  type Person,
  approvalFixture,
} from '../../integration/approval/approval-context.js';

jest.setTimeout(240_000);

let t: TestApp;
let f: ApprovalFixture;
let a: Person;
let b: Person;
const workers: RunningProcess[] = [];

async function startWorker(): Promise<RunningProcess> {
  const w = startProcess(['dist/main.js'], {
    DATABASE_URL: t.db.url,
    REDIS_URL: t.config.redisUrl ?? '',
    QUEUE_PREFIX: t.queuePrefix,
    EINVOICE_DATA_DIR: t.config.dataDir,
    PROCESS_ROLE: 'worker',
    MIGRATIONS_RUN: 'false',
    DEMO_SEED: 'false',
    LOG_LEVEL: 'info',
    JOBS_SWEEP_INTERVAL_SECONDS: '1',
  });
  workers.push(w);
  await w.waitFor(/einvoice worker ready/, 60_000);
  return w;
}

beforeAll(async () => {
  ensureBuilt();
  t = await startTestApp({ PROCESS_ROLE: 'api' });
  await startWorker();
  f = await approvalFixture(t);
  a = await f.person('Anna Feststellerin', ['approver']);
  b = await f.person('Bernd Anordner', ['approver']);
  await f.usePolicy({ preset: 'kommune-thueringen' });
  await f.limit(b, 'anordnung', '5000.00');
}, 180_000);

afterAll(async () => {
  for (const w of workers) {
    if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await w.exited(10_000).catch(() => undefined);
  }
  await t?.close();
});

it('completes a filing cut off by a killed worker to exactly one set of documents', async () => {
  const ds = t.db.dataSource;
  await ds.query(`
    CREATE FUNCTION test_hold_third_document() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF NEW.position = 3 THEN PERFORM pg_sleep(4); END IF;
      RETURN NEW;
    END
    $fn$`);
  await ds.query(`CREATE TRIGGER tr_test_hold_third_document AFTER INSERT ON record_documents
                    FOR EACH ROW EXECUTE FUNCTION test_hold_third_document()`);

  const id = await f.invoice([10000]);
  const decide = (who: Person, body: unknown) =>
    call(t.url, 'POST', `/api/v1/approval/invoices/${id}/decisions`, { bearer: who.token, body });
  const gross = (await t.app.get(ApprovalService).state(f.adminPrincipal, id)).instance.amount;
  expect((await decide(a, { action: 'approve' })).status).toBe(200);
  const k = await call(t.url, 'PUT', `/api/v1/approval/invoices/${id}/kontierung`, {
    bearer: a.token,
    body: { lines: [{ buchungsstelle: '11101.5431000', kostenstelle: 'KST-100', amount: gross }] },
  });
  expect(k.status).toBe(200);
  expect((await decide(a, { action: 'approve' })).status).toBe(200);
  expect((await decide(b, { action: 'approve' })).body).toMatchObject({ invoiceStatus: 'approved' });

  // The worker has stored two documents and waits in the third insert: kill it there.
  const stored = async () =>
    (
      await ds.query<{ n: number; filed: boolean }[]>(
        `SELECT count(d.id)::int AS n, bool_or(v.filed_at IS NOT NULL) AS filed
           FROM record_vorgaenge v LEFT JOIN record_documents d ON d.vorgang_id = v.id
          WHERE v.invoice_id = $1 GROUP BY v.id`,
        [id],
      )
    )[0];
  await waitFor('two documents stored', async () => ((await stored())?.n ?? 0) >= 2 || undefined, 60_000);
  workers[0].child.kill('SIGKILL');
  await workers[0].exited(10_000);
  const cut = await stored();
  expect(cut.filed).toBe(false);
  expect(cut.n).toBe(2);
  const invoices = t.app.get(InvoiceRepository);
  expect((await invoices.get(f.tenant.id, id))?.status).toBe('approved');

  // Restarted (without the hold), the sweep finds the unfiled Vorgang and completes it.
  await ds.query(`DROP TRIGGER tr_test_hold_third_document ON record_documents`);
  await startWorker();
  await waitFor(
    'filed',
    async () => (await invoices.get(f.tenant.id, id))?.status === 'filed' || undefined,
    120_000,
  );

  const records = t.app.get(RecordsService);
  const v = (await records.vorgangOfInvoice(f.tenant.id, id))!;
  const vorgaenge = await ds.query(`SELECT id FROM record_vorgaenge WHERE invoice_id = $1`, [id]);
  expect(vorgaenge).toHaveLength(1);
  const keys = v.documents.map((d) => `${d.kind}/${d.name}`);
  expect(new Set(keys).size).toBe(keys.length);
  expect(v.documents.map((d) => d.position)).toEqual(v.documents.map((_, i) => i + 1));
  expect(new Set(v.documents.map((d) => d.kind))).toEqual(
    new Set([
      'invoice-original',
      'inbound-message',
      'validation-report-html',
      'validation-report-json',
      'invoice-rendering',
      'laufzettel-json',
      'laufzettel-pdf',
      'anordnung',
    ]),
  );
  for (const d of v.documents) {
    const { content } = await records.documentContent(f.tenant.id, d.id);
    expect(createHash('sha256').update(content).digest('hex')).toBe(d.sha256);
  }
});
