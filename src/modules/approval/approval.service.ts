import { Injectable, Logger } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/auth.contract.js';
import { actorOf } from '../auth/actor.js';
import { InvoiceRepository } from '../invoices/invoice.repository.js';
import { JobName, JobQueue } from '../jobs/index.js';
import { ApprovalErrors as E } from './approval.errors.js';
import { ApprovalHooks, type ApprovedContext } from './approval-hooks.js';
import {
  ApprovalRepository,
  type DecisionRecord,
  type InboxFilter,
  type InboxPage,
  type InstanceRecord,
  type KontierungLine,
  type PolicyRecord,
  type StaffUser,
  type TaskRecord,
} from './approval.repository.js';
import { AccountsService } from './accounts/accounts.service.js';
import { DeadlineService, deadlineAt } from './calendar/deadline.service.js';
import { parseAccountingReference } from './accounts/kontierung-check.js';
import {
  checkPolicy,
  planApproval,
  policyAmount,
  type InvoiceFacts,
  type PlannedStep,
  type PolicyDefinition,
} from './policy/policy.js';
import { defaultPresetFor, presetById, PRESETS } from './policy/presets.js';
import { judgeDecision, type DecisionAction, type DecisionFacts, type Judgement } from './separation.js';
import { closesCycle, representedBy, type SubstitutionEdge } from './substitution.js';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface DecisionCommand {
  readonly invoiceId: string;
  readonly action: DecisionAction;
  /** The step acted on; default: the current one. */
  readonly stepKey?: string;
  readonly reason?: string;
  /** For `kontierung`: the lines that replace the invoice's Kontierung. */
  readonly kontierung?: readonly KontierungLine[];
  /** For `reassign`: the person or group the task goes to. */
  readonly reassignTo?: { readonly userId?: string; readonly groupId?: string };
}

export interface DecisionResult {
  readonly invoiceId: string;
  readonly action: DecisionAction;
  /** The invoice's lifecycle status after the decision. */
  readonly invoiceStatus: string;
  readonly approvalState: InstanceRecord['state'];
  /** The step now waiting for a decision, if any. */
  readonly currentStep: { readonly key: string; readonly label: { de: string; en: string } } | null;
  /** The Feststeller gave the Anordnung under the policy's written-reason exception. */
  readonly sodException: boolean;
}

export interface BulkResult {
  readonly approved: string[];
  readonly refused: Array<{
    readonly invoiceId: string;
    readonly code: string;
    readonly message: { de: string; en: string };
  }>;
}

/** What the caller may do on an invoice's current step, judged as `decide` would. */
export interface Allowed {
  readonly action: DecisionAction;
  readonly ok: boolean;
  readonly code?: string;
  readonly message?: { de: string; en: string };
}

export interface ApprovalState {
  readonly instance: InstanceRecord;
  readonly policy: { readonly id: string; readonly version: number; readonly name: string };
  readonly tasks: Array<TaskRecord & { readonly assigneeNames: string[] }>;
  readonly decisions: DecisionRecord[];
  readonly kontierung: KontierungLine[];
  /** A suggestion when no Kontierung exists yet: from BT-19 or the supplier's last invoice. */
  readonly prefill: { readonly source: 'bt19' | 'supplier'; readonly lines: KontierungLine[] } | null;
  readonly current: TaskRecord | null;
  /** The caller's possible decisions on the current step (and whether the rules allow them). */
  readonly allowed: Allowed[];
  /** The caller acts for this absent user on the current step (substitute), if so. */
  readonly actingFor: { readonly id: string; readonly name: string } | null;
}

export interface DryRunReport {
  readonly days: number;
  readonly invoices: number;
  readonly stepsPerInvoice: Record<string, number>;
  readonly steps: Array<{
    key: string;
    label: { de: string; en: string };
    invoices: number;
    assignees: string[];
  }>;
  /** Invoices whose Anordnung nobody named on the step could give (no Befugnis or limit too low). */
  readonly limitHits: number;
  readonly limitHitExamples: Array<{ invoiceId: string; number: string | null; amount: string }>;
  /** Invoices with a step nobody could be found for. */
  readonly unassigned: number;
  /** Invoices whose steps differ from what the active policy asks (or asked). */
  readonly changed: number;
}

const today = (): string => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });

/** Who did something, for audit entries and decision rows. */
interface Actor {
  readonly user: StaffUser;
  readonly actor: string;
}

/**
 * Approval: starting an invoice's approval under the tenant's active policy, and the one
 * service method, `decide`, through which every decision — web form, API, bulk action,
 * substitutes — is recorded. It locks the approval, judges the decision with every fact
 * re-read from the database (roles, groups, limits, substitutions, earlier decisions), and
 * writes the decision, its audit entry and the resulting state in one transaction. It fails
 * closed: anything unknown or missing is a refusal.
 */
@Injectable()
export class ApprovalService {
  private readonly log = new Logger(ApprovalService.name);

  constructor(
    private readonly repo: ApprovalRepository,
    private readonly invoices: InvoiceRepository,
    private readonly audit: AuditService,
    private readonly jobs: JobQueue,
    private readonly accounts: AccountsService,
    private readonly deadlines: DeadlineService,
    private readonly hooks: ApprovalHooks,
  ) {}

  // Starting ---------------------------------------------------------------------------

  /**
   * Starts the approval of an invoice that waits for it, under the tenant's active policy
   * (the tenant's default preset is activated when it has none). Idempotent: a second start
   * changes nothing. The tasks keep the assignees resolved now, so a later policy change
   * never moves a running approval.
   */
  async start(tenantId: string, invoiceId: string): Promise<boolean> {
    return this.repo.tx(tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT id, status, amount_due::text AS amount_due, currency, seller_name, seller_vat_id, buyer_reference,
                to_char(due_date, 'YYYY-MM-DD') AS due_date, cash_discounts,
                model -> 'totals' ->> 'taxExclusive' AS net, model ->> 'typeCode' AS type_code, model ->> 'syntax' AS syntax,
                model ->> 'purchaseOrderReference' AS order_reference,
                model ->> 'buyerAccountingReference' AS accounting_reference
           FROM invoices WHERE id = $1 FOR UPDATE`,
        [invoiceId],
      );
      const inv = rows[0];
      if (!inv || inv.status !== 'awaiting_approval') return false;
      if (await this.repo.instance(m, invoiceId)) return false;
      const policy = await this.activeOrDefault(m, tenantId);
      const facts = factsOf(inv);
      const plan = planApproval(policy.definition, facts);
      const steps = await this.resolveAssignees(m, plan);
      const skonto = firstSkonto(inv.cash_discounts);
      const due = isoOrNull(inv.due_date);
      // Deadlines at the tenant's place: a last day on a weekend or holiday moves to the next working day (§ 193 BGB).
      const calendar = await this.deadlines.calendarFor(tenantId);
      await this.repo.insertInstance(
        m,
        tenantId,
        {
          invoiceId,
          policyId: policy.id,
          amount: new Decimal(inv.amount_due ?? '0').toFixed(2),
          currency: inv.currency ?? 'EUR',
          creditNote: facts.creditNote,
          sellerKey: sellerKey(inv),
          skontoDeadline: skonto ? deadlineAt(calendar, skonto.until).deadline : null,
          skontoAmount: skonto?.discountAmount ?? null,
          dueDeadline: due ? deadlineAt(calendar, due).deadline : null,
        },
        steps,
      );
      await this.audit.record({
        tenantId,
        actor: 'system',
        action: 'approval.started',
        subject: `invoice:${invoiceId}`,
        data: { policyId: policy.id, policyVersion: policy.version, steps: steps.map((s) => s.key) },
      });
      return true;
    });
  }

  private async activeOrDefault(m: EntityManager, tenantId: string): Promise<PolicyRecord> {
    const active = await this.repo.activePolicy(m);
    if (active) return active;
    const preset = defaultPresetFor(await this.repo.tenantKind(m, tenantId));
    const created = await this.repo.insertPolicy(m, tenantId, {
      name: preset.name.de,
      preset: preset.id,
      definition: preset.definition,
      createdBy: 'system',
      state: 'active',
    });
    await this.audit.record({
      tenantId,
      actor: 'system',
      action: 'approval.policy.defaulted',
      subject: `approval-policy:${created.id}`,
      data: { preset: preset.id, version: created.version },
    });
    return created;
  }

  /** E-mails and group names of the plan → ids; unknown or disabled ones are left out. */
  private async resolveAssignees(
    m: EntityManager,
    plan: readonly PlannedStep[],
  ): Promise<Array<PlannedStep & { userIds: string[]; groupIds: string[] }>> {
    const emails = [...new Set(plan.flatMap((s) => s.users))];
    const names = [...new Set(plan.flatMap((s) => s.groups))];
    const users: Row[] = emails.length
      ? await m.query(`SELECT id, email FROM users WHERE email = ANY($1) AND disabled_at IS NULL`, [emails])
      : [];
    const groups: Row[] = names.length
      ? await m.query(`SELECT id, name FROM approval_groups WHERE name = ANY($1)`, [names])
      : [];
    const userId = new Map(users.map((u) => [u.email, u.id as string]));
    const groupId = new Map(groups.map((g) => [g.name, g.id as string]));
    return plan.map((s) => ({
      ...s,
      userIds: s.users.map((e) => userId.get(e)).filter((v): v is string => !!v),
      groupIds: s.groups.map((n) => groupId.get(n)).filter((v): v is string => !!v),
    }));
  }

  // Deciding: the choke point -------------------------------------------------------------

  /**
   * Records one decision, or refuses it with a DomainError. The only way to record a
   * decision (web, API, bulk, substitutes). Every fact is re-read under the approval's row
   * lock; nothing is written unless `judgeDecision` allows it.
   */
  async decide(
    principal: Principal,
    cmd: DecisionCommand,
    opts: { bulk?: boolean } = {},
  ): Promise<DecisionResult> {
    const { result, approved } = await this.record(principal, cmd, opts);
    if (approved) await this.hooks.runAfterCommit(approved);
    if (result.invoiceStatus === 'returned') {
      // Committed as returned: a lost enqueue only waits for the supplier-return sweep.
      await this.jobs
        .enqueue(JobName.SupplierReturn, { tenantId: principal.tenantId, invoiceId: cmd.invoiceId })
        .catch((err: unknown) =>
          this.log.warn(`enqueueing the return answer of ${cmd.invoiceId} failed: ${String(err)}`),
        );
    }
    return result;
  }

  private async record(
    principal: Principal,
    cmd: DecisionCommand,
    opts: { bulk?: boolean },
  ): Promise<{ result: DecisionResult; approved?: ApprovedContext }> {
    return this.repo.tx(principal.tenantId, async (m) => {
      let approved: ApprovedContext | undefined;
      const actor = await this.actorOf(m, principal);
      const instance = await this.repo.instance(m, cmd.invoiceId, true);
      if (!instance) throw new DomainError(E.APPROVAL_NOT_FOUND);
      const policy = await this.repo.policy(m, instance.policyId);
      if (!policy) throw new DomainError(E.APPROVAL_NOT_FOUND);
      const tasks = await this.repo.tasks(m, cmd.invoiceId);
      const task = pickTask(tasks, cmd);
      const facts = await this.decisionFacts(m, actor, instance, policy, task, cmd, opts.bulk ?? false);
      const judgement = judgeDecision(facts);
      if (!judgement.ok) throw new DomainError(judgement.error);

      const onBehalf =
        facts.eligibility?.kind === 'substitute'
          ? await this.repo.staffUser(m, facts.eligibility.forUser)
          : undefined;
      let invoiceStatus = 'awaiting_approval';
      let approvalState: InstanceRecord['state'] = 'open';
      const data: Record<string, unknown> = {};
      if (judgement.sodException) data.sodException = true;
      if (opts.bulk) data.bulk = true;

      switch (cmd.action) {
        case 'approve': {
          await this.repo.setTask(m, task!.id, {
            state: 'done',
            decidedBy: actor.user.id,
            onBehalfOf: onBehalf?.id ?? null,
            decided: true,
          });
          const next = tasks.find((t) => t.stepIndex > task!.stepIndex && t.state === 'waiting');
          if (next) await this.repo.setTask(m, next.id, { state: 'open', opened: true });
          else {
            await this.finish(m, principal.tenantId, instance, 'approved', actor, {
              policyVersion: policy.version,
            });
            approved = {
              tenantId: principal.tenantId,
              invoiceId: cmd.invoiceId,
              approvedAt: new Date(),
              policyId: policy.id,
              policyVersion: policy.version,
            };
            invoiceStatus = 'approved';
            approvalState = 'approved';
          }
          break;
        }
        case 'reject': {
          await this.repo.setTask(m, task!.id, {
            state: 'done',
            decidedBy: actor.user.id,
            onBehalfOf: onBehalf?.id ?? null,
            decided: true,
          });
          await this.finish(m, principal.tenantId, instance, 'returned', actor, {
            reason: cmd.reason!.trim(),
            step: task!.stepKey,
            by: actor.user.displayName,
          });
          invoiceStatus = 'returned';
          approvalState = 'returned';
          break;
        }
        case 'hold':
          await this.repo.setTask(m, task!.id, { state: 'held', heldQuestion: cmd.reason!.trim() });
          break;
        case 'release':
          await this.repo.setTask(m, task!.id, { state: 'open', heldQuestion: null });
          break;
        case 'reassign': {
          const target = await this.reassignTarget(m, cmd);
          await this.repo.setTask(m, task!.id, {
            assigneeUsers: target.userId ? [target.userId] : [],
            assigneeGroups: target.groupId ? [target.groupId] : [],
            assigneeRoles: [],
            opened: true,
          });
          data.to = target;
          break;
        }
        case 'kontierung': {
          const lines = cmd.kontierung ?? [];
          const problems = await this.accounts.checkKontierung(principal.tenantId, lines, instance.amount, {
            at: today(),
          });
          if (problems.length > 0) throw new DomainError(E.APPROVAL_KONTIERUNG_INVALID, { problems });
          await this.repo.replaceKontierung(m, principal.tenantId, cmd.invoiceId, lines, actor.user.id);
          data.lines = lines;
          break;
        }
        case 'comment':
          break;
      }

      const decision = await this.repo.insertDecision(m, principal.tenantId, {
        invoiceId: cmd.invoiceId,
        taskId: cmd.action === 'comment' ? null : (task?.id ?? null),
        stepKey: cmd.action === 'comment' ? null : (task?.stepKey ?? null),
        stepKind: cmd.action === 'comment' ? null : (task?.stepKind ?? null),
        action: cmd.action,
        actor: actor.actor,
        actorUserId: actor.user.id,
        actorName: actor.user.displayName,
        onBehalfOf: onBehalf?.id ?? null,
        onBehalfName: onBehalf?.displayName ?? null,
        policyId: policy.id,
        policyVersion: policy.version,
        reason: cmd.reason?.trim() || null,
        data: Object.keys(data).length ? data : null,
      });
      await this.audit.record({
        tenantId: principal.tenantId,
        actor: actor.actor,
        action: `approval.${cmd.action}`,
        subject: `invoice:${cmd.invoiceId}`,
        data: {
          decision: decision.id,
          user: actor.user.id,
          onBehalfOf: onBehalf?.id ?? null,
          step: task?.stepKey ?? null,
          policyId: policy.id,
          policyVersion: policy.version,
          reason: cmd.reason?.trim() || null,
          ...data,
        },
      });
      // Records and postings, in this transaction and after the last decision is written, so
      // they see it (a failure refuses the approval).
      if (approved) await this.hooks.runInTransaction(m, approved);
      const after = await this.repo.tasks(m, cmd.invoiceId);
      const current = after.find((t) => t.state === 'open' || t.state === 'held');
      const result: DecisionResult = {
        invoiceId: cmd.invoiceId,
        action: cmd.action,
        invoiceStatus,
        approvalState,
        currentStep: current ? { key: current.stepKey, label: current.label } : null,
        sodException: judgement.sodException,
      };
      return { result, approved };
    });
  }

  /**
   * Approves one step for many invoices. Each invoice goes through `decide` on its own
   * (own transaction, own judgement); one refusal does not stop the others.
   */
  async decideMany(
    principal: Principal,
    invoiceIds: readonly string[],
    stepKey: string,
    reason?: string,
  ): Promise<BulkResult> {
    const out: BulkResult = { approved: [], refused: [] };
    for (const invoiceId of [...new Set(invoiceIds)].slice(0, 500)) {
      try {
        await this.decide(principal, { invoiceId, action: 'approve', stepKey, reason }, { bulk: true });
        out.approved.push(invoiceId);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        out.refused.push({ invoiceId, code: err.code, message: err.messages });
      }
    }
    return out;
  }

  private async finish(
    m: EntityManager,
    tenantId: string,
    instance: InstanceRecord,
    state: 'approved' | 'returned',
    actor: Actor,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.repo.cancelOpenTasks(m, instance.invoiceId);
    await this.repo.finishInstance(m, instance.invoiceId, state);
    const moved = await this.invoices.transition(
      tenantId,
      instance.invoiceId,
      'awaiting_approval',
      state,
      actor.actor,
      {},
      detail,
    );
    // The invoice left approval some other way meanwhile (cancelled): refuse, roll back.
    if (!moved) throw new DomainError(E.APPROVAL_NOT_OPEN);
    await this.repo.insertEvent(m, tenantId, `invoice.${state}`, `invoice:${instance.invoiceId}`, {
      invoiceId: instance.invoiceId,
      ...detail,
    });
  }

  private async actorOf(m: EntityManager, principal: Principal): Promise<Actor> {
    let userId: string | undefined;
    if (principal.kind === 'user') userId = principal.id;
    else if (principal.roles.includes('approver')) userId = await this.repo.userIdOfApiKey(m, principal.id);
    if (!userId) throw new DomainError(E.APPROVAL_NOT_A_PERSON);
    const user = await this.repo.staffUser(m, userId);
    if (!user || user.disabled) throw new DomainError(E.APPROVAL_NOT_A_PERSON);
    return {
      user,
      actor: principal.kind === 'user' ? actorOf(principal) : `${actorOf(principal)}/user:${user.id}`,
    };
  }

  private async decisionFacts(
    m: EntityManager,
    actor: Actor,
    instance: InstanceRecord,
    policy: PolicyRecord,
    task: TaskRecord | undefined,
    cmd: DecisionCommand,
    bulk: boolean,
  ): Promise<DecisionFacts> {
    const [limits, certified, kontierung, eligibility, amount] = await Promise.all([
      this.repo.limits(m, actor.user.id),
      this.repo.certifiedBy(m, instance.invoiceId, actor.user.id),
      this.repo.kontierung(m, instance.invoiceId),
      task ? this.eligibility(m, task, actor.user) : Promise.resolve(undefined),
      this.policyAmountOf(m, policy.definition, instance),
    ]);
    return {
      action: cmd.action,
      task: task && { kind: task.stepKind, state: task.state, bulkAllowed: task.bulkAllowed },
      instanceState: instance.state,
      actor: { roles: actor.user.roles, limits, certified },
      eligibility,
      isAdmin: actor.user.roles.includes('admin'),
      amount,
      separation: policy.definition.separation,
      reason: cmd.reason,
      kontierungComplete:
        kontierung.length > 0 &&
        (await this.accounts.checkKontierung(instance.tenantId, kontierung, instance.amount, { at: today() }))
          .length === 0,
      bulk,
    };
  }

  private async policyAmountOf(
    m: EntityManager,
    def: PolicyDefinition,
    instance: InstanceRecord,
  ): Promise<string> {
    if (def.amountBasis !== 'net') return instance.amount;
    const rows: Row[] = await m.query(
      `SELECT model -> 'totals' ->> 'taxExclusive' AS net FROM invoices WHERE id = $1`,
      [instance.invoiceId],
    );
    return policyAmount(def, {
      gross: instance.amount,
      net: rows[0]?.net ?? undefined,
      creditNote: false,
    }).toFixed(2);
  }

  /** How `user` may act on `task`: as an assignee, standing in for one, or not at all. */
  private async eligibility(
    m: EntityManager,
    task: TaskRecord,
    user: StaffUser,
  ): Promise<DecisionFacts['eligibility']> {
    if (assigned(task, user)) return { kind: 'direct' };
    const edges = await this.repo.activeSubstitutions(m, today());
    for (const absent of representedBy(user.id, edges)) {
      const other = await this.repo.staffUser(m, absent);
      if (other && !other.disabled && assigned(task, other)) return { kind: 'substitute', forUser: absent };
    }
    return undefined;
  }

  private async reassignTarget(
    m: EntityManager,
    cmd: DecisionCommand,
  ): Promise<{ userId?: string; groupId?: string }> {
    const to = cmd.reassignTo;
    if (!to || (!to.userId && !to.groupId) || (to.userId && to.groupId))
      throw new DomainError(E.APPROVAL_REASSIGN_TARGET_INVALID);
    if (to.userId) {
      const user = isUuid(to.userId) ? await this.repo.staffUser(m, to.userId) : undefined;
      if (!user || user.disabled) throw new DomainError(E.APPROVAL_REASSIGN_TARGET_INVALID);
      return { userId: user.id };
    }
    const groups = await this.repo.groups(m);
    const group = groups.find((g) => g.id === to.groupId);
    if (!group) throw new DomainError(E.APPROVAL_REASSIGN_TARGET_INVALID);
    return { groupId: group.id };
  }

  // Reading ----------------------------------------------------------------------------------

  /** The approval of an invoice as the caller sees it, with what they may do now. */
  async state(principal: Principal, invoiceId: string): Promise<ApprovalState> {
    return this.repo.tx(principal.tenantId, async (m) => {
      const instance = await this.repo.instance(m, invoiceId);
      if (!instance) throw new DomainError(E.APPROVAL_NOT_FOUND);
      const policy = await this.repo.policy(m, instance.policyId);
      if (!policy) throw new DomainError(E.APPROVAL_NOT_FOUND);
      const [tasks, decisions, kontierung, people, groups] = await Promise.all([
        this.repo.tasks(m, invoiceId),
        this.repo.decisions(m, invoiceId),
        this.repo.kontierung(m, invoiceId),
        this.repo.staffUsers(m),
        this.repo.groups(m),
      ]);
      const name = new Map(people.map((p) => [p.id, p.displayName]));
      const groupName = new Map(groups.map((g) => [g.id, g.name]));
      const current = tasks.find((t) => t.state === 'open' || t.state === 'held') ?? null;
      let allowed: Allowed[] = [];
      let actingFor: ApprovalState['actingFor'] = null;
      const actor = await this.actorOf(m, principal).catch(() => undefined);
      if (actor && instance.state === 'open') {
        const actions: DecisionAction[] = current
          ? current.state === 'held'
            ? ['approve', 'reject', 'release', 'reassign', 'kontierung']
            : ['approve', 'reject', 'hold', 'reassign', 'kontierung']
          : [];
        actions.push('comment');
        allowed = [];
        // The facts are the same for every action: read once, judged per action. Approve is
        // judged without a reason, so that "only with a written reason" shows as such.
        const facts = await this.decisionFacts(
          m,
          actor,
          instance,
          policy,
          current ?? undefined,
          { invoiceId, action: 'approve' },
          false,
        );
        for (const action of actions) {
          const j: Judgement = judgeDecision({
            ...facts,
            action,
            reason: action === 'approve' ? undefined : 'x'.repeat(10),
          });
          allowed.push(
            j.ok
              ? { action, ok: true }
              : { action, ok: false, code: j.error.code, message: { de: j.error.de, en: j.error.en } },
          );
        }
        if (facts.eligibility?.kind === 'substitute')
          actingFor = { id: facts.eligibility.forUser, name: name.get(facts.eligibility.forUser) ?? '' };
      }
      let prefill: ApprovalState['prefill'] = null;
      if (kontierung.length === 0 && instance.state === 'open')
        prefill = await this.prefill(principal.tenantId, m, instance);
      return {
        instance,
        policy: { id: policy.id, version: policy.version, name: policy.name },
        tasks: tasks.map((t) => ({
          ...t,
          assigneeNames: [
            ...t.assigneeUsers.map((u) => name.get(u) ?? u),
            ...t.assigneeGroups.map((g) => groupName.get(g) ?? g),
            ...t.assigneeRoles.map((r) => `role:${r}`),
          ],
        })),
        decisions,
        kontierung,
        prefill,
        current,
        allowed,
        actingFor,
      };
    });
  }

  /**
   * A Kontierung suggestion: the accounts BT-19 (buyer accounting reference) names — checked
   * against the chart when the tenant has one — else the supplier's last Kontierung, its
   * amounts scaled to this invoice in the same proportions.
   */
  private async prefill(
    tenantId: string,
    m: EntityManager,
    instance: InstanceRecord,
  ): Promise<ApprovalState['prefill']> {
    const rows: Row[] = await m.query(
      `SELECT model ->> 'buyerAccountingReference' AS bt19 FROM invoices WHERE id = $1`,
      [instance.invoiceId],
    );
    const bt19 = (rows[0]?.bt19 as string | undefined)?.trim();
    if (bt19) {
      const candidates = parseAccountingReference(bt19);
      const hasChart = (await this.accounts.counts(tenantId)).some(
        (c) => c.kind === 'buchungsstelle' && c.total > 0,
      );
      const hit = hasChart
        ? await this.accounts.suggestFromAccountingReference(tenantId, bt19)
        : candidates[0];
      if (hit)
        return {
          source: 'bt19',
          lines: [
            {
              buchungsstelle: hit.buchungsstelle,
              kostenstelle: hit.kostenstelle ?? null,
              amount: instance.amount,
            },
          ],
        };
    }
    if (!instance.sellerKey) return null;
    const last = await this.repo.lastKontierungOfSeller(
      m,
      instance.tenantId,
      instance.sellerKey,
      instance.invoiceId,
    );
    if (last.length === 0) return null;
    return { source: 'supplier', lines: scaled(last, instance.amount) };
  }

  async inbox(principal: Principal, filter: InboxFilter): Promise<InboxPage> {
    return this.repo.tx(principal.tenantId, async (m) => {
      const actor = await this.actorOf(m, principal);
      const edges = await this.repo.activeSubstitutions(m, today());
      const people = [actor.user];
      for (const id of representedBy(actor.user.id, edges)) {
        const u = await this.repo.staffUser(m, id);
        if (u && !u.disabled) people.push(u);
      }
      const reach = {
        users: people.map((p) => p.id),
        groups: [...new Set(people.flatMap((p) => p.groupIds))],
        roles: [...new Set(people.flatMap((p) => p.roles))],
        unassigned: actor.user.roles.includes('admin'),
      };
      const riskUntil = addDays(today(), 7);
      return this.repo.inbox(m, principal.tenantId, reach, filter, riskUntil);
    });
  }

  // Policies ------------------------------------------------------------------------------

  presets() {
    return PRESETS;
  }

  async policies(tenantId: string): Promise<PolicyRecord[]> {
    return this.repo.tx(tenantId, (m) => this.repo.policies(m));
  }

  async policy(tenantId: string, id: string): Promise<PolicyRecord> {
    const p = isUuid(id) ? await this.repo.tx(tenantId, (m) => this.repo.policy(m, id)) : undefined;
    if (!p) throw new DomainError(E.APPROVAL_POLICY_NOT_FOUND);
    return p;
  }

  /** A new draft, from a preset or a definition. */
  async createDraft(
    principal: Principal,
    input: { name?: string; preset?: string; definition?: unknown },
  ): Promise<PolicyRecord> {
    let definition: unknown = input.definition;
    let preset: string | null = null;
    let name = input.name?.trim();
    if (input.preset !== undefined) {
      const p = presetById(input.preset);
      if (!p) throw new DomainError(E.APPROVAL_PRESET_UNKNOWN, { presets: PRESETS.map((x) => x.id) });
      preset = p.id;
      definition ??= p.definition;
      name ||= p.name.de;
    }
    const problems = checkPolicy(definition);
    if (problems.length > 0) throw new DomainError(E.APPROVAL_POLICY_INVALID, { problems });
    if (!name || name.length > 120)
      throw new DomainError(E.APPROVAL_POLICY_INVALID, {
        problems: [{ path: 'name', message: '1 to 120 characters' }],
      });
    return this.repo.tx(principal.tenantId, async (m) => {
      const created = await this.repo.insertPolicy(m, principal.tenantId, {
        name,
        preset,
        definition: definition as PolicyDefinition,
        createdBy: actorOf(principal),
        state: 'draft',
      });
      await this.audit.record({
        tenantId: principal.tenantId,
        actor: actorOf(principal),
        action: 'approval.policy.drafted',
        subject: `approval-policy:${created.id}`,
        data: { version: created.version, preset },
      });
      return created;
    });
  }

  async updateDraft(
    principal: Principal,
    id: string,
    input: { name?: string; definition: unknown },
  ): Promise<PolicyRecord> {
    const problems = checkPolicy(input.definition);
    if (problems.length > 0) throw new DomainError(E.APPROVAL_POLICY_INVALID, { problems });
    const current = await this.policy(principal.tenantId, id);
    if (current.state !== 'draft') throw new DomainError(E.APPROVAL_POLICY_NOT_DRAFT);
    return this.repo.tx(principal.tenantId, async (m) => {
      const updated = await this.repo.updateDraft(m, id, {
        name: input.name?.trim() || current.name,
        definition: input.definition as PolicyDefinition,
      });
      if (!updated) throw new DomainError(E.APPROVAL_POLICY_NOT_DRAFT);
      await this.audit.record({
        tenantId: principal.tenantId,
        actor: actorOf(principal),
        action: 'approval.policy.updated',
        subject: `approval-policy:${id}`,
        data: { version: updated.version },
      });
      return updated;
    });
  }

  /**
   * Activates a draft for invoices that start approval from now on. Running approvals keep
   * the version and the assignees they started with.
   */
  async activate(principal: Principal, id: string): Promise<PolicyRecord> {
    await this.policy(principal.tenantId, id);
    return this.repo.tx(principal.tenantId, async (m) => {
      if (!(await this.repo.activate(m, id, actorOf(principal))))
        throw new DomainError(E.APPROVAL_POLICY_NOT_DRAFT);
      const p = (await this.repo.policy(m, id))!;
      await this.audit.record({
        tenantId: principal.tenantId,
        actor: actorOf(principal),
        action: 'approval.policy.activated',
        subject: `approval-policy:${id}`,
        data: { version: p.version },
      });
      return p;
    });
  }

  /** What a policy definition would have done with the tenant's invoices of the last `days` days. */
  async dryRun(tenantId: string, definition: unknown, days: number): Promise<DryRunReport> {
    const problems = checkPolicy(definition);
    if (problems.length > 0) throw new DomainError(E.APPROVAL_POLICY_INVALID, { problems });
    const def = definition as PolicyDefinition;
    const span = Math.min(Math.max(Math.trunc(days) || 30, 1), 366);
    return this.repo.tx(tenantId, async (m) => {
      const invoices = await this.repo.recentInvoicesForDryRun(m, span, 20_000);
      const [people, groups, limits, active] = await Promise.all([
        this.repo.staffUsers(m),
        this.repo.groups(m),
        this.repo.allLimits(m),
        this.repo.activePolicy(m),
      ]);
      const policies = new Map<string, PolicyDefinition>();
      if (active) policies.set(active.id, active.definition);
      const byEmail = new Map(people.filter((p) => !p.disabled).map((p) => [p.email, p]));
      const byGroup = new Map(groups.map((g) => [g.name, g]));
      const anordnungMax = new Map(
        limits.filter((l) => l.scope === 'anordnung').map((l) => [l.userId, l.maxAmount]),
      );
      const stepsPerInvoice: Record<string, number> = {};
      const steps = new Map<
        string,
        { key: string; label: { de: string; en: string }; invoices: number; assignees: Set<string> }
      >();
      let limitHits = 0;
      let unassigned = 0;
      let changed = 0;
      const limitHitExamples: DryRunReport['limitHitExamples'] = [];
      for (const inv of invoices) {
        const facts = factsOf(inv);
        const plan = planApproval(def, facts);
        stepsPerInvoice[plan.length] = (stepsPerInvoice[plan.length] ?? 0) + 1;
        let anyUnassigned = false;
        let hit = false;
        for (const s of plan) {
          const entry = steps.get(s.key) ?? {
            key: s.key,
            label: s.label,
            invoices: 0,
            assignees: new Set<string>(),
          };
          entry.invoices++;
          steps.set(s.key, entry);
          const who = new Map<string, StaffUser>();
          for (const e of s.users) if (byEmail.has(e)) who.set(byEmail.get(e)!.id, byEmail.get(e)!);
          for (const g of s.groups) {
            const group = byGroup.get(g);
            for (const id of group?.members ?? []) {
              const p = people.find((x) => x.id === id && !x.disabled);
              if (p) who.set(p.id, p);
            }
          }
          for (const p of people)
            if (!p.disabled && p.roles.some((r) => s.roles.includes(r as never))) who.set(p.id, p);
          for (const p of who.values()) entry.assignees.add(p.displayName);
          for (const g of s.groups) if (byGroup.has(g)) entry.assignees.add(`${g}`);
          if (who.size === 0) anyUnassigned = true;
          if (s.kind === 'anordnung') {
            const amount = policyAmount(def, facts);
            const able = [...who.values()].some(
              (p) =>
                !p.roles.includes('treasury') &&
                anordnungMax.has(p.id) &&
                (anordnungMax.get(p.id) === null || amount.lessThanOrEqualTo(anordnungMax.get(p.id)!)),
            );
            if (!able) hit = true;
          }
        }
        if (anyUnassigned) unassigned++;
        if (hit) {
          limitHits++;
          if (limitHitExamples.length < 10)
            limitHitExamples.push({
              invoiceId: inv.id,
              number: inv.number,
              amount: new Decimal(inv.amount_due ?? 0).toFixed(2),
            });
        }
        const before = inv.policy_id
          ? (policies.get(inv.policy_id) ?? (await this.definitionOf(m, inv.policy_id, policies)))
          : active?.definition;
        if (before) {
          const was = planApproval(before, facts)
            .map((s) => `${s.key}:${s.kind}`)
            .join(',');
          if (was !== plan.map((s) => `${s.key}:${s.kind}`).join(',')) changed++;
        }
      }
      return {
        days: span,
        invoices: invoices.length,
        stepsPerInvoice,
        steps: [...steps.values()].map((s) => ({ ...s, assignees: [...s.assignees].sort() })),
        limitHits,
        limitHitExamples,
        unassigned,
        changed,
      };
    });
  }

  private async definitionOf(
    m: EntityManager,
    id: string,
    cache: Map<string, PolicyDefinition>,
  ): Promise<PolicyDefinition | undefined> {
    const p = await this.repo.policy(m, id);
    if (p) cache.set(id, p.definition);
    return p?.definition;
  }

  // Groups, limits, substitutes -------------------------------------------------------------

  async groups(tenantId: string) {
    return this.repo.tx(tenantId, (m) => this.repo.groups(m));
  }

  async createGroup(
    principal: Principal,
    name: string,
    members: readonly string[] = [],
  ): Promise<{ id: string }> {
    const clean = name.trim();
    if (!clean || clean.length > 80)
      throw new DomainError(E.APPROVAL_POLICY_INVALID, {
        problems: [{ path: 'name', message: '1 to 80 characters' }],
      });
    return this.repo.tx(principal.tenantId, async (m) => {
      const id = await this.repo.createGroup(m, principal.tenantId, clean);
      if (!id) throw new DomainError(E.APPROVAL_GROUP_EXISTS);
      await this.setMembersIn(m, principal, id, members);
      await this.audit.record({
        tenantId: principal.tenantId,
        actor: actorOf(principal),
        action: 'approval.group.created',
        subject: `approval-group:${id}`,
        data: { name: clean, members },
      });
      return { id };
    });
  }

  async setGroupMembers(principal: Principal, groupId: string, members: readonly string[]): Promise<void> {
    await this.repo.tx(principal.tenantId, async (m) => {
      const groups = await this.repo.groups(m);
      if (!groups.some((g) => g.id === groupId)) throw new DomainError(E.APPROVAL_GROUP_NOT_FOUND);
      await this.setMembersIn(m, principal, groupId, members);
      await this.audit.record({
        tenantId: principal.tenantId,
        actor: actorOf(principal),
        action: 'approval.group.members',
        subject: `approval-group:${groupId}`,
        data: { members },
      });
    });
  }

  private async setMembersIn(
    m: EntityManager,
    principal: Principal,
    groupId: string,
    members: readonly string[],
  ): Promise<void> {
    const unique = [...new Set(members)];
    for (const id of unique)
      if (!isUuid(id) || !(await this.repo.staffUser(m, id)))
        throw new DomainError(E.APPROVAL_USER_NOT_FOUND, { userId: id });
    await this.repo.setGroupMembers(m, principal.tenantId, groupId, unique);
  }

  async deleteGroup(principal: Principal, groupId: string): Promise<void> {
    await this.repo.tx(principal.tenantId, async (m) => {
      if (!isUuid(groupId) || !(await this.repo.deleteGroup(m, groupId)))
        throw new DomainError(E.APPROVAL_GROUP_NOT_FOUND);
      await this.audit.record({
        tenantId: principal.tenantId,
        actor: actorOf(principal),
        action: 'approval.group.deleted',
        subject: `approval-group:${groupId}`,
      });
    });
  }

  async limits(tenantId: string) {
    return this.repo.tx(tenantId, (m) => this.repo.allLimits(m));
  }

  /** Sets (or with `maxAmount` undefined removes) a user's authority for a scope; null = no upper limit. */
  async setLimit(
    principal: Principal,
    userId: string,
    scope: string,
    maxAmount: string | null | undefined,
  ): Promise<void> {
    if (!['feststellung', 'anordnung', 'freigabe'].includes(scope))
      throw new DomainError(E.APPROVAL_POLICY_INVALID, {
        problems: [{ path: 'scope', message: 'feststellung, anordnung or freigabe' }],
      });
    if (maxAmount !== undefined && maxAmount !== null && !/^\d{1,15}(\.\d{1,2})?$/.test(maxAmount))
      throw new DomainError(E.APPROVAL_POLICY_INVALID, {
        problems: [{ path: 'maxAmount', message: 'a decimal like "5000.00", or null' }],
      });
    await this.repo.tx(principal.tenantId, async (m) => {
      if (!isUuid(userId) || !(await this.repo.staffUser(m, userId)))
        throw new DomainError(E.APPROVAL_USER_NOT_FOUND);
      await this.repo.setLimit(m, principal.tenantId, userId, scope, maxAmount, actorOf(principal));
      await this.audit.record({
        tenantId: principal.tenantId,
        actor: actorOf(principal),
        action: 'approval.limit.set',
        subject: `user:${userId}`,
        data: { scope, maxAmount: maxAmount ?? 'removed' },
      });
    });
  }

  async substitutions(tenantId: string, current = true) {
    return this.repo.tx(tenantId, (m) => this.repo.substitutions(m, { current, day: today() }));
  }

  /**
   * Names a substitute for an absent user over a period. A user names their own; an admin
   * names anyone's. Refused when it would close a cycle with overlapping substitutions.
   */
  async addSubstitution(
    principal: Principal,
    s: { userId?: string; substituteId: string; startsOn: string; endsOn: string },
  ): Promise<{ id: string }> {
    const isAdmin = principal.roles.includes('admin');
    const userId = s.userId ?? principal.id;
    if (principal.kind !== 'user' || (userId !== principal.id && !isAdmin))
      throw new DomainError(E.APPROVAL_FORBIDDEN);
    const day = /^\d{4}-\d{2}-\d{2}$/;
    if (
      !day.test(s.startsOn) ||
      !day.test(s.endsOn) ||
      s.endsOn < s.startsOn ||
      !isUuid(s.substituteId) ||
      s.substituteId === userId ||
      s.endsOn < today()
    )
      throw new DomainError(E.APPROVAL_SUBSTITUTE_INVALID);
    return this.repo.tx(principal.tenantId, async (m) => {
      const [user, sub] = await Promise.all([
        this.repo.staffUser(m, userId),
        this.repo.staffUser(m, s.substituteId),
      ]);
      if (!user || !sub || sub.disabled) throw new DomainError(E.APPROVAL_SUBSTITUTE_INVALID);
      // Serialise substitution changes of the tenant so two concurrent ones cannot form a cycle.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('approval_substitutes:' || $1))`, [
        principal.tenantId,
      ]);
      const edges: SubstitutionEdge[] = await this.repo.overlappingSubstitutions(m, s.startsOn, s.endsOn);
      if (closesCycle({ userId, substituteId: s.substituteId }, edges))
        throw new DomainError(E.APPROVAL_SUBSTITUTE_INVALID, { cycle: true });
      const id = await this.repo.insertSubstitution(m, principal.tenantId, {
        userId,
        substituteId: s.substituteId,
        startsOn: s.startsOn,
        endsOn: s.endsOn,
        createdBy: actorOf(principal),
      });
      await this.audit.record({
        tenantId: principal.tenantId,
        actor: actorOf(principal),
        action: 'approval.substitute.added',
        subject: `user:${userId}`,
        data: { id, substituteId: s.substituteId, startsOn: s.startsOn, endsOn: s.endsOn },
      });
      return { id };
    });
  }

  async revokeSubstitution(principal: Principal, id: string): Promise<void> {
    await this.repo.tx(principal.tenantId, async (m) => {
      const s = isUuid(id) ? await this.repo.substitution(m, id) : undefined;
      if (!s) throw new DomainError(E.APPROVAL_SUBSTITUTE_NOT_FOUND);
      if (s.userId !== principal.id && !principal.roles.includes('admin'))
        throw new DomainError(E.APPROVAL_FORBIDDEN);
      await this.repo.revokeSubstitution(m, id);
      await this.audit.record({
        tenantId: principal.tenantId,
        actor: actorOf(principal),
        action: 'approval.substitute.revoked',
        subject: `user:${s.userId}`,
        data: { id },
      });
    });
  }

  /** Staff of the tenant, for pickers (reassign, substitutes, groups, limits). */
  async people(tenantId: string): Promise<StaffUser[]> {
    return this.repo.tx(tenantId, (m) => this.repo.staffUsers(m));
  }

  /** For the approval start job's recovery sweep. */
  unstarted(limit: number) {
    return this.repo.unstartedAcrossTenants(limit);
  }
}

/** The lines' amounts scaled to `total` in their proportions, to the cent; the last line takes the rounding. */
function scaled(lines: readonly KontierungLine[], total: string): KontierungLine[] {
  const sum = lines.reduce((acc, l) => acc.plus(new Decimal(l.amount).abs()), new Decimal(0));
  const target = new Decimal(total);
  let given = new Decimal(0);
  return lines.map((l, i) => {
    const share =
      i === lines.length - 1
        ? target.minus(given)
        : sum.isZero()
          ? new Decimal(0)
          : target
              .times(new Decimal(l.amount).abs())
              .dividedBy(sum)
              .toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    given = given.plus(share);
    return { ...l, amount: share.toFixed(2) };
  });
}

function assigned(task: TaskRecord, user: StaffUser): boolean {
  return (
    task.assigneeUsers.includes(user.id) ||
    user.groupIds.some((g) => task.assigneeGroups.includes(g)) ||
    user.roles.some((r) => task.assigneeRoles.includes(r))
  );
}

function pickTask(tasks: readonly TaskRecord[], cmd: DecisionCommand): TaskRecord | undefined {
  if (cmd.stepKey !== undefined) {
    const t = tasks.find((x) => x.stepKey === cmd.stepKey && x.state !== 'cancelled');
    if (!t) throw new DomainError(E.APPROVAL_STEP_NOT_CURRENT);
    return t;
  }
  return tasks.find((t) => t.state === 'open' || t.state === 'held');
}

function factsOf(inv: Row): InvoiceFacts {
  return {
    gross: new Decimal(inv.amount_due ?? '0').toFixed(2),
    net: inv.net && /^-?\d+(\.\d+)?$/.test(inv.net) ? inv.net : undefined,
    creditNote: inv.syntax === 'ubl-creditnote' || ['381', '396', '532'].includes(inv.type_code ?? ''),
    sellerVatId: inv.seller_vat_id ?? undefined,
    sellerName: inv.seller_name ?? undefined,
    buyerReference: inv.buyer_reference ?? undefined,
    orderReference: inv.order_reference ?? undefined,
    accountingReference: inv.accounting_reference ?? undefined,
  };
}

function sellerKey(inv: Row): string | null {
  const v = (inv.seller_vat_id ?? inv.seller_name ?? '').trim().toLowerCase();
  return v || null;
}

function firstSkonto(value: unknown): { until: string; discountAmount: string } | undefined {
  if (!Array.isArray(value)) return undefined;
  const offers = value.filter(
    (o): o is { until: string; discountAmount: string } =>
      typeof o?.until === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(o.until) &&
      typeof o.discountAmount === 'string',
  );
  return offers.sort((a, b) => a.until.localeCompare(b.until))[0];
}

function isoOrNull(v: unknown): string | null {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null;
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function isUuid(v: string): boolean {
  return UUID.test(v);
}
