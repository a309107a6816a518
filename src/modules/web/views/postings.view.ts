import type { PostingSummary, UnmatchedCreditor } from '../../postings/postings.service.js';
import { formatAmount } from '../../validation/index.js';
import { markup, type SafeHtml } from '../html.js';
import type { WebMessages } from '../i18n/messages.js';
import type { PostingsPageMessages } from '../i18n/postings.messages.js';
import { timeOf } from './layout.view.js';

export interface PostingsPageData {
  readonly alertHours: number;
  readonly overdueTotal: number;
  readonly overdue: readonly PostingSummary[];
  readonly unmatched: readonly UnmatchedCreditor[];
}

/**
 * The admin's postings page: postings the finance system has not acknowledged within the
 * alert age, and the suppliers of postings that got no creditor number.
 */
export function postingsView(m: WebMessages, pm: PostingsPageMessages, d: PostingsPageData): SafeHtml {
  const c = pm.columns;
  const overdue =
    d.overdue.length === 0
      ? markup`<p>${pm.overdueEmpty(d.alertHours)}</p>`
      : markup`<p>${pm.overdueIntro(d.alertHours, d.overdueTotal)}</p>
<table class="data-table stack-table">
<caption>${pm.overdueCaption}</caption>
<thead>
<tr><th scope="col">${c.invoice}</th><th scope="col">${c.creditor}</th><th scope="col">${c.kind}</th><th scope="col" class="num">${c.amount}</th><th scope="col">${c.created}</th></tr>
</thead>
<tbody>
${d.overdue.map(
  (p) => markup`<tr>
<th scope="row" data-label="${c.invoice}"><a href="/invoices/${p.invoiceId}">${p.invoiceNumber || p.invoiceId}</a></th>
<td data-label="${c.creditor}">${p.creditor.name}${p.creditor.creditorNumber ? ` (${p.creditor.creditorNumber})` : ''}</td>
<td data-label="${c.kind}">${pm.kinds[p.kind]}</td>
<td class="num" data-label="${c.amount}">${formatAmount(p.gross, p.currency, m.lang)}</td>
<td data-label="${c.created}">${timeOf(new Date(p.createdAt), m.lang)}</td>
</tr>`,
)}
</tbody>
</table>`;
  const unmatched =
    d.unmatched.length === 0
      ? markup`<p>${pm.unmatchedEmpty}</p>`
      : markup`<p>${pm.unmatchedIntro}</p>
<table class="data-table stack-table">
<caption>${pm.unmatchedCaption}</caption>
<thead>
<tr><th scope="col">${c.name}</th><th scope="col">${c.vatId}</th><th scope="col">${c.iban}</th><th scope="col" class="num">${c.postings}</th><th scope="col">${c.last}</th><th scope="col">${c.matchesNow}</th></tr>
</thead>
<tbody>
${d.unmatched.map(
  (u) => markup`<tr>
<th scope="row" data-label="${c.name}">${u.name || pm.none}</th>
<td data-label="${c.vatId}">${u.vatId ?? pm.none}</td>
<td data-label="${c.iban}">${u.iban ?? pm.none}</td>
<td class="num" data-label="${c.postings}">${String(u.postings)}</td>
<td data-label="${c.last}">${timeOf(u.lastAt, m.lang)}</td>
<td data-label="${c.matchesNow}">${u.matchesNow ?? pm.noMatch}</td>
</tr>`,
)}
</tbody>
</table>`;
  return markup`<h1>${pm.title}</h1>
<p>${pm.intro}</p>
<section aria-labelledby="postings-overdue">
<h2 id="postings-overdue">${pm.overdueTitle}</h2>
${overdue}
</section>
<section aria-labelledby="postings-unmatched">
<h2 id="postings-unmatched">${pm.unmatchedTitle}</h2>
${unmatched}
</section>
`;
}
