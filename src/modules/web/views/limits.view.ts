import { DISPLAY_TIME_ZONE, formatAmount, formatDate } from '../../validation/report/format.js';
import { flag, markup, type SafeHtml } from '../html.js';
import type { ApprovalAdminMessages, LimitScope } from '../i18n/approval-admin.messages.js';
import type { WebMessages } from '../i18n/messages.js';
import { errorSummary, type FormProblem } from './form.view.js';
import { csrfField, timeOf } from './layout.view.js';

export const LIMIT_SCOPES: readonly LimitScope[] = ['feststellung', 'anordnung', 'freigabe'];

export interface Authority {
  /** Decimal text; null: no upper limit. */
  readonly maxAmount: string | null;
  readonly updatedAt: Date;
}

/** A staff member with their authorities (a scope missing: no entry). */
export interface LimitPerson {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly roles: readonly string[];
  readonly limits: Readonly<Partial<Record<LimitScope, Authority>>>;
}

export interface LimitsPage {
  readonly people: readonly LimitPerson[];
  readonly canEdit: boolean;
  readonly notice?: string;
}

/**
 * What a scope's cell says: for the Anordnung no entry means no authority, elsewhere no limit;
 * Kasse staff never certify or order, whatever is entered (SächsKomKBVO § 7(3)).
 */
function authorityText(
  m: WebMessages,
  a: ApprovalAdminMessages,
  scope: LimitScope,
  x: Authority | undefined,
  roles: readonly string[] = [],
): string {
  if (roles.includes('treasury') && scope !== 'freigabe') return a.limits.notForTreasury;
  if (!x) return scope === 'anordnung' ? a.limits.noAnordnung : a.limits.noLimit;
  return x.maxAmount === null ? a.limits.noLimit : a.upTo(formatAmount(x.maxAmount, 'EUR', m.lang));
}

function roleNames(a: ApprovalAdminMessages, roles: readonly string[]): string {
  return roles.map((r) => a.roles[r as keyof typeof a.roles] ?? r).join(', ');
}

/** `GET /admin/limits`: every person's authorities, and the list of Anordnungsbefugte for the Kasse. */
export function limitsView(m: WebMessages, a: ApprovalAdminMessages, p: LimitsPage): SafeHtml {
  const l = a.limits;
  const ordering = p.people.filter((x) => x.limits.anordnung);
  return markup`<h1>${l.title}</h1>
${p.notice && markup`<div class="notice" role="status"><p>${p.notice}</p></div>`}
<p class="lead">${l.intro}</p>
${!p.canEdit && markup`<p class="hint">${a.readOnly}</p>`}
<div class="table-scroll">
<table class="data-table">
<caption>${l.caption}</caption>
<thead><tr><th scope="col">${l.columns.person}</th><th scope="col">${l.columns.roles}</th>${LIMIT_SCOPES.map(
    (s) => markup`<th scope="col">${a.scopes[s]}</th>`,
  )}${p.canEdit && markup`<th scope="col">${l.columns.actions}</th>`}</tr></thead>
<tbody>
${p.people.map(
  (person) => markup`<tr>
<th scope="row">${person.name}<br><span class="muted">${person.email}</span></th>
<td>${roleNames(a, person.roles)}</td>
${LIMIT_SCOPES.map((s) => markup`<td class="authority${s === 'anordnung' && person.limits.anordnung ? ' strong' : ''}">${authorityText(m, a, s, person.limits[s], person.roles)}</td>`)}
${p.canEdit && markup`<td><a href="/admin/limits/${person.id}" aria-label="${l.editFor(person.name)}">${l.edit}</a></td>`}
</tr>`,
)}
</tbody>
</table>
</div>
<section class="panel" aria-labelledby="kasse-title">
<h2 id="kasse-title">${l.kasseTitle}</h2>
<p>${l.kasseIntro}</p>
${
  ordering.length === 0
    ? markup`<p class="warn-text"><strong>${l.kasseEmpty}</strong></p>`
    : markup`<table class="data-table">
<caption>${l.kasseCaption}</caption>
<thead><tr><th scope="col">${l.kasseColumns.name}</th><th scope="col">${l.kasseColumns.email}</th><th scope="col">${l.kasseColumns.limit}</th><th scope="col">${l.kasseColumns.since}</th></tr></thead>
<tbody>
${ordering.map(
  (x) =>
    markup`<tr><th scope="row">${x.name}${
      x.roles.includes('treasury') && markup`<br><strong class="warn-text">${l.treasuryWarning}</strong>`
    }</th><td>${x.email}</td><td>${authorityText(m, a, 'anordnung', x.limits.anordnung)}</td><td>${timeOf(x.limits.anordnung!.updatedAt, m.lang)}</td></tr>`,
)}
</tbody>
</table>`
}
<p><a class="button-link" href="/admin/limits.csv" download>${l.download}</a></p>
</section>
`;
}

export interface LimitChoice {
  readonly choice: 'none' | 'unlimited' | 'limit';
  /** As typed, or the stored decimal formatted for the reader. */
  readonly amount: string;
}

/** `GET /admin/limits/:userId`: one fieldset per authority (none / up to an amount / no limit). */
export function limitEditView(
  a: ApprovalAdminMessages,
  csrf: string,
  person: LimitPerson,
  values: Readonly<Record<LimitScope, LimitChoice>>,
  problems: readonly FormProblem[],
): SafeHtml {
  const l = a.limits;
  const fieldset = (scope: LimitScope) => {
    const v = values[scope];
    const problem = problems.find((x) => x.field === `${scope}-amount`);
    const radio = (choice: LimitChoice['choice'], label: string) =>
      markup`<div class="choice"><input type="radio" id="${scope}-${choice}" name="${scope}-choice" value="${choice}"${flag('checked', v.choice === choice)}><label for="${scope}-${choice}">${label}</label></div>`;
    return markup`<fieldset class="choice-list${problem ? ' field-error' : ''}" id="${scope}">
<legend>${a.scopes[scope]}</legend>
<p class="hint">${l.scopeHint[scope]}</p>
${scope === 'anordnung' ? radio('none', l.choiceNoAnordnung) : radio('none', l.choiceNone)}
${radio('limit', l.choiceUpTo)}
${scope === 'anordnung' && radio('unlimited', l.choiceUnlimited)}
<div class="field field-short">
<label for="${scope}-amount">${l.amount(a.scopes[scope])}</label>
${problem && markup`<p class="error-message" id="${scope}-amount-error">${problem.text}</p>`}
<input type="text" id="${scope}-amount" name="${scope}-amount" inputmode="decimal" value="${v.amount}"${
      problem ? markup` aria-invalid="true" aria-describedby="${scope}-amount-error"` : ''
    }>
</div>
</fieldset>`;
  };
  return markup`<p class="back-link"><a href="/admin/limits">${l.title}</a></p>
<h1>${l.editTitle(person.name)}</h1>
${errorSummary(a.errorSummaryTitle, problems, 'anordnung-amount')}
<p class="lead">${l.editIntro}</p>
<p>${person.email} · ${roleNames(a, person.roles)}</p>
<form method="post" action="/admin/limits/${person.id}" novalidate>
${csrfField(csrf)}
${LIMIT_SCOPES.map(fieldset)}
<button type="submit" class="button">${l.save}</button>
<a class="cancel-link" href="/admin/limits">${a.cancel}</a>
</form>
`;
}

/** A cell of the CSV: quoted when needed; a leading formula character is defused (spreadsheets run them). */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The day of a moment in German time, as `dd.mm.yyyy`. */
function germanDay(at: Date): string {
  return formatDate(at.toLocaleDateString('sv-SE', { timeZone: DISPLAY_TIME_ZONE }), 'de');
}

/**
 * `GET /admin/limits.csv`: every authority of every person for the Kasse, `;`-separated with a
 * UTF-8 byte order mark (a German spreadsheet opens it as it is), German headers and numbers.
 */
export function limitsCsv(a: ApprovalAdminMessages, people: readonly LimitPerson[]): string {
  const c = a.limits.csv;
  const lines = [[c.name, c.email, c.authority, c.limit, c.since]];
  const names: Readonly<Record<LimitScope, string>> = {
    feststellung: 'Feststellung',
    anordnung: 'Anordnung',
    freigabe: 'Freigabe',
  };
  for (const person of people)
    for (const scope of LIMIT_SCOPES) {
      const x = person.limits[scope];
      if (!x) continue;
      lines.push([
        person.name,
        person.email,
        names[scope],
        x.maxAmount === null ? c.unlimited : formatAmount(x.maxAmount, null, 'de'),
        germanDay(x.updatedAt),
      ]);
    }
  return `\ufeff${lines.map((l) => l.map(csvCell).join(';')).join('\r\n')}\r\n`;
}
