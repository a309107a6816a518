import { formatDate } from '../../validation/report/format.js';
import { flag, markup, type SafeHtml } from '../html.js';
import type { ApprovalAdminMessages } from '../i18n/approval-admin.messages.js';
import type { WebMessages } from '../i18n/messages.js';
import { errorSummary, type FormProblem } from './form.view.js';
import type { PersonRef } from './groups.view.js';
import { csrfField } from './layout.view.js';

export interface SubstitutionRow {
  readonly id: string;
  readonly userId: string;
  readonly userName: string;
  readonly substituteId: string;
  readonly substituteName: string;
  /** ISO dates, both days included. */
  readonly startsOn: string;
  readonly endsOn: string;
  /** In force today (otherwise it starts later). */
  readonly current: boolean;
}

export interface SubstituteValues {
  readonly userId: string;
  readonly substituteId: string;
  readonly startsOn: string;
  readonly endsOn: string;
}

export interface SubstitutesPage {
  readonly me: PersonRef;
  /** Substitutes of mine (now and planned). */
  readonly mine: readonly SubstitutionRow[];
  /** People I stand in for (now and planned). */
  readonly standIn: readonly SubstitutionRow[];
  /** Everyone's, for admins; null for everyone else. */
  readonly all: readonly SubstitutionRow[] | null;
  /** Enabled staff, for the pickers. */
  readonly people: readonly PersonRef[];
  readonly values: SubstituteValues;
  readonly problems: readonly FormProblem[];
  readonly notice?: string;
}

function date(m: WebMessages, iso: string): SafeHtml {
  return markup`<time datetime="${iso}">${formatDate(iso, m.lang)}</time>`;
}

function table(
  m: WebMessages,
  a: ApprovalAdminMessages,
  csrf: string,
  caption: string,
  rows: readonly SubstitutionRow[],
  canRevoke: (r: SubstitutionRow) => boolean,
  /** The column that would only repeat the reader's own name. */
  omit?: 'absent' | 'substitute',
): SafeHtml {
  const s = a.substitutes;
  const c = s.columns;
  return markup`<table class="data-table">
<caption class="visually-hidden">${caption}</caption>
<thead><tr>${omit !== 'absent' && markup`<th scope="col">${c.absent}</th>`}${omit !== 'substitute' && markup`<th scope="col">${c.substitute}</th>`}<th scope="col">${c.period}</th><th scope="col">${c.state}</th><th scope="col">${c.actions}</th></tr></thead>
<tbody>
${rows.map(
  (r) => markup`<tr>
${omit !== 'absent' && markup`<td>${r.userName}</td>`}
${omit !== 'substitute' && markup`<td>${r.substituteName}</td>`}
<td class="period">${date(m, r.startsOn)} – ${date(m, r.endsOn)}</td>
<td><span class="badge ${r.current ? 'badge-active' : 'badge-draft'}">${r.current ? s.current : s.upcoming}</span></td>
<td>${
    canRevoke(r)
      ? markup`<form method="post" action="/substitutes/${r.id}/revoke" class="inline-form">
${csrfField(csrf)}
<button type="submit" class="button-secondary button-small" aria-label="${s.revokeFor(r.userName, r.substituteName)}">${s.revoke}</button>
</form>`
      : a.none
  }</td>
</tr>`,
)}
</tbody>
</table>`;
}

/**
 * `GET /substitutes`: who stands in for me, whom I stand in for, the form to name a substitute;
 * admins also see (and end) everyone's and name substitutes for anyone.
 */
export function substitutesView(
  m: WebMessages,
  a: ApprovalAdminMessages,
  csrf: string,
  p: SubstitutesPage,
): SafeHtml {
  const s = a.substitutes;
  const admin = p.all !== null;
  const pr = (field: string) => p.problems.find((x) => x.field === field);
  const err = (field: string) => {
    const problem = pr(field);
    return problem && markup`<p class="error-message" id="${field}-error">${problem.text}</p>`;
  };
  const invalid = (field: string, hint?: string) => {
    const ids = [hint, pr(field) ? `${field}-error` : undefined].filter(Boolean).join(' ');
    return markup`${ids ? markup` aria-describedby="${ids}"` : ''}${pr(field) ? markup` aria-invalid="true"` : ''}`;
  };
  const others = p.people.filter((x) => x.id !== p.me.id);
  const formProblem = p.problems.find((x) => !x.field || x.field === 'substituteId');
  return markup`<h1>${s.title}</h1>
${errorSummary(a.errorSummaryTitle, p.problems, 'substituteId')}
${p.notice && markup`<div class="notice" role="status"><p>${p.notice}</p></div>`}
<p class="lead">${s.intro}</p>
<section aria-labelledby="mine-title">
<h2 id="mine-title">${s.mineTitle}</h2>
${p.mine.length === 0 ? markup`<p class="hint">${s.mineEmpty}</p>` : table(m, a, csrf, s.mineCaption, p.mine, () => true, 'absent')}
</section>
<section aria-labelledby="standin-title">
<h2 id="standin-title">${s.standInTitle}</h2>
${
  p.standIn.length === 0
    ? markup`<p class="hint">${s.standInEmpty}</p>`
    : table(m, a, csrf, s.standInCaption, p.standIn, () => admin, 'substitute')
}
</section>
<section class="panel" aria-labelledby="add-title">
<h2 id="add-title">${s.addTitle}</h2>
<p>${s.addIntro}</p>
<form method="post" action="/substitutes" novalidate>
${csrfField(csrf)}
${
  admin &&
  markup`<div class="field">
<label for="userId">${s.forWhom}</label>
<select id="userId" name="userId">
<option value="${p.me.id}"${flag('selected', p.values.userId === p.me.id || !p.values.userId)}>${s.me(p.me.name)}</option>
${others.map((x) => markup`<option value="${x.id}"${flag('selected', p.values.userId === x.id)}>${x.name}</option>`)}
</select>
</div>`
}
<div class="field${formProblem ? ' field-error' : ''}">
<label for="substituteId">${s.substitute}</label>
${formProblem && markup`<p class="error-message" id="substituteId-error">${formProblem.text}</p>`}
<select id="substituteId" name="substituteId"${
    formProblem ? markup` aria-invalid="true" aria-describedby="substituteId-error"` : ''
  }>
<option value="">${s.choose}</option>
${(admin ? p.people : others).map(
  (x) =>
    markup`<option value="${x.id}"${flag('selected', p.values.substituteId === x.id)}>${x.name}</option>`,
)}
</select>
</div>
<div class="step-grid">
<div class="field field-short${pr('startsOn') ? ' field-error' : ''}">
<label for="startsOn">${s.from}</label>
${err('startsOn')}
<input type="date" id="startsOn" name="startsOn" value="${p.values.startsOn}"${invalid('startsOn')}>
</div>
<div class="field field-short${pr('endsOn') ? ' field-error' : ''}">
<label for="endsOn">${s.to}</label>
${err('endsOn')}
<input type="date" id="endsOn" name="endsOn" value="${p.values.endsOn}"${invalid('endsOn')}>
</div>
</div>
<button type="submit" class="button">${s.add}</button>
</form>
</section>
${
  admin &&
  markup`<section aria-labelledby="all-title">
<h2 id="all-title">${s.allTitle}</h2>
${p.all.length === 0 ? markup`<p class="hint">${s.allEmpty}</p>` : table(m, a, csrf, s.allCaption, p.all, () => true)}
</section>`
}
`;
}
