import type { Lang } from '../../../common/errors/domain-error.js';
import type { InvoiceView } from '../../invoices/invoice-read.service.js';
import { markup, type SafeHtml } from '../html.js';
import { invoiceMessagesFor } from '../i18n/invoice.messages.js';
import {
  type Block,
  type Cell,
  type DocSection,
  type InvoiceDocument,
  invoiceDocument,
} from './invoice-document.js';

/** What other parts add to the page (approval: decision panel, Kontierung, approval history). */
export interface InvoicePageExtras {
  /** Shown right after the invoice's heading, before its data (e.g. the decision panel). */
  readonly aside?: SafeHtml;
  /** Sections of their own (each starting with an `<h2>`), placed after the overview. */
  readonly extraSections?: SafeHtml;
}

function cell(c: Cell): SafeHtml {
  const main = c.href
    ? markup`<a href="${c.href}"${c.label ? markup` aria-label="${c.label}"` : ''}>${c.text}</a>`
    : c.time
      ? markup`<time datetime="${c.time}">${c.text}</time>`
      : markup`${c.text}`;
  if (!c.lines?.length) return main;
  return markup`${main}${c.lines.map((l) => markup`<span class="cell-line">${l}</span>`)}`;
}

function block(b: Block, sectionId: string, index: number): SafeHtml {
  switch (b.kind) {
    case 'facts':
      return markup`${b.title && markup`<h3>${b.title}</h3>`}<dl class="facts">
${b.rows.map(([label, value]) => markup`<div class="fact"><dt>${label}</dt><dd>${cell(value)}</dd></div>`)}
</dl>`;
    case 'paragraph':
      return markup`<p class="${b.tone ? `invoice-note tone-${b.tone}` : 'invoice-text'}">${b.text}</p>`;
    case 'links':
      return markup`<ul class="download-list">
${b.links.map((l) => markup`<li><a class="button-secondary" href="${l.href ?? '#'}" download>${l.text}</a></li>`)}
</ul>`;
    case 'table': {
      const id = `${sectionId}-table-${index}`;
      return markup`<div class="table-scroll" role="region" aria-labelledby="${id}" tabindex="0">
<table class="data-table stack-table">
<caption id="${id}">${b.caption}</caption>
<thead><tr>${b.columns.map((col) => markup`<th scope="col"${col.numeric ? markup` class="num"` : ''}>${col.label}</th>`)}</tr></thead>
<tbody>
${b.rows.map(
  (row) =>
    markup`<tr>${row.map((value, i) => {
      const col = b.columns[i];
      const cls = col?.numeric ? markup` class="num"` : '';
      return i === 0
        ? markup`<th scope="row" data-label="${col?.label ?? ''}"${cls}><span class="cell-value">${cell(value)}</span></th>`
        : markup`<td data-label="${col?.label ?? ''}"${cls}><span class="cell-value">${cell(value)}</span></td>`;
    })}</tr>\n`,
)}
</tbody>
</table>
</div>`;
    }
  }
}

function section(s: DocSection): SafeHtml {
  return markup`<section class="invoice-section" id="${s.id}" aria-labelledby="${s.id}-heading">
<h2 id="${s.id}-heading">${s.title}</h2>
${s.blocks.map((b, i) => block(b, s.id, i))}
</section>
`;
}

/** The page's heading: what it is, from whom, how much, and where it stands (in words, not colour alone). */
function header(doc: InvoiceDocument, statusLabel: string): SafeHtml {
  return markup`<header class="invoice-header tone-${doc.statusTone}">
<h1>${doc.title}</h1>
<p class="invoice-seller">${doc.seller ?? '–'}</p>
<p class="invoice-key"><span class="invoice-amount">${doc.amountDue ?? '–'}</span> <span class="status-badge tone-${doc.statusTone}"><span class="visually-hidden">${statusLabel}: </span>${doc.status}</span></p>
</header>`;
}

/** The whole page body for `GET /invoices/:id` from the document (also used for tests). */
export function invoicePageBody(doc: InvoiceDocument, extras: InvoicePageExtras = {}): SafeHtml {
  const t = invoiceMessagesFor(doc.lang);
  const [overview, ...rest] = doc.sections;
  return markup`${header(doc, t.summary.status)}
<nav class="invoice-toc" aria-label="${t.contents}">
<ul>
${doc.sections.map((s) => markup`<li><a href="#${s.id}">${s.title}</a></li>`)}
</ul>
</nav>
${extras.aside && markup`<aside class="invoice-aside">${extras.aside}</aside>`}
${overview && section(overview)}
${extras.extraSections}
${rest.map(section)}`;
}

/**
 * The staff's invoice page: the invoice rendered for people in the reader's language, with
 * its original, attachments, check result and history. `extras` lets other parts add their
 * panels (see `InvoicePageExtras`).
 */
export function invoiceView(v: InvoiceView, lang: Lang, extras: InvoicePageExtras = {}): SafeHtml {
  return invoicePageBody(invoiceDocument(v, lang, `/invoices/${v.id}`), extras);
}

/** The document title of the page. */
export function invoicePageTitle(v: InvoiceView, lang: Lang): string {
  return invoiceDocument(v, lang, `/invoices/${v.id}`).title;
}

/** The whole invoice page (title and body) for an invoice as read, with the approval panel when there is one. */
export function invoicePage(
  view: InvoiceView,
  lang: Lang,
  panel?: SafeHtml,
): { title: string; body: SafeHtml } {
  const doc = invoiceDocument(view, lang, `/invoices/${view.id}`);
  return { title: doc.title, body: invoicePageBody(doc, { extraSections: panel }) };
}
