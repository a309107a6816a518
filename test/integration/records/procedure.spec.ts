import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import * as recordsCommand from '../../../src/modules/records/cli/records.command.js';
import { AuditService } from '../../../src/modules/audit/audit.service.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { approvalFixture, type ApprovalFixture } from '../approval/approval-context.js';
import { runCli } from '../auth/run-cli.js';

/** Time limit for hooks and tests that boot the app (a limit, never an assertion). */
const SLOW = 120_000;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('Verfahrensdokumentation (records procedure)', () => {
  let t: TestApp;
  let f: ApprovalFixture;
  let env: Record<string, string>;
  let dir: string;

  beforeAll(async () => {
    t = await startTestApp({ JOBS_SWEEP_INTERVAL_SECONDS: '0' });
    env = { DATABASE_URL: t.db.url, EINVOICE_DATA_DIR: t.config.dataDir };
    f = await approvalFixture(t);
    await f.usePolicy({ preset: 'kommune-thueringen' });
    dir = mkdtempSync(join(tmpdir(), 'procedure-'));
  }, SLOW);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  }, SLOW);

  const procedure = (argv: string[]) =>
    runCli(recordsCommand, ['procedure', '--tenant', f.tenant.slug, '--out', dir, '--json', ...argv], env);

  it(
    'writes version 1 as HTML and PDF with the four GoBD components and the facts of the tenant',
    async () => {
      const res = await procedure([]);
      expect(res.code).toBe(0);
      const v1 = res.json();
      expect(v1).toMatchObject({ status: 'created', version: 1, changedSections: [] });
      const html = readFileSync(v1.html, 'utf8');
      for (const title of [
        '1. Allgemeine Beschreibung',
        '2. Anwenderdokumentation',
        '3. Technische Systemdokumentation',
        '4. Betriebsdokumentation',
      ])
        expect(html).toContain(`<h2>${title}</h2>`);
      expect(html).toContain(f.tenant.name);
      expect(html).toContain(f.leitwegId);
      expect(html).toContain('kommune-thueringen');
      expect(html).toContain('Upload-API und Peppol-Endpunkt: Anfragen bis 31457280 Bytes');
      expect(html).toContain('xrechnung-3.0');
      expect(html).toMatch(
        /E-Mail-Postfächer \(IMAP, Abruf alle \d+ s\): keine konfiguriert \(none configured\)/,
      );
      expect(html).toContain(
        '<h3>Exportziele (DMS, Finanzverfahren)</h3>\n<p>keine konfiguriert (none configured)</p>',
      );
      expect(sha256(readFileSync(v1.html))).toBe(v1.htmlSha256);
      const pdf = await PDFDocument.load(readFileSync(v1.pdf));
      expect(pdf.getPageCount()).toBeGreaterThan(0);
      expect(sha256(readFileSync(v1.pdf))).toBe(v1.pdfSha256);
      // Nothing changed: no new version.
      const again = await procedure([]);
      expect(again.json()).toMatchObject({ status: 'unchanged', version: 1, htmlSha256: v1.htmlSha256 });
    },
    SLOW,
  );

  it(
    'after a policy change, version 2 differs and lists the change; version 1 is still readable',
    async () => {
      const v1 = (await procedure(['--version', '1'])).json();
      const v1Html = readFileSync(v1.html, 'utf8');
      expect(v1Html).not.toContain('kommune-hessen');
      await f.usePolicy({ preset: 'kommune-hessen' });
      const res = await procedure([]);
      expect(res.code).toBe(0);
      const v2 = res.json();
      expect(v2).toMatchObject({
        status: 'created',
        version: 2,
        changedSections: ['2. Anwenderdokumentation'],
      });
      expect(v2.htmlSha256).not.toBe(v1.htmlSha256);
      const html = readFileSync(v2.html, 'utf8');
      expect(html).toContain(
        '<h2>Änderungen gegenüber Version 1</h2>\n<ul><li>2. Anwenderdokumentation</li></ul>',
      );
      // Both policies with their activation: the one in force before, and the new one.
      expect(html).toMatch(
        /<tr><td>1<\/td><td>[^<]*<\/td><td>kommune-thueringen<\/td><td>\d{4}-\d\d-\d\dT[^<]+<\/td>/,
      );
      expect(html).toMatch(
        /<tr><td>2<\/td><td>[^<]*<\/td><td>kommune-hessen<\/td><td>\d{4}-\d\d-\d\dT[^<]+<\/td>/,
      );
      // Version 1, read back from the store, is byte for byte what it was.
      const old = await procedure(['--version', '1']);
      expect(old.code).toBe(0);
      expect(old.json()).toMatchObject({ version: 1, htmlSha256: v1.htmlSha256 });
      expect(readFileSync(old.json().html, 'utf8')).toBe(v1Html);
      const rows = await t.db.dataSource.query<{ version: number }[]>(
        `SELECT version FROM record_procedure_versions WHERE tenant_id = $1 ORDER BY version`,
        [f.tenant.id],
      );
      expect(rows.map((r) => r.version)).toEqual([1, 2]);
      const audit = await t.app.get(AuditService).listForTenant(f.tenant.id);
      expect(
        audit.filter((e) => e.action === 'records.procedure_version').map((e) => e.data.version),
      ).toEqual([2, 1]);
      const missing = await procedure(['--version', '7']);
      expect(missing.code).toBe(1);
    },
    SLOW,
  );
});
