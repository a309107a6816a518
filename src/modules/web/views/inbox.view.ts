import type { InboxFilter, InboxPage, InboxRow } from '../../approval/approval.repository.js';
import { formatAmount, formatDate, isoDate } from '../../validation/index.js';
import { markup, type SafeHtml } from '../html.js';
import type { ApprovalPageMessages, InboxSort } from '../i18n/approval.messages.js';
import type { WebMessages } from '../i18n/messages.js';
import { csrfField } from './layout.view.js';

/** Days before a Skonto deadline from which the inbox marks it "at risk" (as the approval service sums it). */
export const SKONTO_RISK_DAYS = 7;

/** The inbox's query parameters as the filter form and the links keep them (raw text, as entered). */
export interface InboxQuery {
  readonly q?: string;
  readonly step?: string;
  readonly supplier?: string;
  readonly minAmount?: string;
  readonly maxAmount?: string;
  readonly dueWithinDays?: string;
  readonly sort?: InboxSort;
  readonly direction?: 'asc' | 'desc';
  readonly page?: number;
}

export interface BulkOutcome {
  readonly approved: number;
  /** Invoices the rules refused, with the refusal in the page's language. */
  readonly refused: ReadonlyArray<{
    readonly invoiceId: string;
    readonly number: string;
    readonly message: string;
  }>;
}

export interface InboxViewInput {
  readonly result: InboxPage;
  readonly filter: InboxFilter;
  readonly query: InboxQuery;
  /** Labels of the steps that occur (from the rows and the tenant's policies), by step key. */
  readonly stepLabels: Readonly<Record<string, string>>;
  readonly csrfToken: string;
  /** Today in the receivers' time zone, `YYYY-MM-DD`. */
  readonly today: string;
  readonly notice?: string;
  readonly bulk?: BulkOutcome;
  /** Where a row links to (the invoice page). */
  readonly invoiceHref: (invoiceId: string) => string;
}

const SORTS: readonly InboxSort[] = ['skonto', 'due', 'amount', 'received'];

/** `/inbox?…` with the given query; empty values are left out. */
export function inboxHref(q: InboxQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q) as Array<[string, string | number | undefined]>) {
    if (v === undefined || v === '' || (k === 'page' && v === 1)) continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `/inbox?${s}` : '/inbox';
}

function dateCell(m: WebMessages, iso: string | null): SafeHtml | string {
  const value = isoDate(iso);
  if (!value) return '–';
  return markup`<time datetime="${value}">${formatDate(value, m.lang)}</time>`;
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The receivers' calendar day of a moment. */
export function berlinDay(at: Date): string {
  return at.toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
}

function skontoCell(m: WebMessages, am: ApprovalPageMessages, r: InboxRow, today: string): SafeHtml {
  if (!r.skontoDeadline) return markup`<span class="muted">${am.inbox.noSkonto}</span>`;
  const risk = r.skontoDeadline >= today && r.skontoDeadline <= addDays(today, SKONTO_RISK_DAYS);
  const expired = r.skontoDeadline < today;
  return markup`${dateCell(m, r.skontoDeadline)}${
    r.skontoAmount &&
    markup`<span class="cell-line">${formatAmount(r.skontoAmount, r.currency, m.lang)}</span>`
  }${risk && markup`<span class="badge badge-risk">${am.inbox.atRisk}</span>`}${
    expired && markup`<span class="badge badge-muted">${am.inbox.skontoExpired}</span>`
  }`;
}

function sortHeader(
  am: ApprovalPageMessages,
  q: InboxQuery,
  sort: InboxSort,
  label: string,
  numeric = false,
): SafeHtml {
  const active = (q.sort ?? 'skonto') === sort;
  const dir = q.direction ?? 'asc';
  const next: 'asc' | 'desc' = active && dir === 'asc' ? 'desc' : 'asc';
  const href = inboxHref({ ...q, sort, direction: next, page: undefined });
  const ariaSort = active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined;
  const arrow = active ? (dir === 'asc' ? '▲' : '▼') : '';
  return markup`<th scope="col"${ariaSort ? markup` aria-sort="${ariaSort}"` : ''}${numeric ? markup` class="num"` : ''}><a class="sort-link" href="${href}" aria-label="${am.inbox.sortBy(label, next)}">${label}${arrow && markup` <span aria-hidden="true">${arrow}</span>`}</a></th>`;
}

function summary(m: WebMessages, am: ApprovalPageMessages, input: InboxViewInput): SafeHtml {
  const { result, stepLabels } = input;
  const total = Object.values(result.countsByStep).reduce((a, b) => a + b, 0);
  // In the policy's order of steps (the labels come in that order), then any others.
  const order = Object.keys(stepLabels);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  const steps = Object.entries(result.countsByStep).sort(([x], [y]) => rank(x) - rank(y));
  return markup`<section class="inbox-summary" aria-labelledby="inbox-summary-title">
<h2 id="inbox-summary-title" class="visually-hidden">${am.inbox.countsByStep}</h2>
<p class="summary-total"><strong>${am.inbox.summary(total)}</strong>${
    steps.length > 0 &&
    markup`: ${steps.map(
      ([key, n], i) =>
        markup`${i > 0 ? ' · ' : ''}<a href="${inboxHref({ ...input.query, step: key, page: undefined })}">${stepLabels[key] ?? key}</a> ${n}`,
    )}`
  }</p>
<p class="summary-risk${result.atRiskCount > 0 ? ' has-risk' : ''}"><strong>${am.inbox.skontoAtRisk}: ${formatAmount(result.skontoAtRisk, 'EUR', m.lang)}</strong> <span>(${
    result.atRiskCount > 0 ? am.inbox.skontoAtRiskHint(result.atRiskCount) : am.inbox.noneAtRisk
  })</span></p>
</section>`;
}

function filterForm(am: ApprovalPageMessages, input: InboxViewInput): SafeHtml {
  const q = input.query;
  const f = am.inbox;
  const stepKeys = Object.keys(input.stepLabels);
  const text = (name: keyof InboxQuery, label: string, hint?: string, mode?: string) =>
    markup`<div class="field">
<label for="f-${name}">${label}</label>
${hint && markup`<p class="hint" id="f-${name}-hint">${hint}</p>`}
<input type="text" id="f-${name}" name="${name}" value="${String(q[name] ?? '')}"${hint ? markup` aria-describedby="f-${name}-hint"` : ''}${mode ? markup` inputmode="${mode}"` : ''} autocomplete="off">
</div>`;
  const more = !!(q.supplier || q.minAmount || q.maxAmount || q.dueWithinDays);
  return markup`<section class="inbox-filter" aria-labelledby="filter-title">
<h2 id="filter-title" class="visually-hidden">${f.filterTitle}</h2>
<form method="get" action="/inbox" class="filter-form" role="search" aria-labelledby="filter-title">
<div class="filter-main">
${text('q', f.search, f.searchHint)}
<div class="field">
<label for="f-step">${f.step}</label>
<select id="f-step" name="step">
<option value="">${f.allSteps}</option>
${stepKeys.map((k) => markup`<option value="${k}"${q.step === k ? markup` selected` : ''}>${input.stepLabels[k]}</option>`)}
</select>
</div>
<div class="form-actions">
<button type="submit" class="button">${f.applyFilter}</button>
<a class="cancel-link" href="/inbox">${f.resetFilter}</a>
</div>
</div>
<details class="more-filters"${more ? markup` open` : ''}>
<summary>${f.moreFilters}</summary>
<div class="filter-grid">
${text('supplier', f.supplier)}
${text('minAmount', f.minAmount, f.amountHint, 'decimal')}
${text('maxAmount', f.maxAmount, f.amountHint, 'decimal')}
${text('dueWithinDays', f.dueWithinDays, f.dueWithinDaysHint, 'numeric')}
</div>
</details>
${q.sort && markup`<input type="hidden" name="sort" value="${q.sort}">`}
${q.direction && markup`<input type="hidden" name="direction" value="${q.direction}">`}
</form>
</section>`;
}

function bulkResult(am: ApprovalPageMessages, bulk: BulkOutcome | undefined): SafeHtml | undefined {
  if (!bulk) return undefined;
  return markup`${
    bulk.approved > 0 &&
    markup`<div class="notice" role="status"><p>${am.inbox.bulkApproved(bulk.approved)}</p></div>`
  }${
    bulk.refused.length > 0 &&
    markup`<div class="error-summary" id="bulk-refusals" role="alert" aria-labelledby="bulk-refusals-title" tabindex="-1" autofocus>
<h2 id="bulk-refusals-title">${am.inbox.bulkRefusedTitle(bulk.refused.length)}</h2>
<ul class="refusal-list">
${bulk.refused.map((r) => markup`<li><strong>${r.number}</strong>: ${r.message}</li>`)}
</ul>
</div>`
  }`;
}

function pagination(am: ApprovalPageMessages, input: InboxViewInput): SafeHtml | undefined {
  const pages = Math.max(1, Math.ceil(input.result.total / input.filter.limit));
  const page = Math.min(input.query.page ?? 1, pages);
  if (pages <= 1) return undefined;
  const link = (p: number, text: string, rel: string) =>
    markup`<a href="${inboxHref({ ...input.query, page: p })}" rel="${rel}">${text}</a>`;
  return markup`<nav class="pagination" aria-label="${am.inbox.pagination}">
<ul>
<li>${page > 1 ? link(page - 1, am.inbox.previous, 'prev') : ''}</li>
<li aria-current="page">${am.inbox.pageOf(page, pages)}</li>
<li>${page < pages ? link(page + 1, am.inbox.next, 'next') : ''}</li>
</ul>
</nav>`;
}

function bulkControls(am: ApprovalPageMessages, input: InboxViewInput): SafeHtml {
  const step = input.query.step;
  const keys = Object.keys(input.result.countsByStep);
  if (step)
    return markup`<input type="hidden" name="stepKey" value="${step}">
<button type="submit" class="button">${am.inbox.bulkSubmit(input.stepLabels[step] ?? step)}</button>`;
  return markup`<div class="field bulk-step">
<label for="bulk-step">${am.inbox.bulkStep}</label>
<select id="bulk-step" name="stepKey">
${keys.map((k) => markup`<option value="${k}">${input.stepLabels[k] ?? k}</option>`)}
</select>
</div>
<button type="submit" class="button">${am.inbox.bulkChooseStep}</button>`;
}

/**
 * The approver's inbox: what waits for the signed-in user (their own tasks, their groups',
 * and those of the people they stand in for), with the counts per step and the Skonto at
 * risk in euros, a filter form (GET, so a filtered view is a link), sortable columns with
 * `aria-sort`, pages, and a bulk approval form around the table (a checkbox per row; no
 * script). An empty inbox is a clear statement with a heading, not an empty table.
 */
export function inboxView(m: WebMessages, am: ApprovalPageMessages, input: InboxViewInput): SafeHtml {
  const { result, query } = input;
  const c = am.inbox.columns;
  const status = input.notice && markup`<div class="notice" role="status"><p>${input.notice}</p></div>`;
  const filtered = !!(
    query.q ||
    query.step ||
    query.supplier ||
    query.minAmount ||
    query.maxAmount ||
    query.dueWithinDays
  );
  const total = Object.values(result.countsByStep).reduce((a, b) => a + b, 0);
  if (total === 0 && !filtered) {
    return markup`<h1>${m.inbox.title}</h1>
${status}
${bulkResult(am, input.bulk)}
<section class="empty-state" aria-labelledby="inbox-empty">
<h2 id="inbox-empty">${m.inbox.empty}</h2>
<p>${m.inbox.emptyHint}</p>
</section>
`;
  }
  const table =
    result.rows.length === 0
      ? markup`<section class="empty-state" aria-labelledby="inbox-no-match">
<h2 id="inbox-no-match">${am.inbox.noMatches}</h2>
<p>${am.inbox.noMatchesHint}</p>
</section>`
      : markup`<form method="post" action="/inbox/bulk" class="bulk-form" aria-labelledby="bulk-title">
${csrfField(input.csrfToken)}
<input type="hidden" name="view" value="${inboxHref(query).replace(/^\/inbox\??/, '')}">
<div class="table-scroll" role="region" aria-labelledby="tasks-title" tabindex="0">
<table class="data-table inbox-table stack-table">
<caption class="visually-hidden">${am.inbox.caption}${filtered ? ` – ${am.inbox.summary(result.total)}` : ''}</caption>
<thead>
<tr><th scope="col" class="select-col"><span class="visually-hidden">${c.select}</span></th><th scope="col">${c.number}</th><th scope="col">${c.seller}</th><th scope="col">${c.step}</th>${sortHeader(am, query, 'amount', c.amount, true)}${sortHeader(am, query, 'skonto', c.skonto)}${sortHeader(am, query, 'due', c.due)}${sortHeader(am, query, 'received', c.received)}</tr>
</thead>
<tbody>
${result.rows.map((r) => {
  const number = r.number ?? am.inbox.noNumber;
  return markup`<tr${r.state === 'held' ? markup` class="is-held"` : ''}>
<td class="select-col" data-label="${c.select}"><input type="checkbox" name="invoiceIds" value="${r.invoiceId}" id="sel-${r.invoiceId}" aria-label="${am.inbox.selectInvoice(number)}"></td>
<th scope="row" data-label="${c.number}"><a href="${input.invoiceHref(r.invoiceId)}">${number}</a></th>
<td data-label="${c.seller}"><span class="cell-value">${r.sellerName ?? '–'}</span></td>
<td data-label="${c.step}"><span class="cell-value">${r.label[m.lang]}${
    r.state === 'held' &&
    markup`<span class="badge badge-held">${am.inbox.held}</span>${
      r.heldQuestion &&
      markup`<span class="cell-line held-question">${am.inbox.heldQuestion}: ${r.heldQuestion}</span>`
    }`
  }</span></td>
<td class="num" data-label="${c.amount}">${formatAmount(r.amount, r.currency, m.lang)}</td>
<td data-label="${c.skonto}"><span class="cell-value">${skontoCell(m, am, r, input.today)}</span></td>
<td data-label="${c.due}">${dateCell(m, r.dueDeadline)}</td>
<td data-label="${c.received}">${dateCell(m, berlinDay(new Date(r.receivedAt)))}</td>
</tr>`;
})}
</tbody>
</table>
</div>
<fieldset class="bulk-actions">
<legend id="bulk-title">${am.inbox.bulkTitle}</legend>
<p class="hint">${am.inbox.bulkHint}</p>
${bulkControls(am, input)}
</fieldset>
</form>`;
  return markup`<h1>${m.inbox.title}</h1>
${status}
${bulkResult(am, input.bulk)}
${summary(m, am, input)}
${filterForm(am, input)}
<section class="inbox-tasks" aria-labelledby="tasks-title">
<h2 id="tasks-title">${am.inbox.caption}</h2>
${filtered && markup`<p class="filter-count">${am.inbox.matches(result.total)}</p>`}
${table}
${pagination(am, input)}
</section>
`;
}

export { SORTS as INBOX_SORTS };
