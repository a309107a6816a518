import { markup } from '../html.js';
import { messagesFor } from '../i18n/messages.js';
import { layout } from './layout.view.js';
import { loginView } from './login.view.js';

const de = messagesFor('de');
const en = messagesFor('en');

describe('web views', () => {
  it('offers admins their pages, and nobody anything but the password change while it is due', () => {
    const page = (user: { admin?: boolean; mustChangePassword?: boolean; roles?: string[] }) =>
      layout({
        m: de,
        title: 'x',
        otherLanguageHref: '/?lang=en',
        csrfToken: 'tok',
        currentPath: '/password',
        user: { displayName: 'Ina', tenantName: 'Musterstadt', ...user },
        body: markup`<h1>x</h1>`,
      }).value;
    const links = (html: string) => [...html.matchAll(/<li><a href="([^"]+)"/g)].map((m) => m[1]);
    expect(links(page({}))).toEqual(['/inbox', '/substitutes', '/preferences', '/password']);
    expect(links(page({ admin: true }))).toEqual([
      '/inbox',
      '/admin/mailboxes',
      '/admin/revalidation',
      '/admin/accounts',
      '/admin/postings',
      '/admin/records/exports',
      '/admin/policies',
      '/admin/groups',
      '/admin/limits',
      '/records',
      '/substitutes',
      '/preferences',
      '/password',
    ]);
    // Auditors read policies, groups and limits; the Kasse reads the limits; both read the case record.
    expect(links(page({ roles: ['auditor'] }))).toEqual([
      '/inbox',
      '/admin/policies',
      '/admin/groups',
      '/admin/limits',
      '/records',
      '/substitutes',
      '/preferences',
      '/password',
    ]);
    expect(links(page({ roles: ['treasury'] }))).toEqual([
      '/inbox',
      '/admin/limits',
      '/records',
      '/substitutes',
      '/preferences',
      '/password',
    ]);
    expect(links(page({ admin: true, mustChangePassword: true }))).toEqual(['/password']);
  });

  it('frames every page with lang, title, skip link and landmarks', () => {
    const page = layout({
      m: de,
      title: 'Posteingang',
      otherLanguageHref: '/inbox?lang=en',
      csrfToken: 'tok',
      currentPath: '/inbox',
      user: { displayName: 'Erika <Admin>', tenantName: 'Musterstadt' },
      body: markup`<h1>x</h1>`,
    }).value;
    expect(page).toMatch(/^<!doctype html>\s*<html lang="de">/);
    expect(page).toContain('<title>Posteingang – E-Rechnungseingang</title>');
    expect(page.indexOf('class="skip-link" href="#main"')).toBeLessThan(page.indexOf('<header'));
    for (const landmark of [
      '<header',
      '<nav class="main-nav" aria-label="Hauptnavigation"',
      '<main id="main"',
      '<footer',
    ])
      expect(page).toContain(landmark);
    expect(page).toMatch(/href="\/inbox"\s+aria-current="page"/);
    expect(page).toContain('Angemeldet als Erika &lt;Admin&gt; (Musterstadt)');
    expect(page).toMatch(/<a\s+href="\/inbox\?lang=en"\s+lang="en"\s+hreflang="en"\s*>English<\/a/);
    expect(page).not.toMatch(/<script|style=/);
  });

  it('shows no navigation or sign-out button to a visitor', () => {
    const page = layout({
      m: en,
      title: 'Sign in',
      otherLanguageHref: '/login?lang=de',
      csrfToken: 'tok',
      currentPath: '/login',
      body: markup``,
    }).value;
    expect(page).toContain('<html lang="en">');
    expect(page).not.toContain('main-nav');
    expect(page).not.toContain('action="/logout"');
  });

  it('renders the login form with labels, autocomplete and a focused error summary', () => {
    const form = loginView({
      m: de,
      csrfToken: 'tok',
      email: 'a"b@example.org',
      next: '/inbox',
      problems: [{ field: 'password', text: de.login.passwordMissing }],
    }).value;
    expect(form).toContain('<label for="email">E-Mail-Adresse</label>');
    expect(form).toContain('<label for="password">Passwort</label>');
    expect(form).toContain('autocomplete="username"');
    expect(form).toContain('autocomplete="current-password"');
    expect(form).toContain('value="a&quot;b@example.org"');
    expect(form).toContain('name="_csrf" value="tok"');
    expect(form).toContain('name="next" value="/inbox"');
    expect(form).toMatch(/class="error-summary"[^>]*role="alert"[^>]*tabindex="-1"[^>]*autofocus/);
    expect(form).toContain('<a href="#password">Geben Sie Ihr Passwort ein.</a>');
    expect(form).toMatch(/id="password"[^>]*aria-describedby="password-error"[^>]*aria-invalid="true"/);
    expect(form).not.toMatch(/id="email"[^>]*aria-invalid/);
  });
});
