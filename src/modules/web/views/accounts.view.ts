import { markup, type SafeHtml } from '../html.js';
import type { WebMessages } from '../i18n/messages.js';
import type { AccountsPageMessages } from '../i18n/accounts.messages.js';
import {
  ACCOUNT_KINDS,
  type AccountKind,
  CSV_PROBLEM_MESSAGES,
  type CsvProblem,
} from '../../approval/accounts/chart-csv.js';
import type { ChartAccount, ChartImport, ImportMode } from '../../approval/accounts/accounts.repository.js';
import { formatDate } from '../../validation/report/format.js';
import { csrfField, timeOf } from './layout.view.js';

export interface AccountsPageInput {
  readonly m: WebMessages;
  readonly am: AccountsPageMessages;
  readonly csrfToken: string;
  readonly counts: readonly { readonly kind: AccountKind; readonly total: number; readonly active: number }[];
  readonly filter: { readonly q?: string; readonly kind?: AccountKind };
  readonly accounts: readonly ChartAccount[];
  /** Link to the next page, if there is one. */
  readonly nextHref: string | null;
  /** Whether this is a later page (offers the way back to the first). */
  readonly paged: boolean;
  readonly history: readonly ChartImport[];
  /** The import just done (after the redirect). */
  readonly imported?: ChartImport;
  /** The problems of a refused file, or of the form (no file chosen). */
  readonly refused?: {
    readonly problems: readonly CsvProblem[];
    readonly count: number;
    readonly text?: string;
  };
  /** The mode chosen in a refused form, to keep it. */
  readonly mode?: ImportMode;
}

function validity(am: AccountsPageMessages, a: ChartAccount, lang: WebMessages['lang']): string {
  if (!a.validFrom && !a.validTo) return am.always;
  return [
    a.validFrom && am.validFrom(formatDate(a.validFrom, lang)),
    a.validTo && am.validTo(formatDate(a.validTo, lang)),
  ]
    .filter(Boolean)
    .join(' ');
}

function refusedView(p: AccountsPageInput): SafeHtml | false {
  const { am, m, refused } = p;
  if (!refused) return false;
  const c = am.problemColumns;
  return markup`<div class="error-summary import-problems" id="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h2 id="error-summary-title">${am.refusedTitle}</h2>
${
  refused.text
    ? markup`<p><a href="#file">${refused.text}</a></p>`
    : markup`<p>${am.refusedIntro(refused.count)}</p>
${refused.count > refused.problems.length && markup`<p>${am.refusedMore(refused.problems.length, refused.count)}</p>`}
<table class="data-table problem-table">
<thead>
<tr><th scope="col" class="num">${c.line}</th><th scope="col">${c.column}</th><th scope="col">${c.value}</th><th scope="col">${c.problem}</th></tr>
</thead>
<tbody>
${refused.problems.map(
  (pr) => markup`<tr>
<td class="num">${pr.line ?? am.wholeFile}</td>
<td>${pr.column ?? '–'}</td>
<td>${pr.value !== undefined && pr.value !== '' ? markup`<code>${pr.value}</code>` : '–'}</td>
<td>${CSV_PROBLEM_MESSAGES[pr.code][m.lang]}${
    pr.code === 'ACCOUNTS_CSV_DUPLICATE' && pr.detail ? ` (${am.firstSeenIn(pr.detail)})` : ''
  } <span class="problem-code">${pr.code}</span></td>
</tr>`,
)}
</tbody>
</table>`
}
</div>`;
}

function searchView(p: AccountsPageInput): SafeHtml {
  const { am } = p;
  const s = am.search;
  const filtered = Boolean(p.filter.q || p.filter.kind);
  const c = am.columns;
  return markup`<section class="page-section" aria-labelledby="search-heading">
<h2 id="search-heading">${s.heading}</h2>
<form method="get" action="/admin/accounts" class="search-form" role="search" aria-labelledby="search-heading">
<div class="field search-q">
<label for="q">${s.q}</label>
<p class="hint" id="q-hint">${s.qHint}</p>
<input id="q" name="q" type="search" maxlength="100" autocomplete="off" spellcheck="false" aria-describedby="q-hint" value="${p.filter.q ?? ''}">
</div>
<div class="field search-kind">
<label for="kind">${s.kind}</label>
<select id="kind" name="kind">
<option value=""${p.filter.kind ? '' : markup` selected`}>${s.allKinds}</option>
${ACCOUNT_KINDS.map(
  (k) =>
    markup`<option value="${k}"${p.filter.kind === k ? markup` selected` : ''}>${am.kindsPlural[k]}</option>`,
)}
</select>
</div>
<div class="search-actions">
<button type="submit" class="button">${s.submit}</button>
${filtered && markup`<a href="/admin/accounts">${s.reset}</a>`}
</div>
</form>
${
  p.accounts.length === 0
    ? markup`<p class="empty-result" role="status">${am.nothingFound}</p>`
    : markup`<table class="data-table accounts-table">
<caption>${filtered ? am.captionFiltered : am.caption}</caption>
<thead>
<tr><th scope="col">${c.code}</th><th scope="col">${c.name}</th><th scope="col">${c.kind}</th><th scope="col">${c.state}</th><th scope="col">${c.validity}</th></tr>
</thead>
<tbody>
${p.accounts.map(
  (a) => markup`<tr${a.active ? '' : markup` class="inactive-row"`}>
<th scope="row"><code>${a.code}</code></th>
<td>${a.name || '–'}</td>
<td>${am.kinds[a.kind]}</td>
<td>${a.active ? am.active : am.inactive}</td>
<td>${validity(am, a, p.m.lang)}</td>
</tr>`,
)}
</tbody>
</table>`
}
${
  (p.nextHref || p.paged) &&
  markup`<nav class="pager" aria-label="${am.caption}">
${p.paged && markup`<a href="/admin/accounts?${new URLSearchParams(Object.entries(p.filter).filter((e): e is [string, string] => Boolean(e[1]))).toString()}">${am.first}</a>`}
${p.nextHref && markup`<a href="${p.nextHref}" rel="next">${am.next}</a>`}
</nav>`
}
</section>`;
}

function importView(p: AccountsPageInput): SafeHtml {
  const { am } = p;
  const mode = p.mode ?? 'merge';
  return markup`<section class="page-section" aria-labelledby="import-heading">
<h2 id="import-heading">${am.importHeading}</h2>
<form method="post" action="/admin/accounts/import" enctype="multipart/form-data" class="import-form">
${csrfField(p.csrfToken)}
<div class="field${p.refused ? ' field-error' : ''}">
<label for="file">${am.file}</label>
<p class="hint" id="file-hint">${am.fileHint}</p>
<input id="file" name="file" type="file" accept=".csv,text/csv,text/plain" required aria-describedby="file-hint"${
    p.refused ? markup` aria-invalid="true"` : ''
  }>
</div>
<fieldset class="field radios">
<legend>${am.mode}</legend>
${(['merge', 'replace'] as const).map(
  (k) => markup`<div class="radio">
<input type="radio" id="mode-${k}" name="mode" value="${k}"${mode === k ? markup` checked` : ''} aria-describedby="mode-${k}-hint">
<label for="mode-${k}">${am.modes[k].label}</label>
<p class="hint" id="mode-${k}-hint">${am.modes[k].hint}</p>
</div>`,
)}
</fieldset>
<button type="submit" class="button">${am.importSubmit}</button>
</form>
<details class="format-help">
<summary>${am.formatSummary}</summary>
${am.formatText.map((t) => markup`<p>${t}</p>`)}
<pre class="csv-example">Art;Nummer;Bezeichnung;Aktiv
Haushaltsstelle;1.1100.521100;Unterhaltung Grundstücke;ja
Kostenstelle;4711;Bürgerbüro;ja
Investitionsnummer;I-2026-001;Straßenausbau;nein</pre>
</details>
</section>`;
}

function historyView(p: AccountsPageInput): SafeHtml {
  const { am, m } = p;
  const h = am.historyColumns;
  return markup`<section class="page-section" aria-labelledby="history-heading">
<h2 id="history-heading">${am.historyHeading}</h2>
${
  p.history.length === 0
    ? markup`<p>${am.noHistory}</p>`
    : markup`<table class="data-table">
<caption class="visually-hidden">${am.historyCaption}</caption>
<thead>
<tr><th scope="col">${h.at}</th><th scope="col">${h.file}</th><th scope="col">${h.mode}</th><th scope="col" class="num">${h.rows}</th><th scope="col" class="num">${h.created}</th><th scope="col" class="num">${h.updated}</th><th scope="col" class="num">${h.deactivated}</th></tr>
</thead>
<tbody>
${p.history.map(
  (i) => markup`<tr>
<td>${timeOf(i.importedAt, m.lang)}</td>
<td>${i.fileName ?? '–'}</td>
<td>${am.modeNames[i.mode]}</td>
<td class="num">${i.rowsTotal.toLocaleString(m.lang === 'de' ? 'de-DE' : 'en-US')}</td>
<td class="num">${i.created.toLocaleString(m.lang === 'de' ? 'de-DE' : 'en-US')}</td>
<td class="num">${i.updated.toLocaleString(m.lang === 'de' ? 'de-DE' : 'en-US')}</td>
<td class="num">${i.deactivated.toLocaleString(m.lang === 'de' ? 'de-DE' : 'en-US')}</td>
</tr>`,
)}
</tbody>
</table>`
}
</section>`;
}

/**
 * The admin's chart-of-accounts page: what the chart holds, search with kind filter and
 * paging, the upload form (merge or replace) with the result of an import — or every
 * problem of a refused file with its line — and the recent imports.
 */
export function accountsView(p: AccountsPageInput): SafeHtml {
  const { am } = p;
  const i = p.imported;
  const notice =
    i &&
    markup`<div class="notice" role="status"><p>${am.imported(i.rowsTotal, i.created, i.updated, i.unchanged, i.deactivated)}</p></div>`;
  const hasChart = p.counts.length > 0;
  const counts = [...p.counts].sort((a, b) => ACCOUNT_KINDS.indexOf(a.kind) - ACCOUNT_KINDS.indexOf(b.kind));
  // The upload and its history first: after a refused file the form is right below the
  // problems; the long list of accounts comes last.
  return markup`<h1>${am.title}</h1>
${refusedView(p)}
${notice}
<p class="lead">${am.intro}</p>
${
  hasChart
    ? markup`<dl class="chart-counts">
${counts.map((c) => markup`<div><dt>${am.kindsPlural[c.kind]}</dt><dd>${am.counts(c.total, c.active)}</dd></div>`)}
</dl>`
    : markup`<section class="empty-state" aria-labelledby="accounts-empty">
<h2 id="accounts-empty">${am.noChart}</h2>
<p>${am.noChartHint}</p>
</section>`
}
${importView(p)}
${historyView(p)}
${hasChart && searchView(p)}
`;
}
