/**
 * The staff's invoice page in a real headless Chromium against the real application: an
 * XRechnung submitted through the upload API and checked by the pipeline is opened by a
 * treasury clerk — every line, the VAT breakdown, the Skonto offer, the downloads (original,
 * attachment, PDF) — in German, in English and at 360 px, within the Content-Security-Policy
 * and the accessibility checks; another tenant's staff get "not found". Full-page
 * screenshots are left in `test-artifacts/invoice-page/`.
 */
import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { ApiKeyService } from '../../../src/modules/auth/api-key.service.js';
import { UserService } from '../../../src/modules/auth/user.service.js';
import { TenantService } from '../../../src/modules/tenants/tenant.service.js';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import { type TestApp, startTestApp } from '../../support/app.js';
import { CHROMIUM, CHROMIUM_ARGS, type CspWatch, cspWatch, expectAccessible } from '../../support/browser.js';
import { randomLeitwegId } from '../../integration/auth/identity-context.js';

jest.setTimeout(120_000);

const SHOTS = join(process.cwd(), 'test-artifacts', 'invoice-page');
const LINES = 12;
const CSV = 'Datum;Stunden\n2026-02-27;8\n';

interface Staff {
  email: string;
  password: string;
}

/** Our factory's invoice, addressed to the tenant, with a Skonto offer, BT-19/BT-132/BT-133, an attachment and a hostile seller name. */
function invoiceXml(leitwegId: string, number: string): string {
  return buildUblInvoice({
    lines: LINES,
    number,
    patch: (x) =>
      x
        .replace(
          /<cbc:BuyerReference>[^<]*<\/cbc:BuyerReference>/,
          `<cbc:AccountingCost>4711.5300.01</cbc:AccountingCost>\n  <cbc:BuyerReference>${leitwegId}</cbc:BuyerReference>\n` +
            `  <cac:OrderReference><cbc:ID>PO-2026-17</cbc:ID></cac:OrderReference>`,
        )
        .replace(
          '<cac:AccountingSupplierParty>',
          `<cac:AdditionalDocumentReference><cbc:ID>Anlage-1</cbc:ID><cbc:DocumentDescription>Stundennachweis</cbc:DocumentDescription>` +
            `<cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="text/csv" filename="stunden.csv">${Buffer.from(CSV).toString('base64')}</cbc:EmbeddedDocumentBinaryObject></cac:Attachment>` +
            `</cac:AdditionalDocumentReference>\n  <cac:AccountingSupplierParty>`,
        )
        .replace(
          '<cbc:RegistrationName>Musterlieferant GmbH</cbc:RegistrationName>',
          '<cbc:RegistrationName>&lt;script&gt;alert(1)&lt;/script&gt; Bau &amp; Söhne GmbH</cbc:RegistrationName>',
        )
        .replace(
          '<cbc:Note>Zahlbar innerhalb von 30 Tagen ohne Abzug.</cbc:Note>',
          '<cbc:Note>#SKONTO#TAGE=14#PROZENT=2.00#\nZahlbar innerhalb von 30 Tagen ohne Abzug.</cbc:Note>',
        )
        .replace(
          /(<cbc:ID>1<\/cbc:ID>\s*<cbc:InvoicedQuantity[^>]*>[^<]*<\/cbc:InvoicedQuantity>\s*<cbc:LineExtensionAmount[^>]*>[^<]*<\/cbc:LineExtensionAmount>)/,
          '$1\n    <cbc:AccountingCost>KST-0815</cbc:AccountingCost>\n    <cac:OrderLineReference><cbc:LineID>10</cbc:LineID></cac:OrderLineReference>',
        ),
  });
}

describe('the invoice page in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let clerk: Staff;
  let stranger: Staff;
  let invoiceId: string;
  let xml: string;
  const number = `E2E-${randomBytes(3).toString('hex').toUpperCase()}`;
  const contexts: BrowserContext[] = [];

  async function newTenant(name: string): Promise<{ id: string; leitwegId: string }> {
    const leitwegId = randomLeitwegId();
    const tenant = await t.app.get(TenantService).create({ name, leitwegIds: [leitwegId] }, 'test');
    return { id: tenant.id, leitwegId };
  }

  async function newStaff(tenantId: string, roles: string[]): Promise<Staff> {
    const email = `clerk-${randomBytes(4).toString('hex')}@kasse.example`;
    const password = `pw-${randomBytes(10).toString('hex')}`;
    await t.app
      .get(UserService)
      .create(tenantId, { email, password, displayName: 'Klara Kasse', roles }, 'test');
    return { email, password };
  }

  async function signedIn(
    who: Staff,
    locale: 'de-DE' | 'en-US' = 'de-DE',
    viewport = { width: 1200, height: 900 },
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
    const town = await newTenant(`Kassenstadt ${randomBytes(2).toString('hex')}`);
    const other = await newTenant(`Nachbarort ${randomBytes(2).toString('hex')}`);
    clerk = await newStaff(town.id, ['treasury']);
    stranger = await newStaff(other.id, ['admin', 'treasury']);
    const { key } = await t.app
      .get(ApiKeyService)
      .create(town.id, { name: 'Lieferant', role: 'supplier' }, 'test');

    xml = invoiceXml(town.leitwegId, number);
    const res = await fetch(`${t.url}/api/v1/invoices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' },
      body: xml,
    });
    expect(res.status).toBe(202);
    invoiceId = ((await res.json()) as { id: string }).id;
    let status = '';
    for (let i = 0; i < 300 && !['awaiting_approval', 'rejected', 'duplicate'].includes(status); i++) {
      await new Promise((r) => setTimeout(r, 100));
      const view = (await (
        await fetch(`${t.url}/api/v1/invoices/${invoiceId}`, { headers: { authorization: `Bearer ${key}` } })
      ).json()) as { status: string; validation?: { errors: { id: string }[] } };
      status = view.status;
      if (status === 'rejected') throw new Error(`rejected: ${JSON.stringify(view.validation?.errors)}`);
    }
    expect(status).toBe('awaiting_approval');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('shows a clerk the whole invoice in German: lines, VAT, Skonto, references, history', async () => {
    const { page, csp } = await signedIn(clerk);
    const res = await page.goto(`${t.url}/invoices/${invoiceId}`);
    expect(res?.status()).toBe(200);
    expect(await page.title()).toBe(`Rechnung ${number} – E-Rechnungseingang`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Rechnung ${number}`);
    // The hostile name is shown as text; no script ran (a console error or dialog would show).
    expect(await page.locator('.invoice-seller').textContent()).toBe(
      '<script>alert(1)</script> Bau & Söhne GmbH',
    );
    expect(await page.locator('.status-badge').textContent()).toBe('Status: Wartet auf Freigabe');

    const lines = page.getByRole('table', { name: `${LINES} Positionen` });
    expect(await lines.locator('tbody tr').count()).toBe(LINES);
    const first = lines.locator('tbody tr').first();
    expect(await first.locator('th').textContent()).toBe('1');
    expect(await first.textContent()).toContain('Artikel 1');
    expect(await first.textContent()).toContain('Bestellposition (BT-132): 10');
    expect(await first.textContent()).toContain('Buchungsreferenz (BT-133): KST-0815');
    expect(await first.locator('td').nth(2).textContent()).toBe('Stück');

    const vat = page.getByRole('table', { name: 'Aufschlüsselung der Umsatzsteuer (BG-23)' });
    const vatRow = await vat.locator('tbody tr').first().textContent();
    expect(vatRow).toContain('Umsatzsteuer (Normal- oder ermäßigter Satz) (S)');
    expect(vatRow).toContain('19 %');

    const skonto = page.getByRole('table', { name: 'Skonto-Angebote aus den Zahlungsbedingungen' });
    const offer = await skonto.locator('tbody tr').first().textContent();
    expect(offer).toContain('16.03.2026'); // 02.03.2026 + 14 days
    expect(offer).toContain('14 Tage');
    expect(offer).toContain('2 %');

    const main = (await page.getByRole('main').textContent()) ?? '';
    expect(main).toContain('SEPA-Überweisung (58)');
    expect(main).toContain('DE02 1203 0000 0000 2020 51');
    expect(main).toContain('4711.5300.01');
    expect(main).toContain('PO-2026-17');
    expect(main).toContain('Zahlbar innerhalb von 30 Tagen ohne Abzug.');
    expect(main).toContain('Stundennachweis');
    expect(main).toContain('Die Rechnung hat die formale Prüfung bestanden.');
    const history = page.getByRole('table', { name: 'Alle Ereignisse dieser Rechnung, älteste zuerst' });
    expect(await history.locator('tbody tr').count()).toBe(4);
    expect(await history.locator('tbody tr').last().textContent()).toContain(
      'Formal geprüft → Wartet auf Freigabe',
    );

    await expectClean(page, csp);
    await page.screenshot({ path: join(SHOTS, 'invoice-de.png'), fullPage: true });
  });

  it('hands out the original, the attachment and a PDF as downloads', async () => {
    const { page } = await signedIn(clerk);
    await page.goto(`${t.url}/invoices/${invoiceId}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Original (XML)' }).click(),
    ]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path, 'utf8')).toBe(xml);
    expect(download.suggestedFilename()).toBe(`${number}.xml`);

    const original = await page.request.get(`${t.url}/invoices/${invoiceId}/original`);
    expect(original.headers()['content-type']).toContain('application/xml');
    expect(original.headers()['content-disposition']).toBe(`attachment; filename=${number}.xml`);
    expect(original.headers()['x-content-type-options']).toBe('nosniff');

    const href = await page.getByRole('link', { name: 'stunden.csv herunterladen' }).getAttribute('href');
    const attachment = await page.request.get(`${t.url}${href}`);
    expect(attachment.status()).toBe(200);
    expect(await attachment.text()).toBe(CSV);
    expect(attachment.headers()['content-type']).toContain('text/csv');
    expect(attachment.headers()['content-disposition']).toBe('attachment; filename=stunden.csv');

    const pdf = await page.request.get(`${t.url}/invoices/${invoiceId}/pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(pdf.headers()['content-disposition']).toContain(`Rechnung ${number}.pdf`);
    expect(pdf.headers()['x-content-type-options']).toBe('nosniff');
    const doc = await PDFDocument.load(await pdf.body());
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(doc.getTitle()).toBe(`Rechnung ${number}`);

    // No e-mail for an upload.
    expect((await page.request.get(`${t.url}/invoices/${invoiceId}/email`)).status()).toBe(404);
  });

  it('speaks English', async () => {
    const { page, csp } = await signedIn(clerk, 'en-US');
    await page.goto(`${t.url}/invoices/${invoiceId}?lang=en`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Commercial invoice ${number}`);
    const offer = await page
      .getByRole('table', { name: 'Cash discount offers from the payment terms' })
      .locator('tbody tr')
      .first()
      .textContent();
    expect(offer).toContain('Mar 16, 2026');
    expect(
      await page
        .getByRole('table', { name: `${LINES} lines` })
        .locator('tbody tr')
        .count(),
    ).toBe(LINES);
    await expectClean(page, csp);
    await page.screenshot({ path: join(SHOTS, 'invoice-en.png'), fullPage: true });
  });

  it('fits a 360 px wide screen', async () => {
    const { page, csp } = await signedIn(clerk, 'de-DE', { width: 360, height: 780 });
    await page.goto(`${t.url}/invoices/${invoiceId}`);
    const overflow = await page.evaluate(() => {
      const d = (
        globalThis as unknown as {
          document: { documentElement: { scrollWidth: number; clientWidth: number } };
        }
      ).document.documentElement;
      return d.scrollWidth - d.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await expectClean(page, csp);
    await page.screenshot({ path: join(SHOTS, 'invoice-360.png'), fullPage: true });
    await page.screenshot({ path: join(SHOTS, 'invoice-360-top.png') });
    await page
      .locator('#lines tbody tr')
      .first()
      .screenshot({ path: join(SHOTS, 'invoice-360-line.png') });
    await page.locator('#payment').screenshot({ path: join(SHOTS, 'invoice-360-payment.png') });
  });

  it("is not found for another tenant's staff, for unknown and for malformed ids", async () => {
    const { page } = await signedIn(stranger);
    for (const path of [
      `/invoices/${invoiceId}`,
      `/invoices/${invoiceId}/original`,
      `/invoices/${invoiceId}/pdf`,
      '/invoices/00000000-0000-4000-8000-000000000000',
      '/invoices/not-a-uuid',
    ]) {
      const res = await page.goto(`${t.url}${path}`);
      expect(res?.status()).toBe(404);
      expect(await page.content()).not.toContain(number);
    }
  });
});
