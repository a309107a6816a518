/**
 * The case record in a real headless Chromium against the real application: a treasury
 * clerk finds a filed invoice's Vorgang by its invoice number, opens it, reads its
 * documents, opens the validation report as plain text and downloads the whole Vorgang
 * as ZIP (entries and manifest hashes checked); the invoice page links to its Vorgang;
 * another tenant's staff get "not found". Screenshots are left in `test-artifacts/records/`.
 */
import { jest } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { UserService } from '../../../src/modules/auth/user.service.js';
import { TenantService } from '../../../src/modules/tenants/tenant.service.js';
import { type TestApp, startTestApp } from '../../support/app.js';
import { CHROMIUM, CHROMIUM_ARGS, type CspWatch, cspWatch, expectAccessible } from '../../support/browser.js';
import { readZipChecked } from '../../support/zip-reader.js';
import { randomLeitwegId } from '../../integration/auth/identity-context.js';
import { type FiledVorgang, RecordsFixture } from '../../integration/records/search-fixture.js';

jest.setTimeout(120_000);

const SHOTS = join(process.cwd(), 'test-artifacts', 'records');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const REPORT =
  '<!doctype html><html><body><h1>Prüfbericht</h1><script>alert("x")</script><p>gültig</p></body></html>';

interface Staff {
  email: string;
  password: string;
}

describe('the case record in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let clerk: Staff;
  let approver: Staff;
  let stranger: Staff;
  let target: FiledVorgang;
  const number = `RE-${randomBytes(3).toString('hex').toUpperCase()}`;
  const contexts: BrowserContext[] = [];

  async function newStaff(tenantId: string, roles: string[], displayName: string): Promise<Staff> {
    const email = `s-${randomBytes(4).toString('hex')}@stadt.example`;
    const password = `pw-${randomBytes(10).toString('hex')}`;
    await t.app.get(UserService).create(tenantId, { email, password, displayName, roles }, 'test');
    return { email, password };
  }

  async function signedIn(
    who: Staff,
    locale: 'de-DE' | 'en-US' = 'de-DE',
    viewport = { width: 1280, height: 900 },
  ): Promise<{ page: Page; csp: CspWatch }> {
    const context = await browser.newContext({ locale, viewport, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    const csp = await cspWatch(page);
    await page.goto(`${t.url}/login`);
    await page.locator('input[name="email"]').fill(who.email);
    await page.locator('input[name="password"]').fill(who.password);
    await page.locator('form button[type="submit"]').first().click();
    await page.waitForURL(`${t.url}/inbox`);
    return { page, csp };
  }

  async function expectClean(page: Page, csp: CspWatch): Promise<void> {
    expect(await csp.violations()).toEqual([]);
    expect(csp.consoleErrors).toEqual([]);
    await expectAccessible(page);
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}. Run \`scripts/services.sh ensure\`.`);
    }
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '100' });
    const tenants = t.app.get(TenantService);
    const lw = randomLeitwegId();
    const town = await tenants.create({ name: 'Stadt Musterhausen', leitwegIds: [lw] }, 'test');
    const other = await tenants.create({ name: 'Nachbarort', leitwegIds: [randomLeitwegId()] }, 'test');
    clerk = await newStaff(town.id, ['treasury'], 'Klara Kasse');
    approver = await newStaff(town.id, ['approver'], 'Anton Amt');
    stranger = await newStaff(other.id, ['admin', 'treasury'], 'Nora Nachbar');

    const fx = new RecordsFixture(t);
    const bau = await fx.akte(town.id, '2026|bau', '902.31-2026/001');
    const werke = await fx.akte(town.id, '2026|werke', '902.31-2026/002');
    const seller = { sellerName: 'Bau & Söhne GmbH', sellerVatId: 'DE111111111' };
    // A few other Vorgänge around the one the clerk looks for.
    for (const [i, spec] of [
      { number: `A-${number}-1`, issueDate: '2026-01-12', netCents: [42000], ...seller },
      {
        number: `GAS-${number}`,
        issueDate: '2026-02-03',
        netCents: [12345],
        sellerName: 'Stadtwerke Nord AG',
      },
      { number: `A-${number}-2`, issueDate: '2026-02-20', netCents: [99000], ...seller },
    ].entries()) {
      const id = await fx.invoice(town.id, lw, spec);
      await fx.file(town.id, id, {
        akteId: i === 1 ? werke : bau,
        aktenzeichen: i === 1 ? '902.31-2026/002-00001' : `902.31-2026/001-0000${i === 0 ? 1 : 2}`,
        betreff: `Rechnung ${spec.number} der ${spec.sellerName}`,
        filedAt: new Date(Date.UTC(2026, 1 + i, 5, 9, 15)),
      });
    }
    const invoiceId = await fx.invoice(town.id, lw, {
      number,
      issueDate: '2026-03-02',
      netCents: [100000, 25000],
      ...seller,
    });
    target = await fx.file(town.id, invoiceId, {
      akteId: bau,
      aktenzeichen: '902.31-2026/001-00003',
      betreff: `Rechnung ${number} der Bau & Söhne GmbH`,
      filedAt: new Date('2026-04-20T13:45:00Z'),
      documents: [
        {
          kind: 'invoice-original',
          name: `${number}.xml`,
          mediaType: 'application/xml',
          content: Buffer.from(`<?xml version="1.0"?><Invoice><ID>${number}</ID></Invoice>`),
        },
        {
          kind: 'validation-report-html',
          name: 'pruefbericht.html',
          mediaType: 'text/html',
          content: Buffer.from(REPORT),
        },
        {
          kind: 'validation-report-json',
          name: 'pruefbericht.json',
          mediaType: 'application/json',
          content: Buffer.from('{"valid":true,"errors":[]}'),
        },
        {
          kind: 'laufzettel-pdf',
          name: 'laufzettel.pdf',
          mediaType: 'application/pdf',
          content: Buffer.from('%PDF-1.4\n% Laufzettel\n%%EOF\n'),
        },
        {
          kind: 'attachment',
          name: 'stundennachweis.csv',
          mediaType: 'text/csv',
          content: Buffer.from('Datum;Stunden\n2026-02-27;8\n'),
        },
      ],
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('a clerk finds the Vorgang by invoice number, opens it and downloads it as ZIP', async () => {
    const { page, csp } = await signedIn(clerk);
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Akten' })
      .click();
    await page.waitForURL(`${t.url}/records`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Akten');
    const all = page.getByRole('table', { name: 'Vorgänge, zuletzt abgelegte zuerst' });
    expect(await all.locator('tbody tr').count()).toBe(4);
    // Newest filing first.
    expect(await all.locator('tbody tr').first().locator('th').textContent()).toBe('902.31-2026/001-00003');
    await expectClean(page, csp);
    await page.screenshot({ path: join(SHOTS, 'records-list-de.png'), fullPage: true });

    await page.getByLabel('Rechnungsnummer').fill(number);
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.waitForURL(/\/records\?number=/);
    expect(await page.locator('.filter-count').textContent()).toBe('1 Vorgang gefunden');
    const rows = page.getByRole('table', { name: 'Vorgänge, zuletzt abgelegte zuerst' }).locator('tbody tr');
    expect(await rows.count()).toBe(1);
    const row = (await rows.first().textContent()) ?? '';
    expect(row).toContain(number);
    expect(row).toContain('Bau & Söhne GmbH');
    expect(row).toMatch(/1\.487,50\s€/);
    expect(row).toContain('02.03.2026');
    await expectClean(page, csp);
    await page.screenshot({ path: join(SHOTS, 'records-search-de.png'), fullPage: true });

    await page.getByRole('link', { name: '902.31-2026/001-00003' }).click();
    await page.waitForURL(`${t.url}/records/${target.id}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Vorgang 902.31-2026/001-00003');
    const docs = page.getByRole('table', { name: '5 Dokumente im Vorgang' });
    const kinds = await docs.locator('tbody th').allTextContents();
    expect(kinds).toEqual([
      'Rechnung (Original, wie empfangen)',
      'Prüfbericht (HTML)',
      'Prüfbericht (JSON)',
      'Laufzettel (PDF)',
      'Anlage zur Rechnung',
    ]);
    const first = (await docs.locator('tbody tr').first().textContent()) ?? '';
    expect(first).toContain(`${number}.xml`);
    expect(first).toContain(target.documents[0].sha256.slice(0, 12));
    expect(first).toContain('31.12.2034');
    const main = (await page.getByRole('main').textContent()) ?? '';
    expect(main).toContain('902.31-2026/001');
    expect(main).toMatch(/1\.487,50\s€/);
    await expectClean(page, csp);
    await page.screenshot({ path: join(SHOTS, 'records-vorgang-de.png'), fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Vorgang als ZIP herunterladen' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('902.31-2026-001-00003.zip');
    const entries = readZipChecked(readFileSync(await download.path()));
    expect(entries.map((e) => e.name)).toEqual([
      'manifest.json',
      'MANIFEST.txt',
      `01_${number}.xml`,
      '02_pruefbericht.html',
      '03_pruefbericht.json',
      '04_laufzettel.pdf',
      '05_stundennachweis.csv',
    ]);
    const manifest = JSON.parse(entries[0].data.toString('utf8')) as {
      files: { path: string; sha256: string }[];
    };
    for (const f of manifest.files) {
      const entry = entries.find((e) => e.name === f.path);
      expect(entry && sha256(entry.data)).toBe(f.sha256);
    }
    expect(manifest.files.map((f) => f.sha256)).toEqual(target.documents.map((d) => d.sha256));
    expect(entries[1].data.toString('utf8')).toContain(
      `SHA-256 von / of manifest.json: ${sha256(entries[0].data)}`,
    );
  });

  it('opens the HTML report as plain text in a sandbox, and offers every document as a download', async () => {
    const { page } = await signedIn(clerk);
    await page.goto(`${t.url}/records/${target.id}`);
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.getByRole('link', { name: 'pruefbericht.html im Browser ansehen' }).click();
    await page.waitForURL(`${t.url}/records/documents/${target.documents[1].id}`);
    expect(await page.locator('body').innerText()).toBe(REPORT);
    expect(dialogs).toBe(0);
    const res = await page.request.get(`${t.url}/records/documents/${target.documents[1].id}`);
    expect(res.headers()['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers()['content-disposition']).toBe('inline; filename=pruefbericht.html');
    expect(res.headers()['content-security-policy']).toContain('sandbox');
    expect(res.headers()['x-content-type-options']).toBe('nosniff');

    const pdf = await page.request.get(`${t.url}/records/documents/${target.documents[3].id}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(pdf.headers()['content-disposition']).toBe('inline; filename=laufzettel.pdf');
    // The browser's PDF viewer needs its plugin; nothing else may load or run.
    expect(pdf.headers()['content-security-policy']).toContain("object-src 'self'");
    expect(pdf.headers()['content-security-policy']).toContain("default-src 'none'");

    await page.goto(`${t.url}/records/${target.id}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'stundennachweis.csv herunterladen' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('stundennachweis.csv');
    expect(readFileSync(await download.path()).equals(target.documents[4].content)).toBe(true);
  });

  it('links the invoice page to its Vorgang, and speaks English', async () => {
    const { page, csp } = await signedIn(clerk, 'en-US');
    await page.goto(`${t.url}/invoices/${target.invoiceId}?lang=en`);
    await page.getByRole('link', { name: 'Filed in case file 902.31-2026/001-00003' }).click();
    await page.waitForURL(`${t.url}/records/${target.id}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Case file 902.31-2026/001-00003',
    );
    const kinds = await page
      .getByRole('table', { name: '5 documents in the case file' })
      .locator('tbody th')
      .allTextContents();
    expect(kinds[0]).toBe('Invoice (original, as received)');
    await expectClean(page, csp);
    await page.screenshot({ path: join(SHOTS, 'records-vorgang-en.png'), fullPage: true });
  });

  it('fits a 360 px wide screen', async () => {
    const { page, csp } = await signedIn(clerk, 'de-DE', { width: 360, height: 780 });
    for (const path of ['/records', `/records/${target.id}`]) {
      await page.goto(`${t.url}${path}`);
      const overflow = await page.evaluate(() => {
        const d = (
          globalThis as unknown as {
            document: { documentElement: { scrollWidth: number; clientWidth: number } };
          }
        ).document.documentElement;
        return d.scrollWidth - d.clientWidth;
      });
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
    }
    await expectClean(page, csp);
    await page.screenshot({ path: join(SHOTS, 'records-vorgang-360.png'), fullPage: true });
  });

  it('shows a wrong amount on the form instead of searching', async () => {
    const { page, csp } = await signedIn(clerk);
    const res = await page.goto(`${t.url}/records?amountFrom=viel`);
    expect(res?.status()).toBe(400);
    expect(await page.getByRole('alert').textContent()).toContain('„Betrag von“ ist keine Zahl');
    expect(await page.getByLabel('Betrag von').getAttribute('aria-invalid')).toBe('true');
    await expectClean(page, csp);
  });

  it('is not offered to an approver, and not found for another tenant', async () => {
    const { page: a } = await signedIn(approver);
    expect(
      await a
        .getByRole('navigation', { name: 'Hauptnavigation' })
        .getByRole('link', { name: 'Akten' })
        .count(),
    ).toBe(0);
    expect((await a.goto(`${t.url}/records`))?.status()).toBe(403);

    const { page } = await signedIn(stranger);
    for (const path of [
      `/records/${target.id}`,
      `/records/${target.id}/zip`,
      `/records/documents/${target.documents[0].id}`,
      `/records/documents/${target.documents[0].id}/download`,
      '/records/00000000-0000-4000-8000-000000000000',
      '/records/not-a-uuid',
    ]) {
      const res = await page.goto(`${t.url}${path}`);
      expect({ path, status: res?.status() }).toEqual({ path, status: 404 });
      expect(await page.content()).not.toContain(number);
    }
    await page.goto(`${t.url}/records?number=${encodeURIComponent(number)}`);
    expect(await page.content()).not.toContain('902.31-2026/001-00003');
    expect(await page.getByRole('heading', { name: 'Kein Vorgang passt zu diesen Angaben' }).count()).toBe(1);
  });
});
