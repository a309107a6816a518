/**
 * The supplier's status page (the public status link) in a real headless Chromium against
 * the real application: an invoice accepted and waiting for approval, one rejected with
 * findings, one rejected by routing, and a duplicate, each in German and English. Asserts
 * the words, the reader's date and amount formats, that the stylesheets apply under the
 * product's Content-Security-Policy (no violation), and leaves full-page screenshots in
 * `test-artifacts/status-page/` for people to look at.
 */
import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { ApiKeyService } from '../../../src/modules/auth/api-key.service.js';
import { InvoiceRepository } from '../../../src/modules/invoices/invoice.repository.js';
import { leitwegCheckDigits } from '../../../src/modules/tenants/leitweg-id.js';
import { TenantService } from '../../../src/modules/tenants/tenant.service.js';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import { type TestApp, startTestApp } from '../../support/app.js';
import { CHROMIUM, CHROMIUM_ARGS, cspWatch, type CspWatch, expectAccessible } from '../../support/browser.js';

jest.setTimeout(120_000);

const SHOTS = join(process.cwd(), 'test-artifacts', 'status-page');
const FINAL = new Set(['rejected', 'duplicate', 'awaiting_approval']);

const leitweg = (coarse: string, fine: string) => `${coarse}-${fine}-${leitwegCheckDigits(coarse, fine)}`;

/** 25 lines: net 1,453.23, VAT 276.11, total 1,729.34 EUR; issued 2026-03-02. */
function invoice(number: string, buyerReference: string, patch: (x: string) => string = (x) => x): string {
  return buildUblInvoice({
    number,
    lines: 25,
    patch: (x) =>
      patch(
        x.replace(
          /<cbc:BuyerReference>[^<]*<\/cbc:BuyerReference>/,
          `<cbc:BuyerReference>${buyerReference}</cbc:BuyerReference>`,
        ),
      ),
  });
}

/** Text as a reader sees it: Intl puts no-break spaces between amount and currency. */
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ');

describe('supplier status page in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let supplierKey: string;
  const contexts: BrowserContext[] = [];
  const links: Record<'accepted' | 'rejected' | 'routing' | 'duplicate', string> = {
    accepted: '',
    rejected: '',
    routing: '',
    duplicate: '',
  };

  async function upload(xml: string): Promise<{ id: string; statusUrl: string }> {
    const res = await fetch(`${t.url}/api/v1/invoices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${supplierKey}`, 'content-type': 'application/xml' },
      body: xml,
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string; statusUrl: string };
    for (let i = 0; i < 300; i++) {
      const view = (await (
        await fetch(`${t.url}/api/v1/invoices/${body.id}`, {
          headers: { authorization: `Bearer ${supplierKey}` },
        })
      ).json()) as { status: string };
      if (FINAL.has(view.status)) return { id: body.id, statusUrl: new URL(body.statusUrl).pathname };
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`invoice ${body.id} did not settle`);
  }

  async function open(
    path: string,
    locale: 'de-DE' | 'en-US',
    viewport = { width: 1100, height: 900 },
  ): Promise<{ page: Page; csp: CspWatch }> {
    const context = await browser.newContext({ locale, viewport });
    contexts.push(context);
    const page = await context.newPage();
    const csp = await cspWatch(page);
    const res = await page.goto(`${t.url}${path}`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-type']).toContain('text/html');
    return { page, csp };
  }

  async function expectStyled(page: Page, csp: CspWatch): Promise<void> {
    // Browser defaults: body margin 8px, serif font, no panel border. Our stylesheets
    // change all three; were they blocked by the CSP, the defaults would show.
    const styles = await page.evaluate(() => {
      const g = globalThis as unknown as {
        document: { querySelector(s: string): unknown; body: unknown };
        getComputedStyle(e: unknown): Record<string, string>;
      };
      const css = (sel: string, prop: string) => {
        const el = sel === 'body' ? g.document.body : g.document.querySelector(sel);
        return el ? g.getComputedStyle(el)[prop] : null;
      };
      return {
        bodyMargin: css('body', 'margin'),
        font: css('body', 'fontFamily'),
        panelBorder: css('.status-panel', 'borderLeftWidth'),
        reportBorder: css('.vr-doc', 'borderLeftWidth'),
      };
    });
    expect(styles.bodyMargin).toBe('0px');
    expect(styles.font).toMatch(/system-ui/);
    expect(styles.panelBorder).toBe('8px');
    expect(styles.reportBorder).toBe('6px');
    expect(await csp.violations()).toEqual([]);
    expect(csp.consoleErrors).toEqual([]);
    await expectAccessible(page);
  }

  async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}. Run \`scripts/services.sh ensure\`.`);
    }
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp();
    const own = leitweg('04011000', '12345');
    const tenant = await t.app
      .get(TenantService)
      .create({ name: `Stadt Musterhausen ${randomBytes(2).toString('hex')}`, leitwegIds: [own] }, 'test');
    supplierKey = (
      await t.app.get(ApiKeyService).create(tenant.id, { name: 'Lieferant', role: 'supplier' }, 'test')
    ).key;
    const accepted = invoice('RE-2026-0815', own);
    links.accepted = (await upload(accepted)).statusUrl;
    // The same file again: a duplicate of the first.
    links.duplicate = (await upload(accepted)).statusUrl;
    // Wrong total with VAT (BR-CO-15) and no seller telephone (BR-DE-6).
    links.rejected = (
      await upload(
        invoice('RE-2026-0816', own, (x) =>
          x
            .replace(/(<cbc:TaxInclusiveAmount currencyID="EUR">)[^<]*/, '$11800.00')
            .replace(/<cbc:Telephone>[^<]*<\/cbc:Telephone>/, ''),
        ),
      )
    ).statusUrl;
    links.routing = (await upload(invoice('RE-2026-0817', leitweg('991', '99999')))).statusUrl;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('shows an accepted invoice as waiting for approval, with its data in German', async () => {
    const { page, csp } = await open(links.accepted, 'de-DE');
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    expect(await page.title()).toBe('Status Ihrer Rechnung – E-Rechnungseingang');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Status Ihrer Rechnung');
    expect(await page.locator('#status-heading').textContent()).toBe('Angenommen – wartet auf Freigabe');
    const facts = plain(await page.locator('.facts').textContent());
    expect(facts).toContain('RE-2026-0815');
    expect(facts).toContain('Musterlieferant GmbH');
    expect(facts).toContain('02.03.2026');
    expect(facts).toContain('1.729,34 €');
    const history = plain(await page.locator('.timeline').textContent());
    expect(history).toMatch(/\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} ME(S)?Z Eingegangen/);
    expect(history).toContain('Angenommen, zur Freigabe weitergeleitet');
    const report = plain(await page.locator('.vr').textContent());
    expect(report).toContain('Prüfung bestanden');
    expect(report).toContain('1.729,34 €');
    expect(report).not.toContain('GÜLTIG');
    for (const landmark of ['banner', 'main', 'contentinfo'] as const) {
      expect(await page.getByRole(landmark).count()).toBe(1);
    }
    await expectStyled(page, csp);
    await shoot(page, 'accepted-de');
  });

  it('shows the same page in English, by Accept-Language and by the language switch', async () => {
    const { page, csp } = await open(links.accepted, 'en-US');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('#status-heading').textContent()).toBe('Accepted – waiting for approval');
    const facts = plain(await page.locator('.facts').textContent());
    expect(facts).toContain('Mar 2, 2026');
    expect(facts).toContain('€1,729.34');
    expect(plain(await page.locator('.timeline').textContent())).toMatch(
      /[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} (AM|PM) GMT\+[12] Received/,
    );
    await expectStyled(page, csp);
    await shoot(page, 'accepted-en');

    const german = await open(links.accepted, 'en-US');
    await german.page.getByRole('link', { name: 'Deutsch' }).click();
    await german.page.waitForURL(/lang=de/);
    expect(await german.page.locator('#status-heading').textContent()).toBe(
      'Angenommen – wartet auf Freigabe',
    );
  });

  it('shows a rejected invoice with the findings that caused it', async () => {
    for (const lang of ['de', 'en'] as const) {
      const { page, csp } = await open(links.rejected, lang === 'de' ? 'de-DE' : 'en-US');
      const panel = plain(await page.locator('.status-panel').textContent());
      if (lang === 'de') {
        expect(await page.locator('#status-heading').textContent()).toBe('Abgewiesen');
        expect(panel).toContain('entspricht nicht den Vorgaben');
        expect(panel).toContain('Bitte korrigieren Sie die Rechnung und senden Sie sie erneut.');
        expect(plain(await page.locator('.vr').textContent())).toContain('Prüfung nicht bestanden');
      } else {
        expect(await page.locator('#status-heading').textContent()).toBe('Rejected');
        expect(panel).toContain('does not meet the requirements');
        expect(plain(await page.locator('.vr').textContent())).toContain('Failed the checks');
      }
      expect(panel).toContain('BR-CO-15');
      expect(panel).toContain('BR-DE-6');
      expect(await page.locator('.vr table').count()).toBeGreaterThan(0);
      await expectStyled(page, csp);
      await shoot(page, `rejected-${lang}`);
    }
  });

  it('says why a valid invoice addressed to the wrong Leitweg-ID was rejected, never "valid"', async () => {
    const { page, csp } = await open(links.routing, 'de-DE');
    expect(await page.locator('#status-heading').textContent()).toBe('Abgewiesen');
    const panel = plain(await page.locator('.status-panel').textContent());
    expect(panel).toContain(`Die Leitweg-ID „${leitweg('991', '99999')}“`);
    expect(panel).toContain('ROUTING-LEITWEG-ID-UNKNOWN');
    expect(plain(await page.locator('main').textContent())).not.toMatch(/GÜLTIG/);
    expect(await page.locator('.report-note').textContent()).toContain(
      'abgewiesen wurde sie aus dem oben genannten Grund',
    );
    await expectStyled(page, csp);
    await shoot(page, 'routing-de');
  });

  it('names the earlier invoice a duplicate repeats', async () => {
    for (const lang of ['de', 'en'] as const) {
      const { page, csp } = await open(links.duplicate, lang === 'de' ? 'de-DE' : 'en-US');
      const panel = plain(await page.locator('.status-panel').textContent());
      if (lang === 'de') {
        expect(await page.locator('#status-heading').textContent()).toBe('Bereits eingegangen (Duplikat)');
        expect(panel).toMatch(
          /Duplikat der Rechnung RE-2026-0815 vom 02\.03\.2026, die am \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} ME(S)?Z eingegangen ist/,
        );
      } else {
        expect(await page.locator('#status-heading').textContent()).toBe('Already received (duplicate)');
        expect(panel).toMatch(/duplicate of invoice RE-2026-0815 of Mar 2, 2026, received on /);
      }
      await expectStyled(page, csp);
      await shoot(page, `duplicate-${lang}`);
    }
  });

  it('shows a returned invoice with the date and the reason as written, in the history too', async () => {
    const { id, statusUrl } = await upload(invoice('RE-2026-0818', leitweg('04011000', '12345')));
    const tenantId = (await t.app
      .get(InvoiceRepository)
      .findByStatusTokenAcrossTenants(statusUrl.split('/').pop()!))!.tenantId;
    // What the approval core does when an approver returns the invoice.
    await t.app.get(InvoiceRepository).transition(
      tenantId,
      id,
      'awaiting_approval',
      'returned',
      'user:approver',
      {},
      {
        reason:
          'Die Stunden vom 12.02. sind doppelt berechnet <Pos. 4 und 7>.\nBitte senden Sie eine Gutschrift über diese Position und eine neue Rechnung.',
        step: 'sachlich',
        by: 'Erika Prüferin',
      },
    );
    const { page, csp } = await open(statusUrl, 'de-DE');
    expect(await page.locator('#status-heading').textContent()).toBe('An Sie zurückgegeben');
    const panel = plain(await page.locator('.status-panel').textContent());
    expect(panel).toMatch(/Zurückgegeben am \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} ME(S)?Z\./);
    expect(panel).toContain('doppelt berechnet <Pos. 4 und 7>.');
    expect(panel).not.toContain('Erika');
    const history = plain(await page.locator('.timeline').textContent());
    expect(history).toContain('Zurückgegeben Grund der Rückgabe: Die Stunden vom 12.02.');
    await expectStyled(page, csp);
    await shoot(page, 'returned-de');
    const en = await open(statusUrl, 'en-US');
    expect(await en.page.locator('#status-heading').textContent()).toBe('Returned to you');
    expect(plain(await en.page.locator('.status-panel').textContent())).toMatch(
      /Returned on [A-Z][a-z]{2} \d{1,2}, \d{4}/,
    );
    await expectStyled(en.page, en.csp);
    await shoot(en.page, 'returned-en');
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const { page, csp } = await open(links.rejected, 'de-DE', { width: 360, height: 740 });
    const widths = await page.evaluate(() => {
      const g = globalThis as unknown as {
        document: { documentElement: { scrollWidth: number; clientWidth: number } };
      };
      return [g.document.documentElement.scrollWidth, g.document.documentElement.clientWidth];
    });
    expect(widths[0]).toBeLessThanOrEqual(widths[1]);
    await expectStyled(page, csp);
    // The first screen a supplier sees on a phone.
    await shoot(page, 'rejected-de-phone', false);
  });
});
