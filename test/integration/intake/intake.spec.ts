/**
 * The upload API and the Peppol-like endpoint end to end against the real application,
 * PostgreSQL and Redis: submissions are stored, run through the pipeline (validation with
 * the official schemas and our rules), de-duplicated, routed by Leitweg-ID, and answered.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../../support/app.js';
import { TenantService } from '../../../src/modules/tenants/tenant.service.js';
import { ApiKeyService } from '../../../src/modules/auth/api-key.service.js';
import { buildUblInvoice as buildFactoryInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import { leitwegCheckDigits } from '../../../src/modules/tenants/leitweg-id.js';
import { InvoiceRepository } from '../../../src/modules/invoices/invoice.repository.js';
import { PeppolCallbackRepository } from '../../../src/modules/intake/peppol/peppol-callback.repository.js';

const lw = (coarse: string, fine: string) => `${coarse}-${fine}-${leitwegCheckDigits(coarse, fine)}`;
const LEITWEG = lw('04011000', '12345');
const OTHER_LEITWEG = lw('991', '33333');
const UNKNOWN_LEITWEG = lw('991', '99999');

/** Our factory's invoice, addressed (BT-10) to the test tenant unless told otherwise. */
function buildUblInvoice(spec: { number?: string; buyerReference?: string } = {}): string {
  return buildFactoryInvoice({
    number: spec.number,
    patch: (x) =>
      x.replace(
        /<cbc:BuyerReference>[^<]*<\/cbc:BuyerReference>/,
        `<cbc:BuyerReference>${spec.buyerReference ?? LEITWEG}</cbc:BuyerReference>`,
      ),
  });
}
const FINAL = new Set(['rejected', 'duplicate', 'awaiting_approval']);

let t: TestApp;
let blobDir: string;
let supplierKey: string;
let otherSupplierKey: string;
let accessPointKey: string;
let accessPointKeyId: string;
let tenantId: string;

beforeAll(async () => {
  blobDir = mkdtempSync(join(tmpdir(), 'einvoice-blobs-'));
  // OUTBOUND_ALLOW: the callback test's HTTP server listens on loopback.
  t = await startTestApp({
    BLOB_STORE_DIR: blobDir,
    UPLOAD_MAX_BYTES: '400000',
    OUTBOUND_ALLOW: '127.0.0.1',
  });
  const tenant = await t.app
    .get(TenantService)
    .create({ name: 'Stadt Prüfhausen', leitwegIds: [LEITWEG] }, 'operator:test');
  tenantId = tenant.id;
  const keys = t.app.get(ApiKeyService);
  supplierKey = (await keys.create(tenant.id, { name: 'Lieferant A', role: 'supplier' }, 'operator:test'))
    .key;
  otherSupplierKey = (
    await keys.create(tenant.id, { name: 'Lieferant B', role: 'supplier' }, 'operator:test')
  ).key;
  const ap = await keys.create(tenant.id, { name: 'AP', role: 'access-point' }, 'operator:test');
  accessPointKey = ap.key;
  accessPointKeyId = ap.apiKey.id;
}, 60_000);

afterAll(async () => {
  await t?.close();
  rmSync(blobDir, { recursive: true, force: true });
});

function upload(
  body: string | Buffer,
  type = 'application/xml',
  headers: Record<string, string> = {},
  key = supplierKey,
) {
  return fetch(`${t.url}/api/v1/invoices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': type, ...headers },
    body,
  });
}

type InvoiceView = {
  id: string;
  status: string;
  statusUrl: string;
  duplicateOf: string | null;
  history: { from: string | null; to: string; detail: Record<string, unknown> | null }[];
  validation: { valid: boolean; errors: { id: string }[] } | null;
};

async function settled(id: string, key = supplierKey): Promise<InvoiceView> {
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${t.url}/api/v1/invoices/${id}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(200);
    const view = (await res.json()) as InvoiceView;
    if (FINAL.has(view.status)) return view;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`invoice ${id} did not reach a final intake state`);
}

describe('upload API', () => {
  it('accepts a valid XRechnung, validates it and routes it to the Leitweg-ID', async () => {
    const res = await upload(buildUblInvoice({ number: 'UP-1' }));
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string; status: string; statusUrl: string };
    expect(body.status).toBe('received');
    expect(body.statusUrl).toMatch(/\/status\/[A-Za-z0-9_-]{32}$/);
    const view = await settled(body.id);
    expect(view.validation?.errors).toEqual([]);
    expect(view.status).toBe('awaiting_approval');
    expect(view.history.map((h) => h.to)).toEqual([
      'received',
      'extracted',
      'validated',
      'awaiting_approval',
    ]);
    const html = await fetch(`${t.url}/api/v1/invoices/${body.id}?format=html&lang=en`, {
      headers: { authorization: `Bearer ${supplierKey}` },
    });
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toContain('UP-1');
  });

  it('records the same file sent twice as one invoice and one duplicate', async () => {
    const xml = buildUblInvoice({ number: 'UP-DUP' });
    const first = (await (await upload(xml)).json()) as { id: string };
    const firstView = await settled(first.id);
    const second = (await (await upload(xml)).json()) as { id: string };
    const secondView = await settled(second.id);
    expect(firstView.status).toBe('awaiting_approval');
    expect(secondView.status).toBe('duplicate');
    expect(secondView.duplicateOf).toBe(first.id);
  });

  it('answers a repeated Idempotency-Key with the first submission', async () => {
    const xml = buildUblInvoice({ number: 'UP-IDEM' });
    const a = (await (await upload(xml, 'application/xml', { 'idempotency-key': 'k-1' })).json()) as {
      id: string;
    };
    const b = (await (await upload(xml, 'application/xml', { 'idempotency-key': 'k-1' })).json()) as {
      id: string;
    };
    expect(b.id).toBe(a.id);
  });

  it('rejects broken XML with a stable finding id', async () => {
    const res = await upload('<Invoice><cbc:ID>');
    const view = await settled(((await res.json()) as { id: string }).id);
    expect(view.status).toBe('rejected');
    expect(view.validation?.errors.map((e) => e.id)).toContain('XML-NOT-WELL-FORMED');
  });

  it('rejects a valid invoice addressed to a Leitweg-ID the tenant does not have', async () => {
    const xml = buildUblInvoice({ number: 'UP-ROUTE', buyerReference: OTHER_LEITWEG });
    const view = await settled(((await (await upload(xml)).json()) as { id: string }).id);
    expect(view.status).toBe('rejected');
    expect(view.history.at(-1)?.detail).toMatchObject({ reason: 'routing' });
  });

  it('takes several files of one multipart request as separate invoices', async () => {
    const form = new FormData();
    form.append(
      'file',
      new Blob([buildUblInvoice({ number: 'MP-1' })], { type: 'application/xml' }),
      'mp-1.xml',
    );
    form.append(
      'file',
      new Blob([buildUblInvoice({ number: 'MP-2' })], { type: 'application/xml' }),
      'mp-2.xml',
    );
    const res = await fetch(`${t.url}/api/v1/invoices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${supplierKey}` },
      body: form,
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { invoices: { id: string; fileName: string }[] };
    expect(body.invoices.map((i) => i.fileName)).toEqual(['mp-1.xml', 'mp-2.xml']);
    for (const i of body.invoices) expect((await settled(i.id)).status).toBe('awaiting_approval');
  });

  it('refuses unsupported types, oversized bodies and missing credentials with stable codes', async () => {
    const plain = await upload('hello', 'text/plain');
    expect(plain.status).toBe(415);
    expect(((await plain.json()) as { error: { code: string } }).error.code).toBe(
      'UPLOAD_UNSUPPORTED_MEDIA_TYPE',
    );
    const big = await upload(Buffer.alloc(500_000, 0x20), 'application/xml');
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe('UPLOAD_TOO_LARGE');
    const anon = await fetch(`${t.url}/api/v1/invoices`, {
      method: 'POST',
      body: '<x/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(anon.status).toBe(401);
  });

  it('shows a submission to its supplier and via the status link, but not to another supplier', async () => {
    const body = (await (await upload(buildUblInvoice({ number: 'UP-PRIV' }))).json()) as {
      id: string;
      statusUrl: string;
    };
    await settled(body.id);
    const other = await fetch(`${t.url}/api/v1/invoices/${body.id}`, {
      headers: { authorization: `Bearer ${otherSupplierKey}` },
    });
    expect(other.status).toBe(404);
    const path = new URL(body.statusUrl).pathname;
    const link = await fetch(`${t.url}${path}?format=json`);
    expect(link.status).toBe(200);
    expect(((await link.json()) as { status: string }).status).toBe('awaiting_approval');
    expect((await fetch(`${t.url}/status/${'A'.repeat(32)}`)).status).toBe(404);
  });
});

function sbdh(receiver: string, instance: string, payload: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader">
  <StandardBusinessDocumentHeader>
    <HeaderVersion>1.0</HeaderVersion>
    <Sender><Identifier Authority="iso6523-actorid-upis">0088:4000001000005</Identifier></Sender>
    <Receiver><Identifier Authority="iso6523-actorid-upis">${receiver}</Identifier></Receiver>
    <DocumentIdentification><Standard>urn:oasis:names:specification:ubl:schema:xsd:Invoice-2</Standard>
      <TypeVersion>2.1</TypeVersion><InstanceIdentifier>${instance}</InstanceIdentifier><Type>Invoice</Type>
      <CreationDateAndTime>2026-11-21T10:00:00Z</CreationDateAndTime></DocumentIdentification>
  </StandardBusinessDocumentHeader>
${payload.replace(/^<\?xml[^>]*>\s*/, '')}
</StandardBusinessDocument>`;
}

/** Polls a delivery's Message Level Response until it is final (AP or RE). */
async function finalResponse(responseUrl: string): Promise<string> {
  let mlr = '';
  for (let i = 0; i < 200 && !/<cbc:ResponseCode>(AP|RE)</.test(mlr); i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 100));
    const res = await fetch(responseUrl.replace(/^https?:\/\/[^/]+/, t.url), {
      headers: { authorization: `Bearer ${accessPointKey}` },
    });
    mlr = await res.text();
  }
  return mlr;
}

describe('Peppol-like endpoint', () => {
  const deliver = (xml: string, key: string | null = accessPointKey) =>
    fetch(`${t.url}/peppol/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: xml,
    });

  it('routes by receiver id, answers with a receipt and then an AP message level response', async () => {
    const res = await deliver(sbdh(`0204:${LEITWEG}`, 'ap-0001', buildUblInvoice({ number: 'PEP-1' })));
    expect(res.status).toBe(202);
    const receipt = (await res.json()) as { invoiceId: string; receipt: string; responseUrl: string };
    expect(receipt.receipt).toBe('AB');
    // Access points read the MLR, not the invoice API: poll the response until it is final.
    const mlr = await finalResponse(receipt.responseUrl);
    expect(mlr).toContain('<cbc:ResponseCode>AP</cbc:ResponseCode>');
    expect(mlr).toContain('<cbc:ID>ap-0001</cbc:ID>');
  });

  it('answers RE with the findings when the payload is not a valid invoice', async () => {
    const res = await deliver(
      sbdh(`0204:${LEITWEG}`, 'ap-0002', '<Order xmlns="urn:example:order"><ID>1</ID></Order>'),
    );
    const receipt = (await res.json()) as { responseUrl: string };
    const mlr = await finalResponse(receipt.responseUrl);
    expect(mlr).toContain('<cbc:ResponseCode>RE</cbc:ResponseCode>');
    expect(mlr).toContain('<cac:LineResponse>');
  });

  it('refuses unknown receivers before storing anything, and deliveries without credentials', async () => {
    const repo = t.app.get(InvoiceRepository);
    const before = (await repo.list(tenantId, { limit: 1000 })).length;
    const unknown = await deliver(sbdh(`0204:${UNKNOWN_LEITWEG}`, 'ap-0003', buildUblInvoice()));
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe(
      'PEPPOL_RECEIVER_UNKNOWN',
    );
    expect((await repo.list(tenantId, { limit: 1000 })).length).toBe(before);
    expect((await deliver(sbdh(`0204:${LEITWEG}`, 'ap-0004', buildUblInvoice()), null)).status).toBe(401);
    const notEnvelope = await deliver(buildUblInvoice());
    expect(notEnvelope.status).toBe(400);
    expect(((await notEnvelope.json()) as { error: { code: string } }).error.code).toBe(
      'PEPPOL_ENVELOPE_INVALID',
    );
  });

  it('flags the same invoice arriving over another channel as a suspected duplicate', async () => {
    const xml = buildUblInvoice({ number: 'CROSS-1' });
    const uploaded = (await (await upload(xml)).json()) as { id: string };
    await settled(uploaded.id);
    // The Peppol payload is the same invoice, but not the same bytes (it was wrapped and re-serialised).
    const receipt = (await (await deliver(sbdh(`0204:${LEITWEG}`, 'ap-cross-1', xml))).json()) as {
      invoiceId: string;
    };
    const repo = t.app.get(InvoiceRepository);
    const inv = await (async () => {
      for (let i = 0; i < 200; i++) {
        const r = await repo.get(tenantId, receipt.invoiceId);
        if (r && r.status === 'awaiting_approval') return r;
        await new Promise((res) => setTimeout(res, 100));
      }
      throw new Error('not decided');
    })();
    expect(inv.suspectedDuplicateOf).toBe(uploaded.id);
    expect(inv.duplicateOf).toBeNull();
  });

  it('POSTs the final response to the callback the access point configured', async () => {
    const received: string[] = [];
    let failFirst = true;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        // The first attempt fails: the job must retry, not give up.
        if (failFirst) {
          failFirst = false;
          res.writeHead(503).end();
          return;
        }
        received.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mlr`;
      await t.app.get(PeppolCallbackRepository).set(tenantId, accessPointKeyId, url);
      const res = await deliver(
        sbdh(`0204:${LEITWEG}`, 'ap-callback-1', buildUblInvoice({ number: 'PEP-CB' })),
      );
      expect(res.status).toBe(202);
      for (let i = 0; i < 300 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(received).toHaveLength(1);
      expect(received[0]).toContain('<cbc:ResponseCode>AP</cbc:ResponseCode>');
      expect(received[0]).toContain('<cbc:ID>ap-callback-1</cbc:ID>');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 60_000);

  it('does not store a second message when the same delivery is retried', async () => {
    const xml = sbdh(`0204:${LEITWEG}`, 'ap-0005', buildUblInvoice({ number: 'PEP-RETRY' }));
    const a = (await (await deliver(xml)).json()) as { messageId: string; duplicateDelivery: boolean };
    const b = (await (await deliver(xml)).json()) as { messageId: string; duplicateDelivery: boolean };
    expect(b.messageId).toBe(a.messageId);
    expect([a.duplicateDelivery, b.duplicateDelivery]).toEqual([false, true]);
  });
});
