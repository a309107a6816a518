/**
 * The policy editor's form, as plain data: a policy definition turned into the texts and
 * choices of the form, the posted form turned back into a definition, and the editor's
 * structural operations (add, remove, move a step). Pure, so the controller stays thin and
 * the round trip is unit-tested.
 *
 * Field names are flat (`s0-label-de`, `s0-users`, …): the names are the ids the error
 * summary links to, and a repeated name (checked boxes) arrives as a list under any body parser.
 */
import { Decimal } from 'decimal.js';
import {
  ASSIGNEE_ROLES,
  STEP_KINDS,
  type AssigneeRole,
  type Assignees,
  type PolicyDefinition,
  type PolicyProblem,
  type StepDefinition,
  type StepKind,
} from '../approval/policy/policy.js';

export type CreditNoteChoice = '' | 'only' | 'never';

export interface StepForm {
  /** Stable key of the step (not editable in the form; new steps get a fresh one). */
  readonly key: string;
  readonly kind: string;
  readonly labelDe: string;
  readonly labelEn: string;
  /** E-mail addresses. */
  readonly users: readonly string[];
  /** Group names. */
  readonly groups: readonly string[];
  readonly roles: readonly string[];
  /** As typed (`10.000,01`) or as stored (`10000.01`). */
  readonly minAmount: string;
  readonly maxAmount: string;
  readonly creditNote: CreditNoteChoice;
  readonly bulk: boolean;
}

export interface PolicyForm {
  readonly name: string;
  readonly steps: readonly StepForm[];
  readonly feststellerMayOrder: string;
  readonly amountBasis: string;
  readonly reminderDays: string;
  readonly escalationDays: string;
  readonly escalateUsers: readonly string[];
  readonly escalateGroups: readonly string[];
  readonly escalateRoles: readonly string[];
}

/** What a button of the editor asks for (`op` of the posted form). */
export type EditorOp =
  | { readonly kind: 'save' }
  | { readonly kind: 'dry-run' }
  | { readonly kind: 'add' }
  | { readonly kind: 'remove'; readonly index: number }
  | { readonly kind: 'up'; readonly index: number }
  | { readonly kind: 'down'; readonly index: number };

const MAX_STEPS = 20;

const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v])
    .filter((x): x is string => typeof x === 'string')
    .map((x) => x.trim())
    .filter((x) => x.length > 0 && x.length <= 200);

const text = (v: unknown, max = 200): string => (typeof v === 'string' ? v.trim().slice(0, max) : '');

/**
 * A money amount as people type it, as the decimal text a policy stores: `10.000,01`,
 * `10,000.01`, `10000,5`, `10000.50` and `10.000` all work; the separator that occurs last
 * and is followed by one or two digits is the decimal one. Undefined when it is no amount.
 */
export function parseAmount(input: string): string | undefined {
  const s = input.replace(/[\s\u00a0\u202f€]|EUR/g, '');
  if (!/^\d[\d.,]*$/.test(s)) return undefined;
  const lastSep = Math.max(s.lastIndexOf(','), s.lastIndexOf('.'));
  let whole = s;
  let cents = '';
  if (lastSep >= 0) {
    const after = s.slice(lastSep + 1);
    const sep = s[lastSep];
    const both = s.includes(',') && s.includes('.');
    const once = s.indexOf(sep) === lastSep;
    if (both || (once && after.length >= 1 && after.length <= 2)) {
      whole = s.slice(0, lastSep);
      cents = after;
    }
  }
  const digits = whole.replace(/[.,]/g, '');
  if (!/^\d{1,15}$/.test(digits) || !/^\d{0,2}$/.test(cents)) return undefined;
  const units = digits.replace(/^0+(?=\d)/, '');
  return `${units}.${cents.padEnd(2, '0')}`;
}

/** The form of a stored definition. */
export function formOf(name: string, def: PolicyDefinition): PolicyForm {
  return {
    name,
    steps: def.steps.map((s) => ({
      key: s.key,
      kind: s.kind,
      labelDe: s.label.de,
      labelEn: s.label.en,
      users: [...(s.assignees.users ?? [])],
      groups: [...(s.assignees.groups ?? [])],
      roles: [...(s.assignees.roles ?? [])],
      minAmount: s.when?.minAmount ?? '',
      maxAmount: s.when?.maxAmount ?? '',
      creditNote: s.when?.creditNote === true ? 'only' : s.when?.creditNote === false ? 'never' : '',
      bulk: s.bulk ?? false,
    })),
    feststellerMayOrder: def.separation.feststellerMayOrder,
    amountBasis: def.amountBasis,
    reminderDays: String(def.deadlines.reminderWorkingDays),
    escalationDays: String(def.deadlines.escalationWorkingDays),
    escalateUsers: [...(def.deadlines.escalateTo?.users ?? [])],
    escalateGroups: [...(def.deadlines.escalateTo?.groups ?? [])],
    escalateRoles: [...(def.deadlines.escalateTo?.roles ?? [])],
  };
}

/** The form as the browser posted it (`stepCount` steps, `s<i>-…` fields). */
export function formFromBody(body: Record<string, unknown>): PolicyForm {
  const count = Math.min(MAX_STEPS + 1, Math.max(0, Number.parseInt(text(body.stepCount), 10) || 0));
  const steps: StepForm[] = [];
  for (let i = 0; i < count; i++) {
    const f = (name: string) => body[`s${i}-${name}`];
    const credit = text(f('credit'));
    steps.push({
      key: text(f('key'), 32),
      kind: text(f('kind'), 32),
      labelDe: text(f('label-de'), 200),
      labelEn: text(f('label-en'), 200),
      users: list(f('users')),
      groups: list(f('groups')),
      roles: list(f('roles')),
      minAmount: text(f('min'), 40),
      maxAmount: text(f('max'), 40),
      creditNote: credit === 'only' || credit === 'never' ? credit : '',
      bulk: f('bulk') === 'on' || f('bulk') === 'true',
    });
  }
  return {
    name: text(body.name, 120),
    steps,
    feststellerMayOrder: text(body.separation, 20),
    amountBasis: text(body.amountBasis, 10),
    reminderDays: text(body.reminderDays, 10),
    escalationDays: text(body.escalationDays, 10),
    escalateUsers: list(body['escalate-users']),
    escalateGroups: list(body['escalate-groups']),
    escalateRoles: list(body['escalate-roles']),
  };
}

/** Which button was pressed; unknown or missing: save. */
export function editorOpOf(value: unknown): EditorOp {
  const v = typeof value === 'string' ? value : '';
  const m = /^(remove|up|down):(\d{1,2})$/.exec(v);
  if (m) return { kind: m[1] as 'remove' | 'up' | 'down', index: Number(m[2]) };
  if (v === 'add' || v === 'dry-run') return { kind: v };
  return { kind: 'save' };
}

function freshKey(steps: readonly StepForm[]): string {
  const taken = new Set(steps.map((s) => s.key));
  for (let n = steps.length + 1; ; n++) if (!taken.has(`schritt-${n}`)) return `schritt-${n}`;
}

/** Applies add / remove / move to the form; the result is shown again, not saved. */
export function applyOp(form: PolicyForm, op: EditorOp): PolicyForm {
  const steps = [...form.steps];
  switch (op.kind) {
    case 'add':
      if (steps.length < MAX_STEPS)
        steps.push({
          key: freshKey(steps),
          kind: 'freigabe',
          labelDe: '',
          labelEn: '',
          users: [],
          groups: [],
          roles: [],
          minAmount: '',
          maxAmount: '',
          creditNote: '',
          bulk: false,
        });
      break;
    case 'remove':
      if (op.index < steps.length) steps.splice(op.index, 1);
      break;
    case 'up':
    case 'down': {
      const to = op.kind === 'up' ? op.index - 1 : op.index + 1;
      if (op.index < steps.length && to >= 0 && to < steps.length)
        [steps[op.index], steps[to]] = [steps[to], steps[op.index]];
      break;
    }
    case 'save':
    case 'dry-run':
      break;
  }
  return { ...form, steps };
}

function assignees(users: readonly string[], groups: readonly string[], roles: readonly string[]): Assignees {
  return {
    ...(users.length ? { users: [...users] } : {}),
    ...(groups.length ? { groups: [...groups] } : {}),
    ...(roles.length ? { roles: roles as AssigneeRole[] } : {}),
  };
}

const wholeNumber = (s: string): number | string => (/^\d{1,3}$/.test(s) ? Number(s) : s);

/**
 * The definition the form describes, plus the problems only the form can see (an amount
 * that is no amount, a minimum above the maximum). Parts the form does not edit — a step's
 * assignee lookup (`resolve`) and its supplier condition — are kept from `previous`, matched
 * by the step's key. What remains is checked by `checkPolicy` in the service.
 */
export function definitionOf(
  form: PolicyForm,
  previous?: PolicyDefinition,
): { definition: unknown; problems: PolicyProblem[] } {
  const problems: PolicyProblem[] = [];
  const before = new Map((previous?.steps ?? []).map((s) => [s.key, s]));
  const steps = form.steps.map((s, i): StepDefinition => {
    const amount = (raw: string, field: 'minAmount' | 'maxAmount'): string | undefined => {
      if (!raw) return undefined;
      const v = parseAmount(raw);
      if (v === undefined) problems.push({ path: `steps[${i}].when.${field}`, message: 'not an amount' });
      return v ?? raw;
    };
    const min = amount(s.minAmount, 'minAmount');
    const max = amount(s.maxAmount, 'maxAmount');
    if (min && max && parseAmount(min) && parseAmount(max) && new Decimal(min).greaterThan(max))
      problems.push({ path: `steps[${i}].when.maxAmount`, message: 'below minimum' });
    const old = before.get(s.key);
    const suppliers = old?.when?.suppliers;
    const when = {
      ...(min !== undefined ? { minAmount: min } : {}),
      ...(max !== undefined ? { maxAmount: max } : {}),
      ...(s.creditNote ? { creditNote: s.creditNote === 'only' } : {}),
      ...(suppliers?.length ? { suppliers } : {}),
    };
    return {
      key: s.key,
      kind: s.kind as StepKind,
      label: { de: s.labelDe, en: s.labelEn },
      assignees: assignees(s.users, s.groups, s.roles),
      ...(old?.resolve ? { resolve: old.resolve } : {}),
      ...(Object.keys(when).length ? { when } : {}),
      bulk: s.bulk,
    };
  });
  const escalateTo = assignees(form.escalateUsers, form.escalateGroups, form.escalateRoles);
  const definition = {
    steps,
    separation: { feststellerMayOrder: form.feststellerMayOrder },
    amountBasis: form.amountBasis,
    deadlines: {
      reminderWorkingDays: wholeNumber(form.reminderDays),
      escalationWorkingDays: wholeNumber(form.escalationDays),
      ...(Object.keys(escalateTo).length ? { escalateTo } : {}),
    },
  };
  return { definition, problems };
}

/** Kinds and roles in the order the form offers them. */
export const FORM_STEP_KINDS: readonly StepKind[] = STEP_KINDS;
export const FORM_ROLES: readonly AssigneeRole[] = ASSIGNEE_ROLES;

/**
 * The id of the form field a problem of `checkPolicy` (a path such as `steps[2].when.minAmount`)
 * belongs to, for the error summary's links and the message beside the field.
 */
export function fieldOf(path: string): string {
  const step = /^steps\[(\d+)\](?:\.(\w+))?(?:\.(\w+))?/.exec(path);
  if (step) {
    const [, i, part, sub] = step;
    switch (part) {
      case 'kind':
        return `s${i}-kind`;
      case 'assignees':
        return `s${i}-assignees`;
      case 'bulk':
        return `s${i}-bulk`;
      case 'when':
        return sub === 'minAmount' ? `s${i}-min` : sub === 'maxAmount' ? `s${i}-max` : `s${i}-credit`;
      default:
        return `s${i}-label-de`;
    }
  }
  if (path === 'steps') return 'add-step';
  if (path.startsWith('separation')) return 'separation-never';
  if (path === 'amountBasis') return 'amount-gross';
  if (path.startsWith('deadlines.escalateTo')) return 'escalate-to';
  if (path.startsWith('deadlines')) return 'reminderDays';
  return 'name';
}
