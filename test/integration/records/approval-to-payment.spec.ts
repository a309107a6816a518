/**
 * The whole way after intake, across the domains, with nothing but the product's own wiring:
 * the last approval allocates the Vorgang and creates the posting that carries its
 * Aktenzeichen (one transaction); the filing job files the Vorgang (enqueued after the
 * commit, no sweep); the filed Vorgang goes to the DMS as xdomea 0605 at once and the DMS's
 * 0630 confirms it; the finance system pulls the posting, reports it paid; the supplier's
 * status page says so, the Vorgang holds the note, and `records verify` passes.
 */
import { jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApprovalService } from '../../../src/modules/approval/approval.service.js';
import { InvoiceRepository } from '../../../src/modules/invoices/invoice.repository.js';
import { JobQueue } from '../../../src/modules/jobs/index.js';
import * as recordsCommand from '../../../src/modules/records/cli/records.command.js';
import type { Posting } from '../../../src/modules/postings/posting.js';
import { buildImportBestaetigung } from '../../../src/modules/records/export/xdomea/xdomea-messages.js';
import { RecordsService } from '../../../src/modules/records/records.service.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { call, IdentityContext } from '../auth/identity-context.js';
import { runCli } from '../auth/run-cli.js';
import { type ApprovalFixture, type Person, approvalFixture } from '../approval/approval-context.js';

jest.setTimeout(180_000);

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('from the Anordnung to "paid": case record, DMS export and posting together', () => {
  let t: TestApp;
  let f: ApprovalFixture;
  let a: Person;
  let b: Person;
  let root: string;
  let finance: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'einvoice-flow-'));
    // No sweeps: every step must be started by the step before it.
    t = await startTestApp({ RECORDS_EXPORT_DIR: root, JOBS_SWEEP_INTERVAL_SECONDS: '0' });
    f = await approvalFixture(t);
    a = await f.person('Anna Feststellerin', ['approver']);
    b = await f.person('Bernd Anordner', ['approver']);
    await f.usePolicy({ preset: 'kommune-thueringen' });
    await f.limit(b, 'anordnung', '5000.00');
    finance = (await new IdentityContext(t.app).newApiKey(f.tenant.id, 'finance')).key;
    const targets = await call(t.url, 'PUT', '/api/v1/admin/records/export-targets', {
      bearer: f.admin.token,
      body: {
        targets: [
          {
            name: 'registratur',
            kind: 'xdomea-dir',
            transferDir: 'out',
            returnDir: 'in',
            absender: 'Kämmerei',
            empfaenger: 'Registratur',
            dmsProduct: 'DMS',
          },
        ],
      },
    });
    expect(targets.status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('files, exports, posts and reports paid one invoice, each step started by the one before', async () => {
    const id = await f.invoice([10000]);
    const decide = (who: Person, body: unknown) =>
      call(t.url, 'POST', `/api/v1/approval/invoices/${id}/decisions`, { bearer: who.token, body });
    const gross = (await t.app.get(ApprovalService).state(f.adminPrincipal, id)).instance.amount;
    expect((await decide(a, { action: 'approve' })).status).toBe(200);
    const k = await call(t.url, 'PUT', `/api/v1/approval/invoices/${id}/kontierung`, {
      bearer: a.token,
      body: { lines: [{ buchungsstelle: '11101.5431000', kostenstelle: 'KST-100', amount: gross }] },
    });
    expect(k.status).toBe(200);
    expect((await decide(a, { action: 'approve' })).status).toBe(200);
    expect((await decide(b, { action: 'approve' })).body).toMatchObject({ invoiceStatus: 'approved' });

    // The posting exists at once and carries the Aktenzeichen of the Vorgang allocated with it.
    const feed = await call(t.url, 'GET', '/api/v1/postings', { bearer: finance });
    const postings = feed.body.postings as Posting[];
    expect(postings.map((p) => p.invoice.id)).toEqual([id]);
    const posting = postings[0];
    const records = t.app.get(RecordsService);
    const allocated = (await records.vorgangOfInvoice(f.tenant.id, id))!;
    expect(posting.record).toMatchObject({ vorgangId: allocated.id, aktenzeichen: allocated.aktenzeichen });
    expect(posting.kontierung).toEqual([
      expect.objectContaining({ buchungsstelle: '11101.5431000', kostenstelle: 'KST-100', amount: gross }),
    ]);
    expect(posting.approval.approvers.map((x) => x.name)).toEqual([
      'Anna Feststellerin',
      'Anna Feststellerin',
      'Bernd Anordner',
    ]);

    // Filed by the job the approval enqueued.
    const invoices = t.app.get(InvoiceRepository);
    await until('filed', async () => (await invoices.get(f.tenant.id, id))?.status === 'filed');

    // The filing handed the Vorgang to the DMS export: a 0605 container in the transfer folder.
    const out = join(root, f.tenant.id, 'out');
    const container = await until('the xdomea container', async () => {
      try {
        return readdirSync(out).find((n) => n.endsWith('_FVDaten.SGOAblegen.0605.zip'));
      } catch {
        return undefined;
      }
    });
    const prozessId = container.split('_')[0];
    const back = join(root, f.tenant.id, 'in');
    mkdirSync(back, { recursive: true });
    writeFileSync(
      join(back, `${prozessId}_FVDaten.ImportBestaetigen.0630.xml`),
      buildImportBestaetigung({
        kopf: {
          prozessId,
          createdAt: new Date(),
          absender: 'Registratur',
          empfaenger: 'Kämmerei',
          sendendesSystem: { produktname: 'DMS' },
          empfangendesSystem: { produktname: 'einvoice-intake' },
          erstellerkennung: 'dms',
        },
        fvSessionId: 'fv-1',
        rueckmeldungen: [{ allgemein: '0000000' }],
        idSgo: '99999999-1111-4222-8333-444444444444',
      }),
    );
    // Reading the return folder is periodic work (the sweep); run it once.
    await t.app.get(JobQueue).sweep();
    await until('the export confirmed', async () => {
      const list = await call(t.url, 'GET', '/api/v1/admin/records/exports?state=confirmed', {
        bearer: f.admin.token,
      });
      return JSON.stringify(list.body).includes(allocated.id);
    });

    // The finance system acknowledges, then reports the payment.
    const ack = await call(t.url, 'POST', '/api/v1/postings/ack', {
      bearer: finance,
      body: [{ postingId: posting.id, bookingId: 'HKR-2026-1' }],
    });
    expect(ack.status).toBe(200);
    const paid = await call(t.url, 'POST', `/api/v1/postings/${posting.id}/status`, {
      bearer: finance,
      body: { status: 'paid', date: '2026-12-01', amount: posting.totals.due, skontoTaken: false },
    });
    expect(paid.status).toBe(200);
    await until('paid', async () => (await invoices.get(f.tenant.id, id))?.status === 'paid');

    const inv = (await invoices.get(f.tenant.id, id))!;
    const page = await fetch(`${t.url}/status/${inv.statusToken}?lang=de`, {
      headers: { accept: 'text/html' },
    });
    expect(await page.text()).toContain('Bezahlt am 01.12.2026.');
    const filed = (await records.vorgangOfInvoice(f.tenant.id, id))!;
    const notes = filed.documents.filter((d) => d.kind === 'note');
    expect(notes.length).toBeGreaterThan(0);
    const note = JSON.parse(
      (await records.documentContent(f.tenant.id, notes.at(-1)!.id)).content.toString('utf8'),
    );
    expect(note.text).toContain('2026-12-01');

    // Everything filed still matches its hash.
    const verify = await runCli(recordsCommand, ['verify', '--tenant', f.tenant.slug, '--json'], {
      DATABASE_URL: t.db.url,
      EINVOICE_DATA_DIR: t.config.dataDir,
    });
    expect(verify.code).toBe(0);
    const report = verify.json();
    expect(report.ok).toBe(true);
    expect(report.tenants[0]).toMatchObject({ ok: true, documents: filed.documents.length, failures: [] });
  });
});
