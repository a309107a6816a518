/**
 * The admin's chart-of-accounts page in a real headless Chromium against the real
 * application: upload a Windows-1252 file through the form, see the result, search and
 * filter, page through; a bad file shows every problem with its line and changes nothing;
 * English on request; no way in for other staff; no CSP violation; contrast and headings
 * as WCAG asks. Screenshots go to test-artifacts/.
 */
import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { UserService } from '../../../src/modules/auth/user.service.js';
import { AccountsService } from '../../../src/modules/approval/accounts/accounts.service.js';
import { TenantService } from '../../../src/modules/tenants/tenant.service.js';
import { type TestApp, startTestApp } from '../../support/app.js';
import { CHROMIUM, CHROMIUM_ARGS, type CspWatch, cspWatch, expectAccessible } from '../../support/browser.js';
import { randomLeitwegId } from '../../integration/auth/identity-context.js';

jest.setTimeout(90_000);

const ARTIFACTS = join(process.cwd(), 'test-artifacts');

interface Staff {
  email: string;
  password: string;
}

/** Windows-1252 bytes (Latin-1 letters 1:1, the en dash 0x96), as Excel on German Windows saves CSV. */
function cp1252(s: string): Buffer {
  return Buffer.from([...s].map((c) => (c === '–' ? 0x96 : c.charCodeAt(0))));
}

describe('the chart-of-accounts page in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let tenantId: string;
  let admin: Staff;
  let approver: Staff;
  let dir: string;
  const contexts: BrowserContext[] = [];
  const watches: CspWatch[] = [];

  async function newStaff(roles: string[]): Promise<Staff> {
    const email = `staff-${randomBytes(4).toString('hex')}@kontenhausen.example`;
    const password = `pw-${randomBytes(10).toString('hex')}`;
    await t.app
      .get(UserService)
      .create(tenantId, { email, password, displayName: 'Kai Kämmerer', roles }, 'test');
    return { email, password };
  }

  async function signedIn(who: Staff, locale = 'de-DE'): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1100, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    watches.push(await cspWatch(page));
    await page.goto(`${t.url}/login`);
    await page.getByLabel('E-Mail-Adresse').fill(who.email);
    await page.getByLabel('Passwort').fill(who.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${t.url}/inbox`);
    return page;
  }

  const codes = (page: Page) => page.locator('table.accounts-table tbody th').allTextContents();

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}. Run \`scripts/services.sh ensure\`.`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'einvoice-accounts-page-'));
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '100', PROCESS_ROLE: 'api' });
    const tenant = await t.app
      .get(TenantService)
      .create(
        { name: `Kontenhausen ${randomBytes(2).toString('hex')}`, leitwegIds: [randomLeitwegId()] },
        'test',
      );
    tenantId = tenant.id;
    admin = await newStaff(['admin']);
    approver = await newStaff(['approver']);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts empty, explains what a missing chart means, and offers the page in the navigation', async () => {
    const page = await signedIn(admin);
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Kontenplan' })
      .click();
    await page.waitForURL(`${t.url}/admin/accounts`);
    expect(await page.title()).toBe('Kontenplan – E-Rechnungseingang');
    expect(await page.getByRole('heading', { name: 'Noch kein Kontenplan importiert' }).isVisible()).toBe(
      true,
    );
    await expectAccessible(page);
  });

  it('imports a Windows-1252 file through the form and shows the result and the chart', async () => {
    const lines = ['Art;Nummer;Bezeichnung;Aktiv;gültig_bis'];
    lines.push('Haushaltsstelle;1.1100.521100;Unterhaltung der Grundstücke und baulichen Anlagen;ja;');
    lines.push('Haushaltsstelle;1.1100.521200;Unterhaltung Gebäude – Rathaus;ja;31.12.2026');
    lines.push('Sachkonto;1.1100.529900;Sonstige Aufwendungen;nein;');
    lines.push('Kostenstelle;4711;Bürgerbüro;ja;');
    lines.push('Kostenstelle;4712;Bauhof;ja;');
    lines.push('Investitionsnummer;I-2026-001;Straßenausbau Hauptstraße;ja;');
    for (let i = 0; i < 60; i++)
      lines.push(`Produkt;2.${String(i).padStart(4, '0')};Produkt ${i + 1} Grünflächen;ja;`);
    const file = join(dir, 'kontenplan.csv');
    writeFileSync(file, cp1252(lines.join('\r\n') + '\r\n'));

    const page = await signedIn(admin);
    await page.goto(`${t.url}/admin/accounts`);
    await page.getByLabel('CSV-Datei').setInputFiles(file);
    await page.getByRole('button', { name: 'Importieren' }).click();
    await page.waitForURL(/\/admin\/accounts\?import=[0-9a-f-]{36}$/);
    expect(await page.getByRole('status').textContent()).toBe(
      'Der Kontenplan wurde importiert: 66 Konten in der Datei – 66 neu, 0 geändert, 0 unverändert, 0 deaktiviert.',
    );
    // Umlauts and the en dash arrived as written.
    const row = page.getByRole('row', { name: /1\.1100\.521200/ });
    expect(await row.locator('td').allTextContents()).toEqual([
      'Unterhaltung Gebäude – Rathaus',
      'Buchungsstelle',
      'Aktiv',
      'bis 31.12.2026',
    ]);
    expect(
      await page
        .getByRole('row', { name: /1\.1100\.529900/ })
        .locator('td')
        .nth(2)
        .textContent(),
    ).toBe('Deaktiviert');
    expect(
      await page
        .getByRole('row', { name: /kontenplan\.csv/ })
        .locator('td')
        .allTextContents(),
    ).toEqual([
      expect.stringMatching(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} MES?Z$/),
      'kontenplan.csv',
      'Ergänzen',
      '66',
      '66',
      '0',
      '0',
    ]);
    expect(await page.locator('.chart-counts').textContent()).toContain('63 (davon 62 aktiv)');
    await expectAccessible(page);
    await page.screenshot({ path: join(ARTIFACTS, 'accounts-imported.png'), fullPage: true });
  });

  it('searches by code prefix and name, filters by kind, and pages', async () => {
    const page = await signedIn(admin);
    await page.goto(`${t.url}/admin/accounts`);
    // 50 accounts a page: the rest follows on the next one.
    expect(await codes(page)).toHaveLength(50);
    await page.getByRole('link', { name: 'Weitere Konten' }).click();
    expect(await codes(page)).toHaveLength(16);
    expect((await codes(page)).slice(-3)).toEqual(['I-2026-001', '4711', '4712']);
    await page.getByRole('link', { name: 'Zum Anfang der Liste' }).click();

    await page.getByLabel('Nummer oder Bezeichnung').fill('1.1100');
    await page.getByRole('button', { name: 'Suchen' }).click();
    expect(await codes(page)).toEqual(['1.1100.521100', '1.1100.521200', '1.1100.529900']);

    await page.getByLabel('Nummer oder Bezeichnung').fill('bürger');
    await page.getByRole('button', { name: 'Suchen' }).click();
    expect(await codes(page)).toEqual(['4711']);

    await page.getByLabel('Nummer oder Bezeichnung').fill('');
    await page.getByLabel('Art', { exact: true }).selectOption('kostenstelle');
    await page.getByRole('button', { name: 'Suchen' }).click();
    expect(await codes(page)).toEqual(['4711', '4712']);
    expect(page.url()).toContain('kind=kostenstelle');
    await page.screenshot({ path: join(ARTIFACTS, 'accounts-search.png'), fullPage: true });

    await page.getByLabel('Nummer oder Bezeichnung').fill('gibt es nicht');
    await page.getByLabel('Art', { exact: true }).selectOption('');
    await page.getByRole('button', { name: 'Suchen' }).click();
    expect(await page.getByText('Keine Konten gefunden.').isVisible()).toBe(true);
  });

  it('refuses a file with bad rows, lists each with its line, and changes nothing', async () => {
    const file = join(dir, 'fehlerhaft.csv');
    writeFileSync(
      file,
      'art;nummer;bezeichnung;aktiv\nKostenstelle;4711;Bürgerbüro Nord;ja\nKonto;5000;falsche Art;ja\nKostenstelle;47 13;Leerzeichen;ja\nKostenstelle;4714;Schule;vielleicht\n',
    );
    const page = await signedIn(admin);
    await page.goto(`${t.url}/admin/accounts`);
    await page.getByLabel('CSV-Datei').setInputFiles(file);
    await page.getByLabel('Ersetzen').check();
    const answer = page.waitForResponse((r) => r.url().endsWith('/admin/accounts/import'));
    await page.getByRole('button', { name: 'Importieren' }).click();
    expect((await answer).status()).toBe(422);
    const alert = page.getByRole('alert');
    expect(await alert.getByRole('heading').textContent()).toBe('Die Datei wurde nicht importiert');
    const rows = alert.locator('tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(0).locator('td').allTextContents()).toEqual([
      '3',
      'art',
      'Konto',
      expect.stringContaining('Unbekannte Art'),
    ]);
    expect(await rows.nth(1).locator('td').first().textContent()).toBe('4');
    expect(await rows.nth(2).locator('td').nth(3).textContent()).toContain('ACCOUNTS_CSV_ACTIVE_INVALID');
    // The chosen mode is kept for the next try; nothing was imported.
    expect(await page.getByLabel('Ersetzen').isChecked()).toBe(true);
    const ks = await t.app.get(AccountsService).list(tenantId, { q: '4711', limit: 5 });
    expect(ks.items.map((a) => a.name)).toEqual(['Bürgerbüro']);
    expect((await t.app.get(AccountsService).imports(tenantId)).length).toBe(1);
    await expectAccessible(page);
    await page.screenshot({ path: join(ARTIFACTS, 'accounts-refused.png'), fullPage: true });
  });

  it('speaks English on request', async () => {
    const page = await signedIn(admin);
    await page.goto(`${t.url}/admin/accounts?lang=en&kind=kostenstelle`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Chart of accounts');
    expect(await page.getByRole('row', { name: /4712/ }).locator('td').allTextContents()).toEqual([
      'Bauhof',
      'Cost centre',
      'Active',
      'unlimited',
    ]);
    expect(await page.getByLabel('Merge').isChecked()).toBe(true);
  });

  it('keeps other staff out', async () => {
    const page = await signedIn(approver);
    expect(await page.getByRole('link', { name: 'Kontenplan' }).count()).toBe(0);
    const res = await page.goto(`${t.url}/admin/accounts`);
    expect(res?.status()).toBe(403);
    expect(await page.content()).not.toContain('Bürgerbüro');
  });

  it('broke no Content-Security-Policy rule and threw no script error', () => {
    for (const w of watches) expect(w.consoleErrors).toEqual([]);
  });
});
