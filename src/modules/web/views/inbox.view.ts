import { formatAmount, formatDate, isoDate } from '../../validation/index.js';
import { markup, type SafeHtml } from '../html.js';
import type { WebMessages } from '../i18n/messages.js';

/** One invoice waiting for the signed-in user, as the inbox lists it. */
export interface InboxRow {
  readonly id: string;
  readonly number: string | null;
  readonly sellerName: string | null;
  /** ISO dates `YYYY-MM-DD`. */
  readonly issueDate: string | null;
  readonly dueDate: string | null;
  /** Decimal string as stored, e.g. `1190.00`. */
  readonly amountDue: string | null;
  readonly currency: string | null;
}

function date(m: WebMessages, iso: string | null): SafeHtml | string {
  const value = isoDate(iso);
  if (!value) return '–';
  return markup`<time datetime="${value}">${formatDate(value, m.lang)}</time>`;
}

function amount(m: WebMessages, value: string | null, currency: string | null): string {
  return formatAmount(value, currency ?? 'EUR', m.lang);
}

/**
 * The staff inbox. An empty inbox is a clear statement with a heading (found by
 * screen-reader heading navigation), not an empty table.
 */
export function inboxView(m: WebMessages, rows: readonly InboxRow[], notice?: string): SafeHtml {
  const c = m.inbox.columns;
  const status = notice && markup`<div class="notice" role="status"><p>${notice}</p></div>`;
  if (rows.length === 0) {
    return markup`<h1>${m.inbox.title}</h1>
${status}
<section class="empty-state" aria-labelledby="inbox-empty">
<h2 id="inbox-empty">${m.inbox.empty}</h2>
<p>${m.inbox.emptyHint}</p>
</section>
`;
  }
  return markup`<h1>${m.inbox.title}</h1>
${status}
<table class="data-table">
<caption>${m.inbox.caption}</caption>
<thead>
<tr><th scope="col">${c.number}</th><th scope="col">${c.seller}</th><th scope="col">${c.issueDate}</th><th scope="col">${c.dueDate}</th><th scope="col" class="num">${c.amount}</th></tr>
</thead>
<tbody>
${rows.map(
  (r) =>
    markup`<tr><th scope="row">${r.number ?? '–'}</th><td>${r.sellerName ?? '–'}</td><td>${date(m, r.issueDate)}</td><td>${date(m, r.dueDate)}</td><td class="num">${amount(m, r.amountDue, r.currency)}</td></tr>`,
)}
</tbody>
</table>
`;
}
