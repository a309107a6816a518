import { Decimal } from 'decimal.js';
import type { KontierungLine } from '../../approval/approval.repository.js';
import type { ApprovalState } from '../../approval/approval.service.js';
import type { KontierungProblem } from '../../approval/kontierung.js';
import { formatAmount } from '../../validation/index.js';
import { markup, type SafeHtml } from '../html.js';
import {
  approvalMessagesFor,
  type ApprovalPageMessages,
  type DecisionActionName,
  type DecisionNotice,
} from '../i18n/approval.messages.js';
import type { WebMessages } from '../i18n/messages.js';
import { csrfField, timeOf } from './layout.view.js';

/** One line of the Kontierung form as entered (text, not yet checked). */
export interface KontierungFormLine {
  readonly buchungsstelle: string;
  readonly kostenstelle: string;
  readonly investitionsnummer: string;
  readonly amount: string;
}

export const KONTIERUNG_FIELDS = ['buchungsstelle', 'kostenstelle', 'investitionsnummer', 'amount'] as const;
export type KontierungField = (typeof KONTIERUNG_FIELDS)[number];

/** The form field of a Kontierung cell: `k0_buchungsstelle` … (flat names: no parser conventions needed). */
export const kontierungFieldName = (index: number, field: KontierungField): string => `k${index}_${field}`;

export interface ApprovalPanelOptions {
  /** Targets for passing a step on. */
  readonly people?: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  readonly groups?: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  /** What was just done (after the redirect of a successful post). */
  readonly notice?: DecisionNotice;
  /** A refused decision: the message in the page's language, with what was entered. */
  readonly decisionError?: { readonly message: string; readonly action?: string };
  readonly values?: { readonly reason?: string; readonly reassignTo?: string };
  /** A Kontierung that was not saved: the lines as entered and what is wrong with them. */
  readonly kontierung?: {
    readonly lines: readonly KontierungFormLine[];
    readonly problems: readonly KontierungProblem[];
    readonly message?: string;
  };
  /** Empty rows offered below the lines (the "more lines" button asks for more). */
  readonly emptyRows?: number;
}

const ACTION_ORDER: readonly DecisionActionName[] = [
  'approve',
  'release',
  'hold',
  'reassign',
  'reject',
  'comment',
];

function lineOf(l: KontierungLine): KontierungFormLine {
  return {
    buchungsstelle: l.buchungsstelle,
    kostenstelle: l.kostenstelle ?? '',
    investitionsnummer: l.investitionsnummer ?? '',
    amount: l.amount,
  };
}

/** `1.234,56` (German) and `1234.56` both read as 1234.56; anything else is no number. */
function decimalOf(text: string): Decimal | undefined {
  const s = text.replace(/\s/g, '');
  const v = s.includes(',') ? s.replaceAll('.', '').replace(',', '.') : s;
  if (!/^-?\d{1,15}(\.\d{1,2})?$/.test(v)) return undefined;
  return new Decimal(v);
}

/** An amount for the form's input: `1234,56` in German, `1234.56` in English (no grouping). */
function amountInput(value: string, lang: 'de' | 'en'): string {
  if (!/^-?\d+(\.\d+)?$/.test(value)) return value;
  return lang === 'de' ? value.replace('.', ',') : value;
}

function roleName(lang: 'de' | 'en', name: string): string {
  if (!name.startsWith('role:')) return name;
  const role = name.slice(5);
  const names: Record<string, { de: string; en: string }> = {
    approver: { de: 'alle mit der Rolle Freigabe', en: 'everyone with the approver role' },
    admin: { de: 'die Verwaltung', en: 'the administrators' },
    treasury: { de: 'die Kasse', en: 'the treasury' },
    auditor: { de: 'die Prüfung', en: 'the auditors' },
  };
  return names[role]?.[lang] ?? role;
}

function steps(m: WebMessages, am: ApprovalPageMessages, state: ApprovalState): SafeHtml {
  const lang = m.lang;
  return markup`<h3 id="approval-steps-title">${am.panel.stepsTitle}</h3>
<ol class="approval-steps" aria-labelledby="approval-steps-title">
${state.tasks.map((t) => {
  const decision = [...state.decisions]
    .reverse()
    .find((d) => d.stepKey === t.stepKey && (d.action === 'approve' || d.action === 'reject'));
  const current = state.current?.id === t.id;
  const who =
    t.state === 'done' && decision
      ? markup` <span class="step-who">${am.panel.doneBy(decision.actorName)}${
          decision.onBehalfName && markup` (${am.panel.onBehalf(decision.onBehalfName)})`
        }, ${timeOf(new Date(decision.at), lang)}</span>`
      : '';
  const assignees =
    t.state === 'open' || t.state === 'held' || t.state === 'waiting'
      ? markup`<span class="step-assignees">${am.panel.assignees}: ${
          t.assigneeNames.length > 0
            ? t.assigneeNames.map((n) => roleName(lang, n)).join(', ')
            : am.panel.nobodyAssigned
        }</span>`
      : '';
  return markup`<li class="approval-step step-${t.state}"${current ? markup` aria-current="step"` : ''}>
<span class="step-label">${t.label[lang]}</span>
<span class="step-state">${am.panel.taskState[t.state]}${
    t.state === 'done' && decision?.action === 'reject' ? markup` – ${am.panel.historyAction.reject}` : ''
  }</span>${who}
${assignees}
${t.heldQuestion && markup`<span class="step-question">${am.panel.question}: ${t.heldQuestion}</span>`}
</li>`;
})}
</ol>`;
}

function history(m: WebMessages, am: ApprovalPageMessages, state: ApprovalState): SafeHtml {
  const lang = m.lang;
  const label = (key: string | null) => {
    if (!key) return am.panel.wholeInvoice;
    return state.tasks.find((t) => t.stepKey === key)?.label[lang] ?? key;
  };
  return markup`<section class="approval-history-section" aria-labelledby="approval-history-title">
<h3 id="approval-history-title">${am.panel.historyTitle}</h3>
${
  state.decisions.length === 0
    ? markup`<p>${am.panel.historyEmpty}</p>`
    : markup`<ol class="timeline approval-history">
${state.decisions.map((d) => {
  const lines = Array.isArray(d.data?.lines) ? d.data.lines.length : undefined;
  return markup`<li class="timeline-item">
<span class="timeline-time">${timeOf(new Date(d.at), lang)}</span>
<span class="timeline-event">${am.panel.historyAction[d.action] ?? d.action}</span> – ${label(d.stepKey)}${
    lines !== undefined && markup` (${am.kontierung.lineCount(lines)})`
  }
<span class="history-actor">${am.panel.doneBy(d.actorName)}${d.onBehalfName && markup` (${am.panel.onBehalf(d.onBehalfName)})`}</span>
${d.data?.sodException === true && markup`<span class="badge badge-risk">${am.panel.sodException}</span>`}
${d.data?.bulk === true && markup`<span class="badge badge-muted">${am.panel.bulk}</span>`}
${d.reason && markup`<span class="history-reason">„${d.reason}“</span>`}
</li>`;
})}
</ol>`
}
</section>`;
}

/** The problems of one cell (`line` is 0-based, as the check counts). */
function problemsFor(problems: readonly KontierungProblem[], index: number, field: KontierungField) {
  return problems.filter((p) => p.line === index && p.field === field);
}

function kontierungSection(
  m: WebMessages,
  am: ApprovalPageMessages,
  state: ApprovalState,
  csrf: string,
  opts: ApprovalPanelOptions,
): SafeHtml {
  const k = am.kontierung;
  const lang = m.lang;
  const id = state.instance.invoiceId;
  const currency = state.instance.currency;
  const allowed = state.allowed.find((a) => a.action === 'kontierung');
  const saved = state.kontierung.map(lineOf);
  const entered = opts.kontierung?.lines;
  const prefill = !entered && saved.length === 0 ? state.prefill : null;
  const lines: readonly KontierungFormLine[] = entered ?? (prefill ? prefill.lines.map(lineOf) : saved);
  const problems = opts.kontierung?.problems ?? [];
  const rows: KontierungFormLine[] = [
    ...lines,
    ...Array.from({ length: Math.max(0, opts.emptyRows ?? 2) }, () => ({
      buchungsstelle: '',
      kostenstelle: '',
      investitionsnummer: '',
      amount: '',
    })),
  ];
  let sum = new Decimal(0);
  for (const l of lines) sum = sum.plus(decimalOf(l.amount) ?? 0);
  const due = new Decimal(state.instance.amount);
  const rest = due.minus(sum);
  const totals = markup`<dl class="kontierung-totals">
<div><dt>${k.amountDue}</dt><dd>${formatAmount(due.toFixed(2), currency, lang)}</dd></div>
<div><dt>${k.sum}</dt><dd>${formatAmount(sum.toFixed(2), currency, lang)}</dd></div>
<div class="${rest.isZero() ? 'totals-ok' : 'totals-open'}"><dt>${rest.isZero() ? k.balanced : k.difference}</dt><dd>${
    rest.isZero() ? '✓' : formatAmount(rest.toFixed(2), currency, lang)
  }</dd></div>
</dl>`;

  if (state.instance.state !== 'open' || !allowed?.ok) {
    return markup`<section class="kontierung" aria-labelledby="kontierung-title">
<h3 id="kontierung-title">${k.title}</h3>
${
  state.instance.state === 'open' &&
  allowed?.message &&
  markup`<p class="refusal">${k.readOnly} ${allowed.message[lang]}</p>`
}
${
  saved.length === 0
    ? markup`<p>${k.none}</p>`
    : markup`<div class="table-scroll" role="region" aria-labelledby="kontierung-caption" tabindex="0">
<table class="data-table stack-table">
<caption id="kontierung-caption" class="visually-hidden">${k.caption}</caption>
<thead><tr><th scope="col">${k.buchungsstelle}</th><th scope="col">${k.kostenstelle}</th><th scope="col">${k.investitionsnummer}</th><th scope="col" class="num">${k.amount}</th></tr></thead>
<tbody>
${saved.map(
  (l) =>
    markup`<tr><th scope="row" data-label="${k.buchungsstelle}">${l.buchungsstelle}</th><td data-label="${k.kostenstelle}">${l.kostenstelle || '–'}</td><td data-label="${k.investitionsnummer}">${l.investitionsnummer || '–'}</td><td class="num" data-label="${k.amount}">${formatAmount(l.amount, currency, lang)}</td></tr>`,
)}
</tbody>
</table>
</div>
${totals}`
}
</section>`;
  }

  const firstProblemField = (p: KontierungProblem) =>
    p.line !== undefined && (KONTIERUNG_FIELDS as readonly string[]).includes(p.field)
      ? kontierungFieldName(p.line, p.field as KontierungField)
      : kontierungFieldName(0, 'amount');
  const input = (l: KontierungFormLine, i: number, field: KontierungField, label: string) => {
    const name = kontierungFieldName(i, field);
    const own = problemsFor(problems, i, field);
    const value = field === 'amount' && !entered ? amountInput(l[field], lang) : l[field];
    return markup`<label class="visually-hidden" for="${name}">${label}, ${k.line(i + 1)}</label><input type="text" id="${name}" name="${name}" value="${value}"${
      field === 'amount' ? markup` inputmode="decimal" class="amount-input"` : ''
    }${own.length > 0 ? markup` aria-invalid="true" aria-describedby="${name}-error"` : ''} autocomplete="off">${
      own.length > 0 &&
      markup`<span class="error-message" id="${name}-error">${own.map((p) => p.message[lang]).join(' ')}</span>`
    }`;
  };
  return markup`<section class="kontierung" aria-labelledby="kontierung-title">
<h3 id="kontierung-title">${k.title}</h3>
<p class="hint">${k.intro}</p>
${
  (opts.kontierung?.message || problems.length > 0) &&
  markup`<div class="error-summary" id="kontierung-errors" role="alert" aria-labelledby="kontierung-errors-title" tabindex="-1" autofocus>
<h4 id="kontierung-errors-title">${k.errorTitle}</h4>
${opts.kontierung?.message && problems.length === 0 && markup`<p>${opts.kontierung.message}</p>`}
${
  problems.length > 0 &&
  markup`<ul>${problems.map((p) => markup`<li><a href="#${firstProblemField(p)}">${p.message[lang]}</a></li>`)}</ul>`
}
</div>`
}
${prefill && markup`<p class="notice-inline">${prefill.source === 'bt19' ? k.prefillBt19 : k.prefillSupplier}</p>`}
<form method="post" action="/invoices/${id}/kontierung" class="kontierung-form" novalidate>
${csrfField(csrf)}
<input type="hidden" name="rows" value="${rows.length}">
<div class="table-scroll" role="region" aria-labelledby="kontierung-caption" tabindex="0">
<table class="data-table stack-table kontierung-table">
<caption id="kontierung-caption" class="visually-hidden">${k.caption}</caption>
<thead><tr><th scope="col">${k.buchungsstelle}</th><th scope="col">${k.kostenstelle}</th><th scope="col">${k.investitionsnummer}</th><th scope="col" class="num">${k.amount}</th></tr></thead>
<tbody>
${rows.map(
  (l, i) =>
    markup`<tr>
<td data-label="${k.buchungsstelle}">${input(l, i, 'buchungsstelle', k.buchungsstelle)}</td>
<td data-label="${k.kostenstelle}">${input(l, i, 'kostenstelle', k.kostenstelle)}</td>
<td data-label="${k.investitionsnummer}">${input(l, i, 'investitionsnummer', k.investitionsnummer)}</td>
<td data-label="${k.amount}" class="num">${input(l, i, 'amount', k.amount)}</td>
</tr>`,
)}
</tbody>
</table>
</div>
${totals}
<div class="form-actions">
<button type="submit" class="button" name="save" value="1">${k.save}</button>
<button type="submit" class="button-secondary bordered" name="more" value="1">${k.moreRows}</button>
</div>
</form>
</section>`;
}

function decisionSection(
  m: WebMessages,
  am: ApprovalPageMessages,
  state: ApprovalState,
  csrf: string,
  opts: ApprovalPanelOptions,
): SafeHtml {
  const p = am.panel;
  const lang = m.lang;
  const id = state.instance.invoiceId;
  if (state.instance.state !== 'open') return markup`<p class="approval-finished">${p.finished}</p>`;
  const by = new Map(state.allowed.map((a) => [a.action, a]));
  const actions = ACTION_ORDER.filter((a) => by.has(a));
  const usable = (a: DecisionActionName) =>
    by.get(a)!.ok || by.get(a)!.code === 'APPROVAL_SOD_REASON_REQUIRED';
  const refused = actions.filter((a) => !usable(a));
  // One explanation per reason, naming every action it stops (not five copies of one sentence).
  const reasons = new Map<string, { text: string; actions: DecisionActionName[] }>();
  for (const a of refused) {
    const allowed = by.get(a)!;
    const key = allowed.code ?? a;
    const entry = reasons.get(key) ?? { text: allowed.message?.[lang] ?? '', actions: [] };
    entry.actions.push(a);
    reasons.set(key, entry);
  }
  const reasonId = (a: DecisionActionName) => {
    const code = by.get(a)?.code ?? a;
    return `why-${code.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  };
  const current = state.current;
  // Approving is allowed only with a written reason (the with-reason exception from the
  // separation of duties): the button stays usable, the reason field says why it is needed.
  const needsSodReason = by.get('approve')?.code === 'APPROVAL_SOD_REASON_REQUIRED';
  const canReassign = by.get('reassign')?.ok === true;
  const people = opts.people ?? [];
  const groups = opts.groups ?? [];
  const selected = opts.values?.reassignTo ?? '';
  const title = current ? p.decisionTitle(current.label[lang]) : p.commentTitle;
  const describedBy = ['reason-hint', needsSodReason ? 'reason-sod' : ''].filter(Boolean).join(' ');
  return markup`<section class="decision" aria-labelledby="decision-title">
<h3 id="decision-title">${title}</h3>
${state.actingFor && markup`<p class="notice-inline">${p.actingFor(state.actingFor.name)}</p>`}
${
  opts.decisionError &&
  markup`<div class="error-summary" id="decision-error" role="alert" aria-labelledby="decision-error-title" tabindex="-1" autofocus>
<h4 id="decision-error-title">${p.errorTitle}</h4>
<p>${opts.decisionError.message}</p>
</div>`
}
<form method="post" action="/invoices/${id}/decision" class="decision-form">
${csrfField(csrf)}
${current && markup`<input type="hidden" name="stepKey" value="${current.stepKey}">`}
<div class="field${needsSodReason ? ' field-attention' : ''}">
<label for="reason">${p.reason}</label>
<p class="hint" id="reason-hint">${p.reasonHint}</p>
${needsSodReason && markup`<p class="attention" id="reason-sod">${by.get('approve')?.message?.[lang] ?? p.reasonHintSod}</p>`}
<textarea id="reason" name="reason" rows="3" maxlength="4000" aria-describedby="${describedBy}">${opts.values?.reason ?? ''}</textarea>
</div>
${
  canReassign &&
  markup`<div class="field">
<label for="reassignTo">${p.reassignTo}</label>
<p class="hint" id="reassign-hint">${p.reassignHint}</p>
<select id="reassignTo" name="reassignTo" aria-describedby="reassign-hint">
<option value="">${p.reassignNone}</option>
${people.length > 0 && markup`<optgroup label="${p.people}">${people.map((u) => markup`<option value="user:${u.id}"${selected === `user:${u.id}` ? markup` selected` : ''}>${u.name}</option>`)}</optgroup>`}
${groups.length > 0 && markup`<optgroup label="${p.groups}">${groups.map((g) => markup`<option value="group:${g.id}"${selected === `group:${g.id}` ? markup` selected` : ''}>${g.name}</option>`)}</optgroup>`}
</select>
</div>`
}
<div class="decision-buttons">
${actions.map((a) => {
  const ok = usable(a);
  const cls = a === 'approve' ? 'button' : 'button-secondary bordered';
  return ok
    ? markup`<button type="submit" name="action" value="${a}" class="${cls}">${p.actions[a]}</button>`
    : markup`<button type="submit" name="action" value="${a}" class="${cls}" disabled aria-describedby="${reasonId(a)}">${p.actions[a]}</button>`;
})}
</div>
</form>
${
  reasons.size > 0 &&
  markup`<div class="refusals" aria-labelledby="refusals-title">
<h4 id="refusals-title">${p.notPossibleTitle}</h4>
<ul>
${[...reasons.entries()].map(
  ([code, r]) =>
    markup`<li id="${`why-${code.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`}" data-code="${code}"><strong>${p.notPossible(r.actions.map((a) => p.actions[a]).join(', '))}</strong> ${r.text}</li>`,
)}
</ul>
</div>`
}
</section>`;
}

/**
 * The approval of one invoice for the invoice page: the policy and state, the steps in
 * order (done with actor, substitute and time; the current one; those still waiting), the
 * decision form with every action the caller has — a forbidden one stays visible, disabled,
 * with the rule's reason in the page's language — the Kontierung form (lines, sum against
 * the amount due, problems per line, more rows without script), and the decision history.
 * Every form posts with the CSRF field; nothing needs script.
 */
export function approvalPanelView(
  m: WebMessages,
  state: ApprovalState,
  csrfToken: string,
  opts: ApprovalPanelOptions = {},
): SafeHtml {
  const am = approvalMessagesFor(m.lang);
  const p = am.panel;
  const i = state.instance;
  // The last Anordnung finishes the approval: say so, not just "the step was approved".
  const notice =
    opts.notice === 'approve' && i.state === 'approved'
      ? p.approvedAll
      : opts.notice && p.notices[opts.notice];
  return markup`<section class="approval-panel" id="approval" aria-labelledby="approval-title">
<h2 id="approval-title">${p.title}</h2>
<p class="approval-state">${p.stateLabel}: <strong class="state-${i.state}">${p.state[i.state]}</strong></p>
<p class="approval-policy">${p.policy(state.policy.name, state.policy.version)}</p>
${notice && markup`<div class="notice" role="status"><p>${notice}</p></div>`}
${steps(m, am, state)}
${kontierungSection(m, am, state, csrfToken, opts)}
${decisionSection(m, am, state, csrfToken, opts)}
${history(m, am, state)}
</section>`;
}
