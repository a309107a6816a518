/**
 * Status back from finance systems: reports are kept as they come, applied to the invoice
 * once it is filed (`filed → posted → paid`), shown on the supplier's status page, noted in
 * the case record, refused with stable codes where they cannot be true, and summed up in
 * the Skonto report.
 */
import { jest } from '@jest/globals';
import { AuditService } from '../../../src/modules/audit/audit.service.js';
import { InvoiceRepository } from '../../../src/modules/invoices/invoice.repository.js';
import { JobQueue } from '../../../src/modules/jobs/index.js';
import { PostingReadRepository } from '../../../src/modules/postings/export/posting-read.repository.js';
import type { CaseRecordNotes } from '../../../src/modules/postings/status/case-record-notes.js';
import { PostingStatusRepository } from '../../../src/modules/postings/status/status.repository.js';
import { PostingStatusService } from '../../../src/modules/postings/status/status.service.js';
import { type TestApp, startTestApp } from '../../support/app.js';
import { call } from '../auth/identity-context.js';
import { type PostingFixture, postingFixture } from './posting-fixture.js';

jest.setTimeout(180_000);

const SKONTO = { date: '2026-04-01', amount: '2.38', percent: '2.00' };

describe('posting status from finance systems', () => {
  let t: TestApp;
  let f: PostingFixture;
  let other: PostingFixture;

  const report = (id: string, body: unknown, bearer = f.finance.key) =>
    call(t.url, 'POST', `/api/v1/postings/${id}/status`, { bearer, body });
  const status = async (invoiceId: string) =>
    (await t.app.get(InvoiceRepository).get(f.tenant.id, invoiceId))!.status;

  async function until(what: string, probe: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 300; i++) {
      if (await probe()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`gave up waiting for ${what}`);
  }

  beforeAll(async () => {
    t = await startTestApp();
    f = await postingFixture(t);
    other = await postingFixture(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps reports that come before filing, applies them once filed, and shows "paid on" to the supplier', async () => {
    const p = await f.posting({ skonto: SKONTO });
    const invoiceId = p.invoice.id;
    const ordered = await report(p.id, {
      status: 'ordered',
      kassenzeichen: 'KZ-2026-0815',
      at: '2026-03-20T09:00:00Z',
    });
    expect(ordered.status).toBe(200);
    expect(ordered.body).toMatchObject({ status: 'ordered', kassenzeichen: 'KZ-2026-0815', postingId: p.id });
    expect(await status(invoiceId)).toBe('awaiting_approval');

    await f.advance(invoiceId, 'approved', 'filed');
    await t.app.get(JobQueue).sweep();
    await until('the order to be applied', async () => (await status(invoiceId)) === 'posted');

    const paid = await report(p.id, {
      status: 'paid',
      date: '2026-03-30',
      amount: '116.62',
      skontoTaken: true,
    });
    expect(paid.status).toBe(200);
    expect(await status(invoiceId)).toBe('paid');
    // The same report again is the one kept; a different one is refused, and so is a later order.
    const again = await report(p.id, {
      status: 'paid',
      date: '2026-03-30',
      amount: 116.62,
      skontoTaken: true,
    });
    expect(again.body.id).toBe(paid.body.id);
    const other2 = await report(p.id, {
      status: 'paid',
      date: '2026-03-31',
      amount: '116.62',
      skontoTaken: true,
    });
    expect([other2.status, other2.body.error.code]).toEqual([409, 'STATUS_ALREADY_PAID']);
    const late = await report(p.id, { status: 'ordered', kassenzeichen: 'KZ-2', at: '2026-04-01T00:00:00Z' });
    expect(late.body.error.code).toBe('STATUS_ALREADY_PAID');

    const inv = (await t.app.get(InvoiceRepository).get(f.tenant.id, invoiceId))!;
    const de = await fetch(`${t.url}/status/${inv.statusToken}?lang=de`, {
      headers: { accept: 'text/html' },
    });
    expect(await de.text()).toContain('Bezahlt am 30.03.2026.');
    const en = await fetch(`${t.url}/status/${inv.statusToken}?lang=en`, {
      headers: { accept: 'text/html' },
    });
    expect(await en.text()).toContain('Paid on Mar 30, 2026.');
  });

  it('takes a payment without an order (filed → posted → paid) and notes both steps in the case record', async () => {
    const notes: Array<{ invoiceId: string; title: string; text: string }> = [];
    const recorder: CaseRecordNotes = {
      addNote: async (_tenantId, invoiceId, title, text) => void notes.push({ invoiceId, title, text }),
    };
    const ds = t.db.dataSource;
    // The service as the records module will wire it: with a CaseRecordNotes provider.
    const service = new PostingStatusService(
      new PostingStatusRepository(ds),
      new PostingReadRepository(ds),
      t.app.get(InvoiceRepository),
      t.app.get(AuditService),
      recorder,
    );
    const p = await f.posting();
    await f.advance(p.invoice.id, 'approved', 'filed');
    await service.report(
      f.tenant.id,
      p.id,
      { status: 'paid', date: '2026-04-10', amount: '119.00', skontoTaken: false },
      'test',
    );
    expect(await status(p.invoice.id)).toBe('paid');
    expect(notes).toEqual([
      { invoiceId: p.invoice.id, title: 'Bezahlt', text: 'Bezahlt am 2026-04-10: 119.00 EUR' },
    ]);

    const q = await f.posting();
    await f.advance(q.invoice.id, 'approved', 'filed');
    await service.report(
      f.tenant.id,
      q.id,
      { status: 'ordered', kassenzeichen: 'KZ-9', at: '2026-04-01T08:00:00Z' },
      'test',
    );
    expect(await status(q.invoice.id)).toBe('posted');
    expect(notes[1]).toEqual({
      invoiceId: q.invoice.id,
      title: 'Auszahlung angeordnet',
      text: 'Kassenzeichen KZ-9',
    });
  });

  it('refuses what cannot be true, with stable codes', async () => {
    const p = await f.posting({ skonto: SKONTO });
    const plain = await f.posting();
    const cases: Array<[unknown, number, string]> = [
      [
        { status: 'paid', date: '2026-03-30', amount: '100.00', skontoTaken: false },
        422,
        'STATUS_AMOUNT_MISMATCH',
      ],
      [
        { status: 'paid', date: '2026-03-30', amount: '110.00', skontoTaken: true },
        422,
        'STATUS_AMOUNT_MISMATCH',
      ],
      [
        { status: 'paid', date: '2026-03-30', amount: '120.00', skontoTaken: false },
        422,
        'STATUS_AMOUNT_MISMATCH',
      ],
      [{ status: 'paid', date: '2026-02-30', amount: '119.00', skontoTaken: false }, 400, 'STATUS_INVALID'],
      [{ status: 'paid', date: '2026-03-30', amount: '1,19', skontoTaken: false }, 400, 'STATUS_INVALID'],
      [{ status: 'ordered', at: '2026-03-30T00:00:00Z' }, 400, 'STATUS_INVALID'],
      [{ status: 'booked' }, 400, 'STATUS_INVALID'],
    ];
    for (const [body, code, error] of cases) {
      const r = await report(p.id, body);
      expect({ body, status: r.status, code: r.body.error?.code }).toEqual({
        body,
        status: code,
        code: error,
      });
    }
    const noSkonto = await report(plain.id, {
      status: 'paid',
      date: '2026-03-30',
      amount: '116.62',
      skontoTaken: true,
    });
    expect(noSkonto.body.error.code).toBe('STATUS_SKONTO_NOT_OFFERED');

    // Unknown and foreign postings answer alike.
    const unknown = await report('00000000-0000-4000-8000-000000000000', { status: 'paid' });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'POSTING_NOT_FOUND']);
    const foreign = await other.posting();
    const across = await report(foreign.id, {
      status: 'paid',
      date: '2026-03-30',
      amount: '119.00',
      skontoTaken: false,
    });
    expect([across.status, across.body.error.code]).toEqual([404, 'POSTING_NOT_FOUND']);

    // A reversed posting is not paid any more.
    const reversed = await f.posting();
    await f.posting({ kind: 'reversal', reverses: reversed.id }, reversed.invoice.id);
    const r = await report(reversed.id, {
      status: 'paid',
      date: '2026-03-30',
      amount: '119.00',
      skontoTaken: false,
    });
    expect(r.body.error.code).toBe('STATUS_NOT_PAYABLE');

    // Two different payments at once: one is kept, the other refused.
    const raced = await f.posting({ skonto: SKONTO });
    const both = await Promise.all([
      report(raced.id, { status: 'paid', date: '2026-03-30', amount: '119.00', skontoTaken: false }),
      report(raced.id, { status: 'paid', date: '2026-03-30', amount: '116.62', skontoTaken: true }),
    ]);
    expect(both.map((b) => b.status).sort()).toEqual([200, 409]);
    const kept = await t.db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM posting_status_reports WHERE posting_id = $1`,
      [raced.id],
    );
    expect(kept[0].n).toBe(1);

    // Only finance keys report.
    const admin = await report(
      p.id,
      { status: 'paid', date: '2026-03-30', amount: '119.00', skontoTaken: false },
      f.admin.token,
    );
    expect(admin.status).toBe(403);
  });

  it('reports Skonto won and lost', async () => {
    // Skonto until 2026-04-01: paid in June, with or without the discount, it is lost.
    const lateTaken = await f.posting({ skonto: SKONTO });
    const lateFull = await f.posting({ skonto: SKONTO });
    const lateTaken2 = await f.posting({ skonto: SKONTO });
    await report(lateTaken.id, { status: 'paid', date: '2026-06-01', amount: '116.62', skontoTaken: true });
    await report(lateFull.id, { status: 'paid', date: '2026-06-02', amount: '119.00', skontoTaken: false });
    await report(lateTaken2.id, { status: 'paid', date: '2026-06-03', amount: '116.62', skontoTaken: true });
    // Skonto until 2026-06-30, taken on 2026-06-04: won.
    const inTime = await f.posting({ skonto: { ...SKONTO, date: '2026-06-30' } });
    await report(inTime.id, { status: 'paid', date: '2026-06-04', amount: '116.62', skontoTaken: true });
    // Outside the period: not counted.
    const may = await f.posting({ skonto: { ...SKONTO, date: '2026-06-30' } });
    await report(may.id, { status: 'paid', date: '2026-05-31', amount: '116.62', skontoTaken: true });
    const res = await call(
      t.url,
      'GET',
      '/api/v1/admin/postings/skonto-report?from=2026-06-01&to=2026-06-30',
      {
        bearer: f.admin.token,
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.won).toEqual({ count: 1, amount: '2.38' });
    expect(res.body.lost).toEqual({ count: 3, amount: '7.14' });
    expect(res.body.items.find((i: { postingId: string }) => i.postingId === inTime.id).outcome).toBe('won');
    const bad = await call(
      t.url,
      'GET',
      '/api/v1/admin/postings/skonto-report?from=2026-06-30&to=2026-06-01',
      {
        bearer: f.admin.token,
      },
    );
    expect(bad.body.error.code).toBe('EXPORT_PERIOD_INVALID');
  });
});
