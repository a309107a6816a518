/**
 * Reading the case record through the API against the real application: search by each
 * criterion and together, pages, a Vorgang and its documents, a document's content, the
 * Vorgang as ZIP (every entry and the manifest hashes checked), what happens when a filed
 * document's bytes were altered in the store, who may read, and that another tenant's
 * Vorgang is "not found" by id, by search, by document and by ZIP — exactly as an unknown id.
 */
import { createHash, randomUUID } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditChainer } from '../../../src/modules/audit/audit.chainer.js';
import { AuditRepository } from '../../../src/modules/audit/audit.repository.js';
import { type TestApp, startTestApp } from '../../support/app.js';
import { readZipChecked } from '../../support/zip-reader.js';
import { IdentityContext, type TenantFixture } from '../auth/identity-context.js';
import { type FiledVorgang, RecordsFixture } from './search-fixture.js';

const SLOW = 120_000;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface Page {
  items: { id: string; aktenzeichen: string; filedAt: string | null; invoice: { number: string } }[];
  total: number;
  page: number;
  limit: number;
}

describe('reading the case record', () => {
  let t: TestApp;
  let ids: IdentityContext;
  let fx: RecordsFixture;
  let a: TenantFixture;
  let b: TenantFixture;
  let treasury: string;
  let auditor: string;
  let approver: string;
  let bTreasury: string;
  let filed: Record<string, FiledVorgang>;
  let bVorgang: FiledVorgang;

  async function get(
    path: string,
    token: string,
  ): Promise<{ status: number; body: Buffer; headers: Headers }> {
    const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  }
  async function json<T = unknown>(path: string, token = treasury): Promise<{ status: number; body: T }> {
    const r = await get(path, token);
    return { status: r.status, body: JSON.parse(r.body.toString('utf8')) as T };
  }
  async function search(query: Record<string, string>, token = treasury): Promise<Page> {
    const r = await json<Page>(`/api/v1/records/vorgaenge?${new URLSearchParams(query).toString()}`, token);
    expect(r.status).toBe(200);
    return r.body;
  }
  const numbers = (p: Page) => p.items.map((i) => i.invoice.number);

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    ids = new IdentityContext(t.app);
    fx = new RecordsFixture(t);
    a = await ids.newTenant('Stadt A');
    b = await ids.newTenant('Gemeinde B');
    treasury = (await ids.newUser(a.tenant.id, ['treasury'])).token;
    auditor = (await ids.newUser(a.tenant.id, ['auditor'])).token;
    approver = (await ids.newUser(a.tenant.id, ['approver'])).token;
    bTreasury = (await ids.newUser(b.tenant.id, ['treasury'])).token;
    const lwA = a.tenant.receiverIds[0].value;
    const bau = { sellerName: 'Bau & Söhne GmbH', sellerVatId: 'DE111111111' };
    const werke = { sellerName: 'Stadtwerke Nord AG', sellerVatId: 'DE222222222' };
    const inv = {
      r1: await fx.invoice(a.tenant.id, lwA, {
        number: 'RE-2026-0001',
        netCents: [100000],
        issueDate: '2026-01-15',
        ...bau,
      }),
      r2: await fx.invoice(a.tenant.id, lwA, {
        number: 'RE-2026-0002',
        netCents: [50000],
        issueDate: '2026-02-10',
        ...bau,
      }),
      gas: await fx.invoice(a.tenant.id, lwA, {
        number: 'GAS-77',
        netCents: [20000],
        issueDate: '2026-03-05',
        ...werke,
      }),
      r100: await fx.invoice(a.tenant.id, lwA, {
        number: 'RE-2026-0100',
        netCents: [10000],
        issueDate: '2026-03-06',
        ...werke,
      }),
      bad: await fx.invoice(a.tenant.id, lwA, {
        number: 'KAPUTT-1',
        netCents: [999],
        issueDate: '2025-06-01',
        ...werke,
      }),
    };
    const akteBau = await fx.akte(a.tenant.id, '2026|bau', '902.31-2026/001');
    const akteWerke = await fx.akte(a.tenant.id, '2026|werke', '902.31-2026/002');
    filed = {
      r1: await fx.file(a.tenant.id, inv.r1, {
        akteId: akteBau,
        aktenzeichen: '902.31-2026/001-00001',
        betreff: 'Rechnung RE-2026-0001 der Bau & Söhne GmbH',
        filedAt: new Date('2026-02-01T10:00:00Z'),
        documents: [
          {
            kind: 'invoice-original',
            name: 'RE-2026-0001.xml',
            mediaType: 'application/xml',
            content: Buffer.from('<Invoice><ID>RE-2026-0001</ID></Invoice>'.repeat(20)),
          },
          {
            kind: 'validation-report-html',
            name: 'Prüfbericht.html',
            mediaType: 'text/html',
            content: Buffer.from('<html><body><script>alert(1)</script>Gültig</body></html>'),
          },
          {
            kind: 'laufzettel-pdf',
            name: 'Laufzettel.pdf',
            mediaType: 'application/pdf',
            content: Buffer.from('%PDF-1.7\n% Laufzettel RE-2026-0001\n%%EOF\n'),
          },
        ],
      }),
      r2: await fx.file(a.tenant.id, inv.r2, {
        akteId: akteBau,
        aktenzeichen: '902.31-2026/001-00002',
        filedAt: new Date('2026-03-01T10:00:00Z'),
      }),
      gas: await fx.file(a.tenant.id, inv.gas, {
        akteId: akteWerke,
        aktenzeichen: '902.31-2026/002-00001',
        filedAt: new Date('2026-03-20T10:00:00Z'),
      }),
      r100: await fx.file(a.tenant.id, inv.r100, {
        akteId: akteWerke,
        aktenzeichen: '902.31-2026/002-00002',
        filedAt: null,
      }),
      bad: await fx.file(a.tenant.id, inv.bad, {
        akteId: await fx.akte(a.tenant.id, '2025|werke', '902.31-2025/001', 2025),
        aktenzeichen: '902.31-2025/001-00001',
        filedAt: new Date('2025-07-01T10:00:00Z'),
        documents: [
          {
            kind: 'invoice-original',
            name: 'a.xml',
            mediaType: 'application/xml',
            content: Buffer.from(`<a>${randomUUID()}</a>`),
          },
          {
            kind: 'note',
            name: 'b.txt',
            mediaType: 'text/plain',
            content: Buffer.from(`Vermerk ${randomUUID()}`),
          },
        ],
      }),
    };
    const lwB = b.tenant.receiverIds[0].value;
    const bInvoice = await fx.invoice(b.tenant.id, lwB, {
      number: 'RE-2026-0001',
      netCents: [100000],
      issueDate: '2026-01-15',
      ...bau,
    });
    bVorgang = await fx.file(b.tenant.id, bInvoice, {
      akteId: await fx.akte(b.tenant.id, '2026|bau', '902.31-2026/001'),
      aktenzeichen: '902.31-2026/001-00001',
      betreff: 'Geheimer Vorgang von B',
      filedAt: new Date('2026-02-02T10:00:00Z'),
    });
  }, SLOW);

  afterAll(async () => {
    await t?.close();
  }, SLOW);

  describe('search', () => {
    it('lists every Vorgang of the tenant, those being filed first, then the newest filing first', async () => {
      const p = await search({});
      expect(numbers(p)).toEqual(['RE-2026-0100', 'GAS-77', 'RE-2026-0002', 'RE-2026-0001', 'KAPUTT-1']);
      expect(p.total).toBe(5);
      expect(p.items[0].filedAt).toBeNull();
    });

    it('by the beginning of the Aktenzeichen', async () => {
      expect(numbers(await search({ aktenzeichen: '902.31-2026/001' }))).toEqual([
        'RE-2026-0002',
        'RE-2026-0001',
      ]);
      expect(numbers(await search({ aktenzeichen: '902.31-2026/002-00001' }))).toEqual(['GAS-77']);
      // A LIKE wildcard is a character like any other.
      expect((await search({ aktenzeichen: '902.31-2026/%' })).total).toBe(0);
    });

    it('by invoice number, whole or its beginning, in any case', async () => {
      expect(numbers(await search({ number: 'GAS-77' }))).toEqual(['GAS-77']);
      expect(numbers(await search({ number: 'RE-2026-0001' }))).toEqual(['RE-2026-0001']);
      expect(numbers(await search({ number: 're-2026-0' }))).toEqual([
        'RE-2026-0100',
        'RE-2026-0002',
        'RE-2026-0001',
      ]);
      expect((await search({ number: 'RE-2026-0001X' })).total).toBe(0);
    });

    it('by supplier: part of the name, or the VAT id as written with spaces', async () => {
      expect(numbers(await search({ supplier: 'söhne' }))).toEqual(['RE-2026-0002', 'RE-2026-0001']);
      expect(numbers(await search({ supplier: 'de 222 222 222' }))).toEqual([
        'RE-2026-0100',
        'GAS-77',
        'KAPUTT-1',
      ]);
      expect((await search({ supplier: '_' })).total).toBe(0);
    });

    it('by amount, exact or as a range, with a decimal comma too', async () => {
      expect(numbers(await search({ amount: '595,00' }))).toEqual(['RE-2026-0002']);
      expect(numbers(await search({ amountFrom: '200', amountTo: '600' }))).toEqual([
        'GAS-77',
        'RE-2026-0002',
      ]);
      expect(numbers(await search({ amountFrom: '1.000,00' }))).toEqual(['RE-2026-0001']);
    });

    it('by invoice date or by the day of filing', async () => {
      expect(numbers(await search({ from: '2026-03-01', to: '2026-03-31' }))).toEqual([
        'RE-2026-0100',
        'GAS-77',
      ]);
      expect(numbers(await search({ dateField: 'filed', from: '2026-02-15', to: '2026-03-10' }))).toEqual([
        'RE-2026-0002',
      ]);
      expect(numbers(await search({ dateField: 'filed', to: '2026-02-01' }))).toEqual([
        'RE-2026-0001',
        'KAPUTT-1',
      ]);
    });

    it('with several criteria, every one must hold', async () => {
      expect(
        numbers(await search({ supplier: 'Stadtwerke', amountFrom: '200', from: '2026-01-01' })),
      ).toEqual(['GAS-77']);
    });

    it('in pages, with the total on each', async () => {
      const p1 = await search({ limit: '2' });
      const p2 = await search({ limit: '2', page: '2' });
      const p3 = await search({ limit: '2', page: '3' });
      const p4 = await search({ limit: '2', page: '4' });
      expect([p1, p2, p3, p4].map((p) => [p.page, p.limit, p.total])).toEqual([
        [1, 2, 5],
        [2, 2, 5],
        [3, 2, 5],
        [4, 2, 5],
      ]);
      expect([...numbers(p1), ...numbers(p2), ...numbers(p3)]).toEqual(numbers(await search({})));
      expect(p4.items).toEqual([]);
    });

    it('refuses criteria it cannot read, naming the fields', async () => {
      const r = await json<{ error: { code: string; details: { fields: string[] } } }>(
        '/api/v1/records/vorgaenge?amountFrom=viel&from=2026-02-30&limit=1000',
      );
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('RECORDS_SEARCH_INVALID');
      expect([...r.body.error.details.fields].sort()).toEqual(['amountFrom', 'from', 'limit']);
    });
  });

  describe('a Vorgang and its documents', () => {
    it('shows the Akte, the invoice and the documents in filing order', async () => {
      const r = await json<Record<string, unknown>>(`/api/v1/records/vorgaenge/${filed.r1.id}`, auditor);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        id: filed.r1.id,
        aktenzeichen: '902.31-2026/001-00001',
        betreff: 'Rechnung RE-2026-0001 der Bau & Söhne GmbH',
        filedAt: '2026-02-01T10:00:00.000Z',
        akte: { aktenzeichen: '902.31-2026/001', fiscalYear: 2026, aktenplanKey: '902.31' },
        invoice: {
          number: 'RE-2026-0001',
          sellerName: 'Bau & Söhne GmbH',
          sellerVatId: 'DE111111111',
          amount: '1190.0000',
          currency: 'EUR',
          issueDate: '2026-01-15',
        },
        documents: filed.r1.documents.map((d, i) => ({
          id: d.id,
          position: i + 1,
          kind: d.kind,
          name: d.name,
          sha256: d.sha256,
          size: d.content.length,
          retainUntil: '2034-12-31',
        })),
      });
    });

    it("hands out a document's content as filed, with its sha256 as Repr-Digest, as a download", async () => {
      const doc = filed.r1.documents[1];
      const r = await get(`/api/v1/records/documents/${doc.id}/content`, treasury);
      expect(r.status).toBe(200);
      expect(r.body.equals(doc.content)).toBe(true);
      // HTML is never handed out as a page.
      expect(r.headers.get('content-type')).toBe('application/octet-stream');
      expect(r.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('repr-digest')).toBe(
        `sha-256=:${Buffer.from(doc.sha256, 'hex').toString('base64')}:`,
      );
    });

    it('streams the whole Vorgang as a ZIP whose manifest names every file with its size and sha256', async () => {
      const r = await get(`/api/v1/records/vorgaenge/${filed.r1.id}/zip`, treasury);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/zip');
      expect(r.headers.get('content-disposition')).toContain('902.31-2026-001-00001.zip');
      const entries = readZipChecked(r.body);
      expect(entries.map((e) => e.name)).toEqual([
        'manifest.json',
        'MANIFEST.txt',
        '01_RE-2026-0001.xml',
        '02_Prüfbericht.html',
        '03_Laufzettel.pdf',
      ]);
      const byName = new Map(entries.map((e) => [e.name, e.data]));
      const manifestBytes = byName.get('manifest.json') as Buffer;
      const manifest = JSON.parse(manifestBytes.toString('utf8')) as {
        format: string;
        aktenzeichen: string;
        betreff: string;
        filedAt: string;
        files: { path: string; name: string; kind: string; size: number; sha256: string; filedAt: string }[];
      };
      expect(manifest).toMatchObject({
        format: 'einvoice-vorgang-manifest/1',
        aktenzeichen: '902.31-2026/001-00001',
        betreff: 'Rechnung RE-2026-0001 der Bau & Söhne GmbH',
        filedAt: '2026-02-01T10:00:00.000Z',
      });
      expect(manifest.files.map((f) => f.name)).toEqual(filed.r1.documents.map((d) => d.name));
      for (const [i, f] of manifest.files.entries()) {
        const data = byName.get(f.path) as Buffer;
        expect({ path: f.path, sha256: sha256(data), size: data.length }).toEqual({
          path: f.path,
          sha256: filed.r1.documents[i].sha256,
          size: f.size,
        });
        expect(f.sha256).toBe(filed.r1.documents[i].sha256);
        expect(data.equals(filed.r1.documents[i].content)).toBe(true);
      }
      const text = (byName.get('MANIFEST.txt') as Buffer).toString('utf8');
      expect(text).toContain('Vorgang / Case file: 902.31-2026/001-00001');
      expect(text).toContain(`SHA-256 von / of manifest.json: ${sha256(manifestBytes)}`);
      for (const d of filed.r1.documents) expect(text).toContain(`SHA-256: ${d.sha256}`);
      expect(text).toContain('Prüfbericht (HTML) / Validation report (HTML)');

      await new AuditChainer(new AuditRepository(t.db.dataSource)).flush();
      const audit = await t.db.dataSource.query<{ data: { manifestSha256: string } }[]>(
        `SELECT data FROM audit_log WHERE tenant_id = $1 AND action = 'records.vorgang.exported' AND subject = $2`,
        [a.tenant.id, `vorgang:${filed.r1.id}`],
      );
      expect(audit.map((x) => x.data.manifestSha256)).toContain(sha256(manifestBytes));
    });

    it('answers 409 for the ZIP of a Vorgang whose documents are not filed yet', async () => {
      const r = await json<{ error: { code: string } }>(`/api/v1/records/vorgaenge/${filed.r100.id}/zip`);
      expect(r).toEqual({
        status: 409,
        body: { error: expect.objectContaining({ code: 'RECORDS_VORGANG_NOT_FILED' }) },
      });
    });
  });

  describe('altered bytes in the store', () => {
    function tamper(sha: string, content: Buffer): void {
      const path = join(t.config.dataDir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha);
      chmodSync(path, 0o644);
      writeFileSync(path, content);
    }

    it('are never served: the document and the ZIP answer a stable error, and it is audited', async () => {
      const [first, second] = filed.bad.documents;
      // The second one first: the archive starts, and is cut off when it comes to it.
      tamper(second.sha256, Buffer.from('Vermerk geändert'));
      const content = await json<{ error: { code: string } }>(
        `/api/v1/records/documents/${second.id}/content`,
      );
      expect(content.status).toBe(500);
      expect(content.body.error.code).toBe('RECORDS_DOCUMENT_INTEGRITY_FAILED');

      const res = await fetch(`${t.url}/api/v1/records/vorgaenge/${filed.bad.id}/zip`, {
        headers: { authorization: `Bearer ${treasury}` },
      });
      expect(res.status).toBe(200);
      // The transfer breaks off: the client never holds an archive that looks whole.
      const body = await res.arrayBuffer().then(
        (buf) => Buffer.from(buf),
        () => undefined,
      );
      if (body) {
        expect(body.includes(Buffer.from('Vermerk geändert'))).toBe(false);
        expect(() => readZipChecked(body)).toThrow();
      }

      // With the first one altered nothing is sent at all.
      tamper(first.sha256, Buffer.from('<a>anders</a>'));
      const zip = await json<{ error: { code: string } }>(`/api/v1/records/vorgaenge/${filed.bad.id}/zip`);
      expect(zip.status).toBe(500);
      expect(zip.body.error.code).toBe('RECORDS_DOCUMENT_INTEGRITY_FAILED');

      await new AuditChainer(new AuditRepository(t.db.dataSource)).flush();
      const audit = await t.db.dataSource.query<{ subject: string }[]>(
        `SELECT DISTINCT subject FROM audit_log WHERE tenant_id = $1 AND action = 'records.document.check-failed'`,
        [a.tenant.id],
      );
      expect(audit.map((x) => x.subject).sort()).toEqual(
        [`record-document:${first.id}`, `record-document:${second.id}`].sort(),
      );
    });
  });

  describe('who may read', () => {
    it('admin, treasury and auditor; not an approver, not a supplier key', async () => {
      for (const token of [a.admin.token, treasury, auditor])
        expect((await get('/api/v1/records/vorgaenge', token)).status).toBe(200);
      expect((await get('/api/v1/records/vorgaenge', approver)).status).toBe(403);
      expect((await get(`/api/v1/records/vorgaenge/${filed.r1.id}`, a.apiKey.key)).status).toBe(403);
    });
  });

  describe('another tenant', () => {
    it("cannot find A's Vorgang by search", async () => {
      const p = await search({ number: 'RE-2026-0001' }, bTreasury);
      expect(p.items.map((i) => i.id)).toEqual([bVorgang.id]);
      const byAz = await search({ aktenzeichen: '902.31-2026/00' }, bTreasury);
      expect(byAz.items.map((i) => i.id)).toEqual([bVorgang.id]);
      expect((await search({ supplier: 'Stadtwerke' }, bTreasury)).total).toBe(0);
    });

    it("gets 404 for A's Vorgang, document and ZIP — the same answer as for an id that does not exist", async () => {
      const unknown = randomUUID();
      const pairs: [string, string][] = [
        [`/api/v1/records/vorgaenge/${filed.r1.id}`, `/api/v1/records/vorgaenge/${unknown}`],
        [`/api/v1/records/vorgaenge/${filed.r1.id}/zip`, `/api/v1/records/vorgaenge/${unknown}/zip`],
        [
          `/api/v1/records/documents/${filed.r1.documents[0].id}/content`,
          `/api/v1/records/documents/${unknown}/content`,
        ],
      ];
      const strip = (body: { error: { code: string; message: string } }) => ({
        code: body.error.code,
        message: body.error.message,
      });
      for (const [theirs, none] of pairs) {
        const x = await json<{ error: { code: string; message: string } }>(theirs, bTreasury);
        const y = await json<{ error: { code: string; message: string } }>(none, bTreasury);
        expect({ path: theirs, status: x.status, error: strip(x.body) }).toEqual({
          path: theirs,
          status: 404,
          error: strip(y.body),
        });
        expect(y.status).toBe(404);
      }
      // And A still reads its own.
      expect((await get(`/api/v1/records/vorgaenge/${filed.r1.id}`, treasury)).status).toBe(200);
    });
  });
});
