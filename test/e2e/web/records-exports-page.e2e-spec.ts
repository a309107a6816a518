/**
 * The admin's page of DMS exports in a real headless Chromium against the real application:
 * the exports with their state and the DMS's words, the filter by state, a failed export
 * tried again through the page's form (CSRF), English on request, no way in for other
 * staff, and no Content-Security-Policy violation.
 */
import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { ApiKeyService } from '../../../src/modules/auth/api-key.service.js';
import { UserService } from '../../../src/modules/auth/user.service.js';
import { RecordsExportService } from '../../../src/modules/records/export/records-export.service.js';
import { TenantService } from '../../../src/modules/tenants/tenant.service.js';
import { type TestApp, startTestApp } from '../../support/app.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../../support/browser.js';
import { randomLeitwegId } from '../../integration/auth/identity-context.js';
import { filedVorgang, type FiledVorgang } from '../../integration/records/export-fixture.js';

jest.setTimeout(90_000);

const ARTIFACTS = join(process.cwd(), 'test-artifacts');

interface Staff {
  email: string;
  password: string;
}

describe('the DMS exports page in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let tenantId: string;
  let admin: Staff;
  let approver: Staff;
  let failed: FiledVorgang;
  let confirmed: FiledVorgang;
  let failedExportId: string;
  const contexts: BrowserContext[] = [];
  const consoleErrors: string[] = [];

  async function newStaff(roles: string[]): Promise<Staff> {
    const email = `staff-${randomBytes(4).toString('hex')}@aktenhausen.example`;
    const password = `pw-${randomBytes(10).toString('hex')}`;
    await t.app
      .get(UserService)
      .create(tenantId, { email, password, displayName: 'Ina Admin', roles }, 'test');
    return { email, password };
  }

  async function signedIn(who: Staff): Promise<Page> {
    const context = await browser.newContext({ locale: 'de-DE' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource: the server responded'))
        consoleErrors.push(`${page.url()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => consoleErrors.push(`${page.url()}: ${err.message}`));
    await page.goto(`${t.url}/login`);
    await page.getByLabel('E-Mail-Adresse').fill(who.email);
    await page.getByLabel('Passwort').fill(who.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${t.url}/inbox`);
    return page;
  }

  const row = (page: Page, v: FiledVorgang) => page.getByRole('row', { name: new RegExp(v.aktenzeichen) });

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}. Run \`scripts/services.sh ensure\`.`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    // `api` only: no worker tries the exports while the page shows them.
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '100', PROCESS_ROLE: 'api' });
    const tenant = await t.app
      .get(TenantService)
      .create(
        { name: `Aktenhausen ${randomBytes(2).toString('hex')}`, leitwegIds: [randomLeitwegId()] },
        'test',
      );
    tenantId = tenant.id;
    admin = await newStaff(['admin']);
    approver = await newStaff(['approver']);
    const { apiKey } = await t.app
      .get(ApiKeyService)
      .create(tenantId, { name: 'upload', role: 'supplier' }, 'test');
    const [target] = await t.app.get(RecordsExportService).putTargets(
      tenantId,
      {
        targets: [
          {
            name: 'd.velop documents',
            kind: 'cmis',
            endpoint: 'https://dms.aktenhausen.example/browser',
            repositoryId: 'repo',
            user: 'svc',
            password: 'pw',
            parentFolderId: 'root',
            absender: 'Kämmerei',
            empfaenger: 'Registratur',
          },
        ],
      },
      'test',
    );
    failed = await filedVorgang(t, tenantId, apiKey.id);
    confirmed = await filedVorgang(t, tenantId, apiKey.id);
    // As the export job and the DMS's answer leave them.
    const [f] = await t.db.dataSource.query<{ id: string }[]>(
      `INSERT INTO record_exports (id, tenant_id, vorgang_id, target_id, state, attempts, next_attempt_at, prozess_id,
                                   last_error, last_message)
       VALUES (gen_random_uuid(), $1, $2, $3, 'failed', 3, now() + interval '4 minutes', gen_random_uuid(),
               'EXPORT_REJECTED_BY_DMS', '0000018; Aktenplaneinheit 902.31 ist gesperrt') RETURNING id`,
      [tenantId, failed.vorgangId, target.id],
    );
    failedExportId = f.id;
    await t.db.dataSource.query(
      `INSERT INTO record_exports (id, tenant_id, vorgang_id, target_id, state, attempts, next_attempt_at, prozess_id,
                                   dms_id, sent_at, confirmed_at)
       VALUES (gen_random_uuid(), $1, $2, $3, 'confirmed', 1, NULL, gen_random_uuid(), 'folder-1', now(), now())`,
      [tenantId, confirmed.vorgangId, target.id],
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('lists the exports with the DMS’s words, filters by state, and tries a failed one again', async () => {
    const page = await signedIn(admin);
    await page.goto(`${t.url}/admin/records/exports`);
    expect(await page.title()).toBe('Exporte in das DMS – E-Rechnungseingang');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Exporte in das DMS');
    const cells = await row(page, failed).locator('td').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['d.velop documents', 'Fehlgeschlagen', '3']);
    expect(cells[4]).toBe('Das DMS hat den Import abgelehnt: 0000018; Aktenplaneinheit 902.31 ist gesperrt');
    expect((await row(page, confirmed).locator('td').allTextContents()).slice(1, 2)).toEqual(['Bestätigt']);
    await page.screenshot({ path: join(ARTIFACTS, 'records-exports.png'), fullPage: true });

    await page.getByRole('link', { name: 'Fehlgeschlagen' }).click();
    await page.waitForURL(`${t.url}/admin/records/exports?state=failed`);
    expect(await row(page, failed).count()).toBe(1);
    expect(await row(page, confirmed).count()).toBe(0);

    await page
      .getByRole('button', { name: `Erneut versuchen: ${failed.aktenzeichen} an d.velop documents` })
      .click();
    await page.waitForURL(`${t.url}/admin/records/exports?done=retry`);
    expect(await page.getByRole('status').textContent()).toContain('Der Export wird jetzt erneut versucht');
    const [due] = await t.db.dataSource.query<{ due: boolean }[]>(
      `SELECT next_attempt_at <= now() AS due FROM record_exports WHERE id = $1`,
      [failedExportId],
    );
    expect(due.due).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'records-exports-retried.png'), fullPage: true });
  });

  it('speaks English on request', async () => {
    const page = await signedIn(admin);
    await page.goto(`${t.url}/admin/records/exports?lang=en`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Exports to the DMS');
    expect((await row(page, confirmed).locator('td').allTextContents()).slice(1, 2)).toEqual(['Confirmed']);
  });

  it('keeps other staff out', async () => {
    const page = await signedIn(approver);
    const res = await page.goto(`${t.url}/admin/records/exports`);
    expect(res?.status()).toBe(403);
    expect(await page.content()).not.toContain(failed.aktenzeichen);
  });

  it('broke no Content-Security-Policy rule and threw no script error', () => {
    expect(consoleErrors).toEqual([]);
  });
});
