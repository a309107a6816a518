import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { withSystemContext, withTenant } from '../../database/tenant-transaction.js';
import type { Assignees } from '../approval/policy/policy.js';
import { BUSINESS_TIME_ZONE } from './clock.js';
import type { NotificationKind, TaskFacts } from './templates.js';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A task with what its clocks and its mails need, read (and locked) in the tenant's transaction. */
export interface DeadlineTask {
  readonly taskId: string;
  readonly invoiceId: string;
  readonly state: string;
  readonly instanceState: string;
  /** Opening time as a key (microseconds since the epoch); null while the task waits. */
  readonly openedKey: string | null;
  /** The day the task opened, in the business zone. */
  readonly openedOn: string | null;
  readonly notified: boolean;
  readonly reminded: boolean;
  readonly escalated: boolean;
  readonly assigneeUsers: readonly string[];
  readonly assigneeGroups: readonly string[];
  readonly reminderWorkingDays: number;
  readonly escalationWorkingDays: number;
  readonly escalateTo: Assignees | undefined;
  readonly facts: TaskFacts;
}

export interface Recipient {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly lang: 'de' | 'en';
}

export interface NewNotification {
  readonly userId: string;
  readonly kind: NotificationKind;
  readonly invoiceId: string | null;
  readonly taskId: string | null;
  /** Unique per tenant: the same notification is never recorded twice. */
  readonly dedupeKey: string;
  readonly data: object;
}

export interface StoredNotification {
  readonly id: string;
  readonly kind: NotificationKind;
  readonly data: Record<string, unknown>;
  readonly sent: boolean;
  readonly recipient: Recipient & { readonly disabled: boolean };
}

export interface ReminderCandidate {
  readonly tenantId: string;
  readonly taskId: string;
  readonly skontoDeadline: string | null;
  readonly dueDeadline: string | null;
  readonly reminderWorkingDays: number;
}

export interface EscalationCandidate {
  readonly tenantId: string;
  readonly taskId: string;
  readonly openedOn: string;
  readonly escalationWorkingDays: number;
}

const day = (v: unknown): string | null => (typeof v === 'string' ? v.slice(0, 10) : null);
const days = (v: unknown): number => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : 0;
};

const TASK_SELECT = `
  SELECT t.id, t.invoice_id, t.state, t.assignee_users, t.assignee_groups,
         (extract(epoch FROM t.opened_at) * 1000000)::bigint::text AS opened_key,
         to_char(t.opened_at AT TIME ZONE '${BUSINESS_TIME_ZONE}', 'YYYY-MM-DD') AS opened_on,
         t.notified_at IS NOT DISTINCT FROM t.opened_at AS notified,
         t.reminded_at IS NOT NULL AS reminded, t.escalated_at IS NOT NULL AS escalated,
         t.label, a.state AS instance_state, a.amount::text AS amount, a.currency,
         to_char(a.skonto_deadline, 'YYYY-MM-DD') AS skonto_deadline, a.skonto_amount::text AS skonto_amount,
         to_char(a.due_deadline, 'YYYY-MM-DD') AS due_deadline,
         p.definition -> 'deadlines' AS deadlines, i.number, i.seller_name
    FROM approval_tasks t
    JOIN approval_instances a ON a.invoice_id = t.invoice_id
    JOIN approval_policies p ON p.id = a.policy_id
    JOIN invoices i ON i.id = t.invoice_id`;

export function taskFactsOf(r: Row): TaskFacts {
  return {
    invoiceId: r.invoice_id,
    number: r.number ?? null,
    seller: r.seller_name ?? null,
    amount: r.amount,
    currency: r.currency,
    step: { de: r.label?.de ?? '', en: r.label?.en ?? r.label?.de ?? '' },
    skontoDeadline: day(r.skonto_deadline),
    skontoAmount: r.skonto_amount ?? null,
    dueDeadline: day(r.due_deadline),
  };
}

/**
 * The outbox of staff notifications and the reads the deadline clocks need, in raw SQL.
 * The sweeps' candidate queries cross tenants (system context, read only); everything that
 * writes runs in the tenant's transaction.
 */
@Injectable()
export class NotificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  tx<T>(tenantId: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return withTenant(this.dataSource, tenantId, fn);
  }

  // Sweeps (across tenants) -------------------------------------------------------------------

  /** Open tasks whose opening has not been told to their assignees yet. */
  async unnotifiedOpenings(limit: number): Promise<Array<{ tenantId: string; taskId: string }>> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT t.tenant_id, t.id FROM approval_tasks t JOIN approval_instances a ON a.invoice_id = t.invoice_id
          WHERE t.state IN ('open', 'held') AND t.opened_at IS NOT NULL
            AND t.notified_at IS DISTINCT FROM t.opened_at AND a.state = 'open'
          ORDER BY t.opened_at LIMIT $1`,
        [limit],
      );
      return rows.map((r) => ({ tenantId: r.tenant_id, taskId: r.id }));
    });
  }

  /**
   * Open tasks not yet reminded whose policy reminds and whose Skonto or due deadline is
   * near enough that a reminder could be due (`horizon` calendar days per working day
   * count); the exact working-day check follows on the tenant's calendar.
   */
  async reminderCandidates(today: string, limit: number): Promise<ReminderCandidate[]> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows: Row[] = await m.query(
        `WITH c AS (
           SELECT t.tenant_id, t.id, a.skonto_deadline, a.due_deadline, t.opened_at,
                  CASE WHEN p.definition -> 'deadlines' ->> 'reminderWorkingDays' ~ '^[0-9]{1,3}$'
                       THEN (p.definition -> 'deadlines' ->> 'reminderWorkingDays')::int ELSE 0 END AS n
             FROM approval_tasks t
             JOIN approval_instances a ON a.invoice_id = t.invoice_id
             JOIN approval_policies p ON p.id = a.policy_id
            WHERE t.state IN ('open', 'held') AND t.reminded_at IS NULL AND a.state = 'open'
              AND (a.skonto_deadline >= $1::date OR a.due_deadline >= $1::date))
         SELECT tenant_id, id, to_char(skonto_deadline, 'YYYY-MM-DD') AS skonto_deadline,
                to_char(due_deadline, 'YYYY-MM-DD') AS due_deadline, n
           FROM c
          WHERE n > 0
            AND least(CASE WHEN skonto_deadline >= $1::date THEN skonto_deadline END,
                      CASE WHEN due_deadline >= $1::date THEN due_deadline END)
                <= $1::date + (ceil(n * 7 / 5.0)::int + 16)
          ORDER BY opened_at LIMIT $2`,
        [today, limit],
      );
      return rows.map((r) => ({
        tenantId: r.tenant_id,
        taskId: r.id,
        skontoDeadline: day(r.skonto_deadline),
        dueDeadline: day(r.due_deadline),
        reminderWorkingDays: days(r.n),
      }));
    });
  }

  /** Open tasks not yet escalated whose policy escalates and that opened at least that many calendar days ago. */
  async escalationCandidates(today: string, limit: number): Promise<EscalationCandidate[]> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows: Row[] = await m.query(
        `WITH c AS (
           SELECT t.tenant_id, t.id, t.opened_at,
                  (t.opened_at AT TIME ZONE '${BUSINESS_TIME_ZONE}')::date AS opened_on,
                  CASE WHEN p.definition -> 'deadlines' ->> 'escalationWorkingDays' ~ '^[0-9]{1,3}$'
                       THEN (p.definition -> 'deadlines' ->> 'escalationWorkingDays')::int ELSE 0 END AS n
             FROM approval_tasks t
             JOIN approval_instances a ON a.invoice_id = t.invoice_id
             JOIN approval_policies p ON p.id = a.policy_id
            WHERE t.state = 'open' AND t.escalated_at IS NULL AND t.opened_at IS NOT NULL AND a.state = 'open')
         SELECT tenant_id, id, to_char(opened_on, 'YYYY-MM-DD') AS opened_on, n
           FROM c WHERE n > 0 AND opened_on + n <= $1::date
          ORDER BY opened_at LIMIT $2`,
        [today, limit],
      );
      return rows.map((r) => ({
        tenantId: r.tenant_id,
        taskId: r.id,
        openedOn: day(r.opened_on)!,
        escalationWorkingDays: days(r.n),
      }));
    });
  }

  /** Users who asked for the digest and have none recorded for `day`. */
  async digestCandidates(
    dayIso: string,
    limit: number,
  ): Promise<Array<{ tenantId: string; userId: string }>> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT u.tenant_id, u.id FROM users u
          WHERE u.digest AND u.disabled_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM notifications n
                             WHERE n.tenant_id = u.tenant_id AND n.dedupe_key = 'digest:' || $1 || ':' || u.id)
          ORDER BY u.created_at LIMIT $2`,
        [dayIso, limit],
      );
      return rows.map((r) => ({ tenantId: r.tenant_id, userId: r.id }));
    });
  }

  /** Recorded notifications not sent yet, oldest first. */
  async unsent(limit: number): Promise<Array<{ tenantId: string; notificationId: string }>> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT tenant_id, id FROM notifications WHERE sent_at IS NULL ORDER BY created_at LIMIT $1`,
        [limit],
      );
      return rows.map((r) => ({ tenantId: r.tenant_id, notificationId: r.id }));
    });
  }

  // Tenant transactions -----------------------------------------------------------------------

  /** The task with its clocks and facts, locked for the rest of the transaction. */
  async lockTask(m: EntityManager, taskId: string): Promise<DeadlineTask | undefined> {
    const rows: Row[] = await m.query(`${TASK_SELECT} WHERE t.id = $1 FOR UPDATE OF t`, [taskId]);
    const r = rows[0];
    if (!r) return undefined;
    const d = (r.deadlines ?? {}) as Record<string, unknown>;
    return {
      taskId: r.id,
      invoiceId: r.invoice_id,
      state: r.state,
      instanceState: r.instance_state,
      openedKey: r.opened_key ?? null,
      openedOn: day(r.opened_on),
      notified: r.notified,
      reminded: r.reminded,
      escalated: r.escalated,
      assigneeUsers: r.assignee_users ?? [],
      assigneeGroups: r.assignee_groups ?? [],
      reminderWorkingDays: days(d.reminderWorkingDays),
      escalationWorkingDays: days(d.escalationWorkingDays),
      escalateTo: (d.escalateTo as Assignees | undefined) ?? undefined,
      facts: taskFactsOf(r),
    };
  }

  /** The enabled users named directly or through a group, each once. Role holders are not listed. */
  async recipients(
    m: EntityManager,
    userIds: readonly string[],
    groupIds: readonly string[],
  ): Promise<Recipient[]> {
    const rows: Row[] = await m.query(
      `SELECT u.id, u.email, u.display_name, u.lang FROM users u
        WHERE u.disabled_at IS NULL
          AND (u.id = ANY($1::uuid[])
               OR EXISTS (SELECT 1 FROM approval_group_members g WHERE g.user_id = u.id AND g.group_id = ANY($2::uuid[])))
        ORDER BY u.display_name, u.id`,
      [userIds, groupIds],
    );
    return rows.map((r) => ({ id: r.id, email: r.email, displayName: r.display_name, lang: r.lang }));
  }

  /** E-mails and group names of a policy's assignees → ids (unknown or disabled ones left out); roles as they are. */
  async resolve(
    m: EntityManager,
    who: Assignees | undefined,
  ): Promise<{ userIds: string[]; groupIds: string[]; roles: string[] }> {
    const emails = [...new Set((who?.users ?? []).map((e) => e.toLowerCase()))];
    const names = [...new Set(who?.groups ?? [])];
    const users: Row[] = emails.length
      ? await m.query(`SELECT id FROM users WHERE email = ANY($1) AND disabled_at IS NULL ORDER BY email`, [
          emails,
        ])
      : [];
    const groups: Row[] = names.length
      ? await m.query(`SELECT id FROM approval_groups WHERE name = ANY($1) ORDER BY name`, [names])
      : [];
    return {
      userIds: users.map((u) => u.id),
      groupIds: groups.map((g) => g.id),
      roles: [...new Set(who?.roles ?? [])],
    };
  }

  async markReminded(m: EntityManager, taskId: string): Promise<void> {
    await m.query(`UPDATE approval_tasks SET reminded_at = now() WHERE id = $1`, [taskId]);
  }

  /** The task's current opening counts as told. */
  async markNotified(m: EntityManager, taskId: string): Promise<void> {
    await m.query(`UPDATE approval_tasks SET notified_at = opened_at WHERE id = $1`, [taskId]);
  }

  /** Records notifications; ones recorded before (same dedupe key) are skipped. Returns the new ids. */
  async insert(m: EntityManager, tenantId: string, items: readonly NewNotification[]): Promise<string[]> {
    if (items.length === 0) return [];
    const rows: Row[] = await m.query(
      `INSERT INTO notifications (tenant_id, user_id, kind, invoice_id, task_id, dedupe_key, data)
       SELECT $1, n.user_id, n.kind, n.invoice_id, n.task_id, n.dedupe_key, n.data
         FROM jsonb_to_recordset($2::jsonb) AS n(user_id uuid, kind text, invoice_id uuid, task_id uuid,
              dedupe_key text, data jsonb)
       ON CONFLICT (tenant_id, dedupe_key) DO NOTHING
       RETURNING id`,
      [
        tenantId,
        JSON.stringify(
          items.map((i) => ({
            user_id: i.userId,
            kind: i.kind,
            invoice_id: i.invoiceId,
            task_id: i.taskId,
            dedupe_key: i.dedupeKey,
            data: i.data,
          })),
        ),
      ],
    );
    return rows.map((r) => r.id);
  }

  async notification(m: EntityManager, id: string, lock = false): Promise<StoredNotification | undefined> {
    const rows: Row[] = await m.query(
      `SELECT n.id, n.kind, n.data, n.sent_at IS NOT NULL AS sent,
              u.id AS user_id, u.email, u.display_name, u.lang, u.disabled_at IS NOT NULL AS disabled
         FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.id = $1${lock ? ' FOR UPDATE OF n' : ''}`,
      [id],
    );
    const r = rows[0];
    return (
      r && {
        id: r.id,
        kind: r.kind,
        data: r.data ?? {},
        sent: r.sent,
        recipient: {
          id: r.user_id,
          email: r.email,
          displayName: r.display_name,
          lang: r.lang,
          disabled: r.disabled,
        },
      }
    );
  }

  async markSent(m: EntityManager, id: string, skippedReason: string | null = null): Promise<void> {
    await m.query(
      `UPDATE notifications SET sent_at = now(), skipped_reason = $2 WHERE id = $1 AND sent_at IS NULL`,
      [id, skippedReason],
    );
  }

  /** A staff user as the digest needs them. */
  async digestUser(
    m: EntityManager,
    userId: string,
  ): Promise<
    | {
        id: string;
        displayName: string;
        roles: string[];
        digest: boolean;
        disabled: boolean;
        lang: 'de' | 'en';
      }
    | undefined
  > {
    const rows: Row[] = await m.query(
      `SELECT id, display_name, roles, digest, disabled_at IS NOT NULL AS disabled, lang FROM users WHERE id = $1`,
      [userId],
    );
    const r = rows[0];
    return (
      r && {
        id: r.id,
        displayName: r.display_name,
        roles: r.roles,
        digest: r.digest,
        disabled: r.disabled,
        lang: r.lang,
      }
    );
  }

  /** Notifications recorded for a task (tests, support). */
  async forTask(
    m: EntityManager,
    taskId: string,
  ): Promise<Array<{ id: string; kind: NotificationKind; userId: string; sent: boolean }>> {
    const rows: Row[] = await m.query(
      `SELECT id, kind, user_id, sent_at IS NOT NULL AS sent FROM notifications WHERE task_id = $1 ORDER BY created_at, id`,
      [taskId],
    );
    return rows.map((r) => ({ id: r.id, kind: r.kind, userId: r.user_id, sent: r.sent }));
  }
}
