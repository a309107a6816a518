/**
 * Idempotency-Key on the upload API, as draft-ietf-httpapi-idempotency-key-header says: a
 * retry (same key, same request) gets the first answer and stores nothing new; the same key
 * with a different request body is refused with 422 and a stable code — never answered with
 * the first invoice while the second document is silently dropped. The Peppol-like endpoint
 * treats the SBDH instance identifier alike.
 */
import { startTestApp, type TestApp } from '../../support/app.js';
import { TenantService } from '../../../src/modules/tenants/tenant.service.js';
import { ApiKeyService } from '../../../src/modules/auth/api-key.service.js';
import { buildUblInvoice as buildFactoryInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import { leitwegCheckDigits } from '../../../src/modules/tenants/leitweg-id.js';

const LEITWEG = `04011000-23456-${leitwegCheckDigits('04011000', '23456')}`;
const invoice = (number: string) =>
  buildFactoryInvoice({
    number,
    patch: (x) => x.replace(/<cbc:BuyerReference>[^<]*</, `<cbc:BuyerReference>${LEITWEG}<`),
  });

let t: TestApp;
let keyA: string;
let keyB: string;
let apKey: string;

beforeAll(async () => {
  t = await startTestApp();
  const tenant = await t.app
    .get(TenantService)
    .create({ name: 'Stadt Idempotenz', leitwegIds: [LEITWEG] }, 'operator:test');
  const keys = t.app.get(ApiKeyService);
  keyA = (await keys.create(tenant.id, { name: 'Lieferant A', role: 'supplier' }, 'operator:test')).key;
  keyB = (await keys.create(tenant.id, { name: 'Lieferant B', role: 'supplier' }, 'operator:test')).key;
  apKey = (await keys.create(tenant.id, { name: 'AP', role: 'access-point' }, 'operator:test')).key;
}, 60_000);

afterAll(async () => {
  await t?.close();
});

function upload(body: string | FormData, idempotencyKey: string, key = keyA, type?: string) {
  return fetch(`${t.url}/api/v1/invoices`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'idempotency-key': idempotencyKey,
      ...(type ? { 'content-type': type } : {}),
    },
    body,
  });
}

function form(...files: [name: string, xml: string][]): FormData {
  const f = new FormData();
  for (const [name, xml] of files) f.append('file', new Blob([xml], { type: 'application/xml' }), name);
  return f;
}

async function messagesWithKey(key: string): Promise<number> {
  const rows = await t.db.dataSource.query<{ n: string }[]>(
    `SELECT count(*) AS n FROM inbound_messages WHERE external_id LIKE '%:' || $1`,
    [key],
  );
  return Number(rows[0].n);
}

it('answers a retry (same key, same body) with the first submission and stores nothing new', async () => {
  const xml = invoice('IDEM-SAME');
  const a = await upload(xml, 'same-1', keyA, 'application/xml');
  const b = await upload(xml, 'same-1', keyA, 'application/xml');
  expect([a.status, b.status]).toEqual([202, 202]);
  expect(((await b.json()) as { id: string }).id).toBe(((await a.json()) as { id: string }).id);
  expect(await messagesWithKey('same-1')).toBe(1);
});

it('refuses the same key with a different body: 422 IDEMPOTENCY_KEY_REUSED, the first submission untouched', async () => {
  const first = await upload(invoice('IDEM-1'), 'reuse-1', keyA, 'application/xml');
  expect(first.status).toBe(202);
  const { id } = (await first.json()) as { id: string };

  const second = await upload(invoice('IDEM-2'), 'reuse-1', keyA, 'application/xml');
  expect(second.status).toBe(422);
  expect(((await second.json()) as { error: { code: string } }).error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  expect(await messagesWithKey('reuse-1')).toBe(1);
  const invoices = await t.db.dataSource.query<{ id: string }[]>(
    `SELECT i.id FROM invoices i JOIN inbound_messages m ON m.id = i.message_id WHERE m.external_id LIKE '%:reuse-1'`,
  );
  expect(invoices.map((r) => r.id)).toEqual([id]);

  // The original request still replays.
  const again = await upload(invoice('IDEM-1'), 'reuse-1', keyA, 'application/xml');
  expect(again.status).toBe(202);
  expect(((await again.json()) as { id: string }).id).toBe(id);
});

it('takes a retried multipart upload (a new boundary, the same files) as the same request', async () => {
  const one = invoice('IDEM-MP-1');
  const two = invoice('IDEM-MP-2');
  const a = await upload(form(['1.xml', one], ['2.xml', two]), 'mp-1');
  const b = await upload(form(['1.xml', one], ['2.xml', two]), 'mp-1');
  expect([a.status, b.status]).toEqual([202, 202]);
  const ids = (r: unknown) => (r as { invoices: { id: string }[] }).invoices.map((i) => i.id).sort();
  expect(ids(await b.json())).toEqual(ids(await a.json()));

  // One file more, or one fewer, is a different request.
  const more = await upload(form(['1.xml', one], ['2.xml', two], ['3.xml', invoice('IDEM-MP-3')]), 'mp-1');
  expect(more.status).toBe(422);
  const fewer = await upload(form(['1.xml', one]), 'mp-1');
  expect(fewer.status).toBe(422);
  expect(((await fewer.json()) as { error: { code: string } }).error.code).toBe('IDEMPOTENCY_KEY_REUSED');
});

it("scopes keys to the client: another supplier's request with the same key is its own", async () => {
  const a = await upload(invoice('IDEM-A'), 'shared-key', keyA, 'application/xml');
  const b = await upload(invoice('IDEM-B'), 'shared-key', keyB, 'application/xml');
  expect([a.status, b.status]).toEqual([202, 202]);
  expect(((await b.json()) as { id: string }).id).not.toBe(((await a.json()) as { id: string }).id);
});

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

it('refuses a Peppol delivery that reuses an instance identifier for another invoice with 422', async () => {
  const deliver = (xml: string) =>
    fetch(`${t.url}/peppol/inbound`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apKey}`, 'content-type': 'application/xml' },
      body: xml,
    });
  const first = await deliver(sbdh('inst-reuse-1', invoice('PEP-IDEM-1')));
  expect(first.status).toBe(202);
  const { messageId } = (await first.json()) as { messageId: string };
  const retry = await deliver(sbdh('inst-reuse-1', invoice('PEP-IDEM-1')));
  expect(retry.status).toBe(202);
  expect(await retry.json()).toMatchObject({ messageId, duplicateDelivery: true });
  const other = await deliver(sbdh('inst-reuse-1', invoice('PEP-IDEM-2')));
  expect(other.status).toBe(422);
  expect(((await other.json()) as { error: { code: string } }).error.code).toBe('PEPPOL_INSTANCE_REUSED');
});
