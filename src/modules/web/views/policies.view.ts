import type { DryRunReport } from '../../approval/approval.service.js';
import type { PolicyDefinition } from '../../approval/policy/policy.js';
import { formatAmount } from '../../validation/report/format.js';
import { flag, markup, type SafeHtml } from '../html.js';
import type { ApprovalAdminMessages, PolicyState } from '../i18n/approval-admin.messages.js';
import type { WebMessages } from '../i18n/messages.js';
import { FORM_ROLES, FORM_STEP_KINDS, parseAmount, type PolicyForm, type StepForm } from '../policy-form.js';
import { errorSummary, type FormProblem } from './form.view.js';
import { csrfField, timeOf } from './layout.view.js';

/** One version in the list of policies. */
export interface PolicyListRow {
  readonly id: string;
  readonly version: number;
  readonly state: PolicyState;
  readonly name: string;
  /** The preset's name in the page's language, if the version started from one. */
  readonly presetName: string | null;
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly activatedAt: Date | null;
  readonly activatedBy: string | null;
}

export interface PresetChoice {
  readonly id: string;
  readonly name: string;
  readonly description: string;
}

export interface PoliciesPage {
  readonly rows: readonly PolicyListRow[];
  readonly presets: readonly PresetChoice[];
  /** The active version, offered as a starting point for a new draft. */
  readonly active: { readonly id: string; readonly version: number } | null;
  readonly canEdit: boolean;
  readonly notice?: string;
  readonly problems?: readonly FormProblem[];
}

/** A person the editor offers (by e-mail, as policies name people). */
export interface PersonOption {
  readonly email: string;
  readonly name: string;
}

export interface PolicyPage {
  readonly policy: {
    readonly id: string;
    readonly version: number;
    readonly state: PolicyState;
    readonly name: string;
  };
  readonly form: PolicyForm;
  /** Steps (by key) with parts the form does not edit: an assignee lookup, a supplier condition. */
  readonly extras: ReadonlyMap<string, { readonly resolve: boolean; readonly suppliers: readonly string[] }>;
  readonly people: readonly PersonOption[];
  readonly groups: readonly string[];
  readonly canEdit: boolean;
  readonly problems: readonly FormProblem[];
  /** The form shows changes that are not saved yet (after add / remove / move). */
  readonly unsaved: boolean;
  readonly dryRunDays: number;
  readonly dryRun?: DryRunReport;
  readonly json: string;
  readonly jsonProblem?: string;
  readonly notice?: string;
}

const noticeBox = (text: string | undefined) =>
  text && markup`<div class="notice" role="status"><p>${text}</p></div>`;

const stateBadge = (a: ApprovalAdminMessages, state: PolicyState) =>
  markup`<span class="badge badge-${state}">${a.states[state]}</span>`;

/** `GET /admin/policies`: the versions, and (admins) a new draft from a preset or the active version. */
export function policiesView(
  m: WebMessages,
  a: ApprovalAdminMessages,
  csrf: string,
  p: PoliciesPage,
): SafeHtml {
  const t = a.policies;
  const c = t.columns;
  const problems = p.problems ?? [];
  const first = p.active ? 'start-active' : `start-${p.presets[0]?.id ?? ''}`;
  const table =
    p.rows.length === 0
      ? markup`<section class="empty-state" aria-labelledby="policies-empty"><h2 id="policies-empty">${t.caption}</h2><p>${t.empty}</p></section>`
      : markup`<table class="data-table">
<caption>${t.caption}</caption>
<thead><tr><th scope="col">${c.version}</th><th scope="col">${c.name}</th><th scope="col">${c.state}</th><th scope="col">${c.preset}</th><th scope="col">${c.created}</th><th scope="col">${c.activated}</th></tr></thead>
<tbody>
${p.rows.map((r) => {
  const action = r.state === 'draft' && p.canEdit ? t.edit : t.open;
  return markup`<tr${r.state === 'active' ? markup` class="row-active"` : ''}>
<th scope="row"><a href="/admin/policies/${r.id}" aria-label="${t.openFor(action, r.version)}">${r.version}</a></th>
<td>${r.name}</td>
<td>${stateBadge(a, r.state)}</td>
<td>${r.presetName ?? a.none}</td>
<td>${timeOf(r.createdAt, m.lang)}<br><span class="muted">${t.by(r.createdBy)}</span></td>
<td>${r.activatedAt ? markup`${timeOf(r.activatedAt, m.lang)}<br><span class="muted">${t.by(r.activatedBy ?? a.none)}</span>` : a.none}</td>
</tr>`;
})}
</tbody>
</table>`;
  const create =
    p.canEdit &&
    markup`<section class="panel" aria-labelledby="new-draft">
<h2 id="new-draft">${t.newTitle}</h2>
<form method="post" action="/admin/policies">
${csrfField(csrf)}
<fieldset class="choice-list${problems.length ? ' field-error' : ''}">
<legend>${t.startFrom}</legend>
<p class="hint">${t.newIntro}</p>
${problems.length > 0 && markup`<p class="error-message" id="start-error">${problems[0].text}</p>`}
${
  p.active &&
  markup`<div class="choice">
<input type="radio" id="start-active" name="start" value="active:${p.active.id}" aria-describedby="start-active-hint">
<label for="start-active">${t.copyOfActive(p.active.version)}</label>
<p class="hint" id="start-active-hint">${t.copyOfActiveHint}</p>
</div>`
}
${p.presets.map(
  (preset) => markup`<div class="choice">
<input type="radio" id="start-${preset.id}" name="start" value="preset:${preset.id}" aria-describedby="start-${preset.id}-hint">
<label for="start-${preset.id}">${preset.name}</label>
<p class="hint" id="start-${preset.id}-hint">${preset.description}</p>
</div>`,
)}
</fieldset>
<div class="field">
<label for="draft-name">${t.draftName}</label>
<p class="hint" id="draft-name-hint">${t.draftNameHint}</p>
<input type="text" id="draft-name" name="name" maxlength="120" aria-describedby="draft-name-hint">
</div>
<button type="submit" class="button">${t.createDraft}</button>
</form>
</section>`;
  return markup`<h1>${t.title}</h1>
${errorSummary(a.errorSummaryTitle, problems, first)}
${noticeBox(p.notice)}
<p class="lead">${t.intro}</p>
${!p.canEdit && markup`<p class="hint">${a.readOnly}</p>`}
${table}
${create}
`;
}

function problemFor(problems: readonly FormProblem[], field: string): FormProblem | undefined {
  return problems.find((p) => p.field === field);
}

function errorText(problem: FormProblem | undefined, id: string): SafeHtml | false {
  return !!problem && markup`<p class="error-message" id="${id}-error">${problem.text}</p>`;
}

interface Option {
  readonly value: string;
  readonly label: string;
}

/** Boxes to tick (people, groups, roles): a fieldset with one label per box. */
function checkboxes(
  id: string,
  name: string,
  legend: string,
  options: readonly Option[],
  checked: readonly string[],
  empty?: string,
): SafeHtml {
  const on = new Set(checked);
  return markup`<fieldset class="checkbox-group" id="${id}">
<legend>${legend}</legend>
${options.length === 0 && empty ? markup`<p class="hint">${empty}</p>` : ''}
<div class="checkbox-grid">
${options.map(
  (o, i) =>
    markup`<div class="checkbox"><input type="checkbox" id="${id}-${i}" name="${name}" value="${o.value}"${flag('checked', on.has(o.value))}><label for="${id}-${i}">${o.label}</label></div>`,
)}
</div>
</fieldset>`;
}

function peopleOptions(
  a: ApprovalAdminMessages,
  people: readonly PersonOption[],
  chosen: readonly string[],
): Option[] {
  const known = new Set(people.map((p) => p.email.toLowerCase()));
  return [
    ...people.map((p) => ({ value: p.email, label: p.name })),
    ...chosen
      .filter((e) => !known.has(e.toLowerCase()))
      .map((e) => ({ value: e, label: `${e} ${a.editor.unknownUser}` })),
  ];
}

function groupOptions(
  a: ApprovalAdminMessages,
  groups: readonly string[],
  chosen: readonly string[],
): Option[] {
  return [
    ...groups.map((g) => ({ value: g, label: g })),
    ...chosen
      .filter((g) => !groups.includes(g))
      .map((g) => ({ value: g, label: `${g} ${a.editor.unknownGroup}` })),
  ];
}

function roleOptions(a: ApprovalAdminMessages): Option[] {
  return FORM_ROLES.map((r) => ({ value: r, label: a.roles[r] }));
}

function textField(
  id: string,
  label: string,
  value: string,
  problem: FormProblem | undefined,
  opts: { hint?: string; inputmode?: string; size?: 'short' | 'long'; maxlength?: number } = {},
): SafeHtml {
  const described = [opts.hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ');
  return markup`<div class="field${problem ? ' field-error' : ''}${opts.size === 'short' ? ' field-short' : ''}">
<label for="${id}">${label}</label>
${opts.hint && markup`<p class="hint" id="${id}-hint">${opts.hint}</p>`}
${errorText(problem, id)}
<input type="text" id="${id}" name="${id}" value="${value}"${opts.inputmode ? markup` inputmode="${opts.inputmode}"` : ''}${
    opts.maxlength ? markup` maxlength="${opts.maxlength}"` : ''
  }${described ? markup` aria-describedby="${described}"` : ''}${problem ? markup` aria-invalid="true"` : ''}>
</div>`;
}

function stepFieldset(
  page: PolicyPage,
  a: ApprovalAdminMessages,
  s: StepForm,
  i: number,
  count: number,
): SafeHtml {
  const e = a.editor;
  const id = `s${i}`;
  const n = i + 1;
  const pr = (f: string) => problemFor(page.problems, `${id}-${f}`);
  const assigneeProblem = pr('assignees');
  const extra = page.extras.get(s.key);
  const kindProblem = pr('kind');
  const creditProblem = pr('credit');
  const button = (op: string, text: string, disabled = false) =>
    markup`<button type="submit" class="button-secondary button-small" name="op" value="${op}:${i}" aria-label="${e.stepAction(text, n)}"${flag('disabled', disabled)}>${text}</button>`;
  return markup`<fieldset class="step" id="${id}">
<legend>${e.step(n)}: ${s.labelDe || s.labelEn || e.step(n)}</legend>
<input type="hidden" name="${id}-key" value="${s.key}">
<p class="step-key hint">${e.stepKey(s.key)}</p>
<div class="step-grid">
${textField(`${id}-label-de`, e.labelDe, s.labelDe, pr('label-de'), { maxlength: 80 })}
${textField(`${id}-label-en`, e.labelEn, s.labelEn, pr('label-en'), { maxlength: 80 })}
</div>
<div class="field${kindProblem ? ' field-error' : ''}">
<label for="${id}-kind">${e.kind}</label>
${errorText(kindProblem, `${id}-kind`)}
<select id="${id}-kind" name="${id}-kind"${kindProblem ? markup` aria-invalid="true" aria-describedby="${id}-kind-error"` : ''}>
${FORM_STEP_KINDS.map((k) => markup`<option value="${k}"${flag('selected', s.kind === k)}>${a.kinds[k]}</option>`)}
</select>
</div>
<div class="assignees${assigneeProblem ? ' field-error' : ''}" id="${id}-assignees" tabindex="-1">
<h3 class="subheading">${e.assignees}</h3>
<p class="hint">${e.assigneesHint}</p>
${errorText(assigneeProblem, `${id}-assignees`)}
${checkboxes(`${id}-users`, `${id}-users`, e.people, peopleOptions(a, page.people, s.users), s.users)}
${checkboxes(`${id}-groups`, `${id}-groups`, e.groups, groupOptions(a, page.groups, s.groups), s.groups, e.noGroups)}
${checkboxes(`${id}-roles`, `${id}-roles`, e.roles, roleOptions(a), s.roles)}
${extra?.resolve && markup`<p class="hint">${e.resolveKept}</p>`}
</div>
<fieldset class="condition">
<legend>${e.condition}</legend>
<p class="hint">${e.conditionHint}</p>
${extra && extra.suppliers.length > 0 && markup`<p class="hint">${e.suppliersKept(extra.suppliers.join(', '))}</p>`}
<div class="step-grid">
${textField(`${id}-min`, e.minAmount, s.minAmount, pr('min'), { hint: e.amountHint, inputmode: 'decimal', size: 'short' })}
${textField(`${id}-max`, e.maxAmount, s.maxAmount, pr('max'), { hint: e.amountHint, inputmode: 'decimal', size: 'short' })}
</div>
<div class="field${creditProblem ? ' field-error' : ''}">
<label for="${id}-credit">${e.creditNote}</label>
${errorText(creditProblem, `${id}-credit`)}
<select id="${id}-credit" name="${id}-credit">
<option value=""${flag('selected', s.creditNote === '')}>${e.creditNoteAll}</option>
<option value="only"${flag('selected', s.creditNote === 'only')}>${e.creditNoteOnly}</option>
<option value="never"${flag('selected', s.creditNote === 'never')}>${e.creditNoteNever}</option>
</select>
</div>
</fieldset>
<div class="checkbox single">
<input type="checkbox" id="${id}-bulk" name="${id}-bulk" value="on" aria-describedby="${id}-bulk-hint"${flag('checked', s.bulk)}>
<label for="${id}-bulk">${e.bulk}</label>
<p class="hint" id="${id}-bulk-hint">${e.bulkHint}</p>
</div>
<div class="step-actions">
${button('up', e.moveUp, i === 0)}
${button('down', e.moveDown, i === count - 1)}
${button('remove', e.remove, count === 1)}
</div>
</fieldset>`;
}

function radio(id: string, name: string, value: string, label: string, checked: boolean): SafeHtml {
  return markup`<div class="choice"><input type="radio" id="${id}" name="${name}" value="${value}"${flag('checked', checked)}><label for="${id}">${label}</label></div>`;
}

/** The form editor of a draft: steps, rules, deadlines; save, dry run; and the activation. */
function editorForm(a: ApprovalAdminMessages, csrf: string, page: PolicyPage): SafeHtml {
  const e = a.editor;
  const f = page.form;
  const pr = (field: string) => problemFor(page.problems, field);
  const base = `/admin/policies/${page.policy.id}`;
  const separationProblem = pr('separation-never');
  const basisProblem = pr('amount-gross');
  const escalateProblem = pr('escalate-to');
  return markup`<form method="post" action="${base}" class="policy-form" novalidate>
${csrfField(csrf)}
<button type="submit" name="op" value="save" class="default-button" tabindex="-1" aria-hidden="true">${e.save}</button>
<input type="hidden" name="stepCount" value="${f.steps.length}">
${textField('name', e.name, f.name, pr('name'), { maxlength: 120, size: 'long' })}
<section aria-labelledby="steps-title">
<h2 id="steps-title">${e.stepsTitle}</h2>
<p class="hint">${e.stepsIntro}</p>
${f.steps.map((s, i) => stepFieldset(page, a, s, i, f.steps.length))}
${errorText(pr('add-step'), 'add-step')}
<button type="submit" class="button-secondary button-bordered" id="add-step" name="op" value="add"${flag('disabled', f.steps.length >= 20)}>${e.addStep}</button>
</section>
<section aria-labelledby="rules-title">
<h2 id="rules-title">${e.rulesTitle}</h2>
<fieldset class="choice-list${separationProblem ? ' field-error' : ''}">
<legend>${e.separation}</legend>
${errorText(separationProblem, 'separation-never')}
${radio('separation-never', 'separation', 'never', e.separationNever, f.feststellerMayOrder === 'never')}
${radio('separation-with-reason', 'separation', 'with_reason', e.separationWithReason, f.feststellerMayOrder === 'with_reason')}
</fieldset>
<fieldset class="choice-list${basisProblem ? ' field-error' : ''}">
<legend>${e.amountBasis}</legend>
${errorText(basisProblem, 'amount-gross')}
${radio('amount-gross', 'amountBasis', 'gross', e.gross, f.amountBasis === 'gross')}
${radio('amount-net', 'amountBasis', 'net', e.net, f.amountBasis === 'net')}
</fieldset>
</section>
<section aria-labelledby="deadlines-title">
<h2 id="deadlines-title">${e.deadlinesTitle}</h2>
<div class="step-grid">
${textField('reminderDays', e.reminderDays, f.reminderDays, pr('reminderDays'), { hint: e.reminderHint, inputmode: 'numeric', size: 'short' })}
${textField('escalationDays', e.escalationDays, f.escalationDays, undefined, { hint: e.escalationHint, inputmode: 'numeric', size: 'short' })}
</div>
<div class="assignees${escalateProblem ? ' field-error' : ''}" id="escalate-to" tabindex="-1">
<h3 class="subheading">${e.escalateTo}</h3>
<p class="hint">${e.escalateToHint}</p>
${errorText(escalateProblem, 'escalate-to')}
${checkboxes('escalate-users', 'escalate-users', e.people, peopleOptions(a, page.people, f.escalateUsers), f.escalateUsers)}
${checkboxes('escalate-groups', 'escalate-groups', e.groups, groupOptions(a, page.groups, f.escalateGroups), f.escalateGroups, e.noGroups)}
${checkboxes('escalate-roles', 'escalate-roles', e.roles, roleOptions(a), f.escalateRoles)}
</div>
</section>
<div class="form-actions">
${page.unsaved && markup`<p class="unsaved" role="status">${e.unsaved}</p>`}
<button type="submit" class="button" name="op" value="save">${e.save}</button>
<div class="dry-run-group">
<div class="field field-short dry-run-days">
<label for="dryRunDays">${e.dryRunDays}</label>
<p class="hint" id="dryRunDays-hint">${e.dryRunDaysHint}</p>
<input type="text" id="dryRunDays" name="dryRunDays" inputmode="numeric" value="${page.dryRunDays}" aria-describedby="dryRunDays-hint">
</div>
<button type="submit" class="button-secondary button-bordered" name="op" value="dry-run">${e.dryRun}</button>
</div>
</div>
</form>
<details class="advanced"${flag('open', !!page.jsonProblem)}>
<summary>${e.advanced}</summary>
<p class="hint">${e.advancedHint}</p>
<form method="post" action="${base}/json">
${csrfField(csrf)}
<div class="field${page.jsonProblem ? ' field-error' : ''}">
<label for="definition">${e.json}</label>
${page.jsonProblem && markup`<p class="error-message" id="definition-error">${page.jsonProblem}</p>`}
<textarea id="definition" name="definition" rows="18" spellcheck="false"${page.jsonProblem ? markup` aria-invalid="true" aria-describedby="definition-error"` : ''}>${page.json}</textarea>
</div>
<button type="submit" class="button-secondary button-bordered">${e.saveJson}</button>
</form>
</details>
`;
}

function activation(a: ApprovalAdminMessages, csrf: string, page: PolicyPage): SafeHtml {
  const e = a.editor;
  return markup`<section class="panel activate-panel" aria-labelledby="activate-title">
<h2 id="activate-title">${e.activateTitle}</h2>
<p>${e.activateText(page.policy.version)}</p>
<p><strong>${e.activateKeep}</strong></p>
<form method="post" action="/admin/policies/${page.policy.id}/activate">
${csrfField(csrf)}
<button type="submit" class="button">${e.activate(page.policy.version)}</button>
</form>
</section>`;
}

function namesOf(emails: readonly string[], people: readonly PersonOption[]): string[] {
  return emails.map((e) => people.find((p) => p.email.toLowerCase() === e.toLowerCase())?.name ?? e);
}

/** A version that can no longer change (or a reader without the right to): the steps as a list. */
function readOnlySteps(m: WebMessages, a: ApprovalAdminMessages, page: PolicyPage): SafeHtml {
  const e = a.editor;
  const s = e.summary;
  const f = page.form;
  // The form holds amounts as the reader writes them; formatted again from their value.
  const money = (v: string) => formatAmount(parseAmount(v) ?? v, 'EUR', m.lang);
  const who = (users: readonly string[], groups: readonly string[], roles: readonly string[]) => {
    const parts = [
      ...namesOf(users, page.people),
      ...groups.map((g) => `${e.groups}: ${g}`),
      ...roles.map((r) => `${e.roles}: ${a.roles[r as keyof typeof a.roles] ?? r}`),
    ];
    return parts.length ? parts.join('; ') : a.none;
  };
  return markup`<h2>${e.stepsTitle}</h2>
<ol class="step-summary">
${f.steps.map((st) => {
  const when = [
    st.minAmount && s.from(money(st.minAmount)),
    st.maxAmount && s.to(money(st.maxAmount)),
    st.creditNote === 'only' && s.onlyCreditNotes,
    st.creditNote === 'never' && s.noCreditNotes,
  ].filter((x): x is string => !!x);
  return markup`<li>
<h3>${m.lang === 'de' ? st.labelDe : st.labelEn}</h3>
<p class="hint">${a.kinds[st.kind as keyof typeof a.kinds] ?? st.kind} · ${st.bulk ? s.bulkYes : s.bulkNo}</p>
<dl class="facts">
<div class="fact"><dt>${s.who}</dt><dd>${who(st.users, st.groups, st.roles)}</dd></div>
<div class="fact"><dt>${s.when}</dt><dd>${when.length ? when.join(', ') : s.conditionAlways}</dd></div>
</dl>
</li>`;
})}
</ol>
<h2>${e.rulesTitle}</h2>
<dl class="facts">
<div class="fact"><dt>${e.separation}</dt><dd>${f.feststellerMayOrder === 'never' ? e.separationNever : e.separationWithReason}</dd></div>
<div class="fact"><dt>${e.amountBasis}</dt><dd>${f.amountBasis === 'net' ? e.net : e.gross}</dd></div>
<div class="fact"><dt>${e.reminderDays}</dt><dd>${f.reminderDays}</dd></div>
<div class="fact"><dt>${e.escalationDays}</dt><dd>${f.escalationDays}</dd></div>
<div class="fact"><dt>${e.escalateTo}</dt><dd>${who(f.escalateUsers, f.escalateGroups, f.escalateRoles)}</dd></div>
</dl>`;
}

/** The dry run's report: counts, the steps with who would have been asked, examples. */
export function dryRunView(m: WebMessages, a: ApprovalAdminMessages, report: DryRunReport): SafeHtml {
  const d = a.dryRun;
  const perInvoice = Object.entries(report.stepsPerInvoice)
    .map(([steps, n]) => [Number(steps), n] as const)
    .sort(([x], [y]) => x - y);
  const count = (label: string, value: number, hint: string, id: string, tone = false) =>
    markup`<div class="count${tone && value > 0 ? ' count-warn' : ''}" id="${id}"><dt>${label}</dt><dd><span class="count-value">${value}</span>${hint && markup` <span class="hint">${hint}</span>`}</dd></div>`;
  return markup`<section class="panel dry-run" id="dry-run" aria-labelledby="dry-run-title">
<h2 id="dry-run-title">${d.title(report.days)}</h2>
<p>${d.intro}</p>
${
  report.invoices === 0
    ? markup`<p><strong>${d.noInvoices}</strong></p>`
    : markup`<dl class="counts">
${count(d.invoices, report.invoices, '', 'dr-invoices')}
${count(d.limitHits, report.limitHits, d.limitHitsHint, 'dr-limits', true)}
${count(d.unassigned, report.unassigned, d.unassignedHint, 'dr-unassigned', true)}
${count(d.changed, report.changed, d.changedHint, 'dr-changed')}
</dl>
<h3>${d.stepsPerInvoice}</h3>
<ul class="plain-list">
${perInvoice.map(([steps, n]) => markup`<li>${d.stepsCount(steps, n)}</li>`)}
</ul>
<table class="data-table">
<caption>${d.stepsCaption}</caption>
<thead><tr><th scope="col">${d.stepColumn}</th><th scope="col" class="num">${d.invoicesColumn}</th><th scope="col">${d.assigneesColumn}</th></tr></thead>
<tbody>
${report.steps.map(
  (s) =>
    markup`<tr><th scope="row">${s.label[m.lang]}</th><td class="num">${s.invoices}</td><td>${s.assignees.length ? s.assignees.join(', ') : markup`<strong class="warn-text">${d.nobody}</strong>`}</td></tr>`,
)}
</tbody>
</table>
${
  report.limitHitExamples.length > 0 &&
  markup`<table class="data-table">
<caption>${d.examplesCaption}</caption>
<thead><tr><th scope="col">${d.numberColumn}</th><th scope="col" class="num">${d.amountColumn}</th></tr></thead>
<tbody>
${report.limitHitExamples.map(
  (x) =>
    markup`<tr><th scope="row"><a href="/invoices/${x.invoiceId}">${x.number ?? x.invoiceId}</a></th><td class="num">${formatAmount(x.amount, 'EUR', m.lang)}</td></tr>`,
)}
</tbody>
</table>`
}`
}
</section>`;
}

/** `GET /admin/policies/:id`: a draft in the form editor (admins), any other version read-only. */
export function policyView(
  m: WebMessages,
  a: ApprovalAdminMessages,
  csrf: string,
  page: PolicyPage,
): SafeHtml {
  const e = a.editor;
  const editable = page.canEdit && page.policy.state === 'draft';
  return markup`<p class="back-link"><a href="/admin/policies">${e.back}</a></p>
<h1>${e.title(page.policy.version, a.states[page.policy.state])}</h1>
${errorSummary(a.errorSummaryTitle, page.problems, 'name')}
${noticeBox(page.notice)}
${
  editable
    ? markup`<p class="lead">${e.intro}</p>
${page.dryRun && markup`${dryRunView(m, a, page.dryRun)}${!page.unsaved && activation(a, csrf, page)}`}
${editorForm(a, csrf, page)}
${!page.dryRun && !page.unsaved && activation(a, csrf, page)}`
    : markup`<p class="lead">${page.policy.name}</p>
<p class="hint">${page.canEdit ? e.readOnlyIntro : a.readOnly}</p>
${readOnlySteps(m, a, page)}`
}
`;
}

/** The definition shown in the advanced JSON box. */
export function definitionJson(def: PolicyDefinition): string {
  return JSON.stringify(def, null, 2);
}
