/**
 * Postings against the real application and database: the posting an approval creates (with
 * its Kontierung, approvers, amounts and creditor number), none for a refused approval, the
 * pull feed and its cursors (also when transactions commit out of sequence order), the
 * acknowledgements, the creditor master, the admin's overdue list and the reversal.
 */
import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { withTenant } from '../../../src/database/tenant-transaction.js';
import { ApprovalHooks } from '../../../src/modules/approval/approval-hooks.js';
import { AuditService } from '../../../src/modules/audit/audit.service.js';
import { POSTING_ACKS, type PostingAcks } from '../../../src/modules/postings/export/posting-acks.js';
import type { Posting } from '../../../src/modules/postings/posting.js';
import { PostingsRepository } from '../../../src/modules/postings/postings.repository.js';
import { InvoiceRepository } from '../../../src/modules/invoices/invoice.repository.js';
import { type TestApp, startTestApp } from '../../support/app.js';
import { call, IdentityContext } from '../auth/identity-context.js';
import {
  type ApprovalFixture,
  type Person,
  approvalFixture,
  netForGross,
} from '../approval/approval-context.js';

jest.setTimeout(120_000);

describe('postings', () => {
  let t: TestApp;
  let f: ApprovalFixture;
  let a: Person;
  let b: Person;
  let finance: string;
  let otherFinance: string;

  const decide = (who: { token: string }, id: string, body: unknown) =>
    call(t.url, 'POST', `/api/v1/approval/invoices/${id}/decisions`, { bearer: who.token, body });
  const kontieren = (who: { token: string }, id: string, lines: unknown) =>
    call(t.url, 'PUT', `/api/v1/approval/invoices/${id}/kontierung`, { bearer: who.token, body: { lines } });
  const feed = (key: string, query = '') => call(t.url, 'GET', `/api/v1/postings${query}`, { bearer: key });
  const ds = () => t.app.get(DataSource);
  const postingsOf = async (invoiceId: string): Promise<Array<{ kind: string; document: Posting }>> =>
    ds().query(`SELECT kind, document FROM postings WHERE invoice_id = $1 ORDER BY feed_position`, [
      invoiceId,
    ]);

  /** Sachlich + rechnerisch by A with a two-line Kontierung; returns the gross amount. */
  async function certify(id: string): Promise<string> {
    const gross = (await call(t.url, 'GET', `/api/v1/approval/invoices/${id}`, { bearer: a.token })).body
      .instance.amount as string;
    expect((await decide(a, id, { action: 'approve' })).status).toBe(200);
    const half = (Number(gross) / 2).toFixed(2);
    const rest = (Number(gross) - Number(half)).toFixed(2);
    const k = await kontieren(a, id, [
      { buchungsstelle: '11101.5431000', kostenstelle: 'KST-100', amount: half },
      { buchungsstelle: '11101.5431000', kostenstelle: 'KST-200', amount: rest },
    ]);
    expect(k.status).toBe(200);
    expect((await decide(a, id, { action: 'approve' })).status).toBe(200);
    return gross;
  }

  /** A posting of an existing invoice written straight through the repository (as the hook does). */
  async function insertPosting(
    tenantId: string,
    invoiceId: string,
    createdAt = new Date(),
  ): Promise<Posting> {
    const posting: Posting = {
      id: randomUUID(),
      tenantId,
      kind: 'posting',
      reverses: null,
      createdAt: createdAt.toISOString(),
      invoice: {
        id: invoiceId,
        number: 'X-1',
        issueDate: '2026-01-01',
        typeCode: '380',
        creditNote: false,
        buyerReference: null,
        purchaseOrder: null,
      },
      creditor: {
        name: 'Direkt GmbH',
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
      totals: { net: '10.00', vat: '1.90', gross: '11.90', due: '11.90' },
      vat: [{ category: 'S', rate: '19.00', net: '10.00', vat: '1.90' }],
      kontierung: [],
      dueDate: null,
      skonto: null,
      leitwegId: null,
      record: null,
      approval: { policyId: randomUUID(), policyVersion: 1, approvers: [] },
    };
    await withTenant(ds(), tenantId, (m) => t.app.get(PostingsRepository).insert(m, posting));
    return posting;
  }

  /** Pulls the whole feed from the start (or `after`), page by page. */
  async function pullAll(
    key: string,
    limit = 1000,
    after?: string,
  ): Promise<{ postings: Posting[]; next: string }> {
    const all: Posting[] = [];
    let cursor = after;
    for (;;) {
      const res = await feed(key, `?limit=${limit}${cursor ? `&after=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      all.push(...res.body.postings);
      if (res.body.postings.length === 0) return { postings: all, next: res.body.next ?? cursor };
      cursor = res.body.next;
    }
  }

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_PER_MINUTE: '100000' });
    f = await approvalFixture(t);
    a = await f.person('Anna Feststellerin', ['approver']);
    b = await f.person('Bernd Anordner', ['approver']);
    await f.usePolicy({ preset: 'kommune-thueringen' });
    await f.limit(b, 'anordnung', '5000.00');
    const identity = new IdentityContext(t.app);
    finance = (await identity.newApiKey(f.tenant.id, 'finance')).key;
    const other = await identity.newTenant('Gemeinde Anderswo');
    otherFinance = (await identity.newApiKey(other.tenant.id, 'finance')).key;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates exactly one posting when the approval completes, with Kontierung, approvers, amounts and creditor number', async () => {
    const pushed = await call(t.url, 'PUT', '/api/v1/postings/creditors', {
      bearer: finance,
      body: { creditors: [{ creditorNumber: 'K-70001', name: 'Muster Lieferant', vatId: 'DE 123 456 789' }] },
    });
    expect(pushed.status).toBe(200);
    expect(pushed.body).toMatchObject({ mode: 'merge', entries: 1, created: 1 });

    const id = await f.invoice([netForGross(119000), netForGross(23800)], {
      paymentTerms: '#SKONTO#TAGE=14#PROZENT=2.00#\n',
    });
    const gross = await certify(id);
    expect(await postingsOf(id)).toHaveLength(0);
    const ok = await decide(b, id, { action: 'approve' });
    expect(ok.status).toBe(200);
    expect(ok.body.invoiceStatus).toBe('approved');

    const rows = await postingsOf(id);
    expect(rows).toHaveLength(1);
    const p = rows[0].document;
    const inv = (await t.app.get(InvoiceRepository).get(f.tenant.id, id))!;
    expect(p).toMatchObject({
      kind: 'posting',
      tenantId: f.tenant.id,
      invoice: { id, number: inv.number, typeCode: '380', creditNote: false, buyerReference: f.leitwegId },
      creditor: {
        name: 'Musterlieferant GmbH',
        vatId: 'DE123456789',
        iban: 'DE02120300000000202051',
        city: 'Musterstadt',
        creditorNumber: 'K-70001',
      },
      currency: 'EUR',
      totals: { gross, due: gross },
      leitwegId: f.leitwegId,
      dueDate: '2026-04-01',
      skonto: { percent: '2.00' },
    });
    expect(p.kontierung.map((k) => [k.kostenstelle, k.amount])).toEqual([
      ['KST-100', (Number(gross) / 2).toFixed(2)],
      ['KST-200', (Number(gross) - Number((Number(gross) / 2).toFixed(2))).toFixed(2)],
    ]);
    expect(p.approval.approvers.map((x) => `${x.step}:${x.name}:${x.userId}`)).toEqual([
      `sachlich:Anna Feststellerin:${a.id}`,
      `rechnerisch:Anna Feststellerin:${a.id}`,
      `anordnung:Bernd Anordner:${b.id}`,
    ]);
    expect(p.approval.policyVersion).toBeGreaterThanOrEqual(1);
    // The Vorgang is whatever the records hook (order 100) put on the context, or null without one.
    if (!t.app.get(ApprovalHooks).registered().includes('records')) expect(p.record).toBeNull();
    else expect(p.record?.link).toBe(`/records/${p.record?.vorgangId}`);

    // The feed serves it to the finance key of the tenant, and to nobody else.
    const mine = await pullAll(finance);
    expect(mine.postings.map((x) => x.id)).toContain(p.id);
    expect((await pullAll(otherFinance)).postings.map((x) => x.id)).not.toContain(p.id);
    // Staff and other API roles do not read the feed.
    expect((await feed(f.admin.token)).status).toBe(403);
    expect((await feed(f.apiKey.key)).status).toBe(403);
  });

  it('creates no posting when the approval is refused', async () => {
    const id = await f.invoice([netForGross(700000)]);
    await certify(id);
    const refused = await decide(b, id, { action: 'approve' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('APPROVAL_LIMIT_EXCEEDED');
    const again = await decide(a, id, { action: 'approve' });
    expect(again.body.error.code).toBe('APPROVAL_SOD_FESTSTELLER_ANORDNUNG');
    expect(await postingsOf(id)).toHaveLength(0);
  });

  it('carries the Vorgang an earlier hook put on the approval context', async () => {
    const hooks = t.app.get(ApprovalHooks);
    const id = await f.invoice([netForGross(11900)]);
    await certify(id);
    const vorgangId = randomUUID();
    // Between the records hook (100) and postings (200): sets the context as records does.
    hooks.register({
      name: 'test-record',
      order: 150,
      inTransaction: (_m, ctx) => {
        if (ctx.invoiceId === id) ctx.record = { vorgangId, aktenzeichen: '20.1-2026/4711' };
        return Promise.resolve();
      },
    });
    try {
      expect((await decide(b, id, { action: 'approve' })).status).toBe(200);
    } finally {
      hooks.register({ name: 'test-record', order: 150, inTransaction: () => Promise.resolve() });
    }
    const [row] = await postingsOf(id);
    expect(row.document.record).toEqual({
      vorgangId,
      aktenzeichen: '20.1-2026/4711',
      link: `/records/${vorgangId}`,
    });
  });

  it('rolls the posting back with the approval when a later hook refuses it', async () => {
    const hooks = t.app.get(ApprovalHooks);
    const id = await f.invoice([netForGross(23800)]);
    await certify(id);
    // A hook after postings (order 300) that fails: the whole approval, posting included, is undone.
    hooks.register({
      name: 'test-refuses',
      order: 300,
      inTransaction: () => Promise.reject(new Error('refused by a later hook')),
    });
    try {
      const res = await decide(b, id, { action: 'approve' });
      expect(res.status).toBe(500);
    } finally {
      hooks.register({ name: 'test-refuses', order: 300, inTransaction: () => Promise.resolve() });
    }
    expect(await postingsOf(id)).toHaveLength(0);
    expect((await t.app.get(InvoiceRepository).get(f.tenant.id, id))!.status).toBe('awaiting_approval');
    // Given again, the approval goes through with exactly one posting.
    expect((await decide(b, id, { action: 'approve' })).status).toBe(200);
    expect(await postingsOf(id)).toHaveLength(1);
  });

  it('pages with stable cursors: resuming from any cursor yields the same postings in the same order', async () => {
    const invoiceId = (
      await postingsOf((await ds().query(`SELECT invoice_id FROM postings LIMIT 1`))[0].invoice_id)
    )[0].document.invoice.id;
    for (let i = 0; i < 7; i++) await insertPosting(f.tenant.id, invoiceId);
    const whole = (await pullAll(finance)).postings.map((x) => x.id);
    expect(new Set(whole).size).toBe(whole.length);
    const cursors: string[] = [];
    let cursor: string | undefined;
    const paged: string[] = [];
    for (;;) {
      const res = await feed(finance, `?limit=3${cursor ? `&after=${cursor}` : ''}`);
      if (res.body.postings.length === 0) break;
      expect(res.body.postings.length).toBeLessThanOrEqual(3);
      paged.push(...res.body.postings.map((x: Posting) => x.id));
      cursor = res.body.next;
      cursors.push(cursor!);
    }
    expect(paged).toEqual(whole);
    // Resuming from the second cursor gives what followed it, again.
    const resumed = await pullAll(finance, 2, cursors[1]);
    expect(resumed.postings.map((x) => x.id)).toEqual(whole.slice(6));
    // An empty page keeps the cursor, so a consumer can poll from it.
    const end = await feed(finance, `?after=${cursor}`);
    expect(end.body).toEqual({ postings: [], next: cursor });
  });

  it('refuses bad cursors, limits and states with stable codes', async () => {
    for (const [q, code] of [
      ['?after=nonsense', 'POSTINGS_CURSOR_INVALID'],
      [`?after=${Buffer.from('p1.1.x').toString('base64url')}`, 'POSTINGS_CURSOR_INVALID'],
      ['?limit=0', 'POSTINGS_LIMIT_INVALID'],
      ['?limit=1001', 'POSTINGS_LIMIT_INVALID'],
      ['?limit=abc', 'POSTINGS_LIMIT_INVALID'],
      ['?state=acked', 'POSTINGS_STATE_INVALID'],
    ] as const) {
      const res = await feed(finance, q);
      expect({ q, status: res.status, code: res.body.error?.code }).toEqual({ q, status: 400, code });
    }
  });

  it('gives a posting its position only after the running one committed, so no commit lands behind a served cursor', async () => {
    const invoiceId = (
      await ds().query(`SELECT invoice_id FROM postings WHERE tenant_id = $1 LIMIT 1`, [f.tenant.id])
    )[0].invoice_id as string;
    const start = (await pullAll(finance)).next;
    // T1 inserts a posting and stays open. With a bare sequence, T2 would take the next
    // position and commit first; a consumer reading then would move past T1's position and
    // never see T1's posting. Here T2 waits for the tenant's feed lock instead.
    let releaseT1!: () => void;
    let t1Done!: Promise<string>;
    await new Promise<void>((inserted) => {
      t1Done = withTenant(ds(), f.tenant.id, async (m) => {
        const id = await insertWith(m, invoiceId);
        inserted();
        await new Promise<void>((r) => (releaseT1 = r));
        return id;
      });
    });
    const t2Done = insertPosting(f.tenant.id, invoiceId);
    let waiting = 0;
    for (let i = 0; i < 200 && waiting === 0; i++) {
      waiting = (
        await ds().query(
          `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
            WHERE d.datname = current_database() AND l.locktype = 'advisory' AND NOT l.granted`,
        )
      )[0].n;
      if (waiting === 0) await new Promise((r) => setTimeout(r, 10));
    }
    expect(waiting).toBe(1);
    const during = await feed(finance, `?after=${start}`);
    expect(during.body).toEqual({ postings: [], next: start });
    releaseT1();
    const p1 = await t1Done;
    const p2 = await t2Done;
    const after = (await pullAll(finance, 1000, start)).postings.map((x) => x.id);
    expect(after).toEqual([p1, p2.id]);

    async function insertWith(m: import('typeorm').EntityManager, inv: string): Promise<string> {
      const id = randomUUID();
      const doc = { ...(await postingsOf(inv))[0].document, id, createdAt: new Date().toISOString() };
      await t.app.get(PostingsRepository).insert(m, doc);
      return id;
    }
  });

  it('acknowledges idempotently, all or nothing, and lists what is not acknowledged', async () => {
    const unacked = (await feed(finance, '?state=unacknowledged&limit=1000')).body.postings as Posting[];
    expect(unacked.length).toBeGreaterThanOrEqual(3);
    const [p1, p2, p3] = unacked;
    const ack = (body: unknown, key = finance) =>
      call(t.url, 'POST', '/api/v1/postings/ack', { bearer: key, body });

    const first = await ack([
      { postingId: p1.id, bookingId: 'B-1' },
      { postingId: p2.id, bookingId: 'B-2' },
    ]);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ acknowledged: 2, alreadyAcknowledged: 0 });
    const repeat = await ack([{ postingId: p1.id, bookingId: 'B-1' }]);
    expect(repeat.body).toEqual({ acknowledged: 0, alreadyAcknowledged: 1 });

    const snapshot = async () =>
      ds().query<unknown[]>(`SELECT posting_id, booking_id FROM posting_acks ORDER BY posting_id`);
    const before = await snapshot();
    // Another booking id for an acknowledged posting: refused, and p3 is not acknowledged either.
    const conflict = await ack([
      { postingId: p3.id, bookingId: 'B-3' },
      { postingId: p1.id, bookingId: 'B-9' },
    ]);
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('POSTINGS_ACK_CONFLICT');
    // An unknown posting: refused, nothing changes (a foreign one answers alike, below).
    const unknown = await ack([
      { postingId: p3.id, bookingId: 'B-3' },
      { postingId: randomUUID(), bookingId: 'B-4' },
    ]);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('POSTINGS_ACK_UNKNOWN_POSTING');
    // The other tenant's key cannot acknowledge this tenant's posting.
    const foreign = await ack([{ postingId: p3.id, bookingId: 'B-3' }], otherFinance);
    expect(foreign.body.error.code).toBe('POSTINGS_ACK_UNKNOWN_POSTING');
    for (const bad of [
      [],
      {},
      [{ postingId: 'x', bookingId: 'B' }],
      [{ postingId: p3.id, bookingId: '' }],
      [7],
    ]) {
      const res = await ack(bad);
      expect({ bad, status: res.status, code: res.body.error.code }).toEqual({
        bad,
        status: 400,
        code: 'POSTINGS_ACK_INVALID',
      });
    }
    expect(await snapshot()).toEqual(before);

    const rest = (await feed(finance, '?state=unacknowledged&limit=1000')).body.postings.map(
      (x: Posting) => x.id,
    );
    expect(rest).not.toContain(p1.id);
    expect(rest).not.toContain(p2.id);
    expect(rest).toContain(p3.id);
  });

  it('lets a file export acknowledge postings through POSTING_ACKS, keeping earlier acknowledgements', async () => {
    const acks = t.app.get<PostingAcks>(POSTING_ACKS);
    const open = (await feed(finance, '?state=unacknowledged&limit=1000')).body.postings as Posting[];
    const [first] = open;
    const acked: Array<{ posting_id: string; booking_id: string }> = await ds().query(
      `SELECT posting_id, booking_id FROM posting_acks WHERE booking_id = 'B-1'`,
    );
    await expect(acks.acknowledge(f.tenant.id, [first.id, randomUUID()], 'test')).rejects.toMatchObject({
      code: 'POSTINGS_ACK_UNKNOWN_POSTING',
    });
    await acks.acknowledge(f.tenant.id, [first.id, acked[0].posting_id], 'test');
    const rows: Array<{ posting_id: string; booking_id: string }> = await ds().query(
      `SELECT posting_id, booking_id FROM posting_acks WHERE posting_id = ANY($1::uuid[]) ORDER BY booking_id`,
      [[first.id, acked[0].posting_id]],
    );
    expect(rows.map((r) => [r.posting_id, r.booking_id])).toEqual([
      [acked[0].posting_id, 'B-1'],
      [first.id, 'file-export'],
    ]);
    const rest = (await feed(finance, '?state=unacknowledged&limit=1000')).body.postings.map(
      (x: Posting) => x.id,
    );
    expect(rest).not.toContain(first.id);
  });

  it('lists postings unacknowledged beyond the alert age for admins only', async () => {
    const invoiceId = (
      await ds().query(`SELECT invoice_id FROM postings WHERE tenant_id = $1 LIMIT 1`, [f.tenant.id])
    )[0].invoice_id as string;
    const old = await insertPosting(f.tenant.id, invoiceId, new Date(Date.now() - 25 * 3_600_000));
    const res = await call(t.url, 'GET', '/api/v1/admin/postings?state=unacknowledged', {
      bearer: f.admin.token,
    });
    expect(res.status).toBe(200);
    expect(res.body.alertHours).toBe(24);
    expect(res.body.postings.map((x: { id: string }) => x.id)).toEqual([old.id]);
    expect(res.body.total).toBe(1);
    expect(
      (await call(t.url, 'GET', '/api/v1/admin/postings?state=unacknowledged', { bearer: finance })).status,
    ).toBe(403);
    const recent = await call(t.url, 'GET', '/api/v1/admin/postings', { bearer: f.admin.token });
    expect(recent.body.postings.length).toBeGreaterThan(1);
  });

  it('reverses a posting by a new reversal posting with negated amounts, audited, once', async () => {
    const [row] = await ds().query(
      `SELECT id, document FROM postings WHERE tenant_id = $1 AND kind = 'posting' AND document -> 'kontierung' <> '[]'::jsonb LIMIT 1`,
      [f.tenant.id],
    );
    const original = row.document as Posting;
    const reverse = (id: string, body: unknown, bearer = f.admin.token) =>
      call(t.url, 'POST', `/api/v1/admin/postings/${id}/reverse`, { bearer, body });
    expect((await reverse(original.id, {})).body.error.code).toBe('POSTINGS_REASON_REQUIRED');
    expect((await reverse(original.id, { reason: 'x' }, finance)).status).toBe(403);
    expect((await reverse(randomUUID(), { reason: 'Doppelt erfasst' })).body.error.code).toBe(
      'POSTINGS_NOT_FOUND',
    );

    const res = await reverse(original.id, { reason: 'Falsche Buchungsstelle' });
    expect(res.status).toBe(201);
    const r = res.body as Posting;
    expect(r).toMatchObject({ kind: 'reversal', reverses: original.id, invoice: original.invoice });
    expect(r.totals.gross).toBe(`-${original.totals.gross}`);
    expect(r.kontierung.map((k) => k.amount)).toEqual(original.kontierung.map((k) => `-${k.amount}`));
    const [stored] = await ds().query(`SELECT document, reversal_reason FROM postings WHERE id = $1`, [
      original.id,
    ]);
    expect(stored.document).toEqual(original);
    expect(
      (await ds().query(`SELECT reversal_reason FROM postings WHERE id = $1`, [r.id]))[0].reversal_reason,
    ).toBe('Falsche Buchungsstelle');
    await t.app.get(AuditService).flush();
    const audit = await ds().query(`SELECT action, data FROM audit_log WHERE subject = $1`, [
      `posting:${original.id}`,
    ]);
    expect(audit.map((x: { action: string }) => x.action)).toContain('posting.reversed');

    expect((await reverse(original.id, { reason: 'nochmal' })).body.error.code).toBe(
      'POSTINGS_ALREADY_REVERSED',
    );
    expect((await reverse(r.id, { reason: 'zurück' })).body.error.code).toBe(
      'POSTINGS_REVERSAL_NOT_REVERSIBLE',
    );
    // The reversal is in the feed, after the original.
    const ids = (await pullAll(finance)).postings.map((x) => x.id);
    expect(ids.indexOf(r.id)).toBeGreaterThan(ids.indexOf(original.id));
  });

  it('takes over the creditor master (merge, replace, all or nothing) and lists unmatched creditors', async () => {
    const put = (body: unknown, key = finance) =>
      call(t.url, 'PUT', '/api/v1/postings/creditors', { bearer: key, body });
    const count = async () =>
      (
        await ds().query(`SELECT count(*)::int AS n FROM posting_creditors WHERE tenant_id = $1`, [
          f.tenant.id,
        ])
      )[0].n;
    const merged = await put({
      creditors: [
        { creditorNumber: 'K-70001', name: 'Muster Lieferant', vatId: 'DE123456789' },
        { creditorNumber: 'K-70002', name: 'Direkt GmbH' },
      ],
    });
    expect(merged.body).toMatchObject({ created: 1, updated: 0, unchanged: 1, removed: 0 });
    const bad = await put({ creditors: [{ creditorNumber: 'K-1' }, { name: 'ohne Nummer' }] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('POSTINGS_CREDITORS_INVALID');
    expect(await count()).toBe(2);

    // "Direkt GmbH" postings were made before the master knew it: listed, with the number it has now.
    const unmatched = await call(t.url, 'GET', '/api/v1/admin/postings/unmatched-creditors', {
      bearer: f.admin.token,
    });
    expect(unmatched.status).toBe(200);
    expect(unmatched.body.creditors).toEqual([
      expect.objectContaining({ name: 'Direkt GmbH', matchesNow: 'K-70002', postings: expect.any(Number) }),
    ]);

    const replaced = await put({
      mode: 'replace',
      creditors: [{ creditorNumber: 'K-70003', name: 'Neu AG' }],
    });
    expect(replaced.body).toMatchObject({ mode: 'replace', created: 1, removed: 2 });
    expect(await count()).toBe(1);
    // The other tenant's push never touches this tenant's master.
    await put({ mode: 'replace', creditors: [] }, otherFinance);
    expect(await count()).toBe(1);
  });
});
