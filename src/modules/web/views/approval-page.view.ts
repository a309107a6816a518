import type { InvoiceRecord } from '../../invoices/invoice.repository.js';
import type { Invoice } from '../../validation/semantic/en16931.js';
import { formatAmount, formatDate, isoDate } from '../../validation/index.js';
import { markup, type SafeHtml } from '../html.js';
import { approvalMessagesFor } from '../i18n/approval.messages.js';
import type { WebMessages } from '../i18n/messages.js';

function dateOf(m: WebMessages, value: string | null | undefined): SafeHtml | string {
  const iso = isoDate(value ?? undefined);
  return iso ? markup`<time datetime="${iso}">${formatDate(iso, m.lang)}</time>` : '–';
}

const percent = (rate: string | undefined, lang: 'de' | 'en') =>
  rate === undefined ? '–' : `${lang === 'de' ? rate.replace('.', ',') : rate} %`;

/**
 * An invoice's approval page: what the approver needs to decide — number, supplier, amount,
 * dates, the lines and the VAT breakdown from the persisted EN 16931 model — followed by the
 * decision panel. (The full invoice page with every business term, downloads and history is
 * `GET /invoices/:id`; this page is the approver's working view.)
 */
export function approvalPageView(
  m: WebMessages,
  invoice: InvoiceRecord,
  panel: SafeHtml,
  skonto?: { readonly until: string | null; readonly amount: string | null },
): { title: string; body: SafeHtml } {
  const t = approvalMessagesFor(m.lang).page;
  const model = (invoice.model ?? {}) as Partial<Invoice>;
  const currency = invoice.currency ?? model.currency ?? 'EUR';
  const title = t.title(invoice.number ?? t.noNumber);
  const lines = model.lines ?? [];
  const vat = model.vatBreakdown ?? [];
  const lc = t.lineColumns;
  const vc = t.vatColumns;
  return {
    title,
    body: markup`<p class="back-link"><a href="/inbox">${t.backToInbox}</a></p>
<h1>${title}</h1>
<dl class="facts invoice-facts">
<div class="fact fact-key"><dt>${t.seller}</dt><dd>${invoice.sellerName ?? '–'}</dd></div>
<div class="fact fact-key fact-amount"><dt>${t.amountDue}</dt><dd>${formatAmount(invoice.amountDue, currency, m.lang)}</dd></div>
<div class="fact"><dt>${t.issueDate}</dt><dd>${dateOf(m, invoice.issueDate)}</dd></div>
<div class="fact"><dt>${t.dueDate}</dt><dd>${dateOf(m, invoice.dueDate)}</dd></div>
${
  skonto?.until &&
  markup`<div class="fact"><dt>${t.skonto}</dt><dd>${t.skontoValue(formatDate(skonto.until, m.lang), formatAmount(skonto.amount, currency, m.lang))}</dd></div>`
}
</dl>
<div class="approval-layout">
<div class="approval-invoice">
<div class="table-scroll" role="region" aria-labelledby="lines-caption" tabindex="0">
<table class="data-table stack-table">
<caption id="lines-caption">${t.linesCaption}</caption>
<thead><tr><th scope="col">${lc.id}</th><th scope="col">${lc.name}</th><th scope="col" class="num">${lc.quantity}</th><th scope="col" class="num">${lc.price}</th><th scope="col" class="num">${lc.vat}</th><th scope="col" class="num">${lc.net}</th></tr></thead>
<tbody>
${lines.map(
  (l) =>
    markup`<tr><th scope="row" data-label="${lc.id}">${l.id ?? '–'}</th><td data-label="${lc.name}">${l.itemName ?? '–'}</td><td class="num" data-label="${lc.quantity}">${formatAmount(l.quantity, null, m.lang)} ${(l.unitCode && t.units[l.unitCode]) ?? l.unitCode ?? ''}</td><td class="num" data-label="${lc.price}">${formatAmount(l.netPrice, currency, m.lang)}</td><td class="num" data-label="${lc.vat}">${percent(l.vatRate, m.lang)}</td><td class="num" data-label="${lc.net}">${formatAmount(l.netAmount, currency, m.lang)}</td></tr>`,
)}
</tbody>
</table>
</div>
<div class="table-scroll" role="region" aria-labelledby="vat-caption" tabindex="0">
<table class="data-table stack-table">
<caption id="vat-caption">${t.vatCaption}</caption>
<thead><tr><th scope="col">${vc.category}</th><th scope="col" class="num">${vc.rate}</th><th scope="col" class="num">${vc.taxable}</th><th scope="col" class="num">${vc.tax}</th></tr></thead>
<tbody>
${vat.map(
  (v) =>
    markup`<tr><th scope="row" data-label="${vc.category}">${v.category ?? '–'}</th><td class="num" data-label="${vc.rate}">${percent(v.rate, m.lang)}</td><td class="num" data-label="${vc.taxable}">${formatAmount(v.taxableAmount, currency, m.lang)}</td><td class="num" data-label="${vc.tax}">${formatAmount(v.taxAmount, currency, m.lang)}</td></tr>`,
)}
</tbody>
</table>
</div>
</div>
${panel}
</div>
`,
  };
}
