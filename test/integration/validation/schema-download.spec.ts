/**
 * Fetching the official schemas over HTTP: from a mirror (the layout SCHEMAS_SOURCE_URL
 * names) and from an archive as the publishers ship it, each served on 127.0.0.1 from the
 * reference copy in ../shared/schemas. Nothing is installed unless every file verifies.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createValidator } from '../../../src/modules/validation/index.js';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import { downloadPlan, downloadSchemas } from '../../../src/modules/validation/xsd/schema-download.js';
import { installSchemas } from '../../../src/modules/validation/xsd/schema-installer.js';
import {
  loadManifest,
  schemasFolder,
  verifyInstalled,
} from '../../../src/modules/validation/xsd/schema-manifest.js';
import { startSchemaMirror } from '../../support/schema-mirror.js';
import { ensureBuilt, REPO_ROOT } from '../../support/process.js';
import { zip } from '../../support/zip-writer.js';
import { SHARED_SCHEMAS, describeWithShared } from './shared-corpus.js';

const temps: string[] = [];
function temp(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe('download plan', () => {
  it("names the publishers' locations of the pinned files: OASIS's UBL-2.1.zip once, the CII and xdomea files at the pinned commits", () => {
    const m = loadManifest();
    const plan = downloadPlan(m);
    const archives = plan.filter((i) => i.kind === 'archive');
    expect(archives.map((a) => a.url)).toEqual(['http://docs.oasis-open.org/ubl/os-UBL-2.1/UBL-2.1.zip']);
    const required = plan.filter((i) => i.kind === 'file' && i.required);
    const files = required.filter((i) => i.kind === 'file' && i.path.startsWith('cii-d16b/'));
    const xdomea = required.filter((i) => i.kind === 'file' && i.path.startsWith('xdomea/'));
    expect(files.length + xdomea.length).toBe(required.length);
    expect(xdomea.map((f) => (f.kind === 'file' ? f.path : '')).sort()).toEqual(
      m.files
        .filter((f) => f.path.startsWith('xdomea/'))
        .map((f) => f.path)
        .sort(),
    );
    for (const f of xdomea) {
      expect(f.url).toMatch(
        /^https:\/\/raw\.githubusercontent\.com\/Landesarchiv-Thueringen\/xdomea_toolkit\/[0-9a-f]{40}\/message_generation\/schemes\/(xdomea_3\.0\.0|xoev)\//,
      );
    }
    expect(files.map((f) => (f.kind === 'file' ? f.path : '')).sort()).toEqual(
      m.files
        .filter((f) => f.path.startsWith('cii-d16b/'))
        .map((f) => f.path)
        .sort(),
    );
    for (const f of files) {
      expect(f.url).toMatch(
        /^https:\/\/raw\.githubusercontent\.com\/ConnectingEurope\/eInvoicing-EN16931\/[0-9a-f]{40}\/cii\/schema\/D16B%20SCRDM%20\(Subset\)\//,
      );
    }
    // the CEN licence text comes along from the same place; it is not required
    expect(plan.filter((i) => !i.required)).toEqual([
      {
        kind: 'file',
        url: 'https://raw.githubusercontent.com/ConnectingEurope/eInvoicing-EN16931/b6c9e06a59812fb1a83585da40923b3678a649ad/LICENSE.txt',
        path: 'cii-d16b/LICENSE-eInvoicing-EN16931.txt',
        required: false,
      },
      {
        kind: 'file',
        url: 'https://raw.githubusercontent.com/Landesarchiv-Thueringen/xdomea_toolkit/3b2559e8f90eb3b28123f68469f9b07511f440cd/license.md',
        path: 'xdomea/LICENSE-xdomea_toolkit.md',
        required: false,
      },
    ]);
  });

  it('asks a mirror for every file at <base>/<path>, licence texts optional', () => {
    const m = loadManifest();
    const plan = downloadPlan(m, 'https://mirror.example/schemas');
    expect(plan).toHaveLength(m.files.length + m.licenceFiles.length);
    expect(plan[0]).toEqual({
      kind: 'file',
      url: `https://mirror.example/schemas/${m.files[0].path}`,
      path: m.files[0].path,
      required: true,
    });
    expect(plan.filter((i) => !i.required)).toHaveLength(m.licenceFiles.length);
  });
});

describeWithShared('schema download', () => {
  it('fetches every file from a mirror, verifies it and installs it', async () => {
    const mirror = await startSchemaMirror(SHARED_SCHEMAS);
    try {
      const target = join(temp('einvoice-dl-'), 'schemas');
      const r = await downloadSchemas({ target, sourceUrl: `${mirror.url}/` });
      expect(r.problems).toEqual([]);
      expect(r.fetched.every((u) => u.startsWith(mirror.url))).toBe(true);
      expect(verifyInstalled(target).ok).toBe(true);
      expect(r.missingLicences).toEqual([]);
    } finally {
      await mirror.close();
    }
  });

  it('a validator that found no schemas uses them once they are installed (no new validator, no restart)', async () => {
    const target = join(temp('einvoice-late-'), 'schemas');
    const v = createValidator({ schemaDir: target });
    const xml = new TextEncoder().encode(buildUblInvoice());
    expect((await v.validate(xml, { fileName: 'a.xml' })).errors.map((e) => e.id)).toEqual([
      'SCHEMA-NOT-INSTALLED',
    ]);
    expect(installSchemas(SHARED_SCHEMAS, { target }).problems).toEqual([]);
    const r = await v.validate(xml, { fileName: 'a.xml' });
    expect(r.errors).toEqual([]);
    expect(r.schemaErrors).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it('refuses a file whose sha256 differs from the pin and installs nothing', async () => {
    const victim = 'cii-d16b/CrossIndustryInvoice_100pD16B.xsd';
    const original = readFileSync(join(SHARED_SCHEMAS, victim));
    // same size, one byte changed: only the hash can tell
    const tampered = Buffer.from(original);
    tampered[tampered.length - 2] ^= 0x20;
    const mirror = await startSchemaMirror(SHARED_SCHEMAS, { [victim]: tampered });
    try {
      const target = join(temp('einvoice-dl-'), 'schemas');
      const r = await downloadSchemas({ target, sourceUrl: mirror.url });
      expect(r.problems).toEqual([`${victim}: sha256 or size differs from the manifest`]);
      expect(r.installed).toEqual([]);
      expect(existsSync(target)).toBe(false);
    } finally {
      await mirror.close();
    }
  });

  it('keeps the installation in place when a new download fails', async () => {
    const good = await startSchemaMirror(SHARED_SCHEMAS);
    const target = join(temp('einvoice-dl-'), 'schemas');
    try {
      expect((await downloadSchemas({ target, sourceUrl: good.url })).problems).toEqual([]);
    } finally {
      await good.close();
    }
    const empty = await startSchemaMirror(temp('einvoice-empty-mirror-'));
    try {
      const r = await downloadSchemas({ target, sourceUrl: empty.url });
      expect(r.problems[0]).toMatch(/: HTTP 404$/);
      expect(verifyInstalled(target).ok).toBe(true);
    } finally {
      await empty.close();
    }
  });

  it('stops at the size limit', async () => {
    const mirror = await startSchemaMirror(SHARED_SCHEMAS);
    try {
      const target = join(temp('einvoice-dl-'), 'schemas');
      const r = await downloadSchemas({ target, sourceUrl: mirror.url, maxBytes: 1000 });
      expect(r.problems[0]).toMatch(/more than the limit of 1000/);
      expect(existsSync(target)).toBe(false);
    } finally {
      await mirror.close();
    }
  });

  it("takes the files from an archive as a publisher ships it (UBL-2.1.zip's xsdrt/ layout)", async () => {
    const m = loadManifest();
    const archive = temp('einvoice-archive-');
    writeFileSync(
      join(archive, 'bundle.zip'),
      zip(
        m.files.map((f) => ({
          name: `os-UBL-2.1/xsdrt/${f.path.split('/').pop()}`,
          data: readFileSync(join(SHARED_SCHEMAS, f.path)),
        })),
      ),
    );
    const mirror = await startSchemaMirror(archive);
    // a manifest whose origins name the local archive, as the real one names OASIS's
    const folder = temp('einvoice-manifest-');
    const local = {
      ...JSON.parse(readFileSync(join(schemasFolder(), 'manifest.json'), 'utf8')),
      files: m.files.map((f) => ({ ...f, origin: `test archive, ${mirror.url}/bundle.zip, folder xsdrt/` })),
      // no publisher for the licence texts: this test fetches from 127.0.0.1 only
      licenceFiles: m.licenceFiles.map((f) => ({ path: f.path, sha256: f.sha256, bytes: f.bytes })),
    };
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify(local));
    try {
      const target = join(temp('einvoice-dl-'), 'schemas');
      const r = await downloadSchemas({ target, folder });
      expect(r.problems).toEqual([]);
      expect(r.fetched).toEqual([`${mirror.url}/bundle.zip`]);
      expect(mirror.requests).toEqual(['bundle.zip']);
      expect(verifyInstalled(target, m).ok).toBe(true);
      // the publishers do not ship every licence text of the manifest: installed without them
      expect(r.missingLicences).toHaveLength(m.licenceFiles.length);
    } finally {
      await mirror.close();
    }
  });

  it('`einvoice schemas install` without --from downloads into the data directory of the configuration', async () => {
    ensureBuilt();
    const mirror = await startSchemaMirror(SHARED_SCHEMAS);
    try {
      const dataDir = temp('einvoice-cli-data-');
      // asynchronously: the mirror answers on this thread
      const child = spawn(process.execPath, ['dist/cli.js', 'schemas', 'install'], {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH, EINVOICE_DATA_DIR: dataDir, SCHEMAS_SOURCE_URL: mirror.url },
      });
      let out = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr.on('data', (b: Buffer) => (out += b.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect({ code, out }).toEqual({
        code: 0,
        out: expect.stringContaining(`installed and verified`) as string,
      });
      expect(verifyInstalled(join(dataDir, 'schemas')).ok).toBe(true);
    } finally {
      await mirror.close();
    }
  });

  it('`einvoice doctor` names the directory of the configuration and says what to do', async () => {
    ensureBuilt();
    const dataDir = temp('einvoice-doctor-');
    const child = spawn(process.execPath, ['dist/cli.js', 'doctor', '--json'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, EINVOICE_DATA_DIR: dataDir },
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    const checks = JSON.parse(out) as { name: string; ok: boolean; detail: string; hint?: string }[];
    const schemas = checks.find((c) => c.name === 'schemas');
    expect(schemas).toMatchObject({
      ok: false,
      detail: expect.stringContaining(join(dataDir, 'schemas')) as string,
    });
    expect(schemas?.hint).toContain('einvoice schemas install --from DIR|ZIP');
    expect(schemas?.hint).toContain('without a restart');
  });
});
