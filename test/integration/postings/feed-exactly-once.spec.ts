/**
 * The pull feed's promise under concurrency (POSTINGS.md § 3.4, "the PostgreSQL trap"):
 * postings are created by many transactions at once that take their sequence positions in
 * one order and commit in another (each sleeps a random while before committing), while two
 * consumers pull through HTTP with random page sizes, now and then "crash" (drop what they
 * received after a stored cursor) and resume from a randomly chosen cursor they stored. In
 * the end each consumer has every posting exactly once, in the feed's order.
 *
 * A second, smaller run goes through real approvals: the last approvals of several invoices
 * are given at the same time while a consumer pulls.
 */
import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/database/data-source.js';
import { withTenant } from '../../../src/database/tenant-transaction.js';
import { IntakeService } from '../../../src/modules/intake/intake.service.js';
import type { Posting } from '../../../src/modules/postings/posting.js';
import { PostingsRepository } from '../../../src/modules/postings/postings.repository.js';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import { type TestApp, startTestApp } from '../../support/app.js';
import { call, IdentityContext } from '../auth/identity-context.js';
import { approvalFixture, netForGross } from '../approval/approval-context.js';

jest.setTimeout(180_000);

/** A seeded generator, so that a failing run can be repeated (the seed is in the message). */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function postingOf(tenantId: string, invoiceId: string, n: number): Posting {
  return {
    id: randomUUID(),
    tenantId,
    kind: 'posting',
    reverses: null,
    createdAt: new Date().toISOString(),
    invoice: {
      id: invoiceId,
      number: `LAST-${n}`,
      issueDate: '2026-11-01',
      typeCode: '380',
      creditNote: false,
      buyerReference: null,
      purchaseOrder: null,
    },
    creditor: {
      name: 'Last GmbH',
      street: null,
      postcode: null,
      city: null,
      country: 'DE',
      vatId: null,
      taxNumber: null,
      iban: null,
      bic: null,
      creditorNumber: null,
    },
    currency: 'EUR',
    totals: { net: '1.00', vat: '0.19', gross: '1.19', due: '1.19' },
    vat: [{ category: 'S', rate: '19.00', net: '1.00', vat: '0.19' }],
    kontierung: [],
    dueDate: null,
    skonto: null,
    leitwegId: null,
    record: null,
    approval: { policyId: randomUUID(), policyVersion: 1, approvers: [] },
  };
}

interface Consumer {
  readonly name: string;
  /** What the consumer has durably processed, in order. */
  log: string[];
  /** Cursors it stored, with how much of the log they stand for. */
  stored: Array<{ cursor: string | undefined; length: number }>;
  cursor: string | undefined;
  crashes: number;
  pages: number;
}

describe('feed: exactly once, in order, under concurrent out-of-order commits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1000000', LOGIN_RATE_LIMIT_PER_MINUTE: '100000' });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** One pull; on a "crash" the consumer forgets everything after a randomly chosen stored cursor. */
  async function step(c: Consumer, key: string, rnd: () => number, mayCrash: boolean): Promise<number> {
    const limit = 1 + Math.floor(rnd() * (rnd() < 0.5 ? 50 : 1000));
    const res = await call(
      t.url,
      'GET',
      `/api/v1/postings?limit=${limit}${c.cursor ? `&after=${c.cursor}` : ''}`,
      {
        bearer: key,
      },
    );
    if (res.status !== 200)
      throw new Error(`${c.name}: feed answered ${res.status} ${JSON.stringify(res.body)}`);
    const page = res.body.postings as Posting[];
    c.pages++;
    c.log.push(...page.map((p) => p.id));
    c.cursor = res.body.next;
    c.stored.push({ cursor: c.cursor, length: c.log.length });
    if (mayCrash && rnd() < 0.04) {
      const back = c.stored[Math.floor(rnd() * c.stored.length)];
      c.log.length = back.length;
      c.cursor = back.cursor;
      c.stored = c.stored.filter((s) => s.length <= back.length);
      c.crashes++;
    }
    return page.length;
  }

  /**
   * Pulls until the writers are done and the consumer holds as many postings as were
   * committed. Crashes happen only while the writers write: a crash afterwards would re-read
   * from an old cursor and so mend a posting the feed skipped, hiding the very fault this
   * test looks for. The consumer then gets a bounded number of polls to catch up (another
   * transaction in the cluster may hold the feed's horizon back for a moment).
   */
  async function consume(
    c: Consumer,
    key: string,
    rnd: () => number,
    done: () => boolean,
    total: () => number,
  ) {
    let idleAfterDone = 0;
    for (;;) {
      const writersDone = done();
      const got = await step(c, key, rnd, !writersDone);
      if (writersDone && c.log.length >= total()) return;
      if (got > 0) continue;
      if (writersDone && ++idleAfterDone > 1500)
        throw new Error(`${c.name} did not catch up: ${c.log.length} of ${total()} postings`);
      await sleep(writersDone ? 10 : 5);
    }
  }

  const consumer = (name: string): Consumer => ({
    name,
    log: [],
    stored: [{ cursor: undefined, length: 0 }],
    cursor: undefined,
    crashes: 0,
    pages: 0,
  });

  it('10,000 postings from concurrent transactions reach two crashing consumers exactly once, in order', async () => {
    const seed = Date.now() % 1_000_000;
    const identity = new IdentityContext(t.app);
    const tenant = await identity.newTenant('Gemeinde Last');
    const key = (await identity.newApiKey(tenant.tenant.id, 'finance')).key;
    const xml = Buffer.from(buildUblInvoice({ number: 'LAST-1' }));
    const submitted = await t.app.get(IntakeService).submit(tenant.tenant.id, {
      channel: 'upload',
      raw: xml,
      rawContentType: 'application/xml',
      documents: [{ content: xml, fileName: 'last.xml', contentType: 'application/xml' }],
      sender: `api-key:${tenant.apiKey.id}`,
    });
    const invoiceId = submitted.invoices[0].id;

    const N = 10_000;
    const WRITERS = 12;
    // Writers get their own pool: one connection per concurrent transaction.
    const ds: DataSource = createDataSource(t.db.url, {
      applicationName: 'einvoice-test-writers',
      poolSize: WRITERS,
    });
    await ds.initialize();
    const repo = new PostingsRepository(ds);
    let next = 0;
    let committed = 0;
    let writersDone = false;
    const writer = async (w: number) => {
      const wr = random(seed * 31 + w);
      while (next < N) {
        const k = Math.min(N - next, 1 + Math.floor(wr() * 20));
        next += k;
        await withTenant(ds, tenant.tenant.id, async (m) => {
          for (let i = 0; i < k; i++) await repo.insert(m, postingOf(tenant.tenant.id, invoiceId, i));
          // Positions are taken; the commit comes later, after other transactions' commits.
          if (wr() < 0.2) await sleep(Math.floor(wr() * 8));
        });
        committed += k;
      }
    };
    const a = consumer('A');
    const b = consumer('B');
    try {
      const writing = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w))).then(() => {
        writersDone = true;
      });
      await Promise.all([
        writing,
        consume(
          a,
          key,
          random(seed + 1),
          () => writersDone,
          () => committed,
        ),
        consume(
          b,
          key,
          random(seed + 2),
          () => writersDone,
          () => committed,
        ),
      ]);
    } finally {
      await ds.destroy();
    }

    const expected: string[] = (
      await t.db.dataSource.query(`SELECT id FROM postings WHERE tenant_id = $1 ORDER BY feed_position`, [
        tenant.tenant.id,
      ])
    ).map((r: { id: string }) => r.id);
    expect(expected).toHaveLength(N);
    for (const c of [a, b]) {
      const info = `seed ${seed}, consumer ${c.name}: ${c.pages} pages, ${c.crashes} crashes`;
      expect({ info, count: c.log.length, unique: new Set(c.log).size }).toEqual({
        info,
        count: N,
        unique: N,
      });
      expect({ info, inOrder: c.log.every((id, i) => id === expected[i]) }).toEqual({ info, inOrder: true });
    }
    // The run really had out-of-order commits and crashes (else it proved little).
    expect(a.crashes + b.crashes).toBeGreaterThan(0);
  });

  it('postings of approvals completed at the same time reach a consumer exactly once, in order', async () => {
    const f = await approvalFixture(t);
    const anna = await f.person('Anna Feststellerin', ['approver']);
    const bernd = await f.person('Bernd Anordner', ['approver']);
    await f.usePolicy({ preset: 'kommune-thueringen' });
    await f.limit(bernd, 'anordnung', null);
    const key = (await new IdentityContext(t.app).newApiKey(f.tenant.id, 'finance')).key;
    const decide = (token: string, id: string, body: unknown) =>
      call(t.url, 'POST', `/api/v1/approval/invoices/${id}/decisions`, { bearer: token, body });
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const id = await f.invoice([netForGross(11900 + i * 100)]);
      const gross = (await call(t.url, 'GET', `/api/v1/approval/invoices/${id}`, { bearer: anna.token })).body
        .instance.amount as string;
      expect((await decide(anna.token, id, { action: 'approve' })).status).toBe(200);
      await call(t.url, 'PUT', `/api/v1/approval/invoices/${id}/kontierung`, {
        bearer: anna.token,
        body: { lines: [{ buchungsstelle: '11101.5431000', amount: gross }] },
      });
      expect((await decide(anna.token, id, { action: 'approve' })).status).toBe(200);
      ids.push(id);
    }
    const c = consumer('C');
    let approving = true;
    const rnd = random(7);
    await Promise.all([
      Promise.all(ids.map((id) => decide(bernd.token, id, { action: 'approve' }))).then((rs) => {
        approving = false;
        for (const r of rs) expect(r.status).toBe(200);
      }),
      consume(
        c,
        key,
        rnd,
        () => !approving,
        () => ids.length,
      ),
    ]);
    const expected: Array<{ id: string; invoice_id: string }> = await t.db.dataSource.query(
      `SELECT id, invoice_id FROM postings WHERE tenant_id = $1 ORDER BY feed_position`,
      [f.tenant.id],
    );
    expect(new Set(expected.map((r) => r.invoice_id))).toEqual(new Set(ids));
    expect(c.log).toEqual(expected.map((r) => r.id));
  });
});
