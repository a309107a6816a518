import type { Lang } from '../../../common/errors/domain-error.js';
import type { VorgangDetail, VorgangSummary } from '../../records/query/records-query.types.js';
import { inlineTypeOf } from '../../records/query/record-responses.js';
import { DOCUMENT_KIND_LABELS } from '../../records/query/vorgang-manifest.js';
import type { SearchField } from '../../records/query/vorgang-search.js';
import { formatAmount, formatDate } from '../../validation/report/format.js';
import { markup, type SafeHtml } from '../html.js';
import type { WebMessages } from '../i18n/messages.js';
import type { RecordsPageMessages } from '../i18n/records.messages.js';
import { timeOf } from './layout.view.js';

/** `812 Bytes`, `12,3 KB`, `4,1 MB` in the reader's language (1 KB = 1024 bytes). */
export function formatSize(bytes: number, lang: Lang): string {
  const locale = lang === 'de' ? 'de-DE' : 'en-GB';
  if (bytes < 1024) return `${bytes.toLocaleString(locale)} ${lang === 'de' ? 'Bytes' : 'bytes'}`;
  const units = ['KB', 'MB', 'GB'];
  let n = bytes / 1024;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return `${n.toLocaleString(locale, { maximumFractionDigits: 1 })} ${units[u]}`;
}

export interface RecordsSearchInput {
  readonly values: Readonly<Partial<Record<SearchField, string>>>;
  readonly invalid: readonly SearchField[];
  /** Null when the search was not run (invalid criteria). */
  readonly result: { readonly items: readonly VorgangSummary[]; readonly total: number } | null;
  readonly page: number;
  readonly limit: number;
}

const CRITERIA: readonly SearchField[] = [
  'aktenzeichen',
  'number',
  'supplier',
  'amount',
  'amountFrom',
  'amountTo',
  'from',
  'to',
];

export function recordsHref(values: Readonly<Partial<Record<SearchField, string>>>, page?: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v && k !== 'page') q.set(k, v);
  if (page && page > 1) q.set('page', String(page));
  const s = q.toString();
  return s ? `/records?${s}` : '/records';
}

function searchForm(rm: RecordsPageMessages, input: RecordsSearchInput): SafeHtml {
  const v = input.values;
  const f = rm.fields;
  const bad = (name: SearchField) => input.invalid.includes(name);
  const field = (
    name: SearchField,
    label: string,
    opts: { hint?: string; type?: string; mode?: string } = {},
  ) => {
    const described = [opts.hint && `r-${name}-hint`, bad(name) && `r-${name}-error`]
      .filter(Boolean)
      .join(' ');
    return markup`<div class="field${bad(name) ? ' has-error' : ''}">
<label for="r-${name}">${label}</label>
${opts.hint && markup`<p class="hint" id="r-${name}-hint">${opts.hint}</p>`}
${bad(name) && markup`<p class="field-error" id="r-${name}-error">${rm.invalid[name] ?? ''}</p>`}
<input type="${opts.type ?? 'text'}" id="r-${name}" name="${name}" value="${v[name] ?? ''}"${described ? markup` aria-describedby="${described}"` : ''}${bad(name) ? markup` aria-invalid="true"` : ''}${opts.mode ? markup` inputmode="${opts.mode}"` : ''} autocomplete="off">
</div>`;
  };
  const more = !!(
    v.supplier ||
    v.amount ||
    v.amountFrom ||
    v.amountTo ||
    v.from ||
    v.to ||
    v.dateField === 'filed'
  );
  const dateField = v.dateField === 'filed' ? 'filed' : 'invoice';
  return markup`<section class="records-search" aria-labelledby="records-search-title">
<h2 id="records-search-title">${rm.searchTitle}</h2>
<form method="get" action="/records" class="filter-form" role="search" aria-labelledby="records-search-title">
<div class="filter-main">
${field('number', f.number, { hint: f.numberHint })}
${field('aktenzeichen', f.aktenzeichen, { hint: f.aktenzeichenHint })}
<div class="form-actions">
<button type="submit" class="button">${rm.submit}</button>
<a class="cancel-link" href="/records">${rm.reset}</a>
</div>
</div>
<details class="more-filters"${more || input.invalid.length > 0 ? markup` open` : ''}>
<summary>${rm.moreCriteria}</summary>
<div class="filter-grid">
${field('supplier', f.supplier, { hint: f.supplierHint })}
${field('amountFrom', f.amountFrom, { hint: f.amountHint, mode: 'decimal' })}
${field('amountTo', f.amountTo, { mode: 'decimal' })}
<fieldset class="field date-range">
<legend>${f.dateField}</legend>
<div class="field">
<label for="r-dateField" class="visually-hidden">${f.dateField}</label>
<select id="r-dateField" name="dateField">
<option value="invoice"${dateField === 'invoice' ? markup` selected` : ''}>${f.dateInvoice}</option>
<option value="filed"${dateField === 'filed' ? markup` selected` : ''}>${f.dateFiled}</option>
</select>
</div>
${field('from', f.from, { type: 'date' })}
${field('to', f.to, { type: 'date' })}
</fieldset>
</div>
</details>
${v.amount && markup`<input type="hidden" name="amount" value="${v.amount}">`}
</form>
</section>`;
}

function pagination(rm: RecordsPageMessages, input: RecordsSearchInput, total: number): SafeHtml | undefined {
  const pages = Math.max(1, Math.ceil(total / input.limit));
  if (pages <= 1) return undefined;
  const page = Math.min(input.page, pages);
  const link = (p: number, text: string, rel: string) =>
    markup`<a href="${recordsHref(input.values, p)}" rel="${rel}">${text}</a>`;
  return markup`<nav class="pagination" aria-label="${rm.pagination}">
<ul>
<li>${page > 1 ? link(page - 1, rm.previous, 'prev') : ''}</li>
<li aria-current="page">${rm.pageOf(page, pages)}</li>
<li>${page < pages ? link(page + 1, rm.next, 'next') : ''}</li>
</ul>
</nav>`;
}

function resultTable(m: WebMessages, rm: RecordsPageMessages, items: readonly VorgangSummary[]): SafeHtml {
  const c = rm.columns;
  return markup`<div class="table-scroll" role="region" aria-labelledby="records-caption" tabindex="0">
<table class="data-table stack-table records-table">
<caption id="records-caption" class="visually-hidden">${rm.caption}</caption>
<thead>
<tr><th scope="col">${c.aktenzeichen}</th><th scope="col">${c.number}</th><th scope="col">${c.supplier}</th><th scope="col" class="num">${c.amount}</th><th scope="col">${c.issueDate}</th><th scope="col">${c.filedAt}</th></tr>
</thead>
<tbody>
${items.map(
  (v) => markup`<tr>
<th scope="row" data-label="${c.aktenzeichen}"><a class="aktenzeichen" href="/records/${v.id}">${v.aktenzeichen}</a></th>
<td data-label="${c.number}"><span class="cell-value">${v.invoice.number ?? rm.noNumber}</span></td>
<td data-label="${c.supplier}"><span class="cell-value">${v.invoice.sellerName ?? '–'}</span></td>
<td class="num" data-label="${c.amount}">${formatAmount(v.invoice.amount, v.invoice.currency, m.lang)}</td>
<td data-label="${c.issueDate}">${v.invoice.issueDate ? markup`<time datetime="${v.invoice.issueDate}">${formatDate(v.invoice.issueDate, m.lang)}</time>` : '–'}</td>
<td data-label="${c.filedAt}">${v.filedAt ? timeOf(v.filedAt, m.lang) : markup`<span class="badge">${rm.notFiled}</span>`}</td>
</tr>
`,
)}
</tbody>
</table>
</div>`;
}

/** `/records`: the search form (GET, so a search is a link) and one page of results. */
export function recordsSearchView(
  m: WebMessages,
  rm: RecordsPageMessages,
  input: RecordsSearchInput,
): SafeHtml {
  const searched = CRITERIA.some((k) => input.values[k]) || input.values.dateField === 'filed';
  const problems = input.invalid.filter((f) => rm.invalid[f]);
  const r = input.result;
  const results = !r
    ? undefined
    : r.total === 0
      ? markup`<section class="empty-state" aria-labelledby="records-empty">
<h2 id="records-empty">${searched ? rm.noMatchTitle : rm.emptyTitle}</h2>
<p>${searched ? rm.noMatchHint : rm.emptyHint}</p>
</section>`
      : markup`<section class="records-results" aria-labelledby="records-results-title">
<h2 id="records-results-title">${rm.resultsTitle}</h2>
<p class="filter-count" role="status">${searched ? rm.found(r.total) : rm.latest(r.total)}</p>
${resultTable(m, rm, r.items)}
${pagination(rm, input, r.total)}
</section>`;
  return markup`<h1>${rm.title}</h1>
<p class="lead">${rm.intro}</p>
${
  problems.length > 0 &&
  markup`<div class="error-summary" role="alert" aria-labelledby="records-invalid-title" tabindex="-1">
<h2 id="records-invalid-title">${rm.invalidTitle}</h2>
<ul>
${problems.map((f) => markup`<li><a href="#r-${f}">${rm.invalid[f] ?? f}</a></li>`)}
</ul>
</div>`
}
${searchForm(rm, input)}
${results}
`;
}

function fact(label: string, value: SafeHtml | string): SafeHtml {
  return markup`<div class="fact"><dt>${label}</dt><dd>${value}</dd></div>`;
}

/** `/records/:id`: the Vorgang, its Akte and invoice, its documents (view and download each), and the whole as ZIP. */
export function vorgangView(m: WebMessages, rm: RecordsPageMessages, v: VorgangDetail): SafeHtml {
  const d = rm.detail;
  const c = d.columns;
  const lang = m.lang;
  const docs = v.documents;
  return markup`<p class="back-link"><a href="/records">${d.backToSearch}</a></p>
<h1>${d.title(v.aktenzeichen)}</h1>
<div class="records-facts">
<section class="records-fact-group" aria-labelledby="vorgang-facts">
<h2 id="vorgang-facts">${d.vorgang}</h2>
<dl class="facts">
${fact(d.aktenzeichen, markup`<span class="aktenzeichen">${v.aktenzeichen}</span>`)}
${fact(d.betreff, v.betreff)}
${fact(d.createdAt, timeOf(v.createdAt, lang))}
${fact(d.filedAt, v.filedAt ? timeOf(v.filedAt, lang) : markup`<span class="badge">${rm.notFiled}</span>`)}
</dl>
</section>
<section class="records-fact-group" aria-labelledby="invoice-facts">
<h2 id="invoice-facts">${d.invoice}</h2>
<dl class="facts">
${fact(d.invoiceNumber, markup`<a href="/invoices/${v.invoice.id}">${v.invoice.number ?? rm.noNumber}</a>`)}
${fact(d.supplier, v.invoice.sellerName ?? '–')}
${v.invoice.sellerVatId && fact(d.vatId, v.invoice.sellerVatId)}
${fact(d.amount, formatAmount(v.invoice.amount, v.invoice.currency, lang))}
${fact(d.issueDate, v.invoice.issueDate ? markup`<time datetime="${v.invoice.issueDate}">${formatDate(v.invoice.issueDate, lang)}</time>` : '–')}
</dl>
</section>
<section class="records-fact-group" aria-labelledby="akte-facts">
<h2 id="akte-facts">${d.akte}</h2>
<dl class="facts">
${fact(d.aktenzeichen, markup`<span class="aktenzeichen">${v.akte.aktenzeichen}</span>`)}
${fact(d.akteTitle, v.akte.title)}
${fact(d.fiscalYear, String(v.akte.fiscalYear))}
${fact(d.aktenplan, v.akte.aktenplanKey)}
</dl>
</section>
</div>
<section class="records-documents" aria-labelledby="documents-title">
<h2 id="documents-title">${d.documents}</h2>
${
  docs.length === 0
    ? markup`<p class="notice" role="status">${d.noDocuments}</p>`
    : markup`<div class="table-scroll" role="region" aria-labelledby="documents-caption" tabindex="0">
<table class="data-table stack-table documents-table">
<caption id="documents-caption">${d.documentsCaption(docs.length)}</caption>
<thead>
<tr><th scope="col" class="num">${c.position}</th><th scope="col">${c.kind}</th><th scope="col">${c.name}</th><th scope="col" class="num">${c.size}</th><th scope="col">${c.sha256}</th><th scope="col">${c.retainUntil}</th><th scope="col">${c.actions}</th></tr>
</thead>
<tbody>
${docs.map(
  (doc) => markup`<tr>
<td class="num" data-label="${c.position}">${doc.position}</td>
<th scope="row" data-label="${c.kind}"><span class="cell-value">${DOCUMENT_KIND_LABELS[doc.kind]?.[lang] ?? doc.kind}</span></th>
<td data-label="${c.name}"><span class="cell-value"><span class="file-name">${doc.name}</span><span class="cell-line"><span class="visually-hidden">${c.mediaType}: </span><code>${doc.mediaType}</code></span></span></td>
<td class="num" data-label="${c.size}"><span title="${rm.bytes(doc.size.toLocaleString(lang === 'de' ? 'de-DE' : 'en-GB'))}">${formatSize(doc.size, lang)}</span></td>
<td data-label="${c.sha256}"><span class="cell-value"><code class="hash" title="${d.fullHash(doc.sha256)}">${doc.sha256.slice(0, 12)}…</code><span class="visually-hidden"> ${d.fullHash(doc.sha256)}</span></span></td>
<td data-label="${c.retainUntil}"><time datetime="${doc.retainUntil}">${formatDate(doc.retainUntil, lang)}</time></td>
<td data-label="${c.actions}"><span class="cell-value record-actions">${
    inlineTypeOf(doc.mediaType) &&
    markup`<a href="/records/documents/${doc.id}" aria-label="${d.openLabel(doc.name)}">${d.open}</a>`
  } <a href="/records/documents/${doc.id}/download" download aria-label="${d.downloadLabel(doc.name)}">${d.download}</a></span></td>
</tr>
`,
)}
</tbody>
</table>
</div>`
}
</section>
<section class="records-zip" aria-labelledby="zip-title">
<h2 id="zip-title">${d.zipTitle}</h2>
${
  v.filedAt
    ? markup`<p class="hint">${d.zipHint}</p>
<p><a class="button" href="/records/${v.id}/zip" download>${d.zipButton}</a></p>`
    : markup`<p class="hint">${d.notFiledHint}</p>`
}
</section>
`;
}

/** On the invoice page: where the invoice is filed, linked to its Vorgang. */
export function invoiceRecordLink(
  rm: RecordsPageMessages,
  record: { readonly id: string; readonly aktenzeichen: string; readonly filedAt: Date | null },
): SafeHtml {
  return markup`<section class="invoice-section invoice-record" id="record" aria-labelledby="record-heading">
<h2 id="record-heading">${rm.invoiceLink.title}</h2>
<p><a href="/records/${record.id}">${record.filedAt ? rm.invoiceLink.filed(record.aktenzeichen) : rm.invoiceLink.allocated(record.aktenzeichen)}</a></p>
</section>
`;
}
