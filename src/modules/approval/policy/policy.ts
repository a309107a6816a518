/**
 * Approval policies as data: ordered steps, who may act on each, conditions, the
 * separation-of-duties options and the deadline clocks. Pure: no Nest or database imports,
 * so the same code plans a real approval, a dry run and a unit test.
 *
 * Step kinds follow the municipal Kassenrecht (APPROVAL.md § 1): `sachlich` and
 * `rechnerisch` Feststellung, or both merged into one `feststellung`; `anordnung` (the payment
 * order, given by a holder of Anordnungsbefugnis within their value limit); `freigabe` for
 * any further sign-off (e.g. "Amtsleitung above 10,000 €", the second pair of eyes in a company).
 */
import { Decimal } from 'decimal.js';

export const STEP_KINDS = ['sachlich', 'rechnerisch', 'feststellung', 'anordnung', 'freigabe'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** Kinds that certify the invoice (Feststellung): their actors may not give its Anordnung. */
export const FESTSTELLUNG_KINDS: readonly StepKind[] = ['sachlich', 'rechnerisch', 'feststellung'];

/** The limit scope (approval_limits.scope) a step kind is checked against. */
export function limitScope(kind: StepKind): 'feststellung' | 'anordnung' | 'freigabe' {
  if (kind === 'anordnung') return 'anordnung';
  if (kind === 'freigabe') return 'freigabe';
  return 'feststellung';
}

export const ASSIGNEE_ROLES = ['admin', 'approver', 'treasury', 'auditor'] as const;
export type AssigneeRole = (typeof ASSIGNEE_ROLES)[number];

/** Who may act: any of these users (by e-mail), members of these groups (by name), holders of these roles. */
export interface Assignees {
  readonly users?: readonly string[];
  readonly groups?: readonly string[];
  readonly roles?: readonly AssigneeRole[];
}

/** Facts of the invoice a step's assignees may be resolved from. */
export const RESOLVE_SOURCES = [
  'leitweg-fein',
  'buyer-reference',
  'order-reference',
  'accounting-reference',
] as const;
export type ResolveSource = (typeof RESOLVE_SOURCES)[number];

export interface StepCondition {
  /** Decimal strings; the step applies when amount >= minAmount and amount <= maxAmount. */
  readonly minAmount?: string;
  readonly maxAmount?: string;
  /** true: only credit notes; false: only invoices. */
  readonly creditNote?: boolean;
  /** Sellers (VAT id or name, case-insensitive) the step applies to. */
  readonly suppliers?: readonly string[];
}

export interface StepDefinition {
  readonly key: string;
  readonly kind: StepKind;
  readonly label: { readonly de: string; readonly en: string };
  readonly assignees: Assignees;
  /** Assignees looked up from the invoice; a match replaces `assignees`. */
  readonly resolve?: { readonly source: ResolveSource; readonly map: Readonly<Record<string, Assignees>> };
  readonly when?: StepCondition;
  /** Whether many invoices may be approved at once on this step. */
  readonly bulk?: boolean;
}

export interface PolicyDefinition {
  readonly steps: readonly StepDefinition[];
  readonly separation: {
    /**
     * `never`: whoever made a Feststellung never gives the Anordnung of the same invoice.
     * `with_reason`: allowed with a written reason (the ordinances say "soll").
     */
    readonly feststellerMayOrder: 'never' | 'with_reason';
  };
  /** The amount conditions and limits compare: BT-115 (gross, amount due) or BT-109 (net). */
  readonly amountBasis: 'gross' | 'net';
  readonly deadlines: {
    /** Remind the assignees this many working days before the Skonto deadline (0: never). */
    readonly reminderWorkingDays: number;
    /** Escalate after this many working days without a decision (0: never). */
    readonly escalationWorkingDays: number;
    readonly escalateTo?: Assignees;
  };
}

/** What a plan is made from: the invoice's facts. */
export interface InvoiceFacts {
  /** Decimal string of the amount basis (gross or net as the policy says). */
  readonly gross: string;
  readonly net?: string;
  readonly creditNote: boolean;
  readonly sellerVatId?: string;
  readonly sellerName?: string;
  readonly buyerReference?: string;
  readonly orderReference?: string;
  readonly accountingReference?: string;
}

export interface PlannedStep {
  readonly index: number;
  readonly key: string;
  readonly kind: StepKind;
  readonly label: { readonly de: string; readonly en: string };
  readonly users: readonly string[];
  readonly groups: readonly string[];
  readonly roles: readonly AssigneeRole[];
  readonly bulk: boolean;
}

export interface PolicyProblem {
  readonly path: string;
  readonly message: string;
}

const KEY = /^[a-z][a-z0-9-]{0,31}$/;
const DECIMAL = /^-?\d{1,15}(\.\d{1,2})?$/;

/** The amount a policy compares (conditions, limits). */
export function policyAmount(def: PolicyDefinition, facts: InvoiceFacts): Decimal {
  const value = def.amountBasis === 'net' && facts.net !== undefined ? facts.net : facts.gross;
  return new Decimal(value).abs();
}

/** The Feinadressierung of a Leitweg-ID (`Grob-Fein-Prüfziffer`), when it has one. */
export function leitwegFein(buyerReference: string | undefined): string | undefined {
  const parts = buyerReference?.trim().split('-') ?? [];
  return parts.length === 3 && parts[1] ? parts[1] : undefined;
}

function sourceValue(source: ResolveSource, facts: InvoiceFacts): string | undefined {
  switch (source) {
    case 'leitweg-fein':
      return leitwegFein(facts.buyerReference);
    case 'buyer-reference':
      return facts.buyerReference?.trim();
    case 'order-reference':
      return facts.orderReference?.trim();
    case 'accounting-reference':
      return facts.accountingReference?.trim();
  }
}

function applies(def: PolicyDefinition, when: StepCondition | undefined, facts: InvoiceFacts): boolean {
  if (!when) return true;
  const amount = policyAmount(def, facts);
  if (when.minAmount !== undefined && amount.lessThan(when.minAmount)) return false;
  if (when.maxAmount !== undefined && amount.greaterThan(when.maxAmount)) return false;
  if (when.creditNote !== undefined && when.creditNote !== facts.creditNote) return false;
  if (when.suppliers && when.suppliers.length > 0) {
    const known = [facts.sellerVatId, facts.sellerName]
      .filter((v): v is string => !!v)
      .map((v) => v.trim().toLowerCase());
    if (!when.suppliers.some((s) => known.includes(s.trim().toLowerCase()))) return false;
  }
  return true;
}

/**
 * The steps a policy asks of an invoice, in order, with their assignees as the policy
 * names them (e-mails, group names, roles). Steps whose condition does not hold are left out.
 */
export function planApproval(def: PolicyDefinition, facts: InvoiceFacts): PlannedStep[] {
  const out: PlannedStep[] = [];
  for (const step of def.steps) {
    if (!applies(def, step.when, facts)) continue;
    let who = step.assignees;
    if (step.resolve) {
      const value = sourceValue(step.resolve.source, facts);
      const hit = value !== undefined ? lookup(step.resolve.map, value) : undefined;
      if (hit) who = hit;
    }
    out.push({
      index: out.length,
      key: step.key,
      kind: step.kind,
      label: step.label,
      users: [...(who.users ?? [])].map((u) => u.toLowerCase()),
      groups: [...(who.groups ?? [])],
      roles: [...(who.roles ?? [])],
      bulk: step.bulk ?? false,
    });
  }
  return out;
}

function lookup(map: Readonly<Record<string, Assignees>>, value: string): Assignees | undefined {
  if (Object.hasOwn(map, value)) return map[value];
  const lower = value.toLowerCase();
  const key = Object.keys(map).find((k) => k.toLowerCase() === lower);
  return key !== undefined ? map[key] : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkAssignees(v: unknown, path: string, problems: PolicyProblem[]): Assignees | undefined {
  if (!isRecord(v)) {
    problems.push({ path, message: 'must be an object with users, groups and/or roles' });
    return undefined;
  }
  const strings = (key: string): string[] | undefined => {
    const list = v[key];
    if (list === undefined) return undefined;
    if (!Array.isArray(list) || list.some((s) => typeof s !== 'string' || !s.trim() || s.length > 200)) {
      problems.push({ path: `${path}.${key}`, message: 'must be a list of non-empty texts' });
      return undefined;
    }
    return list as string[];
  };
  const users = strings('users');
  const groups = strings('groups');
  const roles = strings('roles');
  if (roles?.some((r) => !(ASSIGNEE_ROLES as readonly string[]).includes(r)))
    problems.push({ path: `${path}.roles`, message: `roles are ${ASSIGNEE_ROLES.join(', ')}` });
  if (!users?.length && !groups?.length && !roles?.length)
    problems.push({ path, message: 'names nobody: give users, groups or roles' });
  for (const k of Object.keys(v))
    if (!['users', 'groups', 'roles'].includes(k))
      problems.push({ path: `${path}.${k}`, message: 'unknown field' });
  return { users, groups, roles: roles as AssigneeRole[] | undefined };
}

function checkCondition(v: unknown, path: string, problems: PolicyProblem[]): void {
  if (v === undefined) return;
  if (!isRecord(v)) return void problems.push({ path, message: 'must be an object' });
  for (const k of ['minAmount', 'maxAmount'])
    if (v[k] !== undefined && (typeof v[k] !== 'string' || !DECIMAL.test(v[k])))
      problems.push({ path: `${path}.${k}`, message: 'must be a decimal text like "10000.00"' });
  if (v.creditNote !== undefined && typeof v.creditNote !== 'boolean')
    problems.push({ path: `${path}.creditNote`, message: 'must be true or false' });
  if (
    v.suppliers !== undefined &&
    (!Array.isArray(v.suppliers) || v.suppliers.some((s) => typeof s !== 'string'))
  )
    problems.push({ path: `${path}.suppliers`, message: 'must be a list of texts' });
  for (const k of Object.keys(v))
    if (!['minAmount', 'maxAmount', 'creditNote', 'suppliers'].includes(k))
      problems.push({ path: `${path}.${k}`, message: 'unknown field' });
}

function nonNegativeInt(v: unknown, max: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
}

/**
 * Checks a policy definition as an admin wrote it; returns the problems (empty: valid).
 * Ordering rule of the Kassenrecht: every Feststellung comes before the Anordnung
 * (SächsKomKBVO § 11(2)); there is at most one Anordnung and at least one step.
 */
export function checkPolicy(input: unknown): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  if (!isRecord(input)) return [{ path: '', message: 'must be an object' }];
  const steps = input.steps;
  if (!Array.isArray(steps) || steps.length === 0 || steps.length > 20) {
    problems.push({ path: 'steps', message: 'must be a list of 1 to 20 steps' });
  } else {
    const keys = new Set<string>();
    let anordnungAt = -1;
    steps.forEach((s: unknown, i) => {
      const path = `steps[${i}]`;
      if (!isRecord(s)) return void problems.push({ path, message: 'must be an object' });
      if (typeof s.key !== 'string' || !KEY.test(s.key))
        problems.push({ path: `${path}.key`, message: 'lower-case letters, digits and -, up to 32' });
      else if (keys.has(s.key)) problems.push({ path: `${path}.key`, message: 'used twice' });
      else keys.add(s.key);
      if (!(STEP_KINDS as readonly unknown[]).includes(s.kind))
        problems.push({ path: `${path}.kind`, message: `one of ${STEP_KINDS.join(', ')}` });
      if (s.kind === 'anordnung') {
        if (anordnungAt >= 0) problems.push({ path: `${path}.kind`, message: 'only one anordnung step' });
        anordnungAt = i;
      } else if (anordnungAt >= 0 && FESTSTELLUNG_KINDS.includes(s.kind as StepKind)) {
        problems.push({ path: `${path}.kind`, message: 'a Feststellung must come before the Anordnung' });
      }
      const label = s.label;
      if (
        !isRecord(label) ||
        typeof label.de !== 'string' ||
        typeof label.en !== 'string' ||
        !label.de.trim() ||
        !label.en.trim() ||
        label.de.length > 80 ||
        label.en.length > 80
      )
        problems.push({ path: `${path}.label`, message: 'needs de and en texts (up to 80)' });
      checkAssignees(s.assignees, `${path}.assignees`, problems);
      if (s.resolve !== undefined) {
        const r = s.resolve;
        if (!isRecord(r) || !(RESOLVE_SOURCES as readonly unknown[]).includes(r.source) || !isRecord(r.map))
          problems.push({
            path: `${path}.resolve`,
            message: `source (${RESOLVE_SOURCES.join(', ')}) and map`,
          });
        else
          for (const [k, a] of Object.entries(r.map)) checkAssignees(a, `${path}.resolve.map.${k}`, problems);
      }
      checkCondition(s.when, `${path}.when`, problems);
      if (s.bulk !== undefined && typeof s.bulk !== 'boolean')
        problems.push({ path: `${path}.bulk`, message: 'must be true or false' });
    });
  }
  const sep = input.separation;
  if (!isRecord(sep) || !['never', 'with_reason'].includes(sep.feststellerMayOrder as string))
    problems.push({ path: 'separation.feststellerMayOrder', message: 'never or with_reason' });
  if (!['gross', 'net'].includes(input.amountBasis as string))
    problems.push({ path: 'amountBasis', message: 'gross or net' });
  const d = input.deadlines;
  if (
    !isRecord(d) ||
    !nonNegativeInt(d.reminderWorkingDays, 60) ||
    !nonNegativeInt(d.escalationWorkingDays, 60)
  )
    problems.push({
      path: 'deadlines',
      message: 'reminderWorkingDays and escalationWorkingDays: whole numbers 0–60',
    });
  else if (d.escalateTo !== undefined) checkAssignees(d.escalateTo, 'deadlines.escalateTo', problems);
  return problems;
}
