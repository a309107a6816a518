/**
 * Staff notifications against the real application, PostgreSQL, Redis and an SMTP peer
 * (smtp-server in the process): new-task mails to the named assignees and group members,
 * the Skonto reminder on working days, the escalation that adds the policy's escalation
 * group, and the daily digest — each in the recipient's language, each exactly once, also
 * when a second application instance sweeps the same database (a restart, a lost queue)
 * and when the mail server was down while the notification was recorded.
 *
 * Time is the application's `Clock`, set per instance; the periodic sweep is off
 * (`JOBS_SWEEP_INTERVAL_SECONDS=0`) and each test runs the sweep itself.
 */
import { jest } from '@jest/globals';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { SMTPServer } from 'smtp-server';
import { createApp } from '../../../src/app.factory.js';
import { loadConfig } from '../../../src/config/app-config.js';
import { ApprovalService } from '../../../src/modules/approval/approval.service.js';
import type { PolicyDefinition } from '../../../src/modules/approval/policy/policy.js';
import { AuditService } from '../../../src/modules/audit/audit.service.js';
import { JobName, JobQueue } from '../../../src/modules/jobs/index.js';
import { DeadlineClocks } from '../../../src/modules/notifications/deadline-clocks.service.js';
import { NotificationJobs } from '../../../src/modules/notifications/jobs/notification.jobs.js';
import { formatDate } from '../../../src/modules/validation/report/format.js';
import { deleteRedisKeys, startTestApp, testEnv, type TestApp } from '../../support/app.js';
import { setClock } from '../../support/clock.js';
import { waitFor } from '../../support/wait.js';
import { call } from '../auth/identity-context.js';
import { approvalFixture, type ApprovalFixture, type Person } from '../approval/approval-context.js';

jest.setTimeout(180_000);

interface Sent {
  to: string;
  kind: string;
  subject: string;
  text: string;
  html: string;
}

const BASE = 'https://rechnung.stadt.example';
const SKONTO = '#SKONTO#TAGE=14#PROZENT=2.00#\n';

const addDays = (iso: string, n: number): string => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const weekday = (iso: string): number => new Date(`${iso}T00:00:00Z`).getUTCDay();
/** Noon UTC: the same calendar day in Berlin, summer or winter. */
const noon = (iso: string): string => `${iso}T12:00:00Z`;
const berlinToday = (): string => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });

const sent: Sent[] = [];
let smtp: SMTPServer;
let smtpUrl: string;
let t: TestApp;

/** Another instance of the application on the same database, with its own (empty) queue. */
async function otherInstance(env: Record<string, string> = {}): Promise<{
  app: INestApplication;
  close(): Promise<void>;
}> {
  const config = loadConfig(
    testEnv(t.db, {
      SMTP_URL: smtpUrl,
      JOBS_SWEEP_INTERVAL_SECONDS: '0',
      DIGEST_HOUR: '0',
      PUBLIC_BASE_URL: BASE,
      ...env,
    }),
  );
  const app = await createApp(config);
  return {
    app,
    async close() {
      await app.close();
      await deleteRedisKeys(config.redisUrl!, `${config.queuePrefix}:*`);
    },
  };
}

async function sweep(app: INestApplication): Promise<void> {
  await app.get(JobQueue).sweep();
}

async function openTaskOf(invoiceId: string): Promise<string> {
  const rows = await t.db.dataSource.query<{ id: string }[]>(
    `SELECT id FROM approval_tasks WHERE invoice_id = $1 AND state IN ('open', 'held')`,
    [invoiceId],
  );
  return rows[0].id;
}

async function unsentCount(): Promise<number> {
  const rows = await t.db.dataSource.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM notifications WHERE sent_at IS NULL`,
  );
  return rows[0].n;
}

/** Waits until every recorded notification went out and the queue has nothing left to run. */
async function settled(app: INestApplication = t.app): Promise<void> {
  await waitFor('all notifications sent', async () => (await unsentCount()) === 0);
  await waitFor('an idle queue', async () => {
    const detail = (await app.get(JobQueue).health()).detail ?? '';
    return /^(?=.*waiting=0)(?=.*active=0)(?=.*delayed=0)(?=.*prioritized=0)/.test(detail);
  });
}

const mails = (f: (m: Sent) => boolean): Sent[] => sent.filter(f);
const headerText = (v: unknown): string => (typeof v === 'string' ? v : '');

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      void simpleParser(stream).then((m) => {
        sent.push({
          to: session.envelope.rcptTo.map((r) => r.address).join(','),
          kind: headerText(m.headers.get('x-einvoice-notification')),
          subject: m.subject ?? '',
          text: (m.text ?? '').replace(/[\u00a0\u202f]/g, ' '),
          html: typeof m.html === 'string' ? m.html : '',
        });
        done();
      }, done);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  t = await startTestApp({
    SMTP_URL: smtpUrl,
    JOBS_SWEEP_INTERVAL_SECONDS: '0',
    DIGEST_HOUR: '0',
    PUBLIC_BASE_URL: BASE,
  });
});

afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

describe('new tasks, Skonto reminders and the digest (a municipality)', () => {
  let f: ApprovalFixture;
  let doris: Person; // sachlich, German
  let evan: Person; // sachlich, English
  let karl: Person; // member of the group "Kämmerei" (Anordnung)
  let treasurer: Person; // holds the role the anordnung step also names: never mailed for it
  const today = berlinToday();
  // A Monday 8 to 14 days ahead: its Skonto deadline (invoice date + 14) falls on it.
  const monday = [8, 9, 10, 11, 12, 13, 14].map((d) => addDays(today, d)).find((d) => weekday(d) === 1)!;
  const issueDate = addDays(monday, -14);

  beforeAll(async () => {
    f = await approvalFixture(t);
    doris = await f.person('Doris Sachbearbeiterin', ['approver']);
    evan = await f.person('Evan Clerk', ['approver']);
    karl = await f.person('Karl Kämmerer', ['approver']);
    treasurer = await f.person('Tanja Kasse', ['treasury']);
    const approval = t.app.get(ApprovalService);
    await approval.createGroup(f.adminPrincipal, 'Kämmerei', [karl.id]);
    const definition: PolicyDefinition = {
      steps: [
        {
          key: 'sachlich',
          kind: 'sachlich',
          label: { de: 'Sachlich richtig', en: 'Factually correct' },
          assignees: { users: [doris.email, evan.email] },
        },
        {
          key: 'anordnung',
          kind: 'anordnung',
          label: { de: 'Anordnung', en: 'Payment order' },
          assignees: { groups: ['Kämmerei'], roles: ['treasury'] },
        },
      ],
      separation: { feststellerMayOrder: 'never' },
      amountBasis: 'gross',
      deadlines: { reminderWorkingDays: 2, escalationWorkingDays: 0 },
    };
    await f.usePolicy({ definition });
    // Evan reads English: he says so himself.
    const res = await call(t.url, 'PATCH', '/api/v1/me/preferences', {
      bearer: evan.token,
      body: { lang: 'en' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ lang: 'en', digest: false });
  });

  it('lets users and admins set the language and the digest, and refuses what is neither', async () => {
    const own = await call(t.url, 'GET', '/api/v1/me/preferences', { bearer: doris.token });
    expect(own.body).toEqual({ lang: 'de', digest: false });
    const bad = await call(t.url, 'PATCH', '/api/v1/me/preferences', {
      bearer: doris.token,
      body: { lang: 'fr' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('AUTH_INVALID_INPUT');
    const notBool = await call(t.url, 'PATCH', '/api/v1/me/preferences', {
      bearer: doris.token,
      body: { digest: 'yes' },
    });
    expect(notBool.status).toBe(400);
    const admin = await call(t.url, 'PATCH', `/api/v1/admin/users/${treasurer.id}`, {
      bearer: f.admin.token,
      body: { lang: 'en', digest: true },
    });
    expect(admin.status).toBe(200);
    expect(admin.body).toMatchObject({ id: treasurer.id, lang: 'en', digest: true });
    const back = await call(t.url, 'PATCH', `/api/v1/admin/users/${treasurer.id}`, {
      bearer: f.admin.token,
      body: { lang: 'de', digest: false },
    });
    expect(back.body).toMatchObject({ lang: 'de', digest: false });
  });

  it('mails a new task to its named users and group members, each in their language, once', async () => {
    const invoiceId = await f.invoice([10_000], { paymentTerms: SKONTO, issueDate, number: 'NT-1' });
    await sweep(t.app);
    const forDoris = await waitFor('the task mail to Doris', async () =>
      mails((m) => m.kind === 'task' && m.to === doris.email && m.text.includes(invoiceId)).at(0),
    );
    expect(forDoris.subject).toBe('Neue Aufgabe: Sachlich richtig – Rechnung NT-1 von Musterlieferant GmbH');
    expect(forDoris.text).toContain('Guten Tag Doris Sachbearbeiterin,');
    expect(forDoris.text).toContain(`Rechnung öffnen: ${BASE}/invoices/${invoiceId}`);
    expect(forDoris.text).toContain(`Ihr Posteingang: ${BASE}/inbox`);
    expect(forDoris.text).toMatch(/Betrag: +119,00 €/);
    expect(forDoris.text).toMatch(new RegExp(`Skonto bis: +${formatDate(monday, 'de')} \\(2,38 €\\)`));
    expect(forDoris.html).toContain(`<a href="${BASE}/invoices/${invoiceId}">Rechnung öffnen</a>`);
    const forEvan = await waitFor('the task mail to Evan', async () =>
      mails((m) => m.kind === 'task' && m.to === evan.email && m.text.includes(invoiceId)).at(0),
    );
    expect(forEvan.subject).toMatch(/^New task: Factually correct – invoice NT-1 from /);
    expect(forEvan.text).toContain('Hello Evan Clerk,');
    expect(forEvan.text).toMatch(/Amount: +€119\.00/);

    // The next step opens: the group's member hears of it; the role's holder does not.
    await t.app.get(ApprovalService).decide(doris.principal, { invoiceId, action: 'approve' });
    await sweep(t.app);
    const forKarl = await waitFor('the task mail to Karl', async () =>
      mails((m) => m.kind === 'task' && m.to === karl.email && m.text.includes(invoiceId)).at(0),
    );
    expect(forKarl.subject).toMatch(/^Neue Aufgabe: Anordnung – Rechnung NT-1/);

    await sweep(t.app);
    await sweep(t.app);
    await settled();
    const taskMails = mails((m) => m.kind === 'task' && m.text.includes(invoiceId));
    expect(taskMails.map((m) => m.to).sort()).toEqual([doris.email, evan.email, karl.email].sort());
    expect(mails((m) => m.to === treasurer.email)).toEqual([]);
  });

  it('reminds two working days before the Skonto deadline (Thursday for a Monday), once', async () => {
    const invoiceId = await f.invoice([10_000], { paymentTerms: SKONTO, issueDate, number: 'RM-1' });
    const taskId = await openTaskOf(invoiceId);
    const jobs = t.app.get(NotificationJobs);
    const remindsTask = async () =>
      (await jobs.findPending()).some(
        (r) => r.name === JobName.ApprovalRemind && r.payload.taskId === taskId,
      );

    // Wednesday: counted in calendar days the reminder would be due on Saturday; in working days on Thursday.
    for (const before of [-6, -5]) {
      setClock(t.app, noon(addDays(monday, before)));
      expect(await remindsTask()).toBe(false);
      expect(await t.app.get(DeadlineClocks).remind(f.tenant.id, taskId)).toEqual([]);
    }
    setClock(t.app, noon(addDays(monday, -4)));
    expect(weekday(addDays(monday, -4))).toBe(4);
    expect(await remindsTask()).toBe(true);
    await sweep(t.app);
    const de = await waitFor('the German reminder', async () =>
      mails((m) => m.kind === 'reminder' && m.to === doris.email && m.text.includes(invoiceId)).at(0),
    );
    expect(de.subject).toBe(`Erinnerung: Skonto-Frist am ${formatDate(monday, 'de')} – Rechnung RM-1`);
    expect(de.text).toContain(`die Skonto-Frist dieser Rechnung endet am ${formatDate(monday, 'de')}`);
    const en = await waitFor('the English reminder', async () =>
      mails((m) => m.kind === 'reminder' && m.to === evan.email && m.text.includes(invoiceId)).at(0),
    );
    expect(en.subject).toBe(`Reminder: cash discount ends ${formatDate(monday, 'en')} – invoice RM-1`);

    // Again the same day, the next day, and by hand: nothing more.
    await sweep(t.app);
    setClock(t.app, noon(addDays(monday, -3)));
    await sweep(t.app);
    expect(await remindsTask()).toBe(false);
    expect(await t.app.get(DeadlineClocks).remind(f.tenant.id, taskId)).toEqual([]);
    await settled();
    expect(mails((m) => m.kind === 'reminder' && m.text.includes(invoiceId))).toHaveLength(2);
  });

  it('records a reminder once across instances and restarts, and sends it once the mail server is back', async () => {
    const invoiceId = await f.invoice([10_000], { paymentTerms: SKONTO, issueDate, number: 'RM-2' });
    const taskId = await openTaskOf(invoiceId);
    await settled();
    const thursday = noon(addDays(monday, -4));

    // An instance whose mail server is unreachable records the reminder, but cannot send it.
    const down = await otherInstance({ SMTP_URL: 'smtp://127.0.0.1:9' });
    try {
      setClock(down.app, thursday);
      await sweep(down.app);
      await waitFor('the reminder recorded', async () => {
        const rows = await t.db.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM notifications WHERE task_id = $1 AND kind = 'reminder'`,
          [taskId],
        );
        return rows[0].n === 2;
      });
      const [task] = await t.db.dataSource.query<{ reminded: boolean }[]>(
        `SELECT reminded_at IS NOT NULL AS reminded FROM approval_tasks WHERE id = $1`,
        [taskId],
      );
      expect(task.reminded).toBe(true);
      expect(mails((m) => m.kind === 'reminder' && m.text.includes(invoiceId))).toEqual([]);
    } finally {
      await down.close();
    }

    // A fresh instance (another queue: nothing of the first survived) sweeps the same database.
    const next = await otherInstance();
    try {
      setClock(next.app, thursday);
      await sweep(next.app);
      await waitFor('both reminders sent', async () =>
        mails((m) => m.kind === 'reminder' && m.text.includes(invoiceId)).length === 2 ? true : undefined,
      );
      await sweep(next.app);
      setClock(t.app, thursday);
      await sweep(t.app);
      await settled(next.app);
      await settled(t.app);
    } finally {
      await next.close();
    }
    const reminders = mails((m) => m.kind === 'reminder' && m.text.includes(invoiceId));
    expect(reminders.map((m) => m.to).sort()).toEqual([doris.email, evan.email].sort());
    const [rows] = await t.db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM notifications WHERE task_id = $1 AND kind = 'reminder'`,
      [taskId],
    );
    expect(rows.n).toBe(2);
  });

  it('sends the daily digest to who asked for it, once a day, in their language', async () => {
    // Skonto in four days: at risk.
    const urgent = await f.invoice([10_000], {
      paymentTerms: SKONTO,
      issueDate: addDays(today, -10),
      number: 'DG-URGENT',
    });
    await settled();
    const on = await call(t.url, 'PATCH', '/api/v1/me/preferences', {
      bearer: evan.token,
      body: { digest: true },
    });
    expect(on.body).toEqual({ lang: 'en', digest: true });
    const now = new Date();
    setClock(t.app, now);
    const day = now.toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
    const open = await t.app.get(ApprovalService).inbox(evan.principal, { limit: 1 });
    expect(open.total).toBeGreaterThanOrEqual(3);
    await sweep(t.app);
    const digest = await waitFor('the digest', async () =>
      mails((m) => m.kind === 'digest' && m.to === evan.email).at(0),
    );
    expect(digest.subject).toBe(`Your open tasks on ${formatDate(day, 'en')}: ${open.total}`);
    expect(digest.text).toContain(`${open.total} tasks wait for your decision.`);
    expect(digest.text).toContain('Cash discount at risk (deadline within 7 days): €2.38 on 1 invoice.');
    expect(digest.text).toContain('The most urgent:');
    expect(digest.text).toMatch(/1\. DG-URGENT – .* – €119\.00 – Factually correct/);
    expect(digest.text).toContain(`${BASE}/invoices/${urgent}`);
    expect(digest.html).toContain(`<a href="${BASE}/invoices/${urgent}">DG-URGENT</a>`);

    await sweep(t.app);
    await sweep(t.app);
    await settled();
    expect(mails((m) => m.kind === 'digest')).toHaveLength(1);
  });
});

describe('escalation (a municipality whose policy escalates after one working day)', () => {
  let f: ApprovalFixture;
  let erna: Person;
  let chief: Person; // member of "Amtsleitung", reads English

  beforeAll(async () => {
    f = await approvalFixture(t);
    erna = await f.person('Erna Prüferin', ['approver']);
    chief = await f.person('Chris Chief', ['approver']);
    const approval = t.app.get(ApprovalService);
    await approval.createGroup(f.adminPrincipal, 'Amtsleitung', [chief.id]);
    await call(t.url, 'PATCH', '/api/v1/me/preferences', { bearer: chief.token, body: { lang: 'en' } });
    await f.usePolicy({
      definition: {
        steps: [
          {
            key: 'sachlich',
            kind: 'sachlich',
            label: { de: 'Sachlich richtig', en: 'Factually correct' },
            assignees: { users: [erna.email] },
          },
          {
            key: 'anordnung',
            kind: 'anordnung',
            label: { de: 'Anordnung', en: 'Payment order' },
            assignees: { roles: ['approver'] },
          },
        ],
        separation: { feststellerMayOrder: 'never' },
        amountBasis: 'gross',
        deadlines: {
          reminderWorkingDays: 0,
          escalationWorkingDays: 1,
          escalateTo: { groups: ['Amtsleitung'] },
        },
      },
    });
  });

  it('escalates a task opened on a Friday on Monday, not over the weekend, adds the group and keeps the assignee', async () => {
    const invoiceId = await f.invoice([20_000], { number: 'ES-1' });
    const taskId = await openTaskOf(invoiceId);
    await settled();
    // The task opened on a Friday morning (Berlin).
    const friday = [7, 8, 9, 10, 11, 12, 13]
      .map((d) => addDays(berlinToday(), -d))
      .find((d) => weekday(d) === 5)!;
    await t.db.dataSource.query(
      `UPDATE approval_tasks SET opened_at = $2::timestamptz, notified_at = $2::timestamptz WHERE id = $1`,
      [taskId, `${friday}T09:30:00+01:00`],
    );
    const jobs = t.app.get(NotificationJobs);
    const escalates = async () =>
      (await jobs.findPending()).some(
        (r) => r.name === JobName.ApprovalEscalate && r.payload.taskId === taskId,
      );
    for (const d of [0, 1, 2]) {
      setClock(t.app, noon(addDays(friday, d)));
      expect(await escalates()).toBe(false);
      expect(await t.app.get(DeadlineClocks).escalate(f.tenant.id, taskId)).toEqual([]);
    }
    const monday = addDays(friday, 3);
    setClock(t.app, noon(monday));
    expect(await escalates()).toBe(true);
    await sweep(t.app);
    const mail = await waitFor('the escalation mail', async () =>
      mails((m) => m.kind === 'escalation' && m.text.includes(invoiceId)).at(0),
    );
    expect(mail.to).toBe(chief.email);
    expect(mail.subject).toBe('Escalation: invoice ES-1 has waited 1 working day');
    expect(mail.text).toContain(`since ${formatDate(friday, 'en')} (1 working day)`);
    expect(mail.text).toContain('assigned to you as well; its assignees keep it');

    // The group is on the task now; Erna still is. Both may decide.
    const state = await t.app.get(ApprovalService).state(chief.principal, invoiceId);
    expect(state.current?.assigneeUsers).toEqual([erna.id]);
    expect(state.current?.assigneeGroups).toHaveLength(1);
    expect(state.allowed.find((a) => a.action === 'approve')?.ok).toBe(true);
    const forErna = await t.app.get(ApprovalService).state(erna.principal, invoiceId);
    expect(forErna.allowed.find((a) => a.action === 'approve')?.ok).toBe(true);
    await t.app.get(AuditService).flush();
    const audit = await t.db.dataSource.query<{ actor: string; data: { task: string } }[]>(
      `SELECT actor, data FROM audit_log WHERE action = 'approval.escalated' AND subject = $1`,
      [`invoice:${invoiceId}`],
    );
    expect(audit).toEqual([{ actor: 'system', data: expect.objectContaining({ task: taskId }) }]);

    // Once: the same instance again, a restarted one the next day.
    await sweep(t.app);
    await settled();
    const next = await otherInstance();
    try {
      setClock(next.app, noon(addDays(monday, 1)));
      await sweep(next.app);
      expect(await next.app.get(DeadlineClocks).escalate(f.tenant.id, taskId)).toEqual([]);
      await settled(next.app);
    } finally {
      await next.close();
    }
    expect(mails((m) => m.kind === 'escalation' && m.text.includes(invoiceId))).toHaveLength(1);
    const [count] = await t.db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'approval.escalated' AND subject = $1`,
      [`invoice:${invoiceId}`],
    );
    expect(count.n).toBe(1);
  });
});
