import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { DataSource, type EntityManager } from 'typeorm';
import { withSystemContext, withTenant } from '../../database/tenant-transaction.js';
import type { PlannedStep, PolicyDefinition, StepKind } from './policy/policy.js';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface PolicyRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly version: number;
  readonly state: 'draft' | 'active' | 'retired';
  readonly name: string;
  readonly preset: string | null;
  readonly definition: PolicyDefinition;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly activatedAt: Date | null;
  readonly activatedBy: string | null;
}

export interface InstanceRecord {
  readonly invoiceId: string;
  readonly tenantId: string;
  readonly policyId: string;
  readonly state: 'open' | 'approved' | 'returned' | 'cancelled';
  readonly amount: string;
  readonly currency: string;
  readonly creditNote: boolean;
  readonly sellerKey: string | null;
  readonly skontoDeadline: string | null;
  readonly skontoAmount: string | null;
  readonly dueDeadline: string | null;
  readonly kontierungBy: string | null;
  readonly kontierungAt: Date | null;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
}

export type TaskState = 'waiting' | 'open' | 'held' | 'done' | 'cancelled';

export interface TaskRecord {
  readonly id: string;
  readonly invoiceId: string;
  readonly stepIndex: number;
  readonly stepKey: string;
  readonly stepKind: StepKind;
  readonly label: { de: string; en: string };
  readonly state: TaskState;
  readonly assigneeUsers: readonly string[];
  readonly assigneeGroups: readonly string[];
  readonly assigneeRoles: readonly string[];
  readonly bulkAllowed: boolean;
  readonly openedAt: Date | null;
  readonly heldQuestion: string | null;
  readonly decidedAt: Date | null;
  readonly decidedBy: string | null;
  readonly onBehalfOf: string | null;
}

export interface DecisionRecord {
  readonly id: string;
  readonly taskId: string | null;
  readonly stepKey: string | null;
  readonly stepKind: string | null;
  readonly action: string;
  readonly actor: string;
  readonly actorUserId: string | null;
  readonly actorName: string;
  readonly onBehalfOf: string | null;
  readonly onBehalfName: string | null;
  readonly policyVersion: number;
  readonly reason: string | null;
  readonly data: Record<string, unknown> | null;
  readonly at: Date;
}

export interface KontierungLine {
  readonly buchungsstelle: string;
  readonly kostenstelle?: string | null;
  readonly investitionsnummer?: string | null;
  /** Decimal string with at most two decimals. */
  readonly amount: string;
}

export interface StaffUser {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly roles: readonly string[];
  readonly disabled: boolean;
  readonly groupIds: readonly string[];
}

export interface SubstitutionRecord {
  readonly id: string;
  readonly userId: string;
  readonly userName: string;
  readonly substituteId: string;
  readonly substituteName: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

export interface InboxFilter {
  readonly stepKey?: string;
  readonly supplier?: string;
  readonly minAmount?: string;
  readonly maxAmount?: string;
  /** Tasks whose Skonto or due deadline is within this many days from today. */
  readonly dueWithinDays?: number;
  /** Invoice number or supplier name, case-insensitive substring. */
  readonly q?: string;
  readonly sort?: 'skonto' | 'due' | 'amount' | 'received';
  readonly direction?: 'asc' | 'desc';
  readonly offset?: number;
  readonly limit: number;
}

export interface InboxRow {
  readonly taskId: string;
  readonly invoiceId: string;
  readonly stepKey: string;
  readonly stepKind: StepKind;
  readonly label: { de: string; en: string };
  readonly state: TaskState;
  readonly heldQuestion: string | null;
  readonly number: string | null;
  readonly sellerName: string | null;
  readonly issueDate: string | null;
  readonly receivedAt: Date;
  readonly amount: string;
  readonly currency: string;
  readonly skontoDeadline: string | null;
  readonly skontoAmount: string | null;
  readonly dueDeadline: string | null;
  readonly openedAt: Date | null;
}

export interface InboxPage {
  readonly rows: InboxRow[];
  readonly total: number;
  /** Sum of the Skonto amounts of the listed tasks whose Skonto deadline is within the risk window. */
  readonly skontoAtRisk: string;
  readonly atRiskCount: number;
  readonly countsByStep: Record<string, number>;
}

/** Who an inbox is for: the user and the people they stand in for today, with their groups and roles. */
export interface Reach {
  readonly users: readonly string[];
  readonly groups: readonly string[];
  readonly roles: readonly string[];
  /** Admins also see tasks nobody could be found for (to reassign them). */
  readonly unassigned: boolean;
}

const policyOf = (r: Row): PolicyRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  version: r.version,
  state: r.state,
  name: r.name,
  preset: r.preset,
  definition: r.definition,
  createdBy: r.created_by,
  createdAt: r.created_at,
  activatedAt: r.activated_at,
  activatedBy: r.activated_by,
});

/** Dates are selected as `to_char(…, 'YYYY-MM-DD')` text: a pg `date` parsed into a JS Date shifts with the time zone. */
const isoDay = (v: unknown): string | null => (typeof v === 'string' ? v.slice(0, 10) : null);

const INSTANCE_COLUMNS = `invoice_id, tenant_id, policy_id, state, amount::text AS amount, currency, credit_note, seller_key,
  to_char(skonto_deadline, 'YYYY-MM-DD') AS skonto_deadline, skonto_amount::text AS skonto_amount,
  to_char(due_deadline, 'YYYY-MM-DD') AS due_deadline, kontierung_by, kontierung_at, started_at, finished_at`;

const instanceOf = (r: Row): InstanceRecord => ({
  invoiceId: r.invoice_id,
  tenantId: r.tenant_id,
  policyId: r.policy_id,
  state: r.state,
  amount: r.amount,
  currency: r.currency,
  creditNote: r.credit_note,
  sellerKey: r.seller_key,
  skontoDeadline: isoDay(r.skonto_deadline),
  skontoAmount: r.skonto_amount,
  dueDeadline: isoDay(r.due_deadline),
  kontierungBy: r.kontierung_by,
  kontierungAt: r.kontierung_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

const taskOf = (r: Row): TaskRecord => ({
  id: r.id,
  invoiceId: r.invoice_id,
  stepIndex: r.step_index,
  stepKey: r.step_key,
  stepKind: r.step_kind,
  label: r.label,
  state: r.state,
  assigneeUsers: r.assignee_users ?? [],
  assigneeGroups: r.assignee_groups ?? [],
  assigneeRoles: r.assignee_roles ?? [],
  bulkAllowed: r.bulk_allowed,
  openedAt: r.opened_at,
  heldQuestion: r.held_question,
  decidedAt: r.decided_at,
  decidedBy: r.decided_by,
  onBehalfOf: r.on_behalf_of,
});

const SORT_COLUMNS: Record<NonNullable<InboxFilter['sort']>, string> = {
  skonto: 'o.skonto_deadline',
  due: 'o.due_deadline',
  amount: 'o.amount',
  received: 'i.created_at',
};

/**
 * The approval tables, in raw SQL. Every method runs in the tenant's transaction (joining
 * the caller's when there is one), so `ApprovalService` can lock, judge and write in one.
 */
@Injectable()
export class ApprovalRepository {
  constructor(private readonly dataSource: DataSource) {}

  tx<T>(tenantId: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return withTenant(this.dataSource, tenantId, fn);
  }

  // Policies -------------------------------------------------------------------------

  async activePolicy(m: EntityManager): Promise<PolicyRecord | undefined> {
    const rows: Row[] = await m.query(`SELECT * FROM approval_policies WHERE state = 'active'`);
    return rows[0] && policyOf(rows[0]);
  }

  async policy(m: EntityManager, id: string): Promise<PolicyRecord | undefined> {
    const rows: Row[] = await m.query(`SELECT * FROM approval_policies WHERE id = $1`, [id]);
    return rows[0] && policyOf(rows[0]);
  }

  async policies(m: EntityManager): Promise<PolicyRecord[]> {
    const rows: Row[] = await m.query(`SELECT * FROM approval_policies ORDER BY version DESC`);
    return rows.map(policyOf);
  }

  async insertPolicy(
    m: EntityManager,
    tenantId: string,
    p: {
      name: string;
      preset: string | null;
      definition: PolicyDefinition;
      createdBy: string;
      state: 'draft' | 'active';
    },
  ): Promise<PolicyRecord> {
    // Versions are numbered per tenant; the table lock of the tenant's rows is the unique index.
    const rows: Row[] = await m.query(
      `INSERT INTO approval_policies (tenant_id, version, state, name, preset, definition, created_by, activated_at, activated_by)
       SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6,
              CASE WHEN $2 = 'active' THEN now() END, CASE WHEN $2 = 'active' THEN $6 END
         FROM approval_policies WHERE tenant_id = $1
       RETURNING *`,
      [tenantId, p.state, p.name, p.preset, JSON.stringify(p.definition), p.createdBy],
    );
    return policyOf(rows[0]);
  }

  async updateDraft(
    m: EntityManager,
    id: string,
    p: { name: string; definition: PolicyDefinition },
  ): Promise<PolicyRecord | undefined> {
    // UPDATE and DELETE answer [rows, rowCount] through TypeORM's query().
    const [rows] = await m.query<[Row[], number]>(
      `UPDATE approval_policies SET name = $2, definition = $3 WHERE id = $1 AND state = 'draft' RETURNING *`,
      [id, p.name, JSON.stringify(p.definition)],
    );
    return rows[0] && policyOf(rows[0]);
  }

  /** Retires the active version and activates the draft `id`; false when `id` is no draft. */
  async activate(m: EntityManager, id: string, by: string): Promise<boolean> {
    const draft: Row[] = await m.query(
      `SELECT id FROM approval_policies WHERE id = $1 AND state = 'draft' FOR UPDATE`,
      [id],
    );
    if (draft.length === 0) return false;
    await m.query(`UPDATE approval_policies SET state = 'retired' WHERE state = 'active'`);
    await m.query(
      `UPDATE approval_policies SET state = 'active', activated_at = now(), activated_by = $2 WHERE id = $1`,
      [id, by],
    );
    return true;
  }

  // Instances and tasks ----------------------------------------------------------------

  async insertInstance(
    m: EntityManager,
    tenantId: string,
    i: {
      invoiceId: string;
      policyId: string;
      amount: string;
      currency: string;
      creditNote: boolean;
      sellerKey: string | null;
      skontoDeadline: string | null;
      skontoAmount: string | null;
      dueDeadline: string | null;
    },
    steps: readonly (PlannedStep & { userIds: string[]; groupIds: string[] })[],
  ): Promise<boolean> {
    const inserted: Row[] = await m.query(
      `INSERT INTO approval_instances (invoice_id, tenant_id, policy_id, amount, currency, credit_note, seller_key,
         skonto_deadline, skonto_amount, due_deadline)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (invoice_id) DO NOTHING RETURNING invoice_id`,
      [
        i.invoiceId,
        tenantId,
        i.policyId,
        i.amount,
        i.currency,
        i.creditNote,
        i.sellerKey,
        i.skontoDeadline,
        i.skontoAmount,
        i.dueDeadline,
      ],
    );
    if (inserted.length === 0) return false;
    await m.query(
      `INSERT INTO approval_tasks (tenant_id, invoice_id, step_index, step_key, step_kind, label, state,
         assignee_users, assignee_groups, assignee_roles, bulk_allowed, opened_at)
       SELECT $1, $2, s.step_index, s.step_key, s.step_kind, s.label, s.state,
              ARRAY(SELECT jsonb_array_elements_text(s.users))::uuid[],
              ARRAY(SELECT jsonb_array_elements_text(s.groups))::uuid[],
              ARRAY(SELECT jsonb_array_elements_text(s.roles)),
              s.bulk, CASE WHEN s.state = 'open' THEN now() END
         FROM jsonb_to_recordset($3::jsonb) AS s(step_index int, step_key text, step_kind text, label jsonb,
              state text, users jsonb, groups jsonb, roles jsonb, bulk boolean)`,
      [
        tenantId,
        i.invoiceId,
        JSON.stringify(
          steps.map((s, idx) => ({
            step_index: s.index,
            step_key: s.key,
            step_kind: s.kind,
            label: s.label,
            state: idx === 0 ? 'open' : 'waiting',
            users: s.userIds,
            groups: s.groupIds,
            roles: s.roles,
            bulk: s.bulk,
          })),
        ),
      ],
    );
    return true;
  }

  async instance(m: EntityManager, invoiceId: string, lock = false): Promise<InstanceRecord | undefined> {
    const rows: Row[] = await m.query(
      `SELECT ${INSTANCE_COLUMNS} FROM approval_instances WHERE invoice_id = $1${lock ? ' FOR UPDATE' : ''}`,
      [invoiceId],
    );
    return rows[0] && instanceOf(rows[0]);
  }

  async tasks(m: EntityManager, invoiceId: string): Promise<TaskRecord[]> {
    const rows: Row[] = await m.query(
      `SELECT * FROM approval_tasks WHERE invoice_id = $1 ORDER BY step_index`,
      [invoiceId],
    );
    return rows.map(taskOf);
  }

  async setTask(
    m: EntityManager,
    taskId: string,
    change: Partial<{
      state: TaskState;
      heldQuestion: string | null;
      decidedBy: string | null;
      onBehalfOf: string | null;
      decided: boolean;
      opened: boolean;
      assigneeUsers: string[];
      assigneeGroups: string[];
      assigneeRoles: string[];
    }>,
  ): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [taskId];
    const set = (col: string, v: unknown) => {
      params.push(v);
      sets.push(`${col} = $${params.length}`);
    };
    if (change.state !== undefined) set('state', change.state);
    if (change.heldQuestion !== undefined) set('held_question', change.heldQuestion);
    if (change.decidedBy !== undefined) set('decided_by', change.decidedBy);
    if (change.onBehalfOf !== undefined) set('on_behalf_of', change.onBehalfOf);
    if (change.assigneeUsers !== undefined) set('assignee_users', change.assigneeUsers);
    if (change.assigneeGroups !== undefined) set('assignee_groups', change.assigneeGroups);
    if (change.assigneeRoles !== undefined) set('assignee_roles', change.assigneeRoles);
    if (change.decided) sets.push('decided_at = now()');
    if (change.opened) sets.push('opened_at = now(), reminded_at = NULL, escalated_at = NULL');
    if (sets.length === 0) return;
    await m.query(`UPDATE approval_tasks SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  /**
   * Escalation: adds assignees to a task and marks it escalated, keeping everyone already
   * on it (an escalation is no decision and takes the task from nobody). Only an open task
   * that has not been escalated since it opened changes; false otherwise.
   */
  async addEscalationAssignees(
    m: EntityManager,
    taskId: string,
    add: { userIds: readonly string[]; groupIds: readonly string[]; roles: readonly string[] },
  ): Promise<boolean> {
    const [rows] = await m.query<[Row[], number]>(
      `UPDATE approval_tasks
          SET assignee_users = ARRAY(SELECT v FROM unnest(assignee_users || $2::uuid[]) WITH ORDINALITY AS x(v, n)
                                GROUP BY v ORDER BY min(n)),
              assignee_groups = ARRAY(SELECT v FROM unnest(assignee_groups || $3::uuid[]) WITH ORDINALITY AS x(v, n)
                                GROUP BY v ORDER BY min(n)),
              assignee_roles = ARRAY(SELECT v FROM unnest(assignee_roles || $4::text[]) WITH ORDINALITY AS x(v, n)
                                GROUP BY v ORDER BY min(n)),
              escalated_at = now()
        WHERE id = $1 AND state = 'open' AND escalated_at IS NULL
        RETURNING id`,
      [taskId, add.userIds, add.groupIds, add.roles],
    );
    return rows.length > 0;
  }

  async cancelOpenTasks(m: EntityManager, invoiceId: string): Promise<void> {
    await m.query(
      `UPDATE approval_tasks SET state = 'cancelled' WHERE invoice_id = $1 AND state IN ('waiting', 'open', 'held')`,
      [invoiceId],
    );
  }

  async finishInstance(
    m: EntityManager,
    invoiceId: string,
    state: 'approved' | 'returned' | 'cancelled',
  ): Promise<void> {
    await m.query(`UPDATE approval_instances SET state = $2, finished_at = now() WHERE invoice_id = $1`, [
      invoiceId,
      state,
    ]);
  }

  async insertDecision(
    m: EntityManager,
    tenantId: string,
    d: {
      invoiceId: string;
      taskId: string | null;
      stepKey: string | null;
      stepKind: string | null;
      action: string;
      actor: string;
      actorUserId: string | null;
      actorName: string;
      onBehalfOf: string | null;
      onBehalfName: string | null;
      policyId: string;
      policyVersion: number;
      reason: string | null;
      data: Record<string, unknown> | null;
    },
  ): Promise<DecisionRecord> {
    const rows: Row[] = await m.query(
      `INSERT INTO approval_decisions (tenant_id, invoice_id, task_id, step_key, step_kind, action, actor, actor_user_id,
         actor_name, on_behalf_of, on_behalf_name, policy_id, policy_version, reason, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING *`,
      [
        tenantId,
        d.invoiceId,
        d.taskId,
        d.stepKey,
        d.stepKind,
        d.action,
        d.actor,
        d.actorUserId,
        d.actorName,
        d.onBehalfOf,
        d.onBehalfName,
        d.policyId,
        d.policyVersion,
        d.reason,
        d.data ? JSON.stringify(d.data) : null,
      ],
    );
    return decisionOf(rows[0]);
  }

  async decisions(m: EntityManager, invoiceId: string): Promise<DecisionRecord[]> {
    const rows: Row[] = await m.query(`SELECT * FROM approval_decisions WHERE invoice_id = $1 ORDER BY id`, [
      invoiceId,
    ]);
    return rows.map(decisionOf);
  }

  /** Whether the user approved a Feststellung step (sachlich, rechnerisch, feststellung) of the invoice. */
  async certifiedBy(m: EntityManager, invoiceId: string, userId: string): Promise<boolean> {
    const rows: Row[] = await m.query(
      `SELECT 1 FROM approval_decisions
        WHERE invoice_id = $1 AND actor_user_id = $2 AND action = 'approve'
          AND step_kind IN ('sachlich', 'rechnerisch', 'feststellung') LIMIT 1`,
      [invoiceId, userId],
    );
    return rows.length > 0;
  }

  async insertEvent(
    m: EntityManager,
    tenantId: string,
    type: string,
    subject: string,
    payload: object,
  ): Promise<void> {
    await m.query(`INSERT INTO domain_events (tenant_id, type, subject, payload) VALUES ($1, $2, $3, $4)`, [
      tenantId,
      type,
      subject,
      JSON.stringify(payload),
    ]);
  }

  // Kontierung -------------------------------------------------------------------------

  async kontierung(m: EntityManager, invoiceId: string): Promise<KontierungLine[]> {
    const rows: Row[] = await m.query(
      `SELECT buchungsstelle, kostenstelle, investitionsnummer, amount::text AS amount FROM approval_kontierung
        WHERE invoice_id = $1 ORDER BY line_no`,
      [invoiceId],
    );
    return rows.map((r) => ({
      buchungsstelle: r.buchungsstelle,
      kostenstelle: r.kostenstelle,
      investitionsnummer: r.investitionsnummer,
      amount: r.amount,
    }));
  }

  async replaceKontierung(
    m: EntityManager,
    tenantId: string,
    invoiceId: string,
    lines: readonly KontierungLine[],
    by: string,
  ): Promise<void> {
    await m.query(`DELETE FROM approval_kontierung WHERE invoice_id = $1`, [invoiceId]);
    await m.query(
      `INSERT INTO approval_kontierung (tenant_id, invoice_id, line_no, buchungsstelle, kostenstelle, investitionsnummer, amount)
       SELECT $1, $2, l.line_no, l.buchungsstelle, l.kostenstelle, l.investitionsnummer, l.amount
         FROM jsonb_to_recordset($3::jsonb) AS l(line_no int, buchungsstelle text, kostenstelle text,
              investitionsnummer text, amount numeric)`,
      [
        tenantId,
        invoiceId,
        JSON.stringify(
          lines.map((l, i) => ({
            line_no: i + 1,
            buchungsstelle: l.buchungsstelle,
            kostenstelle: l.kostenstelle || null,
            investitionsnummer: l.investitionsnummer || null,
            amount: l.amount,
          })),
        ),
      ],
    );
    await m.query(
      `UPDATE approval_instances SET kontierung_by = $2, kontierung_at = now() WHERE invoice_id = $1`,
      [invoiceId, by],
    );
  }

  /** The Kontierung of the supplier's most recent finished or running approval (prefill). */
  async lastKontierungOfSeller(
    m: EntityManager,
    tenantId: string,
    sellerKey: string,
    exceptInvoice: string,
  ): Promise<KontierungLine[]> {
    const rows: Row[] = await m.query(
      `SELECT k.buchungsstelle, k.kostenstelle, k.investitionsnummer, k.amount::text AS amount
         FROM approval_kontierung k
        WHERE k.invoice_id = (
          SELECT a.invoice_id FROM approval_instances a
           WHERE a.tenant_id = $1 AND a.seller_key = $2 AND a.invoice_id <> $3 AND a.kontierung_at IS NOT NULL
           ORDER BY a.kontierung_at DESC LIMIT 1)
        ORDER BY k.line_no`,
      [tenantId, sellerKey, exceptInvoice],
    );
    return rows.map((r) => ({
      buchungsstelle: r.buchungsstelle,
      kostenstelle: r.kostenstelle,
      investitionsnummer: r.investitionsnummer,
      amount: r.amount,
    }));
  }

  // People ------------------------------------------------------------------------------

  async staffUser(m: EntityManager, userId: string): Promise<StaffUser | undefined> {
    const rows: Row[] = await m.query(
      `SELECT u.id, u.email, u.display_name, u.roles, u.disabled_at IS NOT NULL AS disabled,
              ARRAY(SELECT g.group_id FROM approval_group_members g WHERE g.user_id = u.id) AS group_ids
         FROM users u WHERE u.id = $1`,
      [userId],
    );
    const r = rows[0];
    return (
      r && {
        id: r.id,
        email: r.email,
        displayName: r.display_name,
        roles: r.roles,
        disabled: r.disabled,
        groupIds: r.group_ids ?? [],
      }
    );
  }

  async staffUsers(m: EntityManager): Promise<StaffUser[]> {
    const rows: Row[] = await m.query(
      `SELECT u.id, u.email, u.display_name, u.roles, u.disabled_at IS NOT NULL AS disabled,
              ARRAY(SELECT g.group_id FROM approval_group_members g WHERE g.user_id = u.id) AS group_ids
         FROM users u ORDER BY u.display_name`,
    );
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      displayName: r.display_name,
      roles: r.roles,
      disabled: r.disabled,
      groupIds: r.group_ids ?? [],
    }));
  }

  async userIdOfApiKey(m: EntityManager, apiKeyId: string): Promise<string | undefined> {
    const rows: Row[] = await m.query(`SELECT user_id FROM api_keys WHERE id = $1 AND revoked_at IS NULL`, [
      apiKeyId,
    ]);
    return rows[0]?.user_id ?? undefined;
  }

  async limits(
    m: EntityManager,
    userId: string,
  ): Promise<Partial<Record<'feststellung' | 'anordnung' | 'freigabe', string | null>>> {
    const rows: Row[] = await m.query(
      `SELECT scope, max_amount::text AS max_amount FROM approval_limits WHERE user_id = $1`,
      [userId],
    );
    return Object.fromEntries(rows.map((r) => [r.scope, r.max_amount]));
  }

  /** Every authority of the tenant's staff, with when it was last set (the Kasse's list says "Stand"). */
  async allLimits(
    m: EntityManager,
  ): Promise<Array<{ userId: string; scope: string; maxAmount: string | null; updatedAt: Date }>> {
    const rows: Row[] = await m.query(
      `SELECT user_id, scope, max_amount::text AS max_amount, updated_at FROM approval_limits ORDER BY user_id, scope`,
    );
    return rows.map((r) => ({
      userId: r.user_id,
      scope: r.scope,
      maxAmount: r.max_amount,
      updatedAt: r.updated_at,
    }));
  }

  async setLimit(
    m: EntityManager,
    tenantId: string,
    userId: string,
    scope: string,
    maxAmount: string | null | undefined,
    by: string,
  ): Promise<void> {
    if (maxAmount === undefined) {
      await m.query(`DELETE FROM approval_limits WHERE user_id = $1 AND scope = $2`, [userId, scope]);
      return;
    }
    await m.query(
      `INSERT INTO approval_limits (tenant_id, user_id, scope, max_amount, updated_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, scope) DO UPDATE SET max_amount = EXCLUDED.max_amount, updated_by = EXCLUDED.updated_by,
         updated_at = now()`,
      [tenantId, userId, scope, maxAmount, by],
    );
  }

  async groups(m: EntityManager): Promise<Array<{ id: string; name: string; members: string[] }>> {
    const rows: Row[] = await m.query(
      `SELECT g.id, g.name, ARRAY(SELECT mb.user_id FROM approval_group_members mb WHERE mb.group_id = g.id) AS members
         FROM approval_groups g ORDER BY g.name`,
    );
    return rows.map((r) => ({ id: r.id, name: r.name, members: r.members ?? [] }));
  }

  async createGroup(m: EntityManager, tenantId: string, name: string): Promise<string | undefined> {
    const rows: Row[] = await m.query(
      `INSERT INTO approval_groups (tenant_id, name) VALUES ($1, $2) ON CONFLICT (tenant_id, name) DO NOTHING RETURNING id`,
      [tenantId, name],
    );
    return rows[0]?.id;
  }

  async deleteGroup(m: EntityManager, id: string): Promise<boolean> {
    const [rows] = await m.query<[Row[], number]>(`DELETE FROM approval_groups WHERE id = $1 RETURNING id`, [
      id,
    ]);
    return rows.length > 0;
  }

  async setGroupMembers(
    m: EntityManager,
    tenantId: string,
    groupId: string,
    userIds: readonly string[],
  ): Promise<void> {
    await m.query(`DELETE FROM approval_group_members WHERE group_id = $1`, [groupId]);
    if (userIds.length === 0) return;
    await m.query(
      `INSERT INTO approval_group_members (tenant_id, group_id, user_id) SELECT $1, $2, unnest($3::uuid[])`,
      [tenantId, groupId, userIds],
    );
  }

  // Substitutes ---------------------------------------------------------------------------

  /** Substitutions in force on `day` (ISO date). */
  async activeSubstitutions(
    m: EntityManager,
    day: string,
  ): Promise<Array<{ userId: string; substituteId: string }>> {
    const rows: Row[] = await m.query(
      `SELECT user_id, substitute_id FROM approval_substitutes
        WHERE revoked_at IS NULL AND starts_on <= $1::date AND ends_on >= $1::date`,
      [day],
    );
    return rows.map((r) => ({ userId: r.user_id, substituteId: r.substitute_id }));
  }

  async substitutions(
    m: EntityManager,
    opts: { current: boolean; day: string },
  ): Promise<SubstitutionRecord[]> {
    const rows: Row[] = await m.query(
      `SELECT s.id, s.user_id, s.substitute_id, to_char(s.starts_on, 'YYYY-MM-DD') AS starts_on,
              to_char(s.ends_on, 'YYYY-MM-DD') AS ends_on, s.created_by, s.created_at, s.revoked_at,
              u.display_name AS user_name, v.display_name AS substitute_name
         FROM approval_substitutes s JOIN users u ON u.id = s.user_id JOIN users v ON v.id = s.substitute_id
        WHERE ($1::boolean = false OR (s.revoked_at IS NULL AND s.ends_on >= $2::date))
        ORDER BY s.starts_on DESC, s.created_at DESC LIMIT 500`,
      [opts.current, opts.day],
    );
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      userName: r.user_name,
      substituteId: r.substitute_id,
      substituteName: r.substitute_name,
      startsOn: isoDay(r.starts_on)!,
      endsOn: isoDay(r.ends_on)!,
      createdBy: r.created_by,
      createdAt: r.created_at,
      revokedAt: r.revoked_at,
    }));
  }

  /** Substitutions (not revoked) whose period overlaps [from, to]: the graph a new one must not close a cycle in. */
  async overlappingSubstitutions(
    m: EntityManager,
    from: string,
    to: string,
  ): Promise<Array<{ userId: string; substituteId: string }>> {
    const rows: Row[] = await m.query(
      `SELECT user_id, substitute_id FROM approval_substitutes
        WHERE revoked_at IS NULL AND starts_on <= $2::date AND ends_on >= $1::date`,
      [from, to],
    );
    return rows.map((r) => ({ userId: r.user_id, substituteId: r.substitute_id }));
  }

  async insertSubstitution(
    m: EntityManager,
    tenantId: string,
    s: { userId: string; substituteId: string; startsOn: string; endsOn: string; createdBy: string },
  ): Promise<string> {
    const rows: Row[] = await m.query(
      `INSERT INTO approval_substitutes (tenant_id, user_id, substitute_id, starts_on, ends_on, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [tenantId, s.userId, s.substituteId, s.startsOn, s.endsOn, s.createdBy],
    );
    return rows[0].id;
  }

  async substitution(
    m: EntityManager,
    id: string,
  ): Promise<{ userId: string; revoked: boolean } | undefined> {
    const rows: Row[] = await m.query(`SELECT user_id, revoked_at FROM approval_substitutes WHERE id = $1`, [
      id,
    ]);
    return rows[0] && { userId: rows[0].user_id, revoked: rows[0].revoked_at !== null };
  }

  async revokeSubstitution(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE approval_substitutes SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [
      id,
    ]);
  }

  // Inbox ---------------------------------------------------------------------------------

  /**
   * One page of the inbox with the counts per step and the Skonto at risk, in one statement:
   * the reachable open tasks of the tenant (from the partial index of open tasks) are
   * gathered once with their open approval's amounts and deadlines (from the partial index
   * of open approvals: the cost follows what is open, not the history), then counted and paged. The
   * invoice is joined for the page (number, supplier, receipt) and, only when a filter asks
   * for them, before counting.
   */
  async inbox(
    m: EntityManager,
    tenantId: string,
    reach: Reach,
    f: InboxFilter,
    riskUntil: string,
  ): Promise<InboxPage> {
    const params: unknown[] = [tenantId, reach.users, reach.groups, reach.roles, reach.unassigned];
    // An open or held task belongs to an open approval (finishing one cancels its open tasks in
    // the same transaction); saying so lets the join read only the open approvals.
    const where = [
      `t.tenant_id = $1`,
      `t.state IN ('open', 'held')`,
      `a.tenant_id = $1`,
      `a.state = 'open'`,
      `(t.assignee_users && $2::uuid[] OR t.assignee_groups && $3::uuid[] OR t.assignee_roles && $4::text[]
        OR ($5::boolean AND cardinality(t.assignee_users) = 0 AND cardinality(t.assignee_groups) = 0
            AND cardinality(t.assignee_roles) = 0))`,
    ];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const add = (sql: string, v: unknown) => where.push(sql.replaceAll('?', param(v)));
    if (f.supplier) add(`i.seller_name ILIKE '%' || ? || '%'`, escapeLike(f.supplier));
    if (f.q) add(`(i.number ILIKE '%' || ? || '%' OR i.seller_name ILIKE '%' || ? || '%')`, escapeLike(f.q));
    if (f.minAmount) add(`abs(a.amount) >= ?::numeric`, f.minAmount);
    if (f.maxAmount) add(`abs(a.amount) <= ?::numeric`, f.maxAmount);
    if (f.dueWithinDays !== undefined)
      add(
        `least(a.skonto_deadline, a.due_deadline) <= (now() AT TIME ZONE 'Europe/Berlin')::date + ?::int`,
        f.dueWithinDays,
      );
    const invoiceJoin = f.supplier || f.q ? 'JOIN invoices i ON i.id = t.invoice_id' : '';
    const risk = `skonto_deadline <= ${param(riskUntil)}::date
                  AND skonto_deadline >= (now() AT TIME ZONE 'Europe/Berlin')::date`;
    // A step filter narrows the rows, not the counts per step (they label the filter's options).
    const stepWhere = f.stepKey ? `WHERE o.step_key = ${param(f.stepKey)}` : '';
    const sortCol = SORT_COLUMNS[f.sort ?? 'skonto'];
    const dir = f.direction === 'desc' ? 'DESC' : 'ASC';
    const limit = param(f.limit);
    const offset = param(f.offset ?? 0);
    // The invoice (receipt time, the second sort key) is read for the candidates of the page
    // only: the rows whose first sort key comes before or equals that of the page's last row.
    // Every row ahead of a row of the page is among them, so the page is the same.
    const candidates =
      f.sort === 'received'
        ? `cand AS (SELECT * FROM shown)`
        : `cut AS (SELECT ${sortCol} AS k FROM shown o ORDER BY ${sortCol} ${dir} NULLS LAST
                    LIMIT 1 OFFSET ${offset}::int + ${limit}::int - 1),
           cand AS (SELECT o.* FROM shown o
                     WHERE NOT EXISTS (SELECT FROM cut) OR (SELECT k FROM cut) IS NULL
                        OR ${sortCol} ${dir === 'ASC' ? '<=' : '>='} (SELECT k FROM cut))`;
    const [r]: Row[] = await m.query(
      `WITH mine AS MATERIALIZED (
         SELECT t.id, t.invoice_id, t.step_key, t.step_kind, t.label, t.state, t.held_question, t.opened_at,
                a.amount, a.currency, a.skonto_deadline, a.skonto_amount, a.due_deadline
           FROM approval_tasks t JOIN approval_instances a ON a.invoice_id = t.invoice_id ${invoiceJoin}
          WHERE ${where.join(' AND ')}),
       counts AS (
         SELECT step_key, count(*)::int AS n, coalesce(sum(skonto_amount) FILTER (WHERE ${risk}), 0)::text AS risk,
                count(*) FILTER (WHERE ${risk})::int AS risk_n
           FROM mine GROUP BY step_key),
       shown AS (SELECT * FROM mine o ${stepWhere}),
       ${candidates},
       page AS (
         SELECT o.id AS task_id, o.invoice_id, o.step_key, o.step_kind, o.label, o.state, o.held_question,
                o.opened_at, i.number, i.seller_name, to_char(i.issue_date, 'YYYY-MM-DD') AS issue_date,
                i.created_at AS received_at, o.amount::text AS amount, o.currency,
                to_char(o.skonto_deadline, 'YYYY-MM-DD') AS skonto_deadline, o.skonto_amount::text AS skonto_amount,
                to_char(o.due_deadline, 'YYYY-MM-DD') AS due_deadline,
                row_number() OVER (ORDER BY ${sortCol} ${dir} NULLS LAST, i.created_at ASC, o.id) AS n
           FROM cand o JOIN invoices i ON i.id = o.invoice_id)
       SELECT (SELECT coalesce(json_agg(c), '[]'::json) FROM counts c) AS counts,
              (SELECT coalesce(json_agg(p ORDER BY p.n), '[]'::json)
                 FROM (SELECT * FROM page ORDER BY n LIMIT ${limit} OFFSET ${offset}) p) AS rows`,
      params,
    );
    const countsByStep: Record<string, number> = {};
    let risky = new Decimal(0);
    let riskN = 0;
    for (const c of r.counts as Row[]) {
      countsByStep[c.step_key] = c.n;
      risky = risky.plus(c.risk);
      riskN += c.risk_n;
    }
    const total = f.stepKey
      ? (countsByStep[f.stepKey] ?? 0)
      : Object.values(countsByStep).reduce((a, b) => a + b, 0);
    const at = (v: unknown): Date | null => (typeof v === 'string' ? new Date(v) : null);
    return {
      total,
      countsByStep,
      skontoAtRisk: risky.toFixed(2),
      atRiskCount: riskN,
      rows: (r.rows as Row[]).map((x) => ({
        taskId: x.task_id,
        invoiceId: x.invoice_id,
        stepKey: x.step_key,
        stepKind: x.step_kind,
        label: x.label,
        state: x.state,
        heldQuestion: x.held_question,
        number: x.number,
        sellerName: x.seller_name,
        issueDate: isoDay(x.issue_date),
        receivedAt: at(x.received_at)!,
        amount: x.amount,
        currency: x.currency,
        skontoDeadline: isoDay(x.skonto_deadline),
        skontoAmount: x.skonto_amount,
        dueDeadline: isoDay(x.due_deadline),
        openedAt: at(x.opened_at),
      })),
    };
  }

  // Starting approvals ----------------------------------------------------------------------

  /** Invoices waiting for approval that have none yet (the start job's recovery sweep). */
  async unstartedAcrossTenants(limit: number): Promise<Array<{ tenantId: string; invoiceId: string }>> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT i.tenant_id, i.id FROM invoices i
          WHERE i.status = 'awaiting_approval'
            AND NOT EXISTS (SELECT 1 FROM approval_instances a WHERE a.invoice_id = i.id)
          ORDER BY i.updated_at LIMIT $1`,
        [limit],
      );
      return rows.map((r) => ({ tenantId: r.tenant_id, invoiceId: r.id }));
    });
  }

  async tenantKind(m: EntityManager, tenantId: string): Promise<'municipality' | 'company'> {
    const rows: Row[] = await m.query(`SELECT kind FROM tenants WHERE id = $1`, [tenantId]);
    return rows[0]?.kind === 'company' ? 'company' : 'municipality';
  }

  /** Invoices of the last `days` days that reached approval (for the dry run). */
  async recentInvoicesForDryRun(m: EntityManager, days: number, limit: number): Promise<Row[]> {
    return m.query(
      `SELECT i.id, i.number, i.seller_name, i.seller_vat_id, i.buyer_reference, i.amount_due::text AS amount_due, i.currency,
              i.model -> 'totals' ->> 'taxExclusive' AS net, i.model ->> 'typeCode' AS type_code, i.model ->> 'syntax' AS syntax,
              i.model ->> 'purchaseOrderReference' AS order_reference,
              i.model ->> 'buyerAccountingReference' AS accounting_reference, a.policy_id
         FROM invoices i LEFT JOIN approval_instances a ON a.invoice_id = i.id
        WHERE i.created_at >= now() - make_interval(days => $1)
          AND i.status IN ('awaiting_approval', 'approved', 'filed', 'posted', 'paid', 'returned', 'cancelled')
        ORDER BY i.created_at DESC LIMIT $2`,
      [days, limit],
    );
  }
}

function escapeLike(v: string): string {
  return v.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const decisionOf = (r: Row): DecisionRecord => ({
  id: String(r.id),
  taskId: r.task_id,
  stepKey: r.step_key,
  stepKind: r.step_kind,
  action: r.action,
  actor: r.actor,
  actorUserId: r.actor_user_id,
  actorName: r.actor_name,
  onBehalfOf: r.on_behalf_of,
  onBehalfName: r.on_behalf_name,
  policyVersion: r.policy_version,
  reason: r.reason,
  data: r.data,
  at: r.at,
});
