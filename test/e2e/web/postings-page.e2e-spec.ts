/**
 * The admin's postings page in a real headless Chromium against the real application: the
 * postings the finance system has not acknowledged within the alert age and the suppliers
 * without a creditor number, in German and English, within the Content-Security-Policy and
 * the accessibility checks; other staff are kept out. Screenshots land in `test-artifacts/`.
 */
import { jest } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { withTenant } from '../../../src/database/tenant-transaction.js';
import { UserService } from '../../../src/modules/auth/user.service.js';
import { IntakeService } from '../../../src/modules/intake/intake.service.js';
import type { Posting } from '../../../src/modules/postings/posting.js';
import { PostingsRepository } from '../../../src/modules/postings/postings.repository.js';
import { TenantService } from '../../../src/modules/tenants/tenant.service.js';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import { type TestApp, startTestApp } from '../../support/app.js';
import { CHROMIUM, CHROMIUM_ARGS, cspWatch, expectAccessible } from '../../support/browser.js';
import { randomLeitwegId } from '../../integration/auth/identity-context.js';

jest.setTimeout(90_000);

const ARTIFACTS = join(process.cwd(), 'test-artifacts');

describe('the postings page in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let tenantId: string;
  const staff: Record<string, { email: string; password: string }> = {};

  async function signedIn(who: { email: string; password: string }, locale = 'de-DE'): Promise<Page> {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await page.goto(`${t.url}/login`);
    await page.locator('input[name=email]').fill(who.email);
    await page.locator('input[name=password]').fill(who.password);
    await page.locator('form button[type=submit]').first().click();
    await page.waitForURL(`${t.url}/inbox`);
    return page;
  }

  function posting(
    invoiceId: string,
    name: string,
    gross: string,
    hoursAgo: number,
    creditorNumber: string | null,
  ): Posting {
    return {
      id: randomUUID(),
      tenantId,
      kind: 'posting',
      reverses: null,
      createdAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
      invoice: {
        id: invoiceId,
        number: `RE-${name.slice(0, 4).toUpperCase()}-1`,
        issueDate: '2026-11-02',
        typeCode: '380',
        creditNote: false,
        buyerReference: null,
        purchaseOrder: null,
      },
      creditor: {
        name,
        street: null,
        postcode: null,
        city: null,
        country: 'DE',
        vatId: creditorNumber ? null : 'DE287654321',
        taxNumber: null,
        iban: 'DE02120300000000202051',
        bic: null,
        creditorNumber,
      },
      currency: 'EUR',
      totals: { net: '1000.00', vat: '190.00', gross, due: gross },
      vat: [],
      kontierung: [],
      dueDate: null,
      skonto: null,
      leitwegId: null,
      record: null,
      approval: { policyId: randomUUID(), policyVersion: 1, approvers: [] },
    };
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '100', PROCESS_ROLE: 'api' });
    const tenant = await t.app
      .get(TenantService)
      .create(
        { name: `Buchungsdorf ${randomBytes(2).toString('hex')}`, leitwegIds: [randomLeitwegId()] },
        'test',
      );
    tenantId = tenant.id;
    for (const role of ['admin', 'approver'] as const) {
      const email = `${role}-${randomBytes(4).toString('hex')}@buchungsdorf.example`;
      const password = `pw-${randomBytes(10).toString('hex')}`;
      await t.app
        .get(UserService)
        .create(tenantId, { email, password, displayName: `Ina ${role}`, roles: [role] }, 'test');
      staff[role] = { email, password };
    }
    const xml = Buffer.from(buildUblInvoice({ number: 'RE-BUCHUNG-1' }));
    const submitted = await t.app.get(IntakeService).submit(tenantId, {
      channel: 'upload',
      raw: xml,
      rawContentType: 'application/xml',
      documents: [{ content: xml, fileName: 'r.xml', contentType: 'application/xml' }],
      sender: 'test',
    });
    const invoiceId = submitted.invoices[0].id;
    const repo = t.app.get(PostingsRepository);
    await withTenant(t.db.dataSource, tenantId, async (m) => {
      await repo.insert(m, posting(invoiceId, 'Bürobedarf Müller GmbH', '1190.00', 50, 'K-70001'));
      await repo.insert(m, posting(invoiceId, 'Schreinerei Holzwurm', '2380.50', 30, null));
      await repo.insert(m, posting(invoiceId, 'Frisch vom Tage KG', '119.00', 1, null));
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lists the overdue postings and the unmatched creditors, in German', async () => {
    const page = await signedIn(staff.admin);
    const csp = await cspWatch(page);
    await page.goto(`${t.url}/admin/postings`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Buchungen');
    const overdue = page.getByRole('table', { name: 'Buchungen ohne Quittung, älteste zuerst' });
    const rows = overdue.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('Bürobedarf Müller GmbH (K-70001)');
    expect(await rows.nth(0).textContent()).toContain('1.190,00');
    expect(await rows.nth(1).textContent()).toContain('Schreinerei Holzwurm');
    expect(await page.getByRole('main').textContent()).toContain(
      '2 Buchungen sind seit mehr als 24 Stunden nicht vom Finanzverfahren quittiert.',
    );
    const unmatched = page.getByRole('table', { name: 'Lieferanten von Buchungen ohne Kreditorennummer' });
    expect(await unmatched.locator('tbody tr').count()).toBe(2);
    expect(await unmatched.textContent()).toContain('Frisch vom Tage KG');
    expect(
      await page.getByRole('link', { name: 'Buchungen', exact: true }).getAttribute('aria-current'),
    ).toBe('page');
    await expectAccessible(page);
    await page.screenshot({ path: join(ARTIFACTS, 'postings-admin-de.png'), fullPage: true });
    expect(await csp.violations()).toEqual([]);
    expect(csp.consoleErrors).toEqual([]);
  });

  it('speaks English on request', async () => {
    const page = await signedIn(staff.admin);
    await page.goto(`${t.url}/admin/postings?lang=en`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Postings');
    expect(await page.getByRole('main').textContent()).toContain(
      '2 postings have not been acknowledged by the finance system for more than 24 hours.',
    );
    await page.setViewportSize({ width: 400, height: 900 });
    // Narrow screens: the tables become cards, and nothing is wider than the screen.
    const widest = await page.evaluate(() => {
      const g = globalThis as unknown as {
        document: {
          querySelectorAll(s: string): ArrayLike<{
            tagName: string;
            textContent: string | null;
            getBoundingClientRect(): { right: number };
          }>;
        };
      };
      return Array.from(g.document.querySelectorAll('body *'))
        .filter((e) => e.getBoundingClientRect().right > 400)
        .map((e) => `${e.tagName}: ${(e.textContent ?? '').slice(0, 40)}`);
    });
    expect(widest).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'postings-admin-en-narrow.png'), fullPage: true });
  });

  it('keeps other staff out', async () => {
    const page = await signedIn(staff.approver);
    const res = await page.goto(`${t.url}/admin/postings`);
    expect(res?.status()).toBe(403);
    expect(await page.content()).not.toContain('Holzwurm');
  });
});
