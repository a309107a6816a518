/**
 * `GET /api/v1/invoices`: a supplier lists what it submitted — filtered by status, received
 * date range and invoice number, in stable cursor pages — and sees nothing of other
 * suppliers of its tenant, nor of any other tenant.
 */
import { startTestApp, type TestApp } from '../../support/app.js';
import { waitFor } from '../../support/wait.js';
import { TenantService } from '../../../src/modules/tenants/tenant.service.js';
import { ApiKeyService } from '../../../src/modules/auth/api-key.service.js';
import { InvoiceRepository } from '../../../src/modules/invoices/invoice.repository.js';
import { buildUblInvoice as buildFactoryInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import { leitwegCheckDigits } from '../../../src/modules/tenants/leitweg-id.js';

const LEITWEG_A = `04011000-34567-${leitwegCheckDigits('04011000', '34567')}`;
const LEITWEG_B = `04011000-45678-${leitwegCheckDigits('04011000', '45678')}`;
const invoice = (number: string, leitweg = LEITWEG_A) =>
  buildFactoryInvoice({
    number,
    patch: (x) => x.replace(/<cbc:BuyerReference>[^<]*</, `<cbc:BuyerReference>${leitweg}<`),
  });

interface Item {
  id: string;
  status: string;
  statusUrl: string;
  fileName: string | null;
  receivedAt: string;
  invoice: { number: string } | null;
}
interface Page {
  items: Item[];
  nextCursor: string | null;
}

let t: TestApp;
let tenantA: string;
let tenantB: string;
/** Two suppliers of tenant A, one of tenant B, and an access point of tenant A. */
let a1: string;
let a2: string;
let b1: string;
let apA: string;
let a1Sender: string;
let b1Sender: string;
const a1Ids: string[] = [];
const a2Ids: string[] = [];
const b1Ids: string[] = [];
let brokenId: string;
let multipartIds: string[];

async function submit(key: string, xml: string): Promise<string> {
  const res = await fetch(`${t.url}/api/v1/invoices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' },
    body: xml,
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

async function list(key: string, query = ''): Promise<Response> {
  return fetch(`${t.url}/api/v1/invoices${query ? `?${query}` : ''}`, {
    headers: { authorization: `Bearer ${key}` },
  });
}

async function page(key: string, query = ''): Promise<Page> {
  const res = await list(key, query);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
}

/** Every item, page by page (from `start` on, if given). */
async function all(key: string, query: string, limit: number, start: string | null = null): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = start;
  for (let i = 0; i < 100; i++) {
    const p: Page = await page(
      key,
      [query, `limit=${limit}`, cursor ? `cursor=${encodeURIComponent(cursor)}` : '']
        .filter(Boolean)
        .join('&'),
    );
    expect(p.items.length).toBeLessThanOrEqual(limit);
    items.push(...p.items);
    if (!p.nextCursor) return items;
    cursor = p.nextCursor;
  }
  throw new Error('paging did not end');
}

beforeAll(async () => {
  t = await startTestApp();
  const tenants = t.app.get(TenantService);
  const keys = t.app.get(ApiKeyService);
  const ta = await tenants.create({ name: 'Stadt Liste A', leitwegIds: [LEITWEG_A] }, 'operator:test');
  const tb = await tenants.create({ name: 'Stadt Liste B', leitwegIds: [LEITWEG_B] }, 'operator:test');
  tenantA = ta.id;
  tenantB = tb.id;
  const k1 = await keys.create(ta.id, { name: 'Lieferant 1', role: 'supplier' }, 'operator:test');
  a1 = k1.key;
  a1Sender = `api-key:${k1.apiKey.id}`;
  a2 = (await keys.create(ta.id, { name: 'Lieferant 2', role: 'supplier' }, 'operator:test')).key;
  const kb = await keys.create(tb.id, { name: 'Lieferant B', role: 'supplier' }, 'operator:test');
  b1 = kb.key;
  b1Sender = `api-key:${kb.apiKey.id}`;
  apA = (await keys.create(ta.id, { name: 'AP', role: 'access-point' }, 'operator:test')).key;

  for (let i = 1; i <= 5; i++) a1Ids.push(await submit(a1, invoice(`LIST-A1-${i}`)));
  brokenId = await submit(a1, '<Invoice><cbc:ID>');
  a1Ids.push(brokenId);
  // Several invoices of one message share its received_at: the order must still be total.
  const form = new FormData();
  for (let i = 1; i <= 4; i++)
    form.append('file', new Blob([invoice(`LIST-MP-${i}`)], { type: 'application/xml' }), `mp-${i}.xml`);
  const mp = await fetch(`${t.url}/api/v1/invoices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${a1}` },
    body: form,
  });
  expect(mp.status).toBe(202);
  multipartIds = ((await mp.json()) as { invoices: { id: string }[] }).invoices.map((i) => i.id);
  a1Ids.push(...multipartIds);
  for (let i = 1; i <= 2; i++) a2Ids.push(await submit(a2, invoice(`LIST-A2-${i}`)));
  for (let i = 1; i <= 2; i++) b1Ids.push(await submit(b1, invoice(`LIST-B1-${i}`, LEITWEG_B)));

  await waitFor(
    'the pipeline to finish every submission',
    async () => {
      const rows = await t.db.dataSource.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM invoices WHERE status IN ('received', 'extracted', 'validated')`,
      );
      return rows[0].n === '0';
    },
    60_000,
  );
}, 120_000);

afterAll(async () => {
  await t?.close();
});

it("lists exactly the supplier's own submissions, newest first", async () => {
  const mine = await page(a1);
  expect(mine.items.map((i) => i.id).sort()).toEqual([...a1Ids].sort());
  expect(mine.nextCursor).toBeNull();
  const times = mine.items.map((i) => Date.parse(i.receivedAt));
  expect([...times].sort((x, y) => y - x)).toEqual(times);
  expect(mine.items[0]).toMatchObject({
    statusUrl: expect.stringMatching(/\/status\/[A-Za-z0-9_-]{32}$/),
    receivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
  });
  expect(mine.items.find((i) => i.id === a1Ids[0])?.invoice).toMatchObject({ number: 'LIST-A1-1' });
});

it('shows a supplier nothing of another supplier of the same tenant', async () => {
  expect((await page(a2)).items.map((i) => i.id).sort()).toEqual([...a2Ids].sort());
  // Not even when asking for the other's invoice number.
  expect((await page(a2, 'number=LIST-A1-1')).items).toEqual([]);
});

it('shows a supplier nothing of another tenant, through the API and in the repository', async () => {
  expect((await page(b1)).items.map((i) => i.id).sort()).toEqual([...b1Ids].sort());
  expect((await page(a1, 'number=LIST-B1-1')).items).toEqual([]);
  // Even a query that names tenant A and B's sender finds nothing: the rows are tenant B's.
  const repo = t.app.get(InvoiceRepository);
  expect(await repo.listBySender(tenantA, b1Sender, {}, { limit: 100 })).toEqual([]);
  expect(await repo.listBySender(tenantB, a1Sender, {}, { limit: 100 })).toEqual([]);
});

it('pages with an opaque cursor: every item once, in the same order as one page', async () => {
  const whole = (await page(a1)).items.map((i) => i.id);
  for (const limit of [1, 3, 4]) {
    const paged = (await all(a1, '', limit)).map((i) => i.id);
    expect({ limit, paged }).toEqual({ limit, paged: whole });
  }
  const first = await page(a1, 'limit=3');
  expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
});

it('keeps pages stable while new submissions arrive', async () => {
  const first = await page(a1, 'limit=4');
  const newer = await submit(a1, invoice('LIST-A1-LATE'));
  const rest = await all(a1, '', 4, first.nextCursor);
  const seen = [...first.items, ...rest].map((i) => i.id);
  expect(seen).not.toContain(newer);
  expect([...seen].sort()).toEqual([...a1Ids].sort());
  expect((await page(a1, 'limit=1')).items[0].id).toBe(newer);
  a1Ids.push(newer);
  await waitFor('the late submission to settle', async () => {
    const [row] = await t.db.dataSource.query<{ status: string }[]>(
      'SELECT status FROM invoices WHERE id = $1',
      [newer],
    );
    return !['received', 'extracted', 'validated'].includes(row.status);
  });
});

it('filters by status, one or several', async () => {
  const rejected = await page(a1, 'status=rejected');
  expect(rejected.items.map((i) => i.id)).toEqual([brokenId]);
  const both = await page(a1, 'status=rejected,awaiting_approval');
  const repeated = await page(a1, 'status=rejected&status=awaiting_approval');
  expect(both.items.map((i) => i.id).sort()).toEqual(repeated.items.map((i) => i.id).sort());
  expect(both.items.every((i) => ['rejected', 'awaiting_approval'].includes(i.status))).toBe(true);
  expect(both.items.length).toBeGreaterThan(rejected.items.length);
  expect((await page(a1, 'status=posted')).items).toEqual([]);
});

it('filters by invoice number, exactly', async () => {
  expect((await page(a1, 'number=LIST-MP-3')).items.map((i) => i.invoice?.number)).toEqual(['LIST-MP-3']);
  expect((await page(a1, 'number=LIST-MP')).items).toEqual([]);
});

it('filters by the received date range: from inclusive, before exclusive', async () => {
  // Move two submissions into January, and one to the first instant of February.
  const [jan1, jan2, feb] = a1Ids.slice(0, 3);
  const move = (id: string, at: string) =>
    t.db.dataSource.query(
      `UPDATE inbound_messages SET received_at = $2 WHERE id = (SELECT message_id FROM invoices WHERE id = $1)`,
      [id, at],
    );
  await move(jan1, '2026-01-10T08:00:00Z');
  await move(jan2, '2026-01-31T23:59:59.999999Z');
  await move(feb, '2026-02-01T00:00:00Z');
  const january = await page(a1, 'receivedFrom=2026-01-01&receivedBefore=2026-02-01');
  expect(january.items.map((i) => i.id)).toEqual([jan2, jan1]);
  const fromFeb = await page(a1, 'receivedFrom=2026-02-01T01:00:00%2B01:00&receivedBefore=2026-02-02');
  expect(fromFeb.items.map((i) => i.id)).toEqual([feb]);
  expect(january.items.map((i) => i.receivedAt)).toEqual([
    '2026-01-31T23:59:59.999999Z',
    '2026-01-10T08:00:00.000000Z',
  ]);
  // Microseconds count, both in the filter and in the answer.
  expect(
    (await page(a1, 'receivedFrom=2026-01-10T08:00:00.000001Z&receivedBefore=2026-02-01')).items,
  ).toEqual([expect.objectContaining({ id: jan2 })]);
  // Paging across the moved rows still gives each once.
  const paged = (await all(a1, 'receivedBefore=2026-03-01', 1)).map((i) => i.id);
  expect(paged).toEqual([feb, jan2, jan1]);
});

it('refuses bad parameters with 400 SUBMISSIONS_QUERY_INVALID naming the parameter', async () => {
  const forged = Buffer.from(JSON.stringify(['2026-02-31T00:00:00.000000Z', a1Ids[0]])).toString('base64url');
  const injected = Buffer.from(JSON.stringify(["2026-01-01'; DROP TABLE invoices; --", 'x'])).toString(
    'base64url',
  );
  for (const [query, parameter] of [
    ['status=bogus', 'status'],
    ['status=rejected,', 'status'],
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=ten', 'limit'],
    ['receivedFrom=2026-02-31', 'receivedFrom'],
    ['receivedFrom=yesterday', 'receivedFrom'],
    ['receivedBefore=2026-01-01T25:00Z', 'receivedBefore'],
    ['receivedBefore=9999-12-31T23:00:00-05:00', 'receivedBefore'],
    ['number=', 'number'],
    ['cursor=not-a-cursor', 'cursor'],
    [`cursor=${forged}`, 'cursor'],
    [`cursor=${injected}`, 'cursor'],
  ] as const) {
    const res = await list(a1, query);
    const body = (await res.json()) as { error: { code: string; details?: { parameter?: string } } };
    expect({
      query,
      status: res.status,
      code: body.error.code,
      parameter: body.error.details?.parameter,
    }).toEqual({
      query,
      status: 400,
      code: 'SUBMISSIONS_QUERY_INVALID',
      parameter,
    });
  }
  expect((await page(a1, 'limit=200')).items.length).toBe(a1Ids.length);
});

it('is for supplier keys only', async () => {
  expect((await list(apA)).status).toBe(403);
  expect((await fetch(`${t.url}/api/v1/invoices`)).status).toBe(401);
});

it('is described in the OpenAPI document with its query and response types', async () => {
  const doc = (await (await fetch(`${t.url}/api/docs-json`)).json()) as {
    paths: Record<
      string,
      Record<string, { parameters?: { name: string }[]; responses: Record<string, unknown> }>
    >;
    components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
  };
  const op = doc.paths['/api/v1/invoices'].get;
  expect(op.parameters?.map((p) => p.name).sort()).toEqual(
    ['cursor', 'limit', 'number', 'receivedBefore', 'receivedFrom', 'status'].sort(),
  );
  expect(JSON.stringify(op.responses['200'])).toContain('#/components/schemas/SubmissionListDto');
  expect(Object.keys(doc.components.schemas.SubmissionListDto.properties ?? {}).sort()).toEqual([
    'items',
    'nextCursor',
  ]);
  expect(Object.keys(doc.components.schemas.SubmissionDto.properties ?? {})).toEqual(
    expect.arrayContaining(['id', 'status', 'statusUrl', 'receivedAt', 'invoice']),
  );
});
