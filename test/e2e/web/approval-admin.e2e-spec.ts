/**
 * The approval administration in a real headless Chromium against the real application: an
 * admin drafts a policy from the Thüringen preset, edits a step through the form, runs the
 * dry run over invoices that really went through intake, and activates it; creates a group
 * with a member; grants an Anordnung limit and downloads the Kasse's CSV. A clerk names a
 * substitute; the substitute sees it, and a cycle is refused in German. Other staff get 403
 * on the admin pages. Every page keeps the CSP and passes the accessibility checks;
 * screenshots land in `test-artifacts/approval-admin/`.
 */
import { jest } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { ApprovalService } from '../../../src/modules/approval/approval.service.js';
import { type TestApp, startTestApp } from '../../support/app.js';
import { CHROMIUM, CHROMIUM_ARGS, cspWatch, type CspWatch, expectAccessible } from '../../support/browser.js';
import {
  type ApprovalFixture,
  approvalFixture,
  netForGross,
  type Person,
} from '../../integration/approval/approval-context.js';

jest.setTimeout(180_000);

const SHOTS = join(process.cwd(), 'test-artifacts', 'approval-admin');

/** Text as a reader sees it: Intl puts no-break spaces between amount and currency. */
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ');
const berlinDay = (offsetDays = 0) =>
  new Date(Date.now() + offsetDays * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });

describe('approval administration in a real browser', () => {
  let t: TestApp;
  let fx: ApprovalFixture;
  let browser: Browser;
  let admin: Person;
  let karl: Person;
  let berta: Person;
  let ute: Person;
  let kurt: Person;
  const invoices: string[] = [];
  const contexts: BrowserContext[] = [];
  const watches: Array<{ page: Page; csp: CspWatch }> = [];

  async function signedIn(who: Person): Promise<Page> {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1200, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    watches.push({ page, csp: await cspWatch(page) });
    await page.goto(`${t.url}/login`);
    await page.getByLabel('E-Mail-Adresse').fill(who.email);
    await page.getByLabel('Passwort').fill(who.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${t.url}/inbox`);
    return page;
  }

  const shoot = (page: Page, name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const step = (page: Page, n: number) => page.getByRole('group', { name: new RegExp(`^Schritt ${n}:`) });
  const versionRow = (page: Page, version: number) =>
    page
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: new RegExp(`Version ${version}$`) }) });
  const count = async (page: Page, id: string) =>
    (await page.locator(`#${id} .count-value`).textContent())?.trim();

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}. Run \`scripts/services.sh ensure\`.`);
    }
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '200' });
    fx = await approvalFixture(t);
    admin = await fx.person('Ines Admin', ['admin']);
    karl = await fx.person('Karl Klein', ['approver']);
    berta = await fx.person('Berta Brandt', ['approver']);
    ute = await fx.person('Ute Ober', ['approver']);
    kurt = await fx.person('Kurt Kasse', ['treasury']);
    // Berta may order up to 1,000 €: the small invoice, not the two large ones.
    await fx.limit(berta, 'anordnung', '1000.00');
    // Gross 595.00, 9,520.00 and 14,280.00 €; the first one starts the tenant's default policy.
    invoices.push(await fx.invoice([netForGross(59_500)], { number: 'RE-KLEIN-1' }));
    invoices.push(await fx.invoice([netForGross(952_000)], { number: 'RE-MITTEL-2' }));
    invoices.push(await fx.invoice([netForGross(1_428_000)], { number: 'RE-GROSS-3' }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('drafts a policy from the Thüringen preset, edits it in the form, runs the dry run and activates it', async () => {
    const page = await signedIn(admin);
    const nav = plain(await page.getByRole('navigation', { name: 'Hauptnavigation' }).textContent());
    for (const entry of ['Richtlinien', 'Gruppen', 'Befugnisse', 'Vertretung']) expect(nav).toContain(entry);

    await page.getByRole('link', { name: 'Richtlinien' }).click();
    await page.waitForURL(`${t.url}/admin/policies`);
    expect(await page.title()).toBe('Freigaberichtlinien – E-Rechnungseingang');
    // The first invoice activated the municipality's default (Sachsen) as version 1.
    const v1 = plain(await versionRow(page, 1).textContent());
    expect(v1).toContain('Aktiv');
    expect(v1).toContain('Kommune Sachsen (SächsKomKBVO)');
    await expectAccessible(page);

    // Submitting without a starting point names the problem.
    await page.getByRole('button', { name: 'Entwurf anlegen' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Wählen Sie einen Ausgangspunkt');

    await page.getByLabel('Kommune Thüringen (ThürGemHV)').check();
    await page.getByRole('button', { name: 'Entwurf anlegen' }).click();
    await page.waitForURL(/\/admin\/policies\/[0-9a-f-]{36}\?done=created$/);
    const policyUrl = page.url().replace(/\?.*$/, '');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Richtlinie Version 2 (Entwurf)',
    );
    const amtsleitung = step(page, 3);
    expect(await amtsleitung.getByLabel('Bezeichnung (deutsch)').inputValue()).toBe(
      'Amtsleitung (über 10.000 €)',
    );
    expect(await amtsleitung.getByLabel('ab Betrag (€)').inputValue()).toBe('10.000,01');
    expect(await amtsleitung.getByLabel('Art des Schritts').inputValue()).toBe('freigabe');
    // The preset names the group "Amtsleitung", which the town has not created yet: kept, and said so.
    expect(
      await amtsleitung
        .getByLabel('Amtsleitung (Gruppe gibt es noch nicht – unter „Gruppen“ anlegen)')
        .isChecked(),
    ).toBe(true);
    await expectAccessible(page);
    await shoot(page, 'policy-editor');

    // Adding a step re-renders the form without saving; removing it again as well.
    await page.getByRole('button', { name: 'Schritt hinzufügen' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('noch nicht gespeichert');
    expect(await page.getByRole('group', { name: /^Schritt 5:/ }).count()).toBe(1);
    await page.getByRole('button', { name: 'Schritt entfernen: Schritt 5' }).click();
    expect(await page.getByRole('group', { name: /^Schritt 5:/ }).count()).toBe(0);

    // A missing English name is refused beside its field, in German.
    await step(page, 1).getByLabel('Bezeichnung (englisch)').fill('');
    await step(page, 3).getByLabel('Bezeichnung (deutsch)').fill('Amtsleitung (über 5.000 €)');
    await step(page, 3).getByLabel('ab Betrag (€)').fill('5.000,01');
    await page.getByRole('button', { name: 'Entwurf speichern', exact: true }).click();
    expect(await page.getByRole('alert').textContent()).toContain(
      'Geben Sie die Bezeichnung auf Deutsch und auf Englisch an',
    );
    expect(await step(page, 1).locator('.error-message').textContent()).toContain('auf Englisch');
    // What was typed stays.
    expect(await step(page, 3).getByLabel('ab Betrag (€)').inputValue()).toBe('5.000,01');
    await expectAccessible(page);

    await step(page, 1).getByLabel('Bezeichnung (englisch)').fill('Factually correct');
    await page.getByLabel('Probe über die letzten … Tage').fill('30');
    await page.getByRole('button', { name: 'Speichern und Probe machen' }).click();
    await page.waitForURL(/\?done=saved&days=30#dry-run$/);
    const report = page.locator('#dry-run');
    expect(await report.getByRole('heading', { level: 2 }).textContent()).toBe(
      'Probe: die Rechnungen der letzten 30 Tage',
    );
    expect(await count(page, 'dr-invoices')).toBe('3');
    // The two large invoices: nobody is in "Amtsleitung" yet, and only Berta may order, up to 1,000 €.
    expect(await count(page, 'dr-unassigned')).toBe('2');
    expect(await count(page, 'dr-limits')).toBe('2');
    // Under the active Sachsen policy none of them had an Amtsleitung step.
    expect(await count(page, 'dr-changed')).toBe('2');
    const perInvoice = plain(await report.locator('.plain-list').textContent());
    expect(perInvoice).toContain('3 Schritte: 1 Rechnung');
    expect(perInvoice).toContain('4 Schritte: 2 Rechnungen');
    const amtsRow = plain(
      await report.getByRole('row', { name: /Amtsleitung \(über 5\.000 €\)/ }).textContent(),
    );
    expect(amtsRow).toContain('2');
    expect(amtsRow).toContain('niemand');
    const sachlich = plain(await report.getByRole('row', { name: /^Sachlich richtig/ }).textContent());
    for (const who of ['Berta Brandt', 'Karl Klein', 'Ute Ober']) expect(sachlich).toContain(who);
    expect(sachlich).not.toContain('Kurt Kasse');
    const example = report.getByRole('link', { name: 'RE-GROSS-3' });
    expect(await example.getAttribute('href')).toBe(`/invoices/${invoices[2]}`);
    expect(plain(await report.getByRole('row', { name: /RE-GROSS-3/ }).textContent())).toContain(
      '14.280,00 €',
    );
    await expectAccessible(page);
    await shoot(page, 'dry-run');

    expect(plain(await page.locator('.activate-panel').textContent())).toContain(
      'Laufende Freigaben behalten ihre Version',
    );
    await page.getByRole('button', { name: 'Version 2 aktivieren' }).click();
    await page.waitForURL(`${t.url}/admin/policies?done=activated`);
    expect(await page.getByRole('status').textContent()).toContain('Die Richtlinie ist jetzt aktiv.');
    expect(plain(await versionRow(page, 2).textContent())).toContain('Aktiv');
    expect(plain(await versionRow(page, 1).textContent())).toContain('Abgelöst');

    const active = (await t.app.get(ApprovalService).policies(fx.tenant.id)).find(
      (p) => p.state === 'active',
    )!;
    expect(active.version).toBe(2);
    const step3 = active.definition.steps[2];
    expect(step3.label.de).toBe('Amtsleitung (über 5.000 €)');
    expect(step3.when?.minAmount).toBe('5000.01');
    expect(active.definition.steps[0].label.en).toBe('Factually correct');

    // An active version is read-only.
    await page.goto(policyUrl);
    expect(await page.getByRole('textbox').count()).toBe(0);
    expect(plain(await page.locator('main').textContent())).toContain('ab 5.000,01 €');
  });

  it('creates a group, adds a member, and deletes a group after asking', async () => {
    const page = await signedIn(admin);
    await page.goto(`${t.url}/admin/groups`);
    await page.getByLabel('Name der Gruppe').fill('Amtsleitung');
    await page.getByRole('button', { name: 'Gruppe anlegen' }).click();
    await page.waitForURL(`${t.url}/admin/groups?done=created`);
    const group = page.getByRole('region', { name: 'Amtsleitung' });
    expect(plain(await group.textContent())).toContain(
      'Verwendet in: Richtlinie Version 2 (Aktiv), „Amtsleitung (über 5.000 €)“',
    );
    await group.getByLabel('Person für „Amtsleitung“').selectOption({ label: 'Ute Ober' });
    await group.getByRole('button', { name: 'Hinzufügen' }).click();
    await page.waitForURL(`${t.url}/admin/groups?done=memberAdded`);
    expect(plain(await page.getByRole('region', { name: 'Amtsleitung' }).textContent())).toContain(
      'Ute Ober',
    );
    const groups = await t.app.get(ApprovalService).groups(fx.tenant.id);
    expect(groups.find((g) => g.name === 'Amtsleitung')?.members).toEqual([ute.id]);
    await expectAccessible(page);
    await shoot(page, 'groups');

    // The same name twice is refused on the form.
    await page.getByLabel('Name der Gruppe').fill('Amtsleitung');
    await page.getByRole('button', { name: 'Gruppe anlegen' }).click();
    expect(await page.getByRole('alert').textContent()).toContain(
      'Eine Gruppe mit diesem Namen gibt es schon.',
    );

    await page.getByLabel('Name der Gruppe').fill('Bauamt');
    await page.getByRole('button', { name: 'Gruppe anlegen' }).click();
    await page.getByRole('link', { name: 'Gruppe „Bauamt“ löschen' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Gruppe löschen');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Gruppe löschen' }).click();
    await page.waitForURL(`${t.url}/admin/groups?done=deleted`);
    expect(await page.getByRole('region', { name: 'Bauamt' }).count()).toBe(0);
    await expectAccessible(page);
  });

  it('grants an Anordnung limit of 5.000,00 € and gives the Kasse its list as CSV', async () => {
    const page = await signedIn(admin);
    await page.goto(`${t.url}/admin/limits`);
    await page.getByRole('link', { name: 'Befugnisse von Karl Klein ändern' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Befugnisse von Karl Klein');
    const anordnung = page.getByRole('group', { name: 'Anordnung' });
    expect(await anordnung.getByLabel('keine Anordnungsbefugnis').isChecked()).toBe(true);
    await anordnung.getByLabel('bis zu einem Betrag').check();
    await anordnung.getByLabel('Betragsgrenze Anordnung (€)').fill('5.000,00');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Befugnisse speichern' }).click();
    await page.waitForURL(`${t.url}/admin/limits?done=saved`);
    expect(
      plain(
        await page
          .getByRole('row', { name: /^Karl Klein/ })
          .first()
          .textContent(),
      ),
    ).toContain('bis 5.000,00 €');
    const kasse = page.getByRole('table', { name: 'Anordnungsbefugte' });
    expect(plain(await kasse.textContent())).toContain('Karl Klein');
    expect(plain(await kasse.textContent())).toContain('Berta Brandt');
    await expectAccessible(page);
    await shoot(page, 'limits');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Liste für die Kasse herunterladen (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^befugnisse-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\ufeffName;E-Mail;Befugnis;Betragsgrenze;Stand\r\n')).toBe(true);
    // "Stand": the day the authority was set, in German time.
    const line = (who: Person, limit: string) =>
      new RegExp(
        `^${who.displayName};${who.email.replace(/\./g, '\\.')};Anordnung;${limit.replace(/\./g, '\\.')};\\d{2}\\.\\d{2}\\.\\d{4}\r$`,
        'm',
      );
    expect(csv).toMatch(line(karl, '5.000,00'));
    expect(csv).toMatch(line(berta, '1.000,00'));
    expect(csv).not.toContain('Ute Ober');

    // The page speaks English on request; the Kasse's file stays German.
    await page.goto(`${t.url}/admin/limits?lang=en`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Authorities');
    expect(
      plain(
        await page
          .getByRole('row', { name: /^Karl Klein/ })
          .first()
          .textContent(),
      ),
    ).toContain('up to €5,000.00');
    await expectAccessible(page);

    // The Kasse reads the list (no way to change it) and has no business with policies.
    const kasse2 = await signedIn(kurt);
    await kasse2.getByRole('link', { name: 'Befugnisse' }).click();
    await kasse2.waitForURL(`${t.url}/admin/limits`);
    expect(await kasse2.getByRole('link', { name: /^Befugnisse von .* ändern$/ }).count()).toBe(0);
    expect((await kasse2.goto(`${t.url}/admin/policies`))?.status()).toBe(403);
    expect((await kasse2.goto(`${t.url}/admin/limits/${karl.id}`))?.status()).toBe(403);
  });

  it('lets a clerk name a substitute, shows it to the substitute, and refuses a cycle in German', async () => {
    const page = await signedIn(karl);
    await page.getByRole('link', { name: 'Vertretung' }).click();
    await page.waitForURL(`${t.url}/substitutes`);
    await page.getByLabel('Vertretung', { exact: true }).selectOption({ label: 'Berta Brandt' });
    await page.getByLabel('Erster Tag').fill(berlinDay());
    await page.getByLabel('Letzter Tag').fill(berlinDay(14));
    await page.getByRole('button', { name: 'Vertretung eintragen' }).click();
    await page.waitForURL(`${t.url}/substitutes?done=added`);
    const mine = plain(await page.getByRole('table', { name: 'Meine Vertretungen' }).textContent());
    expect(mine).toContain('Berta Brandt');
    expect(mine).toContain('läuft');
    await expectAccessible(page);
    await shoot(page, 'substitutes');

    const substitute = await signedIn(berta);
    await substitute.goto(`${t.url}/substitutes`);
    expect(
      plain(await substitute.getByRole('table', { name: 'Personen, die ich vertrete' }).textContent()),
    ).toContain('Karl Klein');
    // Berta naming Karl for an overlapping period would close a circle.
    await substitute.getByLabel('Vertretung', { exact: true }).selectOption({ label: 'Karl Klein' });
    await substitute.getByLabel('Erster Tag').fill(berlinDay(3));
    await substitute.getByLabel('Letzter Tag').fill(berlinDay(5));
    await substitute.getByRole('button', { name: 'Vertretung eintragen' }).click();
    expect(await substitute.getByRole('alert').textContent()).toContain(
      'Die Vertretungskette würde sich im Kreis drehen.',
    );
    expect(await substitute.getByLabel('Erster Tag').inputValue()).toBe(berlinDay(3));
    await expectAccessible(substitute);
    await shoot(substitute, 'substitutes-cycle');

    // Karl ends it himself.
    await page.getByRole('button', { name: 'Vertretung von Karl Klein durch Berta Brandt beenden' }).click();
    await page.waitForURL(`${t.url}/substitutes?done=revoked`);
    expect(await page.getByRole('table', { name: 'Meine Vertretungen' }).count()).toBe(0);
  });

  it('keeps staff who are no admins out of the admin pages', async () => {
    const page = await signedIn(karl);
    const nav = plain(await page.getByRole('navigation', { name: 'Hauptnavigation' }).textContent());
    expect(nav).not.toContain('Richtlinien');
    expect(nav).toContain('Vertretung');
    for (const path of ['/admin/policies', '/admin/groups', '/admin/limits', '/admin/limits.csv']) {
      const res = await page.goto(`${t.url}${path}`);
      expect([path, res?.status()]).toEqual([path, 403]);
    }
    expect(plain(await page.locator('main').textContent())).not.toContain('Berta Brandt');
  });

  it('broke no Content-Security-Policy rule and threw no script error', async () => {
    for (const { csp } of watches) {
      expect(await csp.violations().catch(() => [])).toEqual([]);
      expect(csp.consoleErrors).toEqual([]);
    }
  });
});
