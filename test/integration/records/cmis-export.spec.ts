/**
 * The CMIS export against a spec-following CMIS 1.1 browser-binding repository over real
 * HTTP (test/support/cmis-server.ts): one folder per Vorgang under the configured parent,
 * every document with its metadata as properties of the configured type, read back
 * through the client (children, object, content) byte for byte; a repository that is down
 * fails the export visibly and the retry completes it without filing anything twice; the
 * client's form encoding and the server's refusals follow the binding.
 */
import { OutboundGuard } from '../../../src/common/net/outbound-guard.js';
import { CmisClient, CmisError } from '../../../src/modules/records/export/cmis/cmis-client.js';
import { RecordsExportService } from '../../../src/modules/records/export/records-export.service.js';
import { startCmisServer, type CmisTestServer } from '../../support/cmis-server.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { call, IdentityContext, type TenantFixture } from '../auth/identity-context.js';
import { filedVorgang } from './export-fixture.js';

const SLOW = 120_000;
const TYPES = {
  'einv:vorgang': { base: 'cmis:folder' as const, properties: ['einv:aktenzeichen'] },
  'einv:beleg': {
    base: 'cmis:document' as const,
    properties: ['einv:aktenzeichen', 'einv:rechnungsnummer', 'einv:sha256'],
  },
};

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('records export: CMIS 1.1 browser binding', () => {
  let t: TestApp;
  let dms: CmisTestServer;
  let a: TenantFixture;
  let parentId: string;
  let client: CmisClient;

  beforeAll(async () => {
    dms = await startCmisServer({ user: 'svc-einvoice', password: 'geheim-1', types: TYPES });
    t = await startTestApp({ OUTBOUND_ALLOW: '127.0.0.1', JOBS_SWEEP_INTERVAL_SECONDS: '0' });
    a = await new IdentityContext(t.app).newTenant();
    const guard = new OutboundGuard('127.0.0.1');
    client = new CmisClient(
      { endpoint: dms.endpoint, repositoryId: dms.repositoryId, user: 'svc-einvoice', password: 'geheim-1' },
      guard,
    );
    parentId = (await client.createFolder(dms.rootFolderId, 'Rechnungen', 'cmis:folder')).objectId;
    const put = await call(t.url, 'PUT', '/api/v1/admin/records/export-targets', {
      bearer: a.admin.token,
      body: {
        targets: [
          {
            name: 'dvelop',
            kind: 'cmis',
            endpoint: dms.endpoint,
            repositoryId: dms.repositoryId,
            user: 'svc-einvoice',
            password: 'geheim-1',
            parentFolderId: parentId,
            folderTypeId: 'einv:vorgang',
            documentTypeId: 'einv:beleg',
            aktenzeichenProperty: 'einv:aktenzeichen',
            invoiceNumberProperty: 'einv:rechnungsnummer',
            sha256Property: 'einv:sha256',
            absender: 'Gemeinde, Kämmerei',
            empfaenger: 'Gemeinde, Registratur',
          },
        ],
      },
    });
    expect(put.status).toBe(200);
    expect(put.body[0]).toMatchObject({ name: 'dvelop', hasPassword: true });
    expect(JSON.stringify(put.body)).not.toContain('geheim-1');
  }, SLOW);

  afterAll(async () => {
    await t?.close();
    await dms?.close();
  }, SLOW);

  const exportsOf = async (vorgangId: string) =>
    (
      (await call(t.url, 'GET', '/api/v1/admin/records/exports', { bearer: a.admin.token })).body as {
        vorgangId: string;
        [k: string]: unknown;
      }[]
    ).filter((e) => e.vorgangId === vorgangId);

  it(
    'round trip: a folder per Vorgang, every document stored and read back with its metadata and bytes',
    async () => {
      const v = await filedVorgang(t, a.tenant.id, a.apiKey.id);
      await t.app.get(RecordsExportService).enqueueFor(a.tenant.id, v.vorgangId);
      const [e] = await until('confirmed', async () => {
        const rows = await exportsOf(v.vorgangId);
        return rows[0]?.state === 'confirmed' ? rows : undefined;
      });
      expect(e).toMatchObject({ attempts: 1, lastError: null });
      const folders = await client.children(parentId);
      const folder = folders.find((f) => f.objectId === e.dmsId)!;
      expect(folder).toMatchObject({
        name: v.aktenzeichen.replace(/\//g, '_'),
        objectTypeId: 'einv:vorgang',
      });
      const docs = await client.children(folder.objectId);
      expect(docs.map((d) => d.name)).toEqual(v.documents.map((d, i) => `0${i + 1}_${d.name}`));
      for (const [i, d] of v.documents.entries()) {
        const o = await client.object(docs[i].objectId);
        expect(o.properties).toMatchObject({
          'cmis:objectTypeId': 'einv:beleg',
          'einv:aktenzeichen': v.aktenzeichen,
          'einv:rechnungsnummer': v.invoiceNumber,
          'einv:sha256': d.sha256,
          'cmis:contentStreamMimeType': d.mediaType,
        });
        expect((await client.content(o.objectId)).equals(d.bytes)).toBe(true);
      }
      // What went over the wire: the binding's property arrays, content as multipart.
      const creates = dms.writes.filter((w) => w.action === 'createdocument');
      expect(creates.every((w) => /^multipart\/form-data; boundary=/.test(w.contentType))).toBe(true);
      expect(creates[0].properties.slice(0, 2)).toEqual([
        ['cmis:objectTypeId', 'einv:beleg'],
        ['cmis:name', '01_rechnung.xml'],
      ]);
    },
    SLOW,
  );

  it(
    'a repository that is down fails the export visibly; the retry completes it, nothing filed twice',
    async () => {
      const v = await filedVorgang(t, a.tenant.id, a.apiKey.id);
      dms.failNextWrites(2); // the folder is made, then the first document fails
      const service = t.app.get(RecordsExportService);
      await service.enqueueFor(a.tenant.id, v.vorgangId);
      const [failed] = await until('failed', async () => {
        const rows = await exportsOf(v.vorgangId);
        return rows[0]?.state === 'failed' ? rows : undefined;
      });
      expect(failed).toMatchObject({ lastError: 'EXPORT_CMIS_FAILED', attempts: 1 });
      expect(failed.lastMessage).toContain('runtime');
      const listed = await call(t.url, 'GET', '/api/v1/admin/records/exports?state=failed', {
        bearer: a.admin.token,
      });
      expect(listed.body.map((x: { id: string }) => x.id)).toContain(failed.id);
      dms.failNextWrites(0);
      const retry = await call(t.url, 'POST', `/api/v1/admin/records/exports/${failed.id as string}/retry`, {
        bearer: a.admin.token,
      });
      expect(retry.status).toBe(200);
      const [done] = await until('confirmed', async () => {
        const rows = await exportsOf(v.vorgangId);
        return rows[0]?.state === 'confirmed' ? rows : undefined;
      });
      expect(done).toMatchObject({ attempts: 2 });
      const folders = (await client.children(parentId)).filter(
        (f) => f.name === v.aktenzeichen.replace(/\//g, '_'),
      );
      expect(folders).toHaveLength(1);
      expect((await client.children(folders[0].objectId)).map((d) => d.name)).toEqual(
        v.documents.map((d, i) => `0${i + 1}_${d.name}`),
      );
      expect(await exportsOf(v.vorgangId)).toHaveLength(1);
    },
    SLOW,
  );

  it(
    'the test repository answers like the binding: exceptions, codes, gapless properties',
    async () => {
      const post = async (body: FormData | string, headers: Record<string, string> = {}) => {
        const res = await fetch(`${dms.endpoint}/${dms.repositoryId}/root`, {
          method: 'POST',
          body,
          headers: {
            authorization: `Basic ${Buffer.from('svc-einvoice:geheim-1').toString('base64')}`,
            ...headers,
          },
        });
        return { status: res.status, body: (await res.json()) as { exception?: string } };
      };
      const form = (fields: [string, string][]) => {
        const f = new FormData();
        for (const [k, v] of fields) f.append(k, v);
        return f;
      };
      const gap = await post(
        form([
          ['cmisaction', 'createFolder'],
          ['objectId', parentId],
          ['propertyId[0]', 'cmis:objectTypeId'],
          ['propertyValue[0]', 'cmis:folder'],
          ['propertyId[2]', 'cmis:name'],
          ['propertyValue[2]', 'x'],
        ]),
      );
      expect(gap).toEqual({ status: 400, body: expect.objectContaining({ exception: 'invalidArgument' }) });
      const noName = await post(
        form([
          ['cmisaction', 'createFolder'],
          ['objectId', parentId],
          ['propertyId[0]', 'cmis:objectTypeId'],
          ['propertyValue[0]', 'cmis:folder'],
        ]),
      );
      expect(noName).toEqual({ status: 409, body: expect.objectContaining({ exception: 'constraint' }) });
      const json = await post('{}', { 'content-type': 'application/json' });
      expect(json.status).toBe(400);
      const missing = await client.object('no-such-object').catch((err: unknown) => err);
      expect(missing).toBeInstanceOf(CmisError);
      expect(missing).toMatchObject({ exception: 'objectNotFound', status: 404 });
      const wrong = new CmisClient(
        { endpoint: dms.endpoint, repositoryId: dms.repositoryId, user: 'svc-einvoice', password: 'falsch' },
        new OutboundGuard('127.0.0.1'),
      );
      await expect(wrong.children(parentId)).rejects.toMatchObject({ exception: 'permissionDenied' });
      // The guard: without the operator's allowance, loopback is refused before any request.
      const guarded = new CmisClient(
        {
          endpoint: dms.endpoint,
          repositoryId: dms.repositoryId,
          user: 'svc-einvoice',
          password: 'geheim-1',
        },
        new OutboundGuard(undefined),
      );
      await expect(guarded.repository()).rejects.toMatchObject({ code: 'OUTBOUND_ADDRESS_FORBIDDEN' });
    },
    SLOW,
  );
});
