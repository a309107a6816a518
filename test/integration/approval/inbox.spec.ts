/**
 * The approval inbox against the real application and database: which tasks a staff member
 * sees, the counts per step and the Skonto at risk, every filter, the sort orders and paging.
 * Dates are relative to today (Europe/Berlin), so the expectations hold on any day.
 */
import { jest } from '@jest/globals';
import { type TestApp, startTestApp } from '../../support/app.js';
import { call } from '../auth/identity-context.js';
import { type ApprovalFixture, type Person, approvalFixture, netForGross } from './approval-context.js';

jest.setTimeout(120_000);

const today = (): string => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
// XRechnung wants the Skonto line ended by a line break (BR-DE-18).
const SKONTO = '#SKONTO#TAGE=14#PROZENT=2.00#\n';

interface Row {
  invoiceId: string;
  stepKey: string;
  state: string;
  heldQuestion: string | null;
  number: string;
  sellerName: string;
  amount: string;
  skontoDeadline: string | null;
  skontoAmount: string | null;
  dueDeadline: string | null;
  receivedAt: string;
  openedAt: string | null;
}

describe('approval inbox', () => {
  let t: TestApp;
  let f: ApprovalFixture;
  let clerk: Person;
  let other: Person;
  let stranger: Person;
  const ids: Record<'a' | 'b' | 'c' | 'd', string> = { a: '', b: '', c: '', d: '' };
  const run = `${Date.now() % 100000}`;
  const number = (k: string) => `INB-${run}-${k.toUpperCase()}`;

  const inbox = async (who: Person, query = '') => {
    const r = await call(t.url, 'GET', `/api/v1/approval/tasks${query}`, { bearer: who.token });
    expect(r.status).toBe(200);
    return r.body as {
      rows: Row[];
      total: number;
      countsByStep: Record<string, number>;
      skontoAtRisk: string;
      atRiskCount: number;
    };
  };
  const numbers = (rows: Row[]) => rows.map((r) => r.number);

  beforeAll(async () => {
    t = await startTestApp();
    f = await approvalFixture(t);
    clerk = await f.person('Clara Sachbearbeiterin', ['approver']);
    other = await f.person('Otto Feststeller', ['approver']);
    const g = await approvalFixture(t);
    stranger = await g.person('Fremde Person', ['approver']);
    await f.usePolicy({ preset: 'kommune-sachsen' });
    // Created one after the other: a, b, c, d is also the order of receipt.
    // a: Skonto in 2 days (at risk), b: Skonto in 14 days, c: no Skonto, d: Skonto passed 6 days ago
    // (each moved to the next working day when it falls on a weekend or holiday: at most 4 days).
    ids.a = await f.invoice([netForGross(10000)], {
      number: number('a'),
      paymentTerms: SKONTO,
      issueDate: addDays(today(), -12),
    });
    ids.b = await f.invoice([netForGross(200000)], {
      number: number('b'),
      paymentTerms: SKONTO,
      issueDate: today(),
    });
    ids.c = await f.invoice([netForGross(50000)], { number: number('c'), issueDate: addDays(today(), -3) });
    ids.d = await f.invoice([netForGross(5000)], {
      number: number('d'),
      paymentTerms: SKONTO,
      issueDate: addDays(today(), -20),
    });
    // c moves on to the Rechnerisch step; a is held with a question.
    const approve = await call(t.url, 'POST', `/api/v1/approval/invoices/${ids.c}/decisions`, {
      bearer: other.token,
      body: { action: 'approve' },
    });
    expect(approve.status).toBe(200);
    const hold = await call(t.url, 'POST', `/api/v1/approval/invoices/${ids.a}/decisions`, {
      bearer: other.token,
      body: { action: 'hold', reason: 'Lieferschein fehlt noch.' },
    });
    expect(hold.status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the open and held tasks by Skonto deadline, with counts per step and the Skonto at risk', async () => {
    const page = await inbox(clerk);
    expect(numbers(page.rows)).toEqual([number('d'), number('a'), number('b'), number('c')]);
    expect(page.total).toBe(4);
    expect(page.countsByStep).toEqual({ sachlich: 3, rechnerisch: 1 });
    // Only a's deadline lies within the next 7 days (d's has passed): 2 % of 100.00.
    expect(page.atRiskCount).toBe(1);
    expect(page.skontoAtRisk).toBe('2.00');
    const a = page.rows.find((r) => r.invoiceId === ids.a)!;
    expect(a).toMatchObject({
      stepKey: 'sachlich',
      state: 'held',
      heldQuestion: 'Lieferschein fehlt noch.',
      amount: '100.00',
      skontoAmount: '2.00',
      sellerName: 'Musterlieferant GmbH',
    });
    expect(a.skontoDeadline! >= addDays(today(), 2) && a.skontoDeadline! <= addDays(today(), 6)).toBe(true);
    expect(typeof a.receivedAt).toBe('string');
    expect(Number.isNaN(Date.parse(a.receivedAt))).toBe(false);
    const c = page.rows.find((r) => r.invoiceId === ids.c)!;
    expect(c).toMatchObject({
      stepKey: 'rechnerisch',
      state: 'open',
      skontoDeadline: null,
      skontoAmount: null,
    });
    expect(Number.isNaN(Date.parse(c.openedAt!))).toBe(false);
  });

  it('narrows the rows by step but keeps the counts of every step', async () => {
    const page = await inbox(clerk, '?step=rechnerisch');
    expect(numbers(page.rows)).toEqual([number('c')]);
    expect(page.total).toBe(1);
    expect(page.countsByStep).toEqual({ sachlich: 3, rechnerisch: 1 });
    expect((await inbox(clerk, '?step=anordnung')).rows).toEqual([]);
  });

  it('sorts by amount, due date and receipt, in both directions', async () => {
    expect(numbers((await inbox(clerk, '?sort=amount&direction=desc')).rows)).toEqual(
      ['b', 'c', 'a', 'd'].map(number),
    );
    expect(numbers((await inbox(clerk, '?sort=amount')).rows)).toEqual(['d', 'a', 'c', 'b'].map(number));
    expect(numbers((await inbox(clerk, '?sort=received')).rows)).toEqual(['a', 'b', 'c', 'd'].map(number));
    expect(numbers((await inbox(clerk, '?sort=received&direction=desc')).rows)).toEqual(
      ['d', 'c', 'b', 'a'].map(number),
    );
    // Same due date everywhere: the order of receipt decides.
    expect(numbers((await inbox(clerk, '?sort=due')).rows)).toEqual(['a', 'b', 'c', 'd'].map(number));
    // Skonto descending: the ones without a deadline still come last.
    expect(numbers((await inbox(clerk, '?direction=desc')).rows)).toEqual(['b', 'a', 'd', 'c'].map(number));
  });

  it('filters by amount, invoice number or supplier, and deadline', async () => {
    expect(numbers((await inbox(clerk, '?minAmount=400')).rows)).toEqual(['b', 'c'].map(number));
    expect(numbers((await inbox(clerk, '?maxAmount=1.000,00')).rows)).toEqual(['d', 'a', 'c'].map(number));
    const between = await inbox(clerk, '?minAmount=60&maxAmount=600');
    expect(numbers(between.rows)).toEqual(['a', 'c'].map(number));
    expect(between.total).toBe(2);
    expect(between.countsByStep).toEqual({ sachlich: 1, rechnerisch: 1 });
    expect(numbers((await inbox(clerk, `?q=${number('b').toLowerCase()}`)).rows)).toEqual([number('b')]);
    expect((await inbox(clerk, '?q=musterlieferant')).total).toBe(4);
    expect((await inbox(clerk, '?supplier=MUSTER')).total).toBe(4);
    // LIKE wildcards are taken literally.
    expect((await inbox(clerk, '?supplier=%25')).total).toBe(0);
    expect((await inbox(clerk, '?q=_')).total).toBe(0);
    // Within N days: the earlier of the Skonto and the due deadline.
    const all = (await inbox(clerk)).rows;
    const limit = addDays(today(), 5);
    const expected = all
      .filter((r) => {
        const dates = [r.skontoDeadline, r.dueDeadline].filter((d): d is string => !!d);
        return dates.length > 0 && dates.sort()[0] <= limit;
      })
      .map((r) => r.number);
    const soon = await inbox(clerk, '?dueWithinDays=5');
    expect(numbers(soon.rows)).toEqual(expected);
    expect(soon.total).toBe(expected.length);
  });

  it('pages with the limit and keeps the total', async () => {
    const second = await inbox(clerk, '?limit=2&page=2');
    expect(numbers(second.rows)).toEqual(['b', 'c'].map(number));
    expect(second.total).toBe(4);
    expect((await inbox(clerk, '?limit=2&page=3')).rows).toEqual([]);
    // Pages cut anywhere: before, at and after ties and the rows without a deadline, both ways.
    const one = async (query: string) => numbers((await inbox(clerk, query)).rows);
    expect(await one('?limit=1')).toEqual([number('d')]);
    expect(await one('?limit=1&page=2')).toEqual([number('a')]);
    expect(await one('?limit=1&page=4')).toEqual([number('c')]);
    expect(await one('?direction=desc&limit=2')).toEqual(['b', 'a'].map(number));
    expect(await one('?direction=desc&limit=1&page=4')).toEqual([number('c')]);
    expect(await one('?sort=due&limit=2&page=2')).toEqual(['c', 'd'].map(number));
    expect(await one('?sort=amount&limit=1&page=3')).toEqual([number('c')]);
    expect(await one('?sort=amount&direction=desc&limit=3')).toEqual(['b', 'c', 'a'].map(number));
    expect(await one('?sort=received&direction=desc&limit=1&page=2')).toEqual([number('c')]);
    expect(await one('?step=sachlich&limit=1&page=3')).toEqual([number('b')]);
  });

  it("shows nothing of another tenant's tasks", async () => {
    const page = await inbox(stranger);
    expect(page.total).toBe(0);
    expect(page.rows).toEqual([]);
    expect(page.countsByStep).toEqual({});
    expect(page.skontoAtRisk).toBe('0.00');
  });
});

describe("an invoice's approval: what the caller may do", () => {
  let t: TestApp;
  let f: ApprovalFixture;
  let p: Person;
  let q: Person;
  let kasse: Person;

  const allowed = async (who: Person, id: string) => {
    const r = await call(t.url, 'GET', `/api/v1/approval/invoices/${id}`, { bearer: who.token });
    expect(r.status).toBe(200);
    return Object.fromEntries(
      (r.body.allowed as Array<{ action: string; ok: boolean; code?: string }>).map((a) => [
        a.action,
        a.ok ? 'ok' : a.code,
      ]),
    );
  };

  beforeAll(async () => {
    t = await startTestApp();
    f = await approvalFixture(t);
    p = await f.person('Paula Prüferin', ['approver']);
    q = await f.person('Quirin Feststeller', ['approver']);
    kasse = await f.person('Karl Kasse', ['treasury', 'approver']);
    await f.usePolicy({ preset: 'kommune-sachsen' });
    await f.limit(p, 'anordnung', '100.00');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('judges every action as a decision would be judged, step by step', async () => {
    const id = await f.invoice([netForGross(50000)]);
    const all = { approve: 'ok', reject: 'ok', hold: 'ok', reassign: 'ok', kontierung: 'ok', comment: 'ok' };
    expect(await allowed(p, id)).toEqual(all);
    expect(await allowed(kasse, id)).toEqual({
      approve: 'APPROVAL_SOD_TREASURY',
      reject: 'APPROVAL_SOD_TREASURY',
      hold: 'APPROVAL_SOD_TREASURY',
      reassign: 'ok',
      kontierung: 'APPROVAL_SOD_TREASURY',
      comment: 'ok',
    });
    for (const step of ['sachlich', 'rechnerisch']) {
      const r = await call(t.url, 'POST', `/api/v1/approval/invoices/${id}/decisions`, {
        bearer: q.token,
        body: { action: 'approve', stepKey: step },
      });
      expect(r.status).toBe(200);
    }
    // The Anordnung: no Kontierung yet; Q certified, so only with a written reason.
    expect((await allowed(p, id)).approve).toBe('APPROVAL_KONTIERUNG_REQUIRED');
    expect((await allowed(q, id)).approve).toBe('APPROVAL_SOD_REASON_REQUIRED');
    const k = await call(t.url, 'PUT', `/api/v1/approval/invoices/${id}/kontierung`, {
      bearer: p.token,
      body: { lines: [{ buchungsstelle: '1.1.1.01.5431000', amount: '500.00' }] },
    });
    expect(k.status).toBe(200);
    // P's Anordnungsbefugnis ends at 100 €; Q certified; the Kasse never orders.
    expect(await allowed(p, id)).toEqual({ ...all, approve: 'APPROVAL_LIMIT_EXCEEDED' });
    expect(await allowed(q, id)).toEqual({ ...all, approve: 'APPROVAL_SOD_REASON_REQUIRED' });
    expect((await allowed(kasse, id)).approve).toBe('APPROVAL_SOD_TREASURY');
    await f.limit(p, 'anordnung', null);
    expect(await allowed(p, id)).toEqual(all);
    const hold = await call(t.url, 'POST', `/api/v1/approval/invoices/${id}/decisions`, {
      bearer: p.token,
      body: { action: 'hold', reason: 'Rückfrage an das Fachamt.' },
    });
    expect(hold.status).toBe(200);
    const held = {
      approve: 'ok',
      reject: 'ok',
      release: 'ok',
      reassign: 'ok',
      kontierung: 'ok',
      comment: 'ok',
    };
    expect(await allowed(p, id)).toEqual(held);
    const done = await call(t.url, 'POST', `/api/v1/approval/invoices/${id}/decisions`, {
      bearer: p.token,
      body: { action: 'approve' },
    });
    expect(done.status).toBe(200);
    expect(await allowed(p, id)).toEqual({});
  });
});
