/**
 * The admin's mailbox page in a real headless Chromium against the real application: the
 * list in German and English, disable / enable / remove through the page's forms (the
 * removal asks first), with the page's styles within the Content-Security-Policy (a
 * violation by inline code shows up as a console error), and no way in for other staff.
 */
import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { UserService } from '../../../src/modules/auth/user.service.js';
import { MailboxRepository } from '../../../src/modules/intake/mail/mailbox.repository.js';
import { MailboxService } from '../../../src/modules/intake/mail/mailbox.service.js';
import { TenantService } from '../../../src/modules/tenants/tenant.service.js';
import { type TestApp, startTestApp } from '../../support/app.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../../support/browser.js';
import { randomLeitwegId } from '../../integration/auth/identity-context.js';

jest.setTimeout(90_000);

interface Staff {
  email: string;
  password: string;
}

describe('the mailbox page in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let tenantId: string;
  let admin: Staff;
  let approver: Staff;
  let mailboxId: string;
  const contexts: BrowserContext[] = [];
  const consoleErrors: string[] = [];

  async function newStaff(roles: string[]): Promise<Staff> {
    const email = `staff-${randomBytes(4).toString('hex')}@postfachhausen.example`;
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

  const cell = (page: Page, column: number) =>
    page
      .getByRole('row', { name: /Rechnungseingang Kämmerei/ })
      .locator('td')
      .nth(column);

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}. Run \`scripts/services.sh ensure\`.`);
    }
    // `api` only: no poller overwrites the last error this test sets.
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '100', PROCESS_ROLE: 'api' });
    const tenant = await t.app
      .get(TenantService)
      .create(
        { name: `Postfachhausen ${randomBytes(2).toString('hex')}`, leitwegIds: [randomLeitwegId()] },
        'test',
      );
    tenantId = tenant.id;
    admin = await newStaff(['admin']);
    approver = await newStaff(['approver']);
    const mb = await t.app.get(MailboxService).create(
      tenantId,
      {
        name: 'Rechnungseingang Kämmerei',
        host: 'imap.postfachhausen.example',
        port: 993,
        secure: true,
        username: 'rechnung',
        password: 'geheim',
        folder: 'INBOX',
        processedFolder: 'Processed',
        rejectedFolder: 'Rejected',
      },
      'test',
    );
    mailboxId = mb.id;
    // As the poller would record it after a refused connection.
    await t.app.get(MailboxRepository).recordPoll(tenantId, mailboxId, 'MAILBOX_AUTH_FAILED');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('lists the mailboxes with their state and last error, and disables and enables one', async () => {
    const page = await signedIn(admin);
    await page.goto(`${t.url}/admin/mailboxes`);
    expect(await page.title()).toBe('Postfächer – E-Rechnungseingang');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Postfächer');
    expect(await cell(page, 0).textContent()).toBe('imap.postfachhausen.example:993 (verschlüsselt)');
    expect(await cell(page, 2).textContent()).toBe('Aktiv');
    expect(await cell(page, 4).textContent()).toBe(
      'Der IMAP-Server hat Benutzername oder Passwort abgelehnt.',
    );
    // The page's stylesheet applies: the table is laid out by web.css, not by the browser's defaults.
    expect(
      await page
        .locator('table.data-table')
        .evaluate(
          (el) =>
            (
              globalThis as unknown as { getComputedStyle(e: unknown): { borderCollapse: string } }
            ).getComputedStyle(el).borderCollapse,
        ),
    ).toBe('collapse');

    await page.getByRole('button', { name: 'Deaktivieren: Rechnungseingang Kämmerei' }).click();
    await page.waitForURL(`${t.url}/admin/mailboxes?done=disabled`);
    expect(await page.getByRole('status').textContent()).toContain('Das Postfach wurde deaktiviert.');
    expect(await cell(page, 2).textContent()).toBe('Deaktiviert');
    expect((await t.app.get(MailboxService).get(tenantId, mailboxId)).enabled).toBe(false);

    await page.getByRole('button', { name: 'Aktivieren: Rechnungseingang Kämmerei' }).click();
    await page.waitForURL(`${t.url}/admin/mailboxes?done=enabled`);
    expect(await cell(page, 2).textContent()).toBe('Aktiv');
  });

  it('speaks English on request', async () => {
    const page = await signedIn(admin);
    await page.goto(`${t.url}/admin/mailboxes?lang=en`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Mailboxes');
    expect(await cell(page, 2).textContent()).toBe('Active');
    // Disabling and enabling started afresh: the old error is gone.
    expect(await cell(page, 4).textContent()).toBe('None');
    expect(await page.getByRole('button', { name: 'Disable: Rechnungseingang Kämmerei' }).isVisible()).toBe(
      true,
    );
  });

  it('keeps other staff out', async () => {
    const page = await signedIn(approver);
    const res = await page.goto(`${t.url}/admin/mailboxes`);
    expect(res?.status()).toBe(403);
    expect(await page.content()).not.toContain('Rechnungseingang Kämmerei');
  });

  it('removes a mailbox after asking', async () => {
    const page = await signedIn(admin);
    await page.goto(`${t.url}/admin/mailboxes`);
    await page.getByRole('link', { name: 'Entfernen: Rechnungseingang Kämmerei' }).click();
    await page.waitForURL(`${t.url}/admin/mailboxes/${mailboxId}/remove`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Postfach entfernen');
    expect(await page.getByRole('main').textContent()).toContain(
      'Die daraus eingegangenen Rechnungen und ihr Verlauf bleiben erhalten.',
    );
    await page.getByRole('button', { name: 'Postfach entfernen' }).click();
    await page.waitForURL(`${t.url}/admin/mailboxes?done=removed`);
    expect(await page.getByRole('status').textContent()).toContain('Das Postfach wurde entfernt.');
    expect(await page.getByRole('heading', { name: 'Keine Postfächer eingerichtet' }).isVisible()).toBe(true);
    // Gone for the page too.
    const again = await page.goto(`${t.url}/admin/mailboxes/${mailboxId}/remove`);
    expect(again?.status()).toBe(404);
  });

  it('broke no Content-Security-Policy rule and threw no script error', () => {
    expect(consoleErrors).toEqual([]);
  });
});
