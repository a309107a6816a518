/**
 * The approver's web UI in a real Chromium against the real application: the acceptance
 * scenario of the Thuringian policy — A (sachlich + rechnerisch) opens an invoice from the
 * inbox, sees its lines and VAT, enters a two-line Kontierung and approves both steps; A is
 * refused the Anordnung with the rule in German; B (Anordnung up to 5,000 €) gives it for
 * 4,000 € but not for 6,000 €; the invoice ends `approved` with every step, actor and time in
 * its history. Also the web-form paths of the separation of duties (a forbidden button forced
 * and submitted anyway, the Kasse, the bulk form with a refused item), keyboard-only use,
 * the English view and a phone's width, with CSP and accessibility checks; full-page
 * screenshots land in `test-artifacts/approval/`.
 */
import { jest } from '@jest/globals';
import { Decimal } from 'decimal.js';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { ApprovalService } from '../../../src/modules/approval/approval.service.js';
import { InvoiceRepository } from '../../../src/modules/invoices/invoice.repository.js';
import { type TestApp, startTestApp } from '../../support/app.js';
import { CHROMIUM, CHROMIUM_ARGS, type CspWatch, cspWatch, expectAccessible } from '../../support/browser.js';
import {
  type ApprovalFixture,
  type Person,
  approvalFixture,
  netForGross,
} from '../../integration/approval/approval-context.js';

jest.setTimeout(180_000);

const SHOTS = join(process.cwd(), 'test-artifacts', 'approval');

/** The little of the DOM the in-page functions touch (the test tsconfig has no DOM lib). */
interface El {
  removeAttribute(name: string): void;
}
interface BrowserGlobals {
  document: {
    activeElement: {
      tagName: string;
      id: string;
      textContent: string | null;
      getAttribute(n: string): string | null;
    } | null;
    documentElement: { scrollWidth: number; clientWidth: number };
  };
}

function berlinToday(offsetDays = 0): string {
  const d = new Date(`${new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' })}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offsetDays);
  return d.toISOString().slice(0, 10);
}

describe('approval web UI in a real browser', () => {
  let t: TestApp;
  let f: ApprovalFixture;
  let browser: Browser;
  let a: Person; // Feststellerin: sachlich + rechnerisch
  let b: Person; // Anordnung up to 5,000 €
  let kasse: Person; // treasury (and approver)
  let approval: ApprovalService;
  const contexts: BrowserContext[] = [];
  const watches: CspWatch[] = [];

  /** 2 lines, about 4,000 € gross; the Skonto period ends in 4 days (so it is at risk). */
  let small: string;
  /** About 6,000 € gross. */
  let large: string;

  async function newPage(viewport = { width: 1280, height: 900 }, locale = 'de-DE'): Promise<Page> {
    const context = await browser.newContext({ locale, viewport });
    contexts.push(context);
    const page = await context.newPage();
    watches.push(await cspWatch(page, /^Failed to load resource: the server responded/));
    return page;
  }

  async function signIn(page: Page, who: Person): Promise<void> {
    await page.goto(`${t.url}/login`);
    await page.getByLabel('E-Mail-Adresse').fill(who.email);
    await page.getByLabel('Passwort').fill(who.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${t.url}/inbox`);
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    // The approval panel alone (the README's walkthrough shows it).
    const panel = page.locator('#approval');
    if ((await panel.count()) > 0) await panel.screenshot({ path: join(SHOTS, `${name}-panel.png`) });
  }

  async function amount(id: string): Promise<string> {
    return (await approval.state(f.adminPrincipal, id)).instance.amount;
  }

  /** Submits the decision form with `action` and returns the answer's HTTP status. */
  async function decide(page: Page, name: string | RegExp): Promise<number> {
    const answer = page.waitForResponse(
      (r) => r.url().endsWith('/decision') && r.request().method() === 'POST',
    );
    // Success redirects (303) back to the page with a notice; a refusal answers with the page itself.
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name, exact: typeof name === 'string' }).click(),
    ]);
    return (await answer).status();
  }

  /** A button the rules forbid is disabled; a hand-made request (the attribute removed) must still be refused. */
  async function force(page: Page, name: string): Promise<number> {
    const button = page.getByRole('button', { name, exact: true });
    expect(await button.isDisabled()).toBe(true);
    await button.evaluate((el) => (el as unknown as El).removeAttribute('disabled'));
    return decide(page, name);
  }

  /** A, through the service (the same choke point): sachlich, Kontierung in one line, rechnerisch. */
  async function certifyByService(id: string): Promise<void> {
    await approval.decide(a.principal, { invoiceId: id, action: 'approve' });
    await approval.decide(a.principal, {
      invoiceId: id,
      action: 'kontierung',
      kontierung: [{ buchungsstelle: '11101.5431000', kostenstelle: 'KST-100', amount: await amount(id) }],
    });
    await approval.decide(a.principal, { invoiceId: id, action: 'approve' });
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium not found at ${CHROMIUM}. Run \`scripts/services.sh ensure\`.`);
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '200' });
    f = await approvalFixture(t);
    approval = t.app.get(ApprovalService);
    a = await f.person('Anna Feststellerin', ['approver']);
    b = await f.person('Bernd Anordner', ['approver']);
    kasse = await f.person('Karla Kasse', ['approver', 'treasury']);
    await f.usePolicy({ preset: 'kommune-thueringen' });
    await f.limit(b, 'anordnung', '5000.00');
    await f.limit(kasse, 'anordnung', null);
    small = await f.invoice([netForGross(250000), netForGross(150000)], {
      number: 'RE-2026-0417',
      issueDate: berlinToday(-10),
      paymentTerms: '#SKONTO#TAGE=14#PROZENT=2.00#\n',
    });
    large = await f.invoice([netForGross(600000)], { number: 'RE-2026-0418' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  afterEach(async () => {
    for (const w of watches.splice(0)) expect(w.consoleErrors).toEqual([]);
  });

  it('acceptance: A certifies with a two-line Kontierung, is refused the Anordnung; B orders 4,000 € but not 6,000 €', async () => {
    const page = await newPage();
    const watch = watches[watches.length - 1];
    await signIn(page, a);

    // The inbox: both invoices at "Sachlich richtig", the Skonto at risk in euros.
    expect(await page.title()).toBe('Posteingang (2) – E-Rechnungseingang');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Posteingang');
    const summary = (await page.locator('.inbox-summary').innerText()).replace(/\u00a0/g, ' ');
    expect(summary).toMatch(/2 offene Aufgaben: Sachlich richtig 2/);
    const skonto = (await approval.state(a.principal, small)).instance.skontoAmount!;
    expect(summary).toContain(`Skonto in Gefahr: ${new Decimal(skonto).toFixed(2).replace('.', ',')} €`);
    const row = page.getByRole('row', { name: /RE-2026-0417/ });
    expect(await row.innerText()).toMatch(/Sachlich richtig[\s\S]*Skonto in Gefahr/);
    expect(await page.getByRole('columnheader', { name: /Skonto bis/ }).getAttribute('aria-sort')).toBe(
      'ascending',
    );
    await expectAccessible(page);
    await shot(page, 'inbox-de');

    // Opening the invoice from the inbox: its lines and VAT breakdown, the panel.
    await page.getByRole('link', { name: 'RE-2026-0417' }).click();
    await page.waitForURL(`${t.url}/invoices/${small}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Rechnung RE-2026-0417');
    const lines = page.getByRole('table', { name: '2 Positionen' });
    expect(await lines.locator('tbody tr').count()).toBe(2);
    expect(
      await page.getByRole('table', { name: 'Aufschlüsselung der Umsatzsteuer (BG-23)' }).innerText(),
    ).toMatch(/\(S\)\s+19 %/);
    expect(await page.locator('[aria-current="step"]').innerText()).toMatch(/Sachlich richtig/);
    await expectAccessible(page);
    await shot(page, 'invoice-approval-de');

    // A two-line Kontierung that sums to the amount due.
    const due = new Decimal(await amount(small));
    const first = due.dividedBy(2).toDecimalPlaces(2, Decimal.ROUND_DOWN);
    const second = due.minus(first);
    const de = (d: Decimal) => d.toFixed(2).replace('.', ',');
    await page.getByLabel('Buchungsstelle, Zeile 1').fill('11101.5431000');
    await page.getByLabel('Kostenstelle, Zeile 1').fill('KST-100');
    await page.getByLabel('Betrag (€), Zeile 1').fill(de(first));
    await page.getByLabel('Buchungsstelle, Zeile 2').fill('11101.5431000');
    await page.getByLabel('Kostenstelle, Zeile 2').fill('KST-200');
    await page.getByLabel('Investitionsnummer, Zeile 2').fill('INV-2026-07');
    await page.getByLabel('Betrag (€), Zeile 2').fill(de(second));
    await page.getByRole('button', { name: 'Kontierung speichern' }).click();
    await page.waitForURL(/done=kontierung/);
    expect(await page.getByRole('status').innerText()).toContain('Die Kontierung wurde gespeichert.');
    expect(await page.locator('.kontierung-totals').innerText()).toContain('Summe stimmt');
    expect((await approval.state(a.principal, small)).kontierung).toHaveLength(2);
    await page.locator('#kontierung-title').scrollIntoViewIfNeeded();
    await shot(page, 'kontierung-de');

    // Sachlich, then rechnerisch.
    expect(await decide(page, 'Freigeben')).toBe(303);
    expect(await page.getByRole('status').innerText()).toContain('Der Schritt wurde freigegeben.');
    expect(await page.locator('[aria-current="step"]').innerText()).toMatch(/Rechnerisch richtig/);
    expect(await decide(page, 'Freigeben')).toBe(303);
    expect(await page.locator('[aria-current="step"]').innerText()).toMatch(/Anordnung/);

    // The Anordnung is not for A: the button stays visible, disabled, with the rule in German.
    const refusal = await page.locator('.refusals').innerText();
    expect(refusal).toContain(
      'Wer die sachliche oder rechnerische Richtigkeit festgestellt hat, darf für dieselbe Rechnung keine Anordnung erteilen',
    );
    expect(refusal).toMatch(/Freigeben[^\n]*nicht möglich/);
    await shot(page, 'refused-anordnung-de');
    // Forced through the form anyway: refused by the server with the same words, nothing recorded.
    expect(await force(page, 'Freigeben')).toBe(403);
    expect(await page.getByRole('alert').innerText()).toContain('keine Anordnung erteilen');
    expect((await t.app.get(InvoiceRepository).get(f.tenant.id, small))!.status).toBe('awaiting_approval');
    expect(await watch.violations()).toEqual([]);

    // B gives the Anordnung for about 4,000 €.
    const pageB = await newPage();
    await signIn(pageB, b);
    expect(await pageB.title()).toMatch(/^Posteingang \(\d+\) – E-Rechnungseingang$/);
    await pageB.goto(`${t.url}/inbox?step=anordnung`);
    await pageB.getByRole('link', { name: 'RE-2026-0417' }).click();
    await pageB.waitForURL(`${t.url}/invoices/${small}`);
    expect(await decide(pageB, 'Freigeben')).toBe(303);
    expect(await pageB.getByRole('status').innerText()).toContain(
      'Die Anordnung ist erteilt: Die Rechnung ist freigegeben.',
    );
    expect(['approved', 'filed']).toContain(
      (await t.app.get(InvoiceRepository).get(f.tenant.id, small))!.status,
    ); // the case record files it next
    expect(await pageB.locator('.approval-state').innerText()).toBe('Stand: freigegeben (angeordnet)');
    // Every step with actor and time; every decision in the history.
    const steps = pageB.locator('.approval-step');
    expect(await steps.count()).toBe(3);
    for (const [i, who] of ['Anna Feststellerin', 'Anna Feststellerin', 'Bernd Anordner'].entries()) {
      const text = await steps.nth(i).innerText();
      expect(text).toContain(`von ${who}`);
      expect(text).toMatch(/\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}/);
    }
    const history = await pageB.locator('.approval-history').innerText();
    expect(history.match(/Freigegeben – /g)).toHaveLength(3);
    expect(history).toContain('Kontierung gespeichert – Sachlich richtig (2 Zeilen)');
    await expectAccessible(pageB);
    await shot(pageB, 'approved-history-de');

    // 6,000 € exceeds B's limit: disabled with the reason, and refused when forced.
    await certifyByService(large);
    await pageB.goto(`${t.url}/invoices/${large}`);
    expect(await pageB.locator('.refusals').innerText()).toContain(
      'Der Rechnungsbetrag übersteigt Ihre Befugnis.',
    );
    expect(await force(pageB, 'Freigeben')).toBe(403);
    expect(await pageB.getByRole('alert').innerText()).toContain(
      'Der Rechnungsbetrag übersteigt Ihre Befugnis.',
    );
    expect((await t.app.get(InvoiceRepository).get(f.tenant.id, large))!.status).toBe('awaiting_approval');
  });

  it('refuses the Kasse on the web form, with the rule named', async () => {
    const id = await f.invoice([netForGross(50000)], { number: 'RE-2026-0501' });
    const page = await newPage();
    await signIn(page, kasse);
    await page.goto(`${t.url}/invoices/${id}`);
    expect(await page.locator('.refusals').innerText()).toContain(
      'Beschäftigte der Kasse treffen weder Feststellungen noch erteilen sie Anordnungen.',
    );
    expect(await force(page, 'Freigeben')).toBe(403);
    expect(await page.getByRole('alert').innerText()).toContain('Beschäftigte der Kasse');
    expect((await approval.state(a.principal, id)).current?.stepKey).toBe('sachlich');
  });

  it('approves in bulk from the inbox and lists each refused invoice with its reason', async () => {
    const ok = await f.invoice([netForGross(120000)], { number: 'RE-2026-0601' });
    const over = await f.invoice([netForGross(550000)], { number: 'RE-2026-0603' });
    await certifyByService(ok);
    await certifyByService(over);
    const page = await newPage();
    await signIn(page, b);
    await page.goto(`${t.url}/inbox?step=anordnung`);
    // One within B's limit, one above it, both at the Anordnung.
    await page.getByRole('checkbox', { name: 'Rechnung RE-2026-0601 auswählen' }).check();
    await page.getByRole('checkbox', { name: 'Rechnung RE-2026-0603 auswählen' }).check();
    const answer = page.waitForResponse((r) => r.url().endsWith('/inbox/bulk'));
    await page.getByRole('button', { name: 'Ausgewählte freigeben (Schritt Anordnung)' }).click();
    expect((await answer).status()).toBe(200);
    await page.waitForLoadState();
    expect(await page.getByRole('status').innerText()).toContain('1 Rechnung wurde freigegeben.');
    const alert = await page.getByRole('alert').innerText();
    expect(alert).toContain('1 Rechnung wurde nicht freigegeben');
    expect(alert).toContain('RE-2026-0603: Der Rechnungsbetrag übersteigt Ihre Befugnis.');
    expect(['approved', 'filed']).toContain(
      (await t.app.get(InvoiceRepository).get(f.tenant.id, ok))!.status,
    ); // the case record files it next
    expect((await t.app.get(InvoiceRepository).get(f.tenant.id, over))!.status).toBe('awaiting_approval');
    // The bulk form, too, goes through the separation of duties: A certified, so A is refused.
    const other = await f.invoice([netForGross(80000)], { number: 'RE-2026-0602' });
    await certifyByService(other);
    const pageA = await newPage();
    await signIn(pageA, a);
    await pageA.goto(`${t.url}/inbox?step=anordnung`);
    await pageA.getByRole('checkbox', { name: 'Rechnung RE-2026-0602 auswählen' }).check();
    const refused = pageA.waitForResponse((r) => r.url().endsWith('/inbox/bulk'));
    await pageA.getByRole('button', { name: 'Ausgewählte freigeben (Schritt Anordnung)' }).click();
    expect((await refused).status()).toBe(422);
    await pageA.waitForLoadState();
    expect(await pageA.getByRole('alert').innerText()).toContain(
      'RE-2026-0602: Wer die sachliche oder rechnerische Richtigkeit festgestellt hat',
    );
  });

  it('works with the keyboard alone: reason, then "Zurückstellen mit Rückfrage" with Enter', async () => {
    const id = await f.invoice([netForGross(30000)], { number: 'RE-2026-0701' });
    const page = await newPage();
    await signIn(page, a);
    await page.goto(`${t.url}/invoices/${id}`);
    const focused = () =>
      page.evaluate(() => {
        const el = (globalThis as unknown as BrowserGlobals).document.activeElement;
        return el ? `${el.tagName.toLowerCase()}#${el.id}|${(el.textContent ?? '').trim()}` : '';
      });
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await focused()).startsWith('textarea#reason');
    }
    expect(reached).toBe(true);
    await page.keyboard.type('Lieferschein fehlt – bitte nachreichen.');
    reached = false;
    for (let i = 0; i < 10 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await focused()) === 'button#|Zurückstellen mit Rückfrage';
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/done=hold/);
    expect(await page.locator('[aria-current="step"]').innerText()).toContain(
      'Rückfrage: Lieferschein fehlt – bitte nachreichen.',
    );
    expect((await approval.state(a.principal, id)).current?.state).toBe('held');
  });

  it('shows the inbox in English and on a phone', async () => {
    const page = await newPage();
    await signIn(page, a);
    await page.goto(`${t.url}/inbox?lang=en`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Inbox');
    expect(await page.locator('.inbox-summary').innerText()).toMatch(/Cash discount at risk: €/);
    expect(await page.getByRole('columnheader', { name: /Discount until/ }).count()).toBe(1);
    await expectAccessible(page);
    await shot(page, 'inbox-en');

    const phone = await newPage({ width: 360, height: 800 });
    await signIn(phone, a);
    const width = await phone.evaluate(() => {
      const d = (globalThis as unknown as BrowserGlobals).document.documentElement;
      return d.scrollWidth - d.clientWidth;
    });
    expect(width).toBeLessThanOrEqual(0);
    await shot(phone, 'inbox-phone');
  });
});
