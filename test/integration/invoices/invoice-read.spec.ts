/**
 * InvoiceReadService against the real database and raw store: the read model of an invoice
 * that came by e-mail, its files (original, attachment, the .eml) with safe names and types,
 * and nothing of it for another tenant.
 */
import { randomBytes } from 'node:crypto';
import { BLOB_STORE, type BlobStore } from '../../../src/modules/documents/storage/blob-store.js';
import { InvoiceReadService } from '../../../src/modules/invoices/invoice-read.service.js';
import { InvoiceRepository } from '../../../src/modules/invoices/invoice.repository.js';
import { TenantService } from '../../../src/modules/tenants/tenant.service.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { randomLeitwegId } from '../auth/identity-context.js';

let t: TestApp;
let tenantId: string;
let otherTenantId: string;
let invoiceId: string;
let attachmentId: string;
const EML = 'From: rechnung@lieferant.example\r\nSubject: Rechnung März\r\n\r\nsiehe Anhang\r\n';
const XML = '<Invoice/>';
const HTML = '<html><script>alert(1)</script></html>';

beforeAll(async () => {
  t = await startTestApp({ PROCESS_ROLE: 'api' });
  const tenants = t.app.get(TenantService);
  tenantId = (await tenants.create({ name: 'Lesestadt', leitwegIds: [randomLeitwegId()] }, 'test')).id;
  otherTenantId = (await tenants.create({ name: 'Andersort', leitwegIds: [randomLeitwegId()] }, 'test')).id;
  const blobs = t.app.get<BlobStore>(BLOB_STORE);
  const mail = await blobs.put(Buffer.from(EML));
  const doc = await blobs.put(Buffer.from(XML));
  const att = await blobs.put(Buffer.from(HTML));
  const repo = t.app.get(InvoiceRepository);
  const { invoices } = await repo.createMessage(
    tenantId,
    {
      channel: 'email',
      blobSha256: mail.sha256,
      contentType: 'message/rfc822',
      byteSize: EML.length,
      sender: 'rechnung@lieferant.example',
      meta: { subject: 'Rechnung März' },
    },
    [
      {
        sha256: doc.sha256,
        fileName: '../../etc/re<1>.xml',
        contentType: 'application/xml',
        statusToken: randomBytes(24).toString('base64url'),
      },
    ],
  );
  invoiceId = invoices[0].id;
  await repo.addAttachment(tenantId, invoiceId, {
    sha256: att.sha256,
    fileName: 'Anlage\u0007.html',
    mimeCode: 'text/html',
    source: 'message',
  });
  attachmentId = (await repo.attachmentRecords(tenantId, invoiceId))[0].id;
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('InvoiceReadService', () => {
  it('reads an e-mailed invoice: message, original and attachments with safe names and types', async () => {
    const v = (await t.app.get(InvoiceReadService).get(tenantId, invoiceId))!;
    expect(v.status).toBe('received');
    expect(v.data).toBeNull();
    expect(v.validation).toBeNull();
    expect(v.history.map((e) => e.toStatus)).toEqual(['received']);
    expect(v.message).toMatchObject({
      channel: 'email',
      sender: 'rechnung@lieferant.example',
      subject: 'Rechnung März',
      downloadable: true,
      size: EML.length,
    });
    expect(v.original).toMatchObject({ fileName: 're_1_.xml', kind: 'xml', size: XML.length });
    expect(v.attachments).toEqual([
      {
        id: attachmentId,
        name: 'Anlage_.html',
        mime: 'application/octet-stream',
        size: HTML.length,
        source: 'message',
        description: null,
      },
    ]);
  });

  it('opens the original, the attachment and the e-mail', async () => {
    const read = t.app.get(InvoiceReadService);
    const original = (await read.openOriginal(tenantId, invoiceId))!;
    expect(original.content.toString()).toBe(XML);
    expect(original.mime).toBe('application/xml');
    const attachment = (await read.openAttachment(tenantId, invoiceId, attachmentId))!;
    expect(attachment.content.toString()).toBe(HTML);
    expect(attachment.mime).toBe('application/octet-stream');
    const mail = (await read.openMessage(tenantId, invoiceId))!;
    expect(mail.content.toString()).toBe(EML);
    expect(mail.mime).toBe('message/rfc822');
    expect(mail.fileName).toMatch(/^message-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.eml$/);
  });

  it('shows another tenant nothing, and answers malformed ids with nothing', async () => {
    const read = t.app.get(InvoiceReadService);
    expect(await read.get(otherTenantId, invoiceId)).toBeUndefined();
    expect(await read.openOriginal(otherTenantId, invoiceId)).toBeUndefined();
    expect(await read.openAttachment(otherTenantId, invoiceId, attachmentId)).toBeUndefined();
    expect(await read.openMessage(otherTenantId, invoiceId)).toBeUndefined();
    expect(await read.get(tenantId, 'not-a-uuid')).toBeUndefined();
    expect(await read.openAttachment(tenantId, invoiceId, 'x')).toBeUndefined();
  });
});
