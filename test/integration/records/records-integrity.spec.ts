import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import * as recordsCommand from '../../../src/modules/records/cli/records.command.js';
import { AuditService } from '../../../src/modules/audit/audit.service.js';
import { JobQueue } from '../../../src/modules/jobs/index.js';
import { DayRootService } from '../../../src/modules/records/integrity/day-root.service.js';
import { merkleRoot } from '../../../src/modules/records/integrity/merkle.js';
import { recordsDay } from '../../../src/modules/records/integrity/records-day.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { call } from '../auth/identity-context.js';
import { runCli } from '../auth/run-cli.js';
import { recordsFixture, type FixtureDocument, type RecordsFixture } from './records-fixture.js';

/** Time limit for hooks and tests that boot the app (a limit, never an assertion). */
const SLOW = 120_000;

const daysAgo = (n: number) => recordsDay(new Date(Date.now() - n * 86_400_000));
/** A timestamptz literal at a Berlin wall-clock time of a day. */
const at = (day: string, time: string) => `${day} ${time} Europe/Berlin`;

describe('records integrity: day roots, verify, holds and disposal', () => {
  let t: TestApp;
  let env: Record<string, string>;

  beforeAll(async () => {
    // No periodic sweep: the tests run it when they want the job to act.
    t = await startTestApp({ JOBS_SWEEP_INTERVAL_SECONDS: '0' });
    env = { DATABASE_URL: t.db.url, EINVOICE_DATA_DIR: t.config.dataDir };
  }, SLOW);
  afterAll(async () => {
    await t?.close();
  }, SLOW);

  const records = (argv: string[]) => runCli(recordsCommand, argv, env);

  async function dayRoots(tenantId: string) {
    return t.db.dataSource.query<{ day: string; root: string; leaf_count: number }[]>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, root, leaf_count FROM record_day_roots WHERE tenant_id = $1 ORDER BY day`,
      [tenantId],
    );
  }

  /** Runs a statement on record_documents with its immutability trigger off, as an attacker with table-owner rights would. */
  async function tamper(sql: string, params: unknown[]) {
    const ds = t.db.dataSource;
    await ds.query(`ALTER TABLE record_documents DISABLE TRIGGER tr_record_documents_immutable`);
    try {
      await ds.query(sql, params);
    } finally {
      await ds.query(`ALTER TABLE record_documents ENABLE TRIGGER tr_record_documents_immutable`);
    }
  }

  describe('a record over three days', () => {
    let f: RecordsFixture;
    const d1 = daysAgo(6);
    const d2 = daysAgo(5);
    const today = recordsDay(new Date());
    let docs1: FixtureDocument[];
    let doc2: FixtureDocument;

    beforeAll(async () => {
      f = await recordsFixture(t);
      const v1 = await f.vorgang();
      const v2 = await f.vorgang();
      // Filed out of id order: the tree orders by filed_at, then id.
      const c = await f.document(v2, {
        filedAt: at(d1, '16:45:00'),
        kind: 'laufzettel-pdf',
        name: 'laufzettel.pdf',
      });
      const a = await f.document(v1, { filedAt: at(d1, '00:00:01') });
      const b = await f.document(v1, {
        filedAt: at(d1, '09:30:00'),
        kind: 'validation-report-html',
        name: 'pruefbericht.html',
      });
      docs1 = [a, b, c];
      doc2 = await f.document(v2, { filedAt: at(d2, '23:59:59') });
      await f.document(v2, { filedAt: new Date().toISOString(), kind: 'note', name: 'heute.txt' });
    }, SLOW);

    it(
      'the sweep finds the closed days without a root and the job seals them into the table and the audit chain',
      async () => {
        expect(await dayRoots(f.tenant.id)).toEqual([]);
        expect(await t.app.get(JobQueue).sweep()).toMatchObject({ failedSweepers: [] });
        let roots: Awaited<ReturnType<typeof dayRoots>> = [];
        for (let i = 0; i < 200 && roots.length < 2; i++) {
          roots = await dayRoots(f.tenant.id);
          if (roots.length < 2) await new Promise((r) => setTimeout(r, 50));
        }
        // Today is open: no root for it.
        expect(roots).toEqual([
          { day: d1, root: merkleRoot(docs1.map((d) => d.sha256)), leaf_count: 3 },
          { day: d2, root: merkleRoot([doc2.sha256]), leaf_count: 1 },
        ]);
        const audit = await t.app.get(AuditService).listForTenant(f.tenant.id);
        const sealed = audit.filter((e) => e.action === 'records.day_root');
        expect(sealed.map((e) => [e.subject, e.data.root, e.data.leafCount]).sort()).toEqual(
          [
            [`records-day:${d1}`, roots[0].root, 3],
            [`records-day:${d2}`, roots[1].root, 1],
          ].sort(),
        );
      },
      SLOW,
    );

    it(
      'sealing again changes nothing; an open day is refused',
      async () => {
        const roots = t.app.get(DayRootService);
        const again = await roots.seal(f.tenant.id, d1);
        expect(again).toMatchObject({
          status: 'exists',
          leafCount: 3,
          root: merkleRoot(docs1.map((d) => d.sha256)),
        });
        await expect(roots.seal(f.tenant.id, today)).rejects.toMatchObject({
          code: 'RECORDS_DAY_NOT_CLOSED',
        });
        await expect(roots.seal(f.tenant.id, '2026-02-30')).rejects.toMatchObject({
          code: 'RECORDS_DATE_INVALID',
        });
        const audit = await t.app.get(AuditService).listForTenant(f.tenant.id);
        expect(audit.filter((e) => e.action === 'records.day_root')).toHaveLength(2);
        const seal = await records(['seal', '--tenant', f.tenant.slug, '--date', d1, '--json']);
        expect(seal.code).toBe(0);
        expect(seal.json()).toMatchObject({ status: 'exists', day: d1 });
      },
      SLOW,
    );

    it(
      'verify passes on the good record, checking today by hash only and saying so',
      async () => {
        const res = await records(['verify', '--tenant', f.tenant.slug, '--json']);
        expect(res.code).toBe(0);
        const out = res.json();
        expect(out.ok).toBe(true);
        expect(out.auditChainOk).toBe(true);
        const [tv] = out.tenants;
        expect(tv).toMatchObject({ slug: f.tenant.slug, ok: true, documents: 5, failures: [] });
        expect(tv.days).toEqual([
          expect.objectContaining({ day: d1, check: 'sealed', documents: 3, problems: [] }),
          expect.objectContaining({ day: d2, check: 'sealed', documents: 1, problems: [] }),
          expect.objectContaining({
            day: today,
            check: 'hash-only',
            note: 'the day is still open',
            documents: 1,
          }),
        ]);
        const human = await records(['verify', '--tenant', f.tenant.slug]);
        expect(human.code).toBe(0);
        expect(human.stdout).toContain(
          `${today}: 1 document(s), checked by hash only (the day is still open)`,
        );
        expect(human.stdout).toContain('records verified: all checks passed');
      },
      SLOW,
    );

    it(
      'one altered byte of one stored blob fails verify, naming that document',
      async () => {
        const victim = docs1[1];
        const original = readFileSync(victim.path);
        const altered = Buffer.from(original);
        altered[3] ^= 0x01;
        chmodSync(victim.path, 0o640);
        writeFileSync(victim.path, altered);
        try {
          const res = await records(['verify', '--tenant', f.tenant.slug, '--json']);
          expect(res.code).toBe(1);
          const [tv] = res.json().tenants;
          expect(tv.failures).toEqual([
            expect.objectContaining({
              documentId: victim.id,
              aktenzeichen: victim.aktenzeichen,
              kind: 'validation-report-html',
              name: 'pruefbericht.html',
              reason: 'sha256-mismatch',
            }),
          ]);
          const human = await records(['verify', '--tenant', f.tenant.slug, '--date', d1]);
          expect(human.code).toBe(1);
          expect(human.stdout).toContain(
            `FAILED document ${victim.id} (${victim.aktenzeichen}, validation-report-html, pruefbericht.html): sha256-mismatch`,
          );
          expect(human.stdout).toContain('records verification FAILED');
        } finally {
          writeFileSync(victim.path, original);
          chmodSync(victim.path, 0o440);
        }
        expect((await records(['verify', '--tenant', f.tenant.slug, '--json'])).code).toBe(0);
      },
      SLOW,
    );

    it(
      "an altered size or sha256 in a document's row fails verify, naming that document (and the day's root)",
      async () => {
        const victim = docs1[0];
        await tamper(`UPDATE record_documents SET size = size + 1 WHERE id = $1`, [victim.id]);
        try {
          const res = await records(['verify', '--tenant', f.tenant.slug, '--json']);
          expect(res.code).toBe(1);
          expect(res.json().tenants[0].failures).toEqual([
            expect.objectContaining({
              documentId: victim.id,
              aktenzeichen: victim.aktenzeichen,
              reason: 'size-mismatch',
            }),
          ]);
        } finally {
          await tamper(`UPDATE record_documents SET size = $2 WHERE id = $1`, [victim.id, victim.size]);
        }
        const forged = 'f'.repeat(64);
        await tamper(`UPDATE record_documents SET sha256 = $2 WHERE id = $1`, [victim.id, forged]);
        try {
          const res = await records(['verify', '--tenant', f.tenant.slug, '--json']);
          expect(res.code).toBe(1);
          const [tv] = res.json().tenants;
          expect(tv.failures).toEqual([
            expect.objectContaining({
              documentId: victim.id,
              reason: 'blob-missing',
              kind: victim.kind,
              name: victim.name,
            }),
          ]);
          expect(tv.days.find((d: { day: string }) => d.day === d1).problems).toEqual([
            expect.objectContaining({ reason: 'root-mismatch' }),
          ]);
        } finally {
          await tamper(`UPDATE record_documents SET sha256 = $2 WHERE id = $1`, [victim.id, victim.sha256]);
        }
        expect((await records(['verify', '--tenant', f.tenant.slug, '--json'])).code).toBe(0);
      },
      SLOW,
    );

    it(
      'a stored root that no longer matches its audit entry fails verify',
      async () => {
        const ds = t.db.dataSource;
        const [row] = await ds.query<{ root: string }[]>(
          `SELECT root FROM record_day_roots WHERE tenant_id = $1 AND day = $2`,
          [f.tenant.id, d2],
        );
        await ds.query(`UPDATE record_day_roots SET root = $3 WHERE tenant_id = $1 AND day = $2`, [
          f.tenant.id,
          d2,
          'e'.repeat(64),
        ]);
        try {
          const res = await records(['verify', '--tenant', f.tenant.slug, '--date', d2, '--json']);
          expect(res.code).toBe(1);
          expect(res.json().tenants[0].days[0].problems.map((p: { reason: string }) => p.reason)).toEqual([
            'root-mismatch',
            'audit-mismatch',
          ]);
        } finally {
          await ds.query(`UPDATE record_day_roots SET root = $3 WHERE tenant_id = $1 AND day = $2`, [
            f.tenant.id,
            d2,
            row.root,
          ]);
        }
      },
      SLOW,
    );

    it('refuses a malformed --date as a usage error', async () => {
      const res = await records(['verify', '--date', '08.12.2026']);
      expect(res.code).toBe(2);
      expect(res.stderr).toContain('--date must be a day in the form YYYY-MM-DD');
    });
  });

  describe('legal holds and the disposal run', () => {
    let f: RecordsFixture;
    const day = daysAgo(8);
    let expired: FixtureDocument;
    let kept: FixtureDocument;
    let held: FixtureDocument;
    let sharedExpired: FixtureDocument;
    let sharedKept: FixtureDocument;
    let heldVorgang: { id: string; aktenzeichen: string };

    beforeAll(async () => {
      f = await recordsFixture(t);
      const v1 = await f.vorgang();
      heldVorgang = await f.vorgang();
      const v3 = await f.vorgang();
      expired = await f.document(v1, { filedAt: at(day, '08:00:00'), retainUntil: '2020-12-31' });
      kept = await f.document(v1, {
        filedAt: at(day, '08:00:01'),
        retainUntil: '2099-12-31',
        kind: 'note',
        name: 'vermerk.txt',
      });
      held = await f.document(heldVorgang, { filedAt: at(day, '08:00:02'), retainUntil: '2020-12-31' });
      // The same content twice: its blob must stay while the second row references it.
      sharedExpired = await f.document(v3, {
        filedAt: at(day, '08:00:03'),
        retainUntil: '2021-12-31',
        content: '<same/>',
      });
      sharedKept = await f.document(v3, {
        filedAt: at(day, '08:00:04'),
        retainUntil: '2099-12-31',
        kind: 'attachment',
        name: 'kopie.xml',
        content: '<same/>',
      });
      await t.app.get(DayRootService).seal(f.tenant.id, day);
    }, SLOW);

    it(
      'places a hold through the admin API; refuses a second one, an unknown Vorgang and a non-admin',
      async () => {
        const placed = await call(t.url, 'POST', '/api/v1/admin/records/holds', {
          bearer: f.admin.token,
          body: { aktenzeichen: heldVorgang.aktenzeichen, reason: 'Rechtsstreit Az. 3 O 12/26' },
        });
        expect(placed.status).toBe(201);
        expect(placed.body).toMatchObject({
          vorgangId: heldVorgang.id,
          aktenzeichen: heldVorgang.aktenzeichen,
          reason: 'Rechtsstreit Az. 3 O 12/26',
          releasedAt: null,
        });
        const twice = await call(t.url, 'POST', '/api/v1/admin/records/holds', {
          bearer: f.admin.token,
          body: { vorgangId: heldVorgang.id, reason: 'noch einmal' },
        });
        expect(twice.status).toBe(409);
        expect(twice.body.error.code).toBe('RECORDS_HOLD_EXISTS');
        const unknown = await call(t.url, 'POST', '/api/v1/admin/records/holds', {
          bearer: f.admin.token,
          body: { aktenzeichen: 'gibt-es-nicht', reason: 'x' },
        });
        expect(unknown.status).toBe(404);
        expect(unknown.body.error.code).toBe('RECORDS_VORGANG_NOT_FOUND');
        const bad = await call(t.url, 'POST', '/api/v1/admin/records/holds', {
          bearer: f.admin.token,
          body: { vorgangId: heldVorgang.id, reason: '   ' },
        });
        expect(bad.status).toBe(400);
        expect(bad.body.error.code).toBe('RECORDS_HOLD_INVALID');
        const approver = await new (await import('../auth/identity-context.js')).IdentityContext(
          t.app,
        ).newUser(f.tenant.id, ['approver']);
        const forbidden = await call(t.url, 'GET', '/api/v1/admin/records/holds', { bearer: approver.token });
        expect(forbidden.status).toBe(403);
        const list = await records(['hold', '--tenant', f.tenant.slug, '--list', '--json']);
        expect(list.code).toBe(0);
        expect(list.json()).toEqual([
          expect.objectContaining({ id: placed.body.id, aktenzeichen: heldVorgang.aktenzeichen }),
        ]);
      },
      SLOW,
    );

    it(
      'the dry run lists only expired documents not on hold and deletes nothing',
      async () => {
        const res = await records(['dispose', '--tenant', f.tenant.slug, '--json']);
        expect(res.code).toBe(0);
        const plan = res.json();
        expect(plan).toMatchObject({ executed: false, heldBack: 1 });
        expect(plan.documents.map((d: { id: string }) => d.id).sort()).toEqual(
          [expired.id, sharedExpired.id].sort(),
        );
        const [{ n }] = await t.db.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM record_documents WHERE tenant_id = $1`,
          [f.tenant.id],
        );
        expect(n).toBe(5);
        const human = await records(['dispose', '--tenant', f.tenant.slug]);
        expect(human.stdout).toContain('2 document(s) would be deleted');
        expect(human.stdout).toContain('Dry run: nothing was deleted');
      },
      SLOW,
    );

    it(
      'executed, deletes exactly those, records the run and an audit entry, and removes only unreferenced blobs',
      async () => {
        const res = await records(['dispose', '--tenant', f.tenant.slug, '--execute', '--json']);
        expect(res.code).toBe(0);
        const run = res.json();
        expect(run).toMatchObject({
          executed: true,
          heldBack: 1,
          blobsRemoved: [expired.sha256],
          blobsKept: [sharedExpired.sha256],
        });
        const left = await t.db.dataSource.query<{ id: string }[]>(
          `SELECT id FROM record_documents WHERE tenant_id = $1 ORDER BY id`,
          [f.tenant.id],
        );
        expect(left.map((r) => r.id).sort()).toEqual([kept.id, held.id, sharedKept.id].sort());
        expect(await f.blobs.has(expired.sha256)).toBe(false);
        expect(await f.blobs.has(sharedKept.sha256)).toBe(true);
        expect(await f.blobs.has(held.sha256)).toBe(true);
        const [disposal] = await t.db.dataSource.query<{ id: string; document_count: number }[]>(
          `SELECT id, document_count FROM record_disposals WHERE tenant_id = $1`,
          [f.tenant.id],
        );
        expect(disposal).toEqual({ id: run.disposalId, document_count: 2 });
        const audit = await t.app.get(AuditService).listForTenant(f.tenant.id);
        const entry = audit.find((e) => e.action === 'records.disposal');
        expect(entry?.subject).toBe(`record-disposal:${run.disposalId}`);
        expect(entry?.data.documents).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              id: expired.id,
              aktenzeichen: expired.aktenzeichen,
              sha256: expired.sha256,
            }),
            expect.objectContaining({
              id: sharedExpired.id,
              aktenzeichen: sharedExpired.aktenzeichen,
              sha256: sharedExpired.sha256,
            }),
          ]),
        );
        expect(entry?.data.documents).toHaveLength(2);
        // The day's root still verifies: the deleted documents are leaves from the run's record.
        const verify = await records(['verify', '--tenant', f.tenant.slug, '--json']);
        expect(verify.code).toBe(0);
        expect(verify.json().tenants[0].days).toEqual([
          expect.objectContaining({ day, check: 'sealed', documents: 3, problems: [] }),
        ]);
        // Nothing left to do: a second run deletes nothing and records nothing.
        const again = await records(['dispose', '--tenant', f.tenant.slug, '--execute', '--json']);
        expect(again.json()).toMatchObject({ documents: [], disposalId: '' });
      },
      SLOW,
    );

    it(
      'outside a disposal run the trigger still refuses to delete a document',
      async () => {
        await expect(
          t.db.dataSource.query(`DELETE FROM record_documents WHERE id = $1`, [kept.id]),
        ).rejects.toThrow(/immutable/);
      },
      SLOW,
    );

    it(
      'released through the API, the held document is listed by the next dry run',
      async () => {
        const [hold] = (await records(['hold', '--tenant', f.tenant.slug, '--list', '--json'])).json();
        const released = await call(
          t.url,
          'DELETE',
          `/api/v1/admin/records/holds/${hold.id}?reason=erledigt`,
          {
            bearer: f.admin.token,
          },
        );
        expect(released.status).toBe(200);
        expect(released.body).toMatchObject({ id: hold.id, releaseReason: 'erledigt' });
        expect(released.body.releasedAt).not.toBeNull();
        const again = await call(t.url, 'DELETE', `/api/v1/admin/records/holds/${hold.id}`, {
          bearer: f.admin.token,
        });
        expect(again.status).toBe(404);
        const plan = await call(t.url, 'GET', '/api/v1/admin/records/disposal', { bearer: f.admin.token });
        expect(plan.status).toBe(200);
        expect(plan.body.documents.map((d: { id: string }) => d.id)).toEqual([held.id]);
        const all = await records(['hold', '--tenant', f.tenant.slug, '--list', '--all', '--json']);
        expect(all.json()).toEqual([
          expect.objectContaining({ id: hold.id, releasedBy: `user:${f.admin.id}` }),
        ]);
      },
      SLOW,
    );
  });
});
