/**
 * The xdomea export, end to end on the real app (PostgreSQL, Redis jobs, the file system):
 * a filed Vorgang becomes `{ProzessID}_FVDaten.SGOAblegen.0605.zip` in the tenant's
 * transfer folder, valid against the official xdomea 3.0.0 XSD, holding every document
 * byte for byte; the DMS's FVDaten.ImportBestaetigen.0630 in the return folder confirms it
 * or fails it (visible to the admin, retried under a new ProzessID, still one export row);
 * running everything twice exports once. Also: the xdomea schemas install verified.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobQueue } from '../../../src/modules/jobs/index.js';
import { RecordsExportService } from '../../../src/modules/records/export/records-export.service.js';
import { checkXdomea } from '../../../src/modules/records/export/xdomea/xdomea-answer.js';
import {
  buildImportBestaetigung,
  type Rueckmeldung,
} from '../../../src/modules/records/export/xdomea/xdomea-messages.js';
import { xdomeaSchemasForTests } from '../../../src/modules/records/export/xdomea/xdomea-support.js';
import { installSchemas } from '../../../src/modules/validation/xsd/schema-installer.js';
import { schemasFolder } from '../../../src/modules/validation/xsd/schema-manifest.js';
import { readZip } from '../../../src/modules/validation/xsd/zip-reader.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { call, IdentityContext, type TenantFixture } from '../auth/identity-context.js';
import { filedVorgang, markFiled, type FiledVorgang } from './export-fixture.js';

const SLOW = 120_000;
const schemas = xdomeaSchemasForTests();
const describeWithSchemas: jest.Describe = schemas
  ? describe
  : (((name: string, fn: () => void) =>
      describe.skip(
        `${name} [SKIPPED: ../shared/schemas with xdomea not found]`,
        fn,
      )) as unknown as jest.Describe);

/** Polls until `fn` yields a value (a limit on waiting, not an assertion on speed). */
async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describeWithSchemas('records export: xdomea 0605 / 0630', () => {
  let t: TestApp;
  let root: string;
  let a: TenantFixture;
  let out: string;
  let back: string;
  let service: RecordsExportService;
  let jobs: JobQueue;
  let dmsHttp: Server;
  let dmsUrl: string;
  const received: Buffer[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'einvoice-export-'));
    dmsHttp = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const zip = Buffer.concat(chunks);
        received.push(zip);
        // The DMS answers at once with its import confirmation for the message's ProzessID.
        const entry = readZip(zip).find((e) => e.name.endsWith('.xml'))!;
        const prozessId = /<xdomea:ProzessID>([^<]+)</.exec(entry.read().toString('utf8'))![1];
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(answer(prozessId, [{ allgemein: '0000000' }], '77777777-1111-4222-8333-444444444444'));
      });
    });
    await new Promise<void>((r) => dmsHttp.listen(0, '127.0.0.1', r));
    dmsUrl = `http://127.0.0.1:${(dmsHttp.address() as AddressInfo).port}/xdomea`;
    t = await startTestApp({
      RECORDS_EXPORT_DIR: root,
      OUTBOUND_ALLOW: '127.0.0.1',
      JOBS_SWEEP_INTERVAL_SECONDS: '0',
    });
    a = await new IdentityContext(t.app).newTenant();
    out = join(root, a.tenant.id, 'dms', 'out');
    back = join(root, a.tenant.id, 'dms', 'in');
    service = t.app.get(RecordsExportService);
    jobs = t.app.get(JobQueue);
    const put = await call(t.url, 'PUT', '/api/v1/admin/records/export-targets', {
      bearer: a.admin.token,
      body: {
        targets: [
          {
            name: 'registratur',
            kind: 'xdomea-dir',
            transferDir: 'dms/out',
            returnDir: 'dms/in',
            absender: 'Gemeinde, Kämmerei',
            empfaenger: 'Gemeinde, Registratur',
            dmsProduct: 'VIS-Suite',
          },
        ],
      },
    });
    expect(put.status).toBe(200);
  }, SLOW);

  afterAll(async () => {
    await t?.close();
    await new Promise<void>((r) => (dmsHttp ? dmsHttp.close(() => r()) : r()));
    rmSync(root, { recursive: true, force: true });
    schemas?.cleanup();
  }, SLOW);

  function answer(prozessId: string, rueckmeldungen: Rueckmeldung[], idSgo?: string): string {
    return buildImportBestaetigung({
      kopf: {
        prozessId,
        createdAt: new Date(),
        absender: 'Gemeinde, Registratur',
        empfaenger: 'Gemeinde, Kämmerei',
        sendendesSystem: { produktname: 'VIS-Suite' },
        empfangendesSystem: { produktname: 'einvoice-intake' },
        erstellerkennung: 'dms',
      },
      fvSessionId: 'fv-1',
      rueckmeldungen,
      idSgo,
    });
  }

  const zips = (): string[] => (existsSync(out) ? readdirSync(out).filter((n) => n.endsWith('.zip')) : []);

  /** The container of a Vorgang in the transfer folder with its ProzessID (the newest when several). */
  function containerOf(
    v: FiledVorgang,
    except: string[] = [],
  ): { name: string; prozessId: string } | undefined {
    for (const name of zips()) {
      const prozessId = name.split('_')[0];
      if (except.includes(prozessId)) continue;
      const xml = readZip(readFileSync(join(out, name)))
        .find((e) => e.name === `${prozessId}_FVDaten.SGOAblegen.0605.xml`)
        ?.read()
        .toString('utf8');
      if (xml?.includes(`<xdomea:FachverfahrenObjektID>${v.vorgangId}<`)) return { name, prozessId };
    }
    return undefined;
  }

  async function exportsOf(vorgangId: string, state?: string) {
    const res = await call(t.url, 'GET', `/api/v1/admin/records/exports${state ? `?state=${state}` : ''}`, {
      bearer: a.admin.token,
    });
    expect(res.status).toBe(200);
    return (res.body as { vorgangId: string; [k: string]: unknown }[]).filter(
      (e) => e.vorgangId === vorgangId,
    );
  }

  it(
    'a filed Vorgang becomes a schema-valid 0605 container holding every document',
    async () => {
      const v = await filedVorgang(t, a.tenant.id, a.apiKey.id);
      await service.enqueueFor(a.tenant.id, v.vorgangId);
      const c = await until('the container', async () => containerOf(v));
      expect(c.name).toBe(`${c.prozessId}_FVDaten.SGOAblegen.0605.zip`);
      const entries = readZip(readFileSync(join(out, c.name)));
      const xmlEntry = entries.find((e) => e.name === `${c.prozessId}_FVDaten.SGOAblegen.0605.xml`)!;
      const xml = xmlEntry.read();
      expect(checkXdomea(xml, schemas!.store)).toEqual([]);
      const text = xml.toString('utf8');
      expect(text).toContain(`<xdomea:Kennzeichen>${v.aktenzeichen}</xdomea:Kennzeichen>`);
      expect(text).toContain('<xdomea:Importbestaetigung>1</xdomea:Importbestaetigung>');
      expect(text).toContain('<xdomea:Produktname>VIS-Suite</xdomea:Produktname>');
      // Every Primaerdokument is in the container under its Dateiname, byte for byte.
      const dateinamen = [...text.matchAll(/<xdomea:Dateiname>([^<]+)</g)].map((m) => m[1]);
      expect(dateinamen).toHaveLength(v.documents.length);
      for (const [i, d] of v.documents.entries()) {
        expect(dateinamen[i]).toMatch(new RegExp(`^[0-9a-f-]{36}_${d.name.replace('.', '\\.')}$`));
        const entry = entries.find((e) => e.name === dateinamen[i]);
        expect(entry?.read().equals(d.bytes)).toBe(true);
      }
      expect([...text.matchAll(/dateiformat" listVersionID="1.0"><code>(\d+)</g)].map((m) => m[1])).toEqual([
        '030',
        '018',
        '100',
      ]);
      expect(text).toContain('<xdomea:Version>1.7</xdomea:Version>'); // the PDF's header
      const e = await until('sent', async () => (await exportsOf(v.vorgangId, 'sent'))[0]);
      expect(e).toMatchObject({
        state: 'sent',
        prozessId: c.prozessId,
        attempts: 1,
        targetName: 'registratur',
      });

      // The DMS confirms: the answer is read from the return folder and filed under done/.
      mkdirSync(back, { recursive: true });
      const answerName = `${c.prozessId}_FVDaten.ImportBestaetigen.0630.xml`;
      const ok = answer(c.prozessId, [{ allgemein: '0000000' }], '99999999-1111-4222-8333-444444444444');
      expect(checkXdomea(Buffer.from(ok), schemas!.store)).toEqual([]);
      writeFileSync(join(back, answerName), ok);
      await jobs.sweep();
      const confirmed = await until('confirmed', async () => (await exportsOf(v.vorgangId, 'confirmed'))[0]);
      expect(confirmed).toMatchObject({ dmsId: '99999999-1111-4222-8333-444444444444', lastError: null });
      await until('the answer moved to done/', async () => existsSync(join(back, 'done', answerName)));
      expect(existsSync(join(back, answerName))).toBe(false);
    },
    SLOW,
  );

  it(
    'a 0630 with an error fails the export visibly; the retry sends a new message, still one export',
    async () => {
      const v = await filedVorgang(t, a.tenant.id, a.apiKey.id);
      await service.enqueueFor(a.tenant.id, v.vorgangId);
      const first = await until('the container', async () => containerOf(v));
      await until('sent', async () => (await exportsOf(v.vorgangId, 'sent'))[0]);
      mkdirSync(back, { recursive: true });
      const bad = answer(first.prozessId, [
        { allgemein: '0000018' },
        { sonstigeFehlermeldung: 'Aktenplaneinheit 902.31 ist gesperrt' },
      ]);
      expect(checkXdomea(Buffer.from(bad), schemas!.store)).toEqual([]);
      writeFileSync(join(back, `${first.prozessId}_FVDaten.ImportBestaetigen.0630.xml`), bad);
      await jobs.sweep();
      const failed = await until('failed', async () => (await exportsOf(v.vorgangId, 'failed'))[0]);
      expect(failed).toMatchObject({
        lastError: 'EXPORT_REJECTED_BY_DMS',
        lastMessage: '0000018; Aktenplaneinheit 902.31 ist gesperrt',
        prozessId: first.prozessId,
        attempts: 1,
      });
      // Retried on its own after a backoff …
      expect(new Date(failed.nextAttemptAt as string).getTime()).toBeGreaterThan(Date.now());
      // … or at once by the admin: a new message under a new ProzessID.
      const retry = await call(t.url, 'POST', `/api/v1/admin/records/exports/${failed.id as string}/retry`, {
        bearer: a.admin.token,
      });
      expect(retry.status).toBe(200);
      const second = await until('the second container', async () => containerOf(v, [first.prozessId]));
      expect(second.prozessId).not.toBe(first.prozessId);
      await until('sent again', async () => (await exportsOf(v.vorgangId, 'sent'))[0]);
      const rows = await exportsOf(v.vorgangId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ state: 'sent', attempts: 2, prozessId: second.prozessId });
      // A late answer to the old message changes nothing; the answer to the new one confirms.
      writeFileSync(
        join(back, `${first.prozessId}_late.xml`),
        answer(first.prozessId, [{ allgemein: '0000499' }]),
      );
      writeFileSync(
        join(back, `${second.prozessId}_FVDaten.ImportBestaetigen.0630.xml`),
        answer(second.prozessId, [{ allgemein: '0000000' }]),
      );
      await jobs.sweep();
      await until('confirmed', async () => (await exportsOf(v.vorgangId, 'confirmed'))[0]);
      await until(
        'both answers filed',
        async () => readdirSync(back).filter((n) => n.endsWith('.xml')).length === 0,
      );
      expect(await exportsOf(v.vorgangId)).toHaveLength(1);
      expect((await exportsOf(v.vorgangId))[0]).toMatchObject({ state: 'confirmed', lastError: null });
    },
    SLOW,
  );

  it(
    'run twice (enqueue and sweep again): exported once; the sweep finds a Vorgang once it is filed',
    async () => {
      const v = await filedVorgang(t, a.tenant.id, a.apiKey.id, { filed: false });
      const targetId = (await service.targets(a.tenant.id))[0].id;
      // Not filed yet: nothing is exported, and the sweep does not find it.
      await service.exportOne({ tenantId: a.tenant.id, vorgangId: v.vorgangId, targetId });
      expect(await exportsOf(v.vorgangId)).toEqual([]);
      expect((await service.dueWork(10_000)).filter((k) => k.vorgangId === v.vorgangId)).toEqual([]);
      await markFiled(t, v.vorgangId);
      await jobs.sweep();
      await until('the container', async () => containerOf(v));
      await until('sent', async () => (await exportsOf(v.vorgangId, 'sent'))[0]);
      await service.enqueueFor(a.tenant.id, v.vorgangId);
      await service.enqueueFor(a.tenant.id, v.vorgangId);
      await jobs.sweep();
      await service.exportOne({ tenantId: a.tenant.id, vorgangId: v.vorgangId, targetId });
      const rows = await exportsOf(v.vorgangId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ state: 'sent', attempts: 1 });
      const mine = zips().filter((n) => {
        const p = n.split('_')[0];
        return readZip(readFileSync(join(out, n)))
          .find((e) => e.name === `${p}_FVDaten.SGOAblegen.0605.xml`)!
          .read()
          .toString('utf8')
          .includes(v.vorgangId);
      });
      expect(mine).toHaveLength(1);
    },
    SLOW,
  );

  it(
    'an HTTP target: the container is POSTed and the 0630 in the answer confirms it',
    async () => {
      const targets = await call(t.url, 'PUT', '/api/v1/admin/records/export-targets', {
        bearer: a.admin.token,
        body: {
          targets: [
            {
              name: 'registratur',
              kind: 'xdomea-dir',
              transferDir: 'dms/out',
              returnDir: 'dms/in',
              absender: 'Gemeinde, Kämmerei',
              empfaenger: 'Gemeinde, Registratur',
            },
            {
              name: 'dms-http',
              kind: 'xdomea-http',
              url: dmsUrl,
              absender: 'Gemeinde',
              empfaenger: 'Kreis-DMS',
            },
          ],
        },
      });
      expect(targets.status).toBe(200);
      const v = await filedVorgang(t, a.tenant.id, a.apiKey.id);
      await service.enqueueFor(a.tenant.id, v.vorgangId);
      const rows = await until('both exports confirmed', async () => {
        const r = await exportsOf(v.vorgangId);
        return r.some((e) => e.targetName === 'dms-http' && e.state === 'confirmed') ? r : undefined;
      });
      expect(rows.find((e) => e.targetName === 'dms-http')).toMatchObject({
        dmsId: '77777777-1111-4222-8333-444444444444',
      });
      const zip = received.find((z) => z.includes(Buffer.from(v.vorgangId)))!;
      const xml = readZip(zip)
        .find((e) => e.name.endsWith('_FVDaten.SGOAblegen.0605.xml'))!
        .read();
      expect(checkXdomea(xml, schemas!.store)).toEqual([]);
    },
    SLOW,
  );

  it(
    'the operator lists the exports on the command line',
    async () => {
      // Not spawnSync: the app in this process must keep running while the command works.
      const cli = (args: string[]) =>
        new Promise<{ code: number; stdout: string }>((resolve) => {
          execFile(
            process.execPath,
            ['dist/cli.js', 'records', 'exports', ...args],
            {
              cwd: join(schemasFolder(), '..'),
              env: { PATH: process.env.PATH ?? '', DATABASE_URL: t.db.url },
            },
            (err, stdout) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout }),
          );
        });
      const confirmed = await cli(['--tenant', a.tenant.id, '--state', 'confirmed', '--json']);
      expect(confirmed.code).toBe(0);
      const rows = JSON.parse(confirmed.stdout) as { state: string; targetName: string }[];
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.state === 'confirmed')).toBe(true);
      expect((await cli(['--tenant', a.tenant.id, '--state', 'bogus'])).code).toBe(2);
    },
    SLOW,
  );

  it(
    'the admin API refuses bad targets and states with stable codes',
    async () => {
      const put = (body: unknown) =>
        call(t.url, 'PUT', '/api/v1/admin/records/export-targets', { bearer: a.admin.token, body });
      for (const body of [
        {},
        { targets: 'x' },
        { targets: [{ name: 'x', kind: 'ftp', absender: 'a', empfaenger: 'b' }] },
        {
          targets: [
            {
              name: 'x',
              kind: 'xdomea-dir',
              transferDir: '../../etc',
              returnDir: 'in',
              absender: 'a',
              empfaenger: 'b',
            },
          ],
        },
        {
          targets: [
            {
              name: 'x',
              kind: 'xdomea-dir',
              transferDir: '/etc',
              returnDir: 'in',
              absender: 'a',
              empfaenger: 'b',
            },
          ],
        },
        {
          targets: [
            { name: 'x', kind: 'xdomea-http', url: 'file:///etc/passwd', absender: 'a', empfaenger: 'b' },
          ],
        },
      ]) {
        const res = await put(body);
        expect({ body, status: res.status, code: res.body?.error?.code }).toEqual({
          body,
          status: 422,
          code: 'EXPORT_TARGETS_INVALID',
        });
      }
      const bogus = await call(t.url, 'GET', '/api/v1/admin/records/exports?state=bogus', {
        bearer: a.admin.token,
      });
      expect(bogus.status).toBe(422);
      expect(bogus.body.error.code).toBe('EXPORT_STATE_INVALID');
      const list = await call(t.url, 'GET', '/api/v1/admin/records/export-targets', {
        bearer: a.admin.token,
      });
      expect(list.status).toBe(200);
      expect(list.body.map((x: { name: string }) => x.name)).toEqual(['dms-http', 'registratur']);
    },
    SLOW,
  );
});

describeWithSchemas('xdomea schemas install', () => {
  it('installs the xdomea files verified, and refuses a changed one', () => {
    const folder = mkdtempSync(join(tmpdir(), 'einvoice-xdomea-install-'));
    const source = join(folder, 'source');
    try {
      cpSync(join(schemasFolder(), 'manifest.json'), join(folder, 'manifest.json'));
      const shared = join(schemasFolder(), '..', '..', 'shared', 'schemas');
      const ok = installSchemas(shared, { folder, target: join(folder, 'ok') });
      expect(ok.problems).toEqual([]);
      expect(ok.installed).toEqual(
        expect.arrayContaining([
          'xdomea/xdomea_3.0.0/xdomea-Nachrichten-FachverfahrensdatenAustauschen.xsd',
          'xdomea/xoev/code/1_0/xoev-code.xsd',
          'xdomea/LICENSE-xdomea_toolkit.md',
        ]),
      );
      cpSync(shared, source, { recursive: true });
      const victim = join(source, 'xdomea', 'xdomea_3.0.0', 'xdomea-Baukasten.xsd');
      writeFileSync(victim, readFileSync(victim, 'utf8').replace('</xs:schema>', '<!-- x --></xs:schema>'));
      const bad = installSchemas(source, { folder, target: join(folder, 'bad') });
      expect(bad.installed).toEqual([]);
      expect(bad.problems).toEqual([
        'xdomea/xdomea_3.0.0/xdomea-Baukasten.xsd: sha256 or size differs from the manifest',
      ]);
      expect(existsSync(join(folder, 'bad'))).toBe(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
