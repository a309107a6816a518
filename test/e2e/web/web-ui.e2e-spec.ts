/**
 * The web UI in a real headless Chromium (Debian's package, driven by playwright-core)
 * against the real application: sign-in through the form, the empty inbox, a wrong
 * password, a locked account, sign-out, keyboard-only use, the English switch, and the
 * CSRF protection of the form posts. Chromium comes from `scripts/services.sh ensure`,
 * which `npm test` runs first.
 */
import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { UserService } from '../../../src/modules/auth/user.service.js';
import { TenantService } from '../../../src/modules/tenants/tenant.service.js';
import { type TestApp, startTestApp } from '../../support/app.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../../support/browser.js';
import { randomLeitwegId } from '../../integration/auth/identity-context.js';

jest.setTimeout(90_000);

/** The little of the DOM the in-page functions touch (the test tsconfig has no DOM lib). */
interface BrowserGlobals {
  document: { activeElement: { tagName: string; id: string; textContent: string | null } | null };
}

interface Staff {
  email: string;
  password: string;
  displayName: string;
}

describe('web UI in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let tenantName: string;
  let tenantId: string;
  let staff: Staff;
  const contexts: BrowserContext[] = [];
  /** Console errors of every page (a CSP violation by inline code shows up here). */
  const consoleErrors: string[] = [];

  async function newStaff(roles: string[] = ['approver']): Promise<Staff> {
    const email = `staff-${randomBytes(4).toString('hex')}@testhausen.example`;
    const password = `pw-${randomBytes(10).toString('hex')}`;
    const displayName = `Erika ${randomBytes(2).toString('hex')}`;
    await t.app.get(UserService).create(tenantId, { email, password, displayName, roles }, 'test');
    return { email, password, displayName };
  }

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'de-DE' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (msg) => {
      // Chromium logs every 4xx answer; the form's 400/401/423 answers are intended.
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource: the server responded'))
        consoleErrors.push(`${page.url()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => consoleErrors.push(`${page.url()}: ${err.message}`));
    return page;
  }

  async function signIn(page: Page, who: Staff, landing = '/inbox'): Promise<void> {
    await page.goto(`${t.url}/login`);
    await page.getByLabel('E-Mail-Adresse').fill(who.email);
    await page.getByLabel('Passwort').fill(who.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${t.url}${landing}`);
  }

  const path = (page: Page) => new URL(page.url()).pathname + new URL(page.url()).search;
  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = (globalThis as unknown as BrowserGlobals).document.activeElement;
      return el ? `${el.tagName.toLowerCase()}#${el.id}|${(el.textContent ?? '').trim()}` : '';
    });

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}. Run \`scripts/services.sh ensure\` (installs Debian's chromium; \`npm test\` runs it first).`,
      );
    }
    // A low failure limit to reach the lock-out quickly; a generous login rate so the
    // several sign-ins of this file from 127.0.0.1 are not throttled.
    t = await startTestApp({ LOGIN_MAX_FAILURES: '3', LOGIN_RATE_LIMIT_PER_MINUTE: '100' });
    tenantName = `Testhausen ${randomBytes(2).toString('hex')}`;
    const tenant = await t.app
      .get(TenantService)
      .create({ name: tenantName, kind: 'municipality', leitwegIds: [randomLeitwegId()] }, 'test');
    tenantId = tenant.id;
    staff = await newStaff();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('sends a visitor from / and /inbox to the login form, in German by default', async () => {
    const page = await newPage();
    await page.goto(`${t.url}/`);
    expect(path(page)).toBe('/login');
    await page.goto(`${t.url}/inbox`);
    expect(path(page)).toBe('/login?next=%2Finbox');
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    expect(await page.title()).toBe('Anmelden – E-Rechnungseingang');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Anmelden');
    expect(await page.getByLabel('E-Mail-Adresse').getAttribute('autocomplete')).toBe('username');
    expect(await page.getByLabel('Passwort').getAttribute('autocomplete')).toBe('current-password');
    for (const landmark of ['banner', 'main', 'contentinfo'] as const) {
      expect(await page.getByRole(landmark).count()).toBe(1);
    }
  });

  it('signs in through the form and shows the empty inbox', async () => {
    const page = await newPage();
    await page.goto(`${t.url}/inbox`);
    await page.getByLabel('E-Mail-Adresse').fill(staff.email);
    await page.getByLabel('Passwort').fill(staff.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${t.url}/inbox`);

    expect(await page.title()).toBe('Posteingang – E-Rechnungseingang');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Posteingang');
    expect(
      await page.getByRole('heading', { name: 'Keine Rechnungen in Ihrem Posteingang' }).isVisible(),
    ).toBe(true);
    expect(await page.getByRole('banner').textContent()).toContain(
      `Angemeldet als ${staff.displayName} (${tenantName})`,
    );
    const current = page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Posteingang' });
    expect(await current.getAttribute('aria-current')).toBe('page');

    // The session cookie is not readable by scripts.
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'einvoice_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');
    // Signed in, / and /login lead to the inbox.
    await page.goto(`${t.url}/`);
    expect(path(page)).toBe('/inbox');
  });

  it('shows a clear, focused error for a wrong password and keeps the e-mail address', async () => {
    const page = await newPage();
    await page.goto(`${t.url}/login`);
    await page.getByLabel('E-Mail-Adresse').fill(staff.email);
    await page.getByLabel('Passwort').fill('not-the-password');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForLoadState();

    expect(path(page)).toBe('/login');
    const summary = page.getByRole('alert');
    expect(await summary.textContent()).toContain('E-Mail-Adresse oder Passwort ist nicht korrekt.');
    // The error summary takes the focus, so a screen reader announces it first.
    await page.waitForFunction(
      () => (globalThis as unknown as BrowserGlobals).document.activeElement?.id === 'error-summary',
    );
    expect(await page.title()).toBe('Fehler: Anmelden – E-Rechnungseingang');
    expect(await page.getByLabel('E-Mail-Adresse').inputValue()).toBe(staff.email);
    expect(await page.getByLabel('Passwort').inputValue()).toBe('');
    expect(cookiesNamed(await page.context().cookies(), 'einvoice_session')).toHaveLength(0);
  });

  it('names the missing fields and links the summary to them', async () => {
    const page = await newPage();
    await page.goto(`${t.url}/login`);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForLoadState();
    const summary = page.getByRole('alert');
    expect(
      await summary.getByRole('link', { name: 'Geben Sie Ihre E-Mail-Adresse ein.' }).getAttribute('href'),
    ).toBe('#email');
    expect(
      await summary.getByRole('link', { name: 'Geben Sie Ihr Passwort ein.' }).getAttribute('href'),
    ).toBe('#password');
    expect(await page.getByLabel('Passwort').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Passwort').getAttribute('aria-describedby')).toBe('password-error');
  });

  it('tells a locked-out user that the account is locked', async () => {
    const victim = await newStaff();
    const page = await newPage();
    for (let i = 0; i < 3; i++) {
      await page.goto(`${t.url}/login`);
      await page.getByLabel('E-Mail-Adresse').fill(victim.email);
      await page.getByLabel('Passwort').fill(`wrong-${i}`);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.waitForLoadState();
    }
    expect(await page.getByRole('alert').textContent()).toContain('vorübergehend gesperrt');
    // The right password does not help while the lock lasts.
    await page.getByLabel('Passwort').fill(victim.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForLoadState();
    expect(path(page)).toBe('/login');
    expect(await page.getByRole('alert').textContent()).toContain('vorübergehend gesperrt');
  });

  it('signs out: back to the login page, and the old session no longer works', async () => {
    const page = await newPage();
    await signIn(page, staff);
    const token = cookiesNamed(await page.context().cookies(), 'einvoice_session')[0]?.value;
    expect(token).toBeTruthy();

    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL(`${t.url}/login?signedOut=1`);
    expect(await page.getByRole('status').textContent()).toContain('Sie wurden abgemeldet.');
    expect(cookiesNamed(await page.context().cookies(), 'einvoice_session')).toHaveLength(0);

    await page.goto(`${t.url}/inbox`);
    expect(path(page)).toBe('/login?next=%2Finbox');
    // The token itself is dead on the server, not only forgotten by the browser.
    const replay = await fetch(`${t.url}/inbox`, {
      headers: { cookie: `einvoice_session=${token}` },
      redirect: 'manual',
    });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe('/login?expired=1&next=%2Finbox');
  });

  it('works with the keyboard alone: skip link, fields and button in tab order', async () => {
    const page = await newPage();
    await page.goto(`${t.url}/login`);

    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a#|Zum Inhalt springen');
    expect(await page.getByRole('link', { name: 'Zum Inhalt springen' }).isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await focused(page)).toMatch(/^main#main\|/);

    // From the top of the page, Tab walks through every control; record the order.
    await page.goto(`${t.url}/login`);
    const order: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      order.push(f);
      if (f.startsWith('button')) break;
    }
    const at = (prefix: string) => order.findIndex((f) => f.startsWith(prefix));
    expect(at('a#|Zum Inhalt springen')).toBe(0);
    expect(at('input#email')).toBeGreaterThan(0);
    expect(at('input#password')).toBe(at('input#email') + 1);
    expect(at('button#|Anmelden')).toBe(at('input#password') + 1);

    // Sign in by typing and pressing Enter, no mouse.
    await page.focus('#email');
    await page.keyboard.type(staff.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(staff.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${t.url}/inbox`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Posteingang');

    // The sign-out button is reachable by Tab and works with Enter.
    let reached = false;
    for (let i = 0; i < 10 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await focused(page)) === 'button#|Abmelden';
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${t.url}/login?signedOut=1`);
  });

  it('switches to English and stays there after signing in', async () => {
    const page = await newPage();
    await page.goto(`${t.url}/login`);
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(`${t.url}/login?lang=en`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.title()).toBe('Sign in – E-invoice intake');

    await page.getByLabel('Email address').fill(staff.email);
    await page.getByLabel('Password').fill(staff.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${t.url}/inbox`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('heading', { name: 'No invoices in your inbox' }).isVisible()).toBe(true);
    expect(await page.getByRole('banner').textContent()).toContain(`Signed in as ${staff.displayName}`);

    await page.getByRole('link', { name: 'Deutsch' }).click();
    await page.waitForURL(`${t.url}/inbox?lang=de`);
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Posteingang');
  });

  it('makes a user with a generated first-login password choose their own', async () => {
    const email = `first-${randomBytes(4).toString('hex')}@testhausen.example`;
    const { generatedPassword } = await t.app
      .get(UserService)
      .create(tenantId, { email, roles: ['treasury'] }, 'test');
    expect(generatedPassword).toBeTruthy();
    const page = await newPage();
    await signIn(page, { email, password: generatedPassword!, displayName: '' }, '/password?first=1');
    expect(await page.title()).toBe('Passwort ändern – E-Rechnungseingang');
    expect(await page.getByRole('status').textContent()).toContain('Erstpasswort');
    expect(await page.getByLabel('Neues Passwort', { exact: true }).getAttribute('autocomplete')).toBe(
      'new-password',
    );

    const submit = async (current: string, next: string, repeat: string) => {
      await page.getByLabel('Bisheriges Passwort').fill(current);
      await page.getByLabel('Neues Passwort', { exact: true }).fill(next);
      await page.getByLabel('Neues Passwort wiederholen').fill(repeat);
      await page.getByRole('button', { name: 'Passwort speichern' }).click();
      await page.waitForLoadState();
    };
    await submit('not-the-password', 'a-new-password-1', 'a-new-password-1');
    expect(await page.getByRole('alert').textContent()).toContain(
      'Das bisherige Passwort ist nicht korrekt.',
    );
    await submit(generatedPassword!, 'a-new-password-1', 'a-new-password-2');
    expect(await page.getByRole('alert').textContent()).toContain('stimmen nicht überein');
    await submit(generatedPassword!, 'short', 'short');
    expect(await page.getByRole('alert').textContent()).toContain('mindestens 12 Zeichen');

    await submit(generatedPassword!, 'a-new-password-1', 'a-new-password-1');
    await page.waitForURL(`${t.url}/inbox?passwordChanged=1`);
    expect(await page.getByRole('status').textContent()).toContain('Ihr Passwort wurde geändert.');

    // The new password signs in straight to the inbox; the generated one no longer works.
    const again = await newPage();
    await signIn(again, { email, password: 'a-new-password-1', displayName: '' });
    const old = await newPage();
    await old.goto(`${t.url}/login`);
    await old.getByLabel('E-Mail-Adresse').fill(email);
    await old.getByLabel('Passwort').fill(generatedPassword!);
    await old.getByRole('button', { name: 'Anmelden' }).click();
    await old.waitForLoadState();
    expect(await old.getByRole('alert').textContent()).toContain('nicht korrekt');
  });

  it('refuses form posts without the CSRF token', async () => {
    const login = await fetch(`${t.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: staff.email, password: staff.password }).toString(),
      redirect: 'manual',
    });
    expect(login.status).toBe(403);
    expect(login.headers.get('set-cookie') ?? '').not.toContain('einvoice_session=');
    expect(await login.text()).toContain('Das Formular ist abgelaufen');

    // A signed-in browser whose sign-out is posted by another site stays signed in.
    const page = await newPage();
    await signIn(page, staff);
    const token = cookiesNamed(await page.context().cookies(), 'einvoice_session')[0]?.value ?? '';
    expect(token).not.toBe('');
    const forged = await fetch(`${t.url}/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `einvoice_session=${token}` },
      body: '_csrf=forged',
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
    await page.reload();
    expect(path(page)).toBe('/inbox');
  });

  it('serves pages uncached under a strict CSP, the stylesheet as a file, and keeps them out of the API docs', async () => {
    const login = await fetch(`${t.url}/login`);
    expect(login.status).toBe(200);
    expect(login.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(login.headers.get('cache-control')).toBe('no-store');
    const csp = login.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const csrf = login.headers.get('set-cookie') ?? '';
    expect(csrf).toMatch(/einvoice_csrf=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict/);

    const css = await fetch(`${t.url}/assets/web.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toContain(':focus-visible');

    const doc = (await (await fetch(`${t.url}/api/docs-json`)).json()) as { paths: Record<string, unknown> };
    for (const p of ['/', '/login', '/logout', '/inbox', '/assets/web.css'])
      expect(doc.paths[p]).toBeUndefined();
  });

  it('loaded every page without console errors (no CSP violations)', () => {
    expect(consoleErrors).toEqual([]);
  });
});

function cookiesNamed<T extends { name: string }>(cookies: T[], name: string): T[] {
  return cookies.filter((c) => c.name === name);
}
