/**
 * The own notification settings in a real headless Chromium against the real application:
 * reached from the navigation, the language of the mails and the daily digest saved
 * through the form (and read back by the API), in German and English, keyboard-operable,
 * within the Content-Security-Policy. Screenshots in `test-artifacts/preferences-page/`.
 */
import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { UserService } from '../../../src/modules/auth/user.service.js';
import { TenantService } from '../../../src/modules/tenants/tenant.service.js';
import { type TestApp, startTestApp } from '../../support/app.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../../support/browser.js';
import { randomLeitwegId } from '../../integration/auth/identity-context.js';

jest.setTimeout(90_000);

const SHOTS = join(process.cwd(), 'test-artifacts', 'preferences-page');

describe('the notification settings page in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let tenantId: string;
  let userId: string;
  const who = { email: '', password: '' };
  const contexts: BrowserContext[] = [];
  const consoleErrors: string[] = [];

  async function signedIn(): Promise<Page> {
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

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}.`);
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '100', PROCESS_ROLE: 'api', DIGEST_HOUR: '6' });
    const tenant = await t.app
      .get(TenantService)
      .create(
        { name: `Einstellhausen ${randomBytes(2).toString('hex')}`, leitwegIds: [randomLeitwegId()] },
        'test',
      );
    tenantId = tenant.id;
    who.email = `pia-${randomBytes(4).toString('hex')}@einstellhausen.example`;
    who.password = `pw-${randomBytes(10).toString('hex')}`;
    const { user } = await t.app
      .get(UserService)
      .create(
        tenantId,
        { email: who.email, password: who.password, displayName: 'Pia Prüferin', roles: ['approver'] },
        'test',
      );
    userId = user.id;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('is reached from the navigation and saves the language and the digest', async () => {
    const page = await signedIn();
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Benachrichtigungen' })
      .click();
    await page.waitForURL(`${t.url}/preferences`);
    expect(await page.title()).toBe('Benachrichtigungen – E-Rechnungseingang');
    const german = page.getByRole('radio', { name: 'Deutsch' });
    const english = page.getByRole('radio', { name: 'Englisch (English)' });
    const digest = page.getByRole('checkbox', {
      name: 'Jeden Tag ab 6 Uhr eine Übersicht meiner offenen Aufgaben per E-Mail senden',
    });
    expect(await german.isChecked()).toBe(true);
    expect(await digest.isChecked()).toBe(false);
    expect(await page.getByRole('group', { name: 'Sprache der E-Mails' }).count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'preferences-de.png'), fullPage: true });

    // By keyboard: the English option, then the digest, then save.
    await english.focus();
    await page.keyboard.press('Space');
    await digest.focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Speichern' }).press('Enter');
    await page.waitForURL(`${t.url}/preferences?saved=1`);
    expect(await page.getByRole('status').textContent()).toContain('Ihre Einstellungen sind gespeichert.');
    expect(await english.isChecked()).toBe(true);
    expect(await digest.isChecked()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'preferences-saved-de.png'), fullPage: true });

    const user = await t.app.get(UserService).get(tenantId, userId);
    expect({ lang: user.lang, digest: user.digest }).toEqual({ lang: 'en', digest: true });

    // Unticking the digest turns it off again.
    await digest.uncheck();
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.waitForURL(`${t.url}/preferences?saved=1`);
    expect((await t.app.get(UserService).get(tenantId, userId)).digest).toBe(false);
    expect(consoleErrors).toEqual([]);
  });

  it('speaks English on request', async () => {
    const page = await signedIn();
    await page.goto(`${t.url}/preferences?lang=en`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Notifications');
    expect(
      await page
        .getByRole('checkbox', { name: 'Send me an overview of my open tasks by e-mail every day from 6:00' })
        .count(),
    ).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'preferences-en.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it('refuses a post of a signed-in user without the form token', async () => {
    const page = await signedIn();
    const cookie = (await page.context().cookies())
      .filter((c) => c.name === 'einvoice_session')
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    expect(cookie).not.toBe('');
    const res = await fetch(`${t.url}/preferences`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, accept: 'text/html' },
      body: 'lang=de&digest=on',
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
    const user = await t.app.get(UserService).get(tenantId, userId);
    expect({ lang: user.lang, digest: user.digest }).toEqual({ lang: 'en', digest: false });
  });
});
