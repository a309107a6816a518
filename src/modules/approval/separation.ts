/**
 * The rules that protect money, as one pure function: given everything known about a
 * decision, may it be recorded? `ApprovalService.decide` — the only way any path (web
 * form, API, bulk, substitute, job) records a decision — calls it under the row lock of
 * the approval and records nothing unless it says yes. Anything it does not recognise is
 * a refusal (fail closed).
 *
 * Separation of duties is transaction-scoped (APPROVAL.md § 1.2): the same person may hold
 * both powers, but not on the same invoice.
 */
import { Decimal } from 'decimal.js';
import type { DomainErrorSpec } from '../../common/errors/domain-error.js';
import { ApprovalErrors as E } from './approval.errors.js';
import { FESTSTELLUNG_KINDS, limitScope, type PolicyDefinition, type StepKind } from './policy/policy.js';

export const DECISION_ACTIONS = [
  'approve',
  'reject',
  'hold',
  'release',
  'reassign',
  'comment',
  'kontierung',
] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

export interface DecisionFacts {
  readonly action: DecisionAction;
  /** The task acted on; absent for a comment on the invoice as a whole. */
  readonly task?: {
    readonly kind: StepKind;
    readonly state: 'waiting' | 'open' | 'held' | 'done' | 'cancelled';
    readonly bulkAllowed: boolean;
  };
  readonly instanceState: 'open' | 'approved' | 'returned' | 'cancelled';
  readonly actor: {
    readonly roles: readonly string[];
    /** approval_limits of the actor by scope; null = no upper limit. Missing scope = no row. */
    readonly limits: Readonly<Partial<Record<'feststellung' | 'anordnung' | 'freigabe', string | null>>>;
    /** Whether the actor made a Feststellung (approved a sachlich/rechnerisch/feststellung step) of this invoice. */
    readonly certified: boolean;
  };
  /** How the actor may act on the task: as an assignee, for an absent assignee, or not at all. */
  readonly eligibility:
    { readonly kind: 'direct' } | { readonly kind: 'substitute'; readonly forUser: string } | undefined;
  readonly isAdmin: boolean;
  /** Decimal string of the amount the policy compares. */
  readonly amount: string;
  readonly separation: PolicyDefinition['separation'];
  readonly reason?: string;
  /** The Kontierung exists and sums to the invoice amount. */
  readonly kontierungComplete: boolean;
  readonly bulk: boolean;
}

export type Judgement =
  | { readonly ok: true; readonly sodException: boolean }
  | { readonly ok: false; readonly error: DomainErrorSpec };

const no = (error: DomainErrorSpec): Judgement => ({ ok: false, error });

/** Reasons must say something: at least this many characters after trimming. */
export const MIN_REASON_LENGTH = 5;

function hasReason(reason: string | undefined): boolean {
  return (reason?.trim().length ?? 0) >= MIN_REASON_LENGTH;
}

export function judgeDecision(f: DecisionFacts): Judgement {
  if (!(DECISION_ACTIONS as readonly string[]).includes(f.action)) return no(E.APPROVAL_ACTION_INVALID);
  if (f.instanceState !== 'open') return no(E.APPROVAL_NOT_OPEN);

  // A comment on the invoice: any staff member of the tenant may add one.
  if (f.action === 'comment') {
    if (!hasReason(f.reason)) return no(E.APPROVAL_REASON_REQUIRED);
    return { ok: true, sodException: false };
  }

  const task = f.task;
  if (!task) return no(E.APPROVAL_ACTION_INVALID);
  if (task.state === 'waiting') return no(E.APPROVAL_STEP_NOT_CURRENT);
  if (task.state !== 'open' && task.state !== 'held') return no(E.APPROVAL_NOT_OPEN);

  // Reassigning: the assignee passes the task on, or an admin does.
  if (f.action === 'reassign') {
    if (!f.eligibility && !f.isAdmin) return no(E.APPROVAL_NOT_ASSIGNED);
    if (!hasReason(f.reason)) return no(E.APPROVAL_REASON_REQUIRED);
    return { ok: true, sodException: false };
  }

  if (!f.eligibility) return no(E.APPROVAL_NOT_ASSIGNED);
  const certifies = FESTSTELLUNG_KINDS.includes(task.kind);
  const orders = task.kind === 'anordnung';

  // Kasse staff neither certify nor order, and so neither reject nor account on such steps.
  if ((certifies || orders) && f.actor.roles.includes('treasury')) return no(E.APPROVAL_SOD_TREASURY);

  switch (f.action) {
    case 'hold':
      if (task.state !== 'open') return no(E.APPROVAL_ACTION_INVALID);
      if (!hasReason(f.reason)) return no(E.APPROVAL_REASON_REQUIRED);
      return { ok: true, sodException: false };
    case 'release':
      if (task.state !== 'held') return no(E.APPROVAL_ACTION_INVALID);
      return { ok: true, sodException: false };
    case 'reject':
      if (!hasReason(f.reason)) return no(E.APPROVAL_REASON_REQUIRED);
      return { ok: true, sodException: false };
    case 'kontierung':
      return { ok: true, sodException: false };
    case 'approve':
      return judgeApproval(f, task.kind, task.bulkAllowed);
    default:
      return no(E.APPROVAL_ACTION_INVALID);
  }
}

function judgeApproval(f: DecisionFacts, kind: StepKind, bulkAllowed: boolean): Judgement {
  if (f.bulk && !bulkAllowed) return no(E.APPROVAL_BULK_NOT_ALLOWED);
  let sodException = false;
  if (kind === 'anordnung') {
    if (f.actor.certified) {
      if (f.separation.feststellerMayOrder !== 'with_reason') return no(E.APPROVAL_SOD_FESTSTELLER_ANORDNUNG);
      // Bulk carries one reason for many invoices: an exception is argued per invoice.
      if (f.bulk || !hasReason(f.reason)) return no(E.APPROVAL_SOD_REASON_REQUIRED);
      sodException = true;
    }
    if (!f.kontierungComplete) return no(E.APPROVAL_KONTIERUNG_REQUIRED);
  }
  const scope = limitScope(kind);
  const hasRow = Object.hasOwn(f.actor.limits, scope);
  // Anordnungsbefugnis is granted explicitly; without it there is no Anordnung.
  if (scope === 'anordnung' && !hasRow) return no(E.APPROVAL_LIMIT_NONE);
  if (hasRow) {
    const max = f.actor.limits[scope];
    let amount: Decimal;
    try {
      amount = new Decimal(f.amount).abs();
    } catch {
      return no(E.APPROVAL_LIMIT_EXCEEDED);
    }
    if (max !== null && max !== undefined && amount.greaterThan(max)) return no(E.APPROVAL_LIMIT_EXCEEDED);
  }
  return { ok: true, sodException };
}
