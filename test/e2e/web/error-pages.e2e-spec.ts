/**
 * Errors answer each kind of client in its own language: a browser asking for a page gets
 * a page of the UI (404, 403, 500, German or English, with a way home), an API client —
 * or anyone under /api/ and /peppol/ — the JSON error body as before. Against the real
 * application and a real Chromium; the 404 page is left as a screenshot in
 * `test-artifacts/error-pages/`.
 */
import { jest } from '@jest/globals';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { type TestApp, startTestApp } from '../../support/app.js';
import { CHROMIUM, CHROMIUM_ARGS, cspWatch, expectAccessible } from '../../support/browser.js';

jest.setTimeout(90_000);

const SHOTS = join(process.cwd(), 'test-artifacts', 'error-pages');
// What Chromium sends when it navigates to a page.
const BROWSER_ACCEPT =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8';

type ErrorBody = { error: { code: string; message: string } };

describe('error pages for browsers, JSON for API clients', () => {
  let t: TestApp;
  let browser: Browser;

  const get = (path: string, headers: Record<string, string>) =>
    fetch(`${t.url}${path}`, { headers, redirect: 'manual' });

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium not found at ${CHROMIUM}. Run \`scripts/services.sh ensure\`.`);
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('answers an unknown page with a 404 page in German or English', async () => {
    const de = await get('/no-such-page', { accept: BROWSER_ACCEPT, 'accept-language': 'de-DE,de;q=0.9' });
    expect(de.status).toBe(404);
    expect(de.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(de.headers.get('cache-control')).toBe('no-store');
    expect(de.headers.get('content-security-policy')).toContain("style-src 'self'");
    const deHtml = await de.text();
    expect(deHtml).toContain('<html lang="de">');
    expect(deHtml).toContain('<h1>Seite nicht gefunden</h1>');
    expect(deHtml).toContain('<a class="button-link" href="/">Zur Startseite</a>');
    expect(deHtml).toContain('<code>NOT_FOUND</code>');
    expect(deHtml).not.toMatch(/<script|style=|<style/);

    const en = await get('/no-such-page?lang=en', { accept: BROWSER_ACCEPT });
    expect(en.status).toBe(404);
    const enHtml = await en.text();
    expect(enHtml).toContain('<html lang="en">');
    expect(enHtml).toContain('<h1>Page not found</h1>');
    expect(enHtml).toContain('Go to the start page');
  });

  it('keeps the JSON error for API clients, curl and every request under /api/ and /peppol/', async () => {
    for (const [path, accept] of [
      ['/no-such-page', 'application/json'],
      ['/no-such-page', '*/*'],
      ['/api/v1/no-such-route', BROWSER_ACCEPT],
      ['/peppol/no-such-route', BROWSER_ACCEPT],
    ] as const) {
      const res = await get(path, { accept, 'accept-language': 'en' });
      expect({ path, accept, status: res.status }).toEqual({ path, accept, status: 404 });
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(((await res.json()) as ErrorBody).error).toEqual({ code: 'NOT_FOUND', message: 'Not found.' });
    }
    const noAccept = await fetch(`${t.url}/no-such-page`, { headers: { accept: '' } });
    expect(noAccept.headers.get('content-type')).toContain('application/json');
  });

  it('shows a domain error as a page with its own message: an unknown status link', async () => {
    const res = await get(`/status/${'A'.repeat(32)}`, { accept: BROWSER_ACCEPT });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('<h1>Seite nicht gefunden</h1>');
    expect(html).toContain('Rechnung nicht gefunden.');
    expect(html).toContain('<code>INVOICE_NOT_FOUND</code>');
    const json = await get(`/status/${'A'.repeat(32)}`, { accept: 'application/json' });
    expect(((await json.json()) as ErrorBody).error.code).toBe('INVOICE_NOT_FOUND');
  });

  it('answers a refused form post with a 403 page', async () => {
    const res = await fetch(`${t.url}/logout?lang=en`, {
      method: 'POST',
      headers: { accept: BROWSER_ACCEPT, 'content-type': 'application/x-www-form-urlencoded' },
      body: '_csrf=forged',
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('<h1>Access denied</h1>');
    expect(html).toContain('The form has expired or is invalid.');
    expect(html).toContain('href="/"');
  });

  it('answers an internal failure with a 500 page that names the request, and JSON to API clients', async () => {
    // A real fault: the table the status link reads is gone for a moment.
    await t.db.dataSource.query('ALTER TABLE invoices RENAME TO invoices_away');
    try {
      const page = await get(`/status/${'B'.repeat(32)}`, {
        accept: BROWSER_ACCEPT,
        'accept-language': 'de',
        'x-request-id': 'req-500-test',
      });
      expect(page.status).toBe(500);
      const html = await page.text();
      expect(html).toContain('<h1>Ein Fehler ist aufgetreten</h1>');
      expect(html).toContain('<code>req-500-test</code>');
      expect(html).not.toMatch(/invoices|relation|stack/i);
      const api = await get(`/status/${'B'.repeat(32)}`, {
        accept: 'application/json',
        'accept-language': 'en',
      });
      expect(api.status).toBe(500);
      expect(((await api.json()) as ErrorBody).error).toEqual({
        code: 'INTERNAL_ERROR',
        message: 'An internal error occurred.',
      });
    } finally {
      await t.db.dataSource.query('ALTER TABLE invoices_away RENAME TO invoices');
    }
  });

  it('renders the 404 page styled, without CSP violations, with a working way home', async () => {
    for (const locale of ['de-DE', 'en-US'] as const) {
      const context = await browser.newContext({ locale, viewport: { width: 1000, height: 700 } });
      try {
        const page = await context.newPage();
        const csp = await cspWatch(page);
        const res = await page.goto(`${t.url}/does/not/exist`);
        expect(res?.status()).toBe(404);
        const heading = locale === 'de-DE' ? 'Seite nicht gefunden' : 'Page not found';
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
        const styles = await page.evaluate(() => {
          const g = globalThis as unknown as {
            document: { body: unknown; querySelector(s: string): unknown };
            getComputedStyle(e: unknown): Record<string, string>;
          };
          return {
            margin: g.getComputedStyle(g.document.body).margin,
            button: g.getComputedStyle(g.document.querySelector('.button-link')).backgroundColor,
          };
        });
        expect(styles.margin).toBe('0px');
        expect(styles.button).toBe('rgb(11, 79, 138)');
        for (const landmark of ['banner', 'main', 'contentinfo'] as const) {
          expect(await page.getByRole(landmark).count()).toBe(1);
        }
        expect(await csp.violations()).toEqual([]);
        expect(csp.consoleErrors).toEqual([]);
        await expectAccessible(page);
        await page.screenshot({ path: join(SHOTS, `404-${locale.slice(0, 2)}.png`), fullPage: true });
        await page
          .getByRole('link', { name: locale === 'de-DE' ? 'Zur Startseite' : 'Go to the start page' })
          .click();
        await page.waitForURL(/\/login/);
      } finally {
        await context.close();
      }
    }
  });
});
