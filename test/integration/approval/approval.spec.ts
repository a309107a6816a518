/**
 * Approval against the real application and database: the steps of a municipal policy,
 * the Kontierung, separation of duties and value limits on every path that records a
 * decision (API with a staff session, API with an `approver` key, bulk, substitutes), the
 * freezing of running approvals when the policy changes, and the dry run.
 */
import { jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AccountsService } from '../../../src/modules/approval/accounts/accounts.service.js';
import { ApprovalService } from '../../../src/modules/approval/approval.service.js';
import { CalendarSettingsService } from '../../../src/modules/approval/calendar/calendar-settings.service.js';
import type { PolicyDefinition } from '../../../src/modules/approval/policy/policy.js';
import { presetById } from '../../../src/modules/approval/policy/presets.js';
import { InvoiceRepository } from '../../../src/modules/invoices/invoice.repository.js';
import { type TestApp, startTestApp } from '../../support/app.js';
import { call, IdentityContext } from '../auth/identity-context.js';
import { type ApprovalFixture, type Person, approvalFixture, netForGross } from './approval-context.js';

jest.setTimeout(120_000);

describe('approval', () => {
  let t: TestApp;
  let f: ApprovalFixture;
  let a: Person; // Feststellung (sachlich + rechnerisch)
  let b: Person; // Anordnung up to 5,000 €
  let kasse: Person; // treasury
  let auditor: Person;

  const decide = (who: { token: string }, id: string, body: unknown) =>
    call(t.url, 'POST', `/api/v1/approval/invoices/${id}/decisions`, { bearer: who.token, body });
  const kontieren = (who: { token: string }, id: string, lines: unknown) =>
    call(t.url, 'PUT', `/api/v1/approval/invoices/${id}/kontierung`, { bearer: who.token, body: { lines } });
  const state = (who: { token: string }, id: string) =>
    call(t.url, 'GET', `/api/v1/approval/invoices/${id}`, { bearer: who.token });
  const status = async (id: string) => (await t.app.get(InvoiceRepository).get(f.tenant.id, id))!.status;

  /** Sachlich and rechnerisch by A, with a two-line Kontierung summing to `gross`. */
  async function certify(id: string, gross: string): Promise<void> {
    expect((await decide(a, id, { action: 'approve' })).status).toBe(200);
    const half = (Number(gross) / 2).toFixed(2);
    const rest = (Number(gross) - Number(half)).toFixed(2);
    const k = await kontieren(a, id, [
      { buchungsstelle: '11101.5431000', kostenstelle: 'KST-100', amount: half },
      { buchungsstelle: '11101.5431000', kostenstelle: 'KST-200', amount: rest },
    ]);
    expect(k.status).toBe(200);
    expect((await decide(a, id, { action: 'approve' })).status).toBe(200);
  }

  beforeAll(async () => {
    t = await startTestApp();
    f = await approvalFixture(t);
    a = await f.person('Anna Feststellerin', ['approver']);
    b = await f.person('Bernd Anordner', ['approver']);
    kasse = await f.person('Karla Kasse', ['treasury', 'approver']);
    auditor = await f.person('Arne Prüfer', ['auditor']);
    await f.usePolicy({ preset: 'kommune-thueringen' });
    await f.limit(b, 'anordnung', '5000.00');
    await f.limit(kasse, 'anordnung', null);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('runs sachlich → rechnerisch → Anordnung and ends approved, with every step in the history', async () => {
    const id = await f.invoice([netForGross(400000)]);
    const before = await state(a, id);
    expect(before.status).toBe(200);
    expect(before.body.tasks.map((x: { stepKey: string }) => x.stepKey)).toEqual([
      'sachlich',
      'rechnerisch',
      'anordnung',
    ]);
    expect(before.body.current.stepKey).toBe('sachlich');
    const gross = before.body.instance.amount as string;
    await certify(id, gross);

    // What each may do is shown before anyone clicks, judged as the decision would be.
    const allowedTo = async (who: Person) =>
      Object.fromEntries(
        (await state(who, id)).body.allowed.map((x: { action: string; ok: boolean; code?: string }) => [
          x.action,
          x.ok ? 'OK' : x.code,
        ]),
      );
    expect((await allowedTo(a)).approve).toBe('APPROVAL_SOD_FESTSTELLER_ANORDNUNG');
    expect(await allowedTo(b)).toMatchObject({ approve: 'OK', reject: 'OK', comment: 'OK' });
    expect((await allowedTo(kasse)).approve).toBe('APPROVAL_SOD_TREASURY');
    // A certified: the Anordnung is refused to A, with the rule named in German.
    const refused = await decide(a, id, { action: 'approve' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('APPROVAL_SOD_FESTSTELLER_ANORDNUNG');
    // The Kasse neither orders (even with an unlimited Anordnungsbefugnis).
    expect((await decide(kasse, id, { action: 'approve' })).body.error.code).toBe('APPROVAL_SOD_TREASURY');
    // Nobody who is not assigned.
    expect((await decide(auditor, id, { action: 'approve' })).body.error.code).toBe('APPROVAL_NOT_ASSIGNED');

    const ok = await decide(b, id, { action: 'approve' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      invoiceStatus: 'approved',
      approvalState: 'approved',
      currentStep: null,
    });
    expect(['approved', 'filed']).toContain(await status(id)); // the case record files it next

    const after = await state(b, id);
    const approvals = after.body.decisions.filter((d: { action: string }) => d.action === 'approve');
    expect(
      approvals.map((d: { stepKey: string; actorName: string }) => `${d.stepKey}:${d.actorName}`),
    ).toEqual(['sachlich:Anna Feststellerin', 'rechnerisch:Anna Feststellerin', 'anordnung:Bernd Anordner']);
    expect(after.body.kontierung).toHaveLength(2);
    const events: Array<{ type: string }> = await t.app
      .get(DataSource)
      .query(`SELECT type FROM domain_events WHERE subject = $1`, [`invoice:${id}`]);
    expect(events.map((e) => e.type)).toEqual(['invoice.approved']);
  });

  it('refuses an Anordnung above the limit, and without Befugnis at all', async () => {
    const id = await f.invoice([netForGross(600000)]);
    const gross = (await state(a, id)).body.instance.amount as string;
    await certify(id, gross);
    const over = await decide(b, id, { action: 'approve' });
    expect(over.status).toBe(403);
    expect(over.body.error.code).toBe('APPROVAL_LIMIT_EXCEEDED');
    const none = await f.person('Nora Ohnebefugnis', ['approver']);
    expect((await decide(none, id, { action: 'approve' })).body.error.code).toBe('APPROVAL_LIMIT_NONE');
    expect(await status(id)).toBe('awaiting_approval');
    await f.limit(b, 'anordnung', '10000.00');
    expect((await decide(b, id, { action: 'approve' })).status).toBe(200);
    await f.limit(b, 'anordnung', '5000.00');
  });

  it('needs a Kontierung that sums exactly to the amount before the Anordnung', async () => {
    const id = await f.invoice([10000, 2345]);
    const gross = (await state(a, id)).body.instance.amount as string;
    expect((await decide(a, id, { action: 'approve' })).status).toBe(200);
    expect((await decide(a, id, { action: 'approve' })).status).toBe(200);
    expect((await decide(b, id, { action: 'approve' })).body.error.code).toBe('APPROVAL_KONTIERUNG_REQUIRED');
    const off = await kontieren(b, id, [
      { buchungsstelle: '5431000', amount: (Number(gross) - 0.01).toFixed(2) },
    ]);
    expect(off.status).toBe(422);
    expect(off.body.error.details.problems[0].code).toBe('KONTIERUNG_SUM_MISMATCH');
    const german = await kontieren(b, id, [{ buchungsstelle: '5431000', amount: gross.replace('.', ',') }]);
    expect(german.status).toBe(200);
    expect((await decide(b, id, { action: 'approve' })).status).toBe(200);
  });

  it("checks the Kontierung against the tenant's chart of accounts and prefills it", async () => {
    const k = await approvalFixture(t);
    const clerk = await k.person('Kira Kontiererin', ['approver']);
    await k.usePolicy({ preset: 'kommune-hessen' });
    await t.app.get(AccountsService).importCsv(
      k.tenant.id,
      {
        content: Buffer.from(
          'art;nummer;bezeichnung;aktiv\nBuchungsstelle;11100.5431000;Geschäftsbedarf;ja\nKostenstelle;4711;Bauhof;ja\n',
        ),
        fileName: 'konten.csv',
        mode: 'merge',
      },
      'test',
    );
    const first = await k.invoice([10000]);
    const gross = (await state(clerk, first)).body.instance.amount as string;
    const unknown = await kontieren(clerk, first, [{ buchungsstelle: '99999', amount: gross }]);
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details.problems.map((p: { code: string }) => p.code)).toContain(
      'KONTIERUNG_UNKNOWN_ACCOUNT',
    );
    const third = (Number(gross) / 4).toFixed(2);
    const saved = await kontieren(clerk, first, [
      { buchungsstelle: '11100.5431000', kostenstelle: '4711', amount: third },
      { buchungsstelle: '11100.5431000', amount: (Number(gross) - Number(third)).toFixed(2) },
    ]);
    expect(saved.status).toBe(200);
    // The next invoice of the same supplier is prefilled with those accounts, in the same proportions.
    const next = await k.invoice([30000]);
    const prefill = (await state(clerk, next)).body.prefill;
    const total = (await state(clerk, next)).body.instance.amount as string;
    expect(prefill.source).toBe('supplier');
    expect(
      prefill.lines.map((l: { buchungsstelle: string; kostenstelle: string | null }) => [
        l.buchungsstelle,
        l.kostenstelle,
      ]),
    ).toEqual([
      ['11100.5431000', '4711'],
      ['11100.5431000', null],
    ]);
    const sum = prefill.lines.reduce(
      (acc: number, l: { amount: string }) => acc + Math.round(Number(l.amount) * 100),
      0,
    );
    expect(sum).toBe(Math.round(Number(total) * 100));
    expect(Number(prefill.lines[0].amount)).toBeCloseTo(Number(total) / 4, 1);
  });

  it("puts the Skonto deadline on the next working day at the tenant's place (Fronleichnam in Eichsfeld, not in Berlin)", async () => {
    // 13 May 2027 + 14 days = Thursday 27 May 2027, Fronleichnam: a public holiday in the
    // Eichsfeld (Thüringen), a working day in Berlin.
    const terms = '#SKONTO#TAGE=14#PROZENT=2.00#\n';
    const eichsfeld = await approvalFixture(t);
    await t.app
      .get(CalendarSettingsService)
      .update(eichsfeld.tenant.id, { land: 'TH', region: 'EIC' }, 'test');
    const berlin = await approvalFixture(t);
    await t.app.get(CalendarSettingsService).update(berlin.tenant.id, { land: 'BE' }, 'test');
    const viewer = async (fx: ApprovalFixture) => (await fx.person('Leser', ['auditor'])).principal;
    const svc = t.app.get(ApprovalService);
    const inEichsfeld = await svc.state(
      await viewer(eichsfeld),
      await eichsfeld.invoice([10000], { paymentTerms: terms, issueDate: '2027-05-13' }),
    );
    const inBerlin = await svc.state(
      await viewer(berlin),
      await berlin.invoice([10000], { paymentTerms: terms, issueDate: '2027-05-13' }),
    );
    expect(inEichsfeld.instance.skontoDeadline).toBe('2027-05-28');
    expect(inBerlin.instance.skontoDeadline).toBe('2027-05-27');
    expect(inBerlin.instance.skontoAmount).toBe('2.38');
    // A Saturday moves to Monday: 15 May 2027 + 14 days = Saturday 29 May.
    const saturday = await svc.state(
      await viewer(berlin),
      await berlin.invoice([10000], { paymentTerms: terms, issueDate: '2027-05-15' }),
    );
    expect(saturday.instance.skontoDeadline).toBe('2027-05-31');
  });

  it('keeps the order of the steps', async () => {
    const id = await f.invoice([5000]);
    const early = await decide(b, id, { action: 'approve', stepKey: 'anordnung' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('APPROVAL_STEP_NOT_CURRENT');
  });

  it('refuses the forbidden decision through an approver API key acting as the Feststellerin', async () => {
    const id = await f.invoice([20000]);
    const gross = (await state(a, id)).body.instance.amount as string;
    await certify(id, gross);
    await f.limit(a, 'anordnung', null);
    const { key } = await new IdentityContext(t.app).apiKeys.create(
      f.tenant.id,
      { name: 'Mobil-App Anna', role: 'approver', userId: a.id },
      'test',
    );
    const viaKey = await decide({ token: key }, id, { action: 'approve' });
    expect(viaKey.status).toBe(403);
    expect(viaKey.body.error.code).toBe('APPROVAL_SOD_FESTSTELLER_ANORDNUNG');
    await f.limit(a, 'anordnung', undefined);
    // A key of another client role is no person and decides nothing.
    const supplier = await decide({ token: f.apiKey.key }, id, { action: 'approve' });
    expect(supplier.status).toBe(403);
    expect(await status(id)).toBe('awaiting_approval');
  });

  it('judges every invoice of a bulk approval on its own', async () => {
    const certified = await f.invoice([30000]);
    await certify(certified, (await state(a, certified)).body.instance.amount);
    const bigOne = await f.invoice([netForGross(700000)]);
    await certify(bigOne, (await state(a, bigOne)).body.instance.amount);
    const open = await f.invoice([1000]);

    const sachlich = await call(t.url, 'POST', '/api/v1/approval/decisions/bulk', {
      bearer: a.token,
      body: { invoiceIds: [open], stepKey: 'sachlich' },
    });
    expect(sachlich.body.refused[0].code).toBe('APPROVAL_BULK_NOT_ALLOWED');

    const byFeststeller = await call(t.url, 'POST', '/api/v1/approval/decisions/bulk', {
      bearer: a.token,
      body: { invoiceIds: [certified], stepKey: 'anordnung' },
    });
    expect(byFeststeller.body.refused.map((r: { code: string }) => r.code)).toEqual([
      'APPROVAL_SOD_FESTSTELLER_ANORDNUNG',
    ]);

    const byB = await call(t.url, 'POST', '/api/v1/approval/decisions/bulk', {
      bearer: b.token,
      body: { invoiceIds: [certified, bigOne, open], stepKey: 'anordnung' },
    });
    expect(byB.status).toBe(200);
    expect(byB.body.approved).toEqual([certified]);
    expect(
      Object.fromEntries(
        byB.body.refused.map((r: { invoiceId: string; code: string }) => [r.invoiceId, r.code]),
      ),
    ).toEqual({
      [bigOne]: 'APPROVAL_LIMIT_EXCEEDED',
      [open]: 'APPROVAL_STEP_NOT_CURRENT',
    });
    expect(['approved', 'filed']).toContain(await status(certified)); // the case record files it next
    expect(await status(bigOne)).toBe('awaiting_approval');
  });

  describe('substitutes', () => {
    let g: ApprovalFixture;
    let anna: Person;
    let bea: Person;
    let dora: Person;
    const berlin = (at: number) => new Date(at).toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
    const today = berlin(Date.now());
    const inAWeek = berlin(Date.now() + 7 * 86_400_000);

    beforeAll(async () => {
      g = await approvalFixture(t);
      anna = await g.person('Anna', ['approver']);
      bea = await g.person('Bea', ['approver']);
      dora = await g.person('Dora', ['approver']);
      const hessen = presetById('kommune-hessen')!.definition;
      const definition: PolicyDefinition = {
        ...hessen,
        steps: [
          { ...hessen.steps[0], assignees: { users: [anna.email] } },
          { ...hessen.steps[1], assignees: { users: [bea.email] } },
        ],
      };
      await g.usePolicy({ definition });
      await g.limit(bea, 'anordnung', '50000.00');
      await g.limit(dora, 'anordnung', '50000.00');
      await g.limit(anna, 'anordnung', '50000.00');
    });

    it('lets the substitute act for the absent assignee, recorded as acting for them', async () => {
      const id = await g.invoice([10000]);
      const gross = (await state(anna, id)).body.instance.amount as string;
      // The Feststellerin assigns the accounts while the invoice is on her step.
      expect((await kontieren(anna, id, [{ buchungsstelle: '5431000', amount: gross }])).status).toBe(200);
      expect((await decide(anna, id, { action: 'approve' })).status).toBe(200);
      // Dora is not assigned the Anordnung…
      expect((await decide(dora, id, { action: 'approve' })).body.error.code).toBe('APPROVAL_NOT_ASSIGNED');
      // …until Bea is absent and names her.
      const named = await call(t.url, 'POST', '/api/v1/approval/substitutes', {
        bearer: bea.token,
        body: { substituteId: dora.id, startsOn: today, endsOn: inAWeek },
      });
      expect(named.status).toBe(201);
      const inbox = await call(t.url, 'GET', '/api/v1/approval/tasks', { bearer: dora.token });
      expect(inbox.body.rows.map((r: { invoiceId: string }) => r.invoiceId)).toContain(id);
      const ok = await decide(dora, id, { action: 'approve' });
      expect(ok.status).toBe(200);
      const st = await state(dora, id);
      const last = st.body.decisions.at(-1);
      expect(last).toMatchObject({ action: 'approve', actorName: 'Dora', onBehalfName: 'Bea' });
      await call(t.url, 'DELETE', `/api/v1/approval/substitutes/${named.body.id}`, { bearer: bea.token });
    });

    it('never lets a substitute give the Anordnung of an invoice they certified', async () => {
      const id = await g.invoice([20000]);
      const gross = (await state(anna, id)).body.instance.amount as string;
      // The Feststellerin assigns the accounts while the invoice is on her step.
      expect((await kontieren(anna, id, [{ buchungsstelle: '5431000', amount: gross }])).status).toBe(200);
      expect((await decide(anna, id, { action: 'approve' })).status).toBe(200);
      const named = await call(t.url, 'POST', '/api/v1/approval/substitutes', {
        bearer: bea.token,
        body: { substituteId: anna.id, startsOn: today, endsOn: inAWeek },
      });
      expect(named.status).toBe(201);
      const refused = await decide(anna, id, { action: 'approve' });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('APPROVAL_SOD_FESTSTELLER_ANORDNUNG');
      await call(t.url, 'DELETE', `/api/v1/approval/substitutes/${named.body.id}`, { bearer: bea.token });
    });

    it('refuses a chain of substitutes that goes round in a circle', async () => {
      const first = await call(t.url, 'POST', '/api/v1/approval/substitutes', {
        bearer: anna.token,
        body: { substituteId: bea.id, startsOn: today, endsOn: inAWeek },
      });
      expect(first.status).toBe(201);
      const second = await call(t.url, 'POST', '/api/v1/approval/substitutes', {
        bearer: bea.token,
        body: { substituteId: dora.id, startsOn: today, endsOn: inAWeek },
      });
      expect(second.status).toBe(201);
      const cycle = await call(t.url, 'POST', '/api/v1/approval/substitutes', {
        bearer: dora.token,
        body: { substituteId: anna.id, startsOn: today, endsOn: inAWeek },
      });
      expect(cycle.status).toBe(422);
      expect(cycle.body.error.code).toBe('APPROVAL_SUBSTITUTE_INVALID');
      // Someone else's substitute is named only by an admin.
      const foreign = await call(t.url, 'POST', '/api/v1/approval/substitutes', {
        bearer: dora.token,
        body: { userId: anna.id, substituteId: dora.id, startsOn: today, endsOn: inAWeek },
      });
      expect(foreign.status).toBe(403);
      for (const s of [first, second])
        await call(t.url, 'DELETE', `/api/v1/approval/substitutes/${s.body.id}`, { bearer: g.admin.token });
    });
  });

  it('keeps running approvals as they started when the policy changes, and dry-runs a draft', async () => {
    const h = await approvalFixture(t);
    const clerk = await h.person('Sachbearbeiter', ['approver']);
    await h.usePolicy({ preset: 'kommune-sachsen' });
    const running: string[] = [];
    for (let i = 0; i < 10; i++) running.push(await h.invoice([1000 * (i + 1)]));
    const svc = t.app.get(ApprovalService);
    const snapshot = async () =>
      Promise.all(
        running.map(async (id) => {
          const s = await svc.state(clerk.principal, id);
          return {
            policy: s.policy.id,
            tasks: s.tasks.map((x) => [x.stepKey, x.state, x.assigneeRoles, x.assigneeUsers]),
          };
        }),
      );
    const before = await snapshot();

    const draft = await call(t.url, 'POST', '/api/v1/approval/policies', {
      bearer: h.admin.token,
      body: { preset: 'kommune-hessen' },
    });
    expect(draft.status).toBe(201);
    const dry = await call(t.url, 'POST', `/api/v1/approval/policies/${draft.body.id}/dry-run?days=30`, {
      bearer: h.admin.token,
    });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      days: 30,
      invoices: 10,
      stepsPerInvoice: { 2: 10 },
      changed: 10,
      limitHits: 10,
    });
    expect(dry.body.steps.map((s: { key: string }) => s.key)).toEqual(['feststellung', 'anordnung']);
    expect(dry.body.steps[0].assignees).toContain('Sachbearbeiter');

    expect(
      (
        await call(t.url, 'POST', `/api/v1/approval/policies/${draft.body.id}/activate`, {
          bearer: h.admin.token,
        })
      ).status,
    ).toBe(200);
    expect(await snapshot()).toEqual(before);
    const fresh = await svc.state(clerk.principal, await h.invoice([999]));
    expect(fresh.policy.id).toBe(draft.body.id);
    expect(fresh.tasks.map((x) => x.stepKey)).toEqual(['feststellung', 'anordnung']);
    // The limits of the draft's dry run: with an Anordnungsbefugnis granted, no invoice hits one.
    await h.limit(clerk, 'anordnung', null);
    const dry2 = await call(t.url, 'POST', `/api/v1/approval/policies/${draft.body.id}/dry-run?days=30`, {
      bearer: h.admin.token,
    });
    expect(dry2.body.limitHits).toBe(0);
  });

  it('returns an invoice to its supplier with the reason', async () => {
    const id = await f.invoice([4200]);
    const noReason = await decide(a, id, { action: 'reject' });
    expect(noReason.body.error.code).toBe('APPROVAL_REASON_REQUIRED');
    const rejected = await decide(a, id, {
      action: 'reject',
      reason: 'Leistung nicht erbracht: Lieferung fehlt.',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.invoiceStatus).toBe('returned');
    const history = await t.app.get(InvoiceRepository).history(f.tenant.id, id);
    expect(history.at(-1)).toMatchObject({
      toStatus: 'returned',
      detail: { step: 'sachlich', by: 'Anna Feststellerin' },
    });
    expect(JSON.stringify(history.at(-1))).toContain('Lieferung fehlt');
    expect((await decide(b, id, { action: 'approve' })).body.error.code).toBe('APPROVAL_NOT_OPEN');
  });

  it('holds with a question, releases, reassigns and takes comments', async () => {
    const id = await f.invoice([3100]);
    expect((await decide(a, id, { action: 'hold', reason: 'Lieferschein fehlt noch?' })).status).toBe(200);
    expect((await state(a, id)).body.current).toMatchObject({
      state: 'held',
      heldQuestion: 'Lieferschein fehlt noch?',
    });
    expect((await decide(a, id, { action: 'release' })).status).toBe(200);
    expect((await decide(auditor, id, { action: 'comment', reason: 'Bitte Vertrag prüfen.' })).status).toBe(
      200,
    );
    const to = await decide(a, id, {
      action: 'reassign',
      reason: 'Zuständig ist Bernd.',
      reassignTo: { userId: b.id },
    });
    expect(to.status).toBe(200);
    expect((await decide(a, id, { action: 'approve' })).body.error.code).toBe('APPROVAL_NOT_ASSIGNED');
    expect((await decide(b, id, { action: 'approve' })).status).toBe(200);
  });

  it('records nothing when the invoice left approval some other way meanwhile (fails closed)', async () => {
    const id = await f.invoice([2500]);
    const gross = (await state(a, id)).body.instance.amount as string;
    await certify(id, gross);
    const invoices = t.app.get(InvoiceRepository);
    expect(await invoices.transition(f.tenant.id, id, 'awaiting_approval', 'cancelled', 'test')).toBe(true);
    // The compare-and-set of the lifecycle refuses a move from a state the invoice is no longer in.
    expect(await invoices.transition(f.tenant.id, id, 'awaiting_approval', 'approved', 'test')).toBe(false);
    const refused = await decide(b, id, { action: 'approve' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('APPROVAL_NOT_OPEN');
    const after = await state(b, id);
    expect(after.body.decisions.filter((d: { stepKey: string }) => d.stepKey === 'anordnung')).toEqual([]);
    expect(after.body.current.stepKey).toBe('anordnung');
    expect(await status(id)).toBe('cancelled');
  });

  it("never shows or decides another tenant's approval", async () => {
    const id = await f.invoice([1500]);
    const other = await approvalFixture(t);
    const stranger = await other.person('Fremd', ['approver', 'admin']);
    expect((await state(stranger, id)).status).toBe(404);
    expect((await decide(stranger, id, { action: 'approve' })).status).toBe(404);
    const inbox = await call(t.url, 'GET', '/api/v1/approval/tasks', { bearer: stranger.token });
    expect(inbox.body.rows.map((r: { invoiceId: string }) => r.invoiceId)).not.toContain(id);
  });
});
