import type { Lang } from '../../../common/errors/domain-error.js';
import { isRoutingCode, routingReason } from '../../intake/pipeline/routing-reasons.js';
import type { InvoiceEvent, InvoiceRecord } from '../../invoices/invoice.repository.js';
import {
  formatAmount,
  formatDate,
  formatDateTime,
  htmlReportBody,
  type ValidationResult,
} from '../../validation/index.js';
import { markup, SafeHtml } from '../html.js';
import { timeOf } from './layout.view.js';
import { type StatusMessages, type StatusWords, statusMessagesFor } from '../i18n/status-messages.js';

/** What the supplier's status page shows of one invoice. */
export interface StatusPageInput {
  readonly invoice: InvoiceRecord;
  readonly history: readonly InvoiceEvent[];
  /** For a duplicate: the earlier invoice it repeats (same tenant), when it still exists. */
  readonly duplicateOf?: InvoiceRecord;
}

/** Findings listed in the status panel; the report below has all of them. */
const PANEL_FINDINGS = 5;

function wordsOf(s: StatusMessages, status: string): StatusWords {
  return (s.statuses as Record<string, StatusWords | undefined>)[status] ?? s.unknownStatus(status);
}

/** A string of an event's detail (written by the pipeline; anything else counts as absent). */
function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** The decision event (the last one that carries a reason, e.g. the move to `rejected`). */
function lastDetail(history: readonly InvoiceEvent[], status: string): Record<string, unknown> {
  const event = [...history].reverse().find((e) => e.toStatus === status);
  return event?.detail ?? {};
}

function reasons(s: StatusMessages, p: StatusPageInput, lang: Lang): SafeHtml | false {
  const inv = p.invoice;
  const report = inv.report as ValidationResult | null;
  const status = inv.status;
  if (status === 'rejected') {
    const detail = lastDetail(p.history, 'rejected');
    const items: SafeHtml[] = [];
    const errors = report?.errors ?? [];
    if (detail.reason === 'validation' || (detail.reason === undefined && errors.length > 0)) {
      const shown = errors.slice(0, PANEL_FINDINGS);
      items.push(markup`<li>${s.validationReason(errors.length || report?.schemaErrors.length || 1)}
${
  shown.length > 0 &&
  markup`<ul class="finding-list">
${shown.map((f) => markup`<li><span class="finding-message">${f.messages[lang]}</span> <span class="finding-rule">(${f.id}${f.bt?.length ? `, ${f.bt.join(', ')}` : ''})</span></li>`)}
${errors.length > shown.length && markup`<li class="finding-more">${s.moreFindings(errors.length - shown.length)}</li>`}
</ul>`
}</li>`);
    } else if (detail.reason === 'routing') {
      const code = text(detail.code);
      const id = text(detail.buyerReference) || (inv.buyerReference ?? '');
      const reason = isRoutingCode(code) ? routingReason(code, id)[lang] : s.otherReason(code || 'routing');
      items.push(markup`<li>${reason} <span class="finding-rule">(${code})</span></li>`);
    } else {
      const code = text(detail.code) || text(detail.reason);
      items.push(markup`<li>${s.otherReason(code || '–')}</li>`);
    }
    return markup`<h3 class="reasons-title">${s.reasonsTitle}</h3>
<ul class="reasons">${items}</ul>
<p class="next-step">${s.correctAndResend}</p>`;
  }
  if (status === 'duplicate') {
    const earlier = p.duplicateOf;
    return markup`<p>${
      earlier
        ? s.duplicateOf(
            earlier.number,
            earlier.issueDate ? formatDate(earlier.issueDate, lang) : null,
            // Kept on one line: a time torn from its zone reads wrong.
            formatDateTime(earlier.createdAt, lang).replace(/ /g, '\u00a0'),
          )
        : s.duplicateOfUnknown
    }</p>`;
  }
  if (status === 'returned') {
    const event = [...p.history].reverse().find((e) => e.toStatus === 'returned');
    const reason = text(event?.detail?.reason);
    return markup`${event && markup`<p>${s.returnedOn(formatDateTime(event.at, lang).replace(/ /g, '\u00a0'))}</p>`}
${
  reason.length > 0 &&
  markup`<h3 class="reasons-title">${s.returnedReasonTitle}</h3>
<p class="returned-reason">${reason}</p>`
}
<p class="next-step">${s.returnedNextStep}</p>`;
  }
  if (status === 'paid') {
    const paidOn = text(lastDetail(p.history, 'paid').paidOn);
    return paidOn.length > 0 && markup`<p class="paid-on">${s.paidOn(formatDate(paidOn, lang))}</p>`;
  }
  return false;
}

function facts(s: StatusMessages, inv: InvoiceRecord, lang: Lang): SafeHtml {
  const report = inv.report as ValidationResult | null;
  const summary = report?.summary;
  const currency = inv.currency ?? (summary?.currency || null);
  const total = summary?.totalWithVat || null;
  const due = inv.amountDue ?? (summary?.amountDue || null);
  const number = inv.number ?? (summary?.number || null);
  const seller = inv.sellerName ?? (summary?.seller || null);
  const issueDate = inv.issueDate ?? (summary?.issueDate || null);
  const row = (label: string, value: SafeHtml | string, cls = '') =>
    markup`<div class="fact${cls}"><dt>${label}</dt><dd>${value}</dd></div>`;
  const known = number || seller || total || due;
  return markup`<dl class="facts">
${row(s.facts.number, number ?? '–', ' fact-key')}
${row(s.facts.seller, seller ?? '–')}
${row(s.facts.issueDate, formatDate(issueDate, lang))}
${total ? row(s.facts.total, formatAmount(total, currency, lang), ' fact-amount fact-key') : false}
${due && (!total || formatAmount(due, currency, lang) !== formatAmount(total, currency, lang)) ? row(s.facts.amountDue, formatAmount(due, currency, lang), ' fact-amount') : false}
${!total && due === null ? row(s.facts.total, '–') : false}
${inv.fileName ? row(s.facts.fileName, inv.fileName) : false}
${row(s.facts.receivedAt, timeOf(inv.createdAt, lang))}
${row(s.facts.trackingId, markup`<span class="tracking-id">${inv.id}</span>`)}
</dl>
${!known && report && markup`<p class="hint">${s.notReadable}</p>`}`;
}

function history(s: StatusMessages, events: readonly InvoiceEvent[], lang: Lang): SafeHtml {
  return markup`<ol class="timeline">
${events.map((e) => {
  const w = wordsOf(s, e.toStatus);
  // A return names its reason in the history too: it is the one event the supplier must act on.
  const reason = e.toStatus === 'returned' ? text(e.detail?.reason) : '';
  return markup`<li class="timeline-item tone-${w.tone}"><span class="timeline-time">${timeOf(e.at, lang)}</span> <span class="timeline-event">${w.event}</span>${reason && markup` <span class="timeline-detail">${s.returnedReason(reason)}</span>`}</li>`;
})}
</ol>
<p class="hint">${s.timesNote}</p>`;
}

/**
 * The supplier's status page (public, by the token of the status link): where the invoice
 * stands in plain words and why, its key data, the history with times, and the validation
 * report. Landmarks and headings in order (h1 page, h2 sections, h3 below) for screen
 * readers; the status is never told by colour alone.
 */
export function statusView(lang: Lang, p: StatusPageInput): SafeHtml {
  const s = statusMessagesFor(lang);
  const inv = p.invoice;
  const words = wordsOf(s, inv.status);
  const report = inv.report as ValidationResult | null;
  return markup`<h1>${s.title}</h1>
<section class="status-panel tone-${words.tone}" aria-labelledby="status-heading">
<p class="status-kicker">${s.currentStatus}</p>
<h2 id="status-heading" class="status-label">${words.label}</h2>
<p class="status-explanation">${words.explanation}</p>
${reasons(s, p, lang)}
</section>
<div class="status-columns">
<section class="status-section" aria-labelledby="invoice-heading">
<h2 id="invoice-heading">${s.invoiceTitle}</h2>
${facts(s, inv, lang)}
</section>
<section class="status-section" aria-labelledby="history-heading">
<h2 id="history-heading">${s.historyTitle}</h2>
${history(s, p.history, lang)}
</section>
</div>
<section class="status-section" aria-labelledby="report-heading">
<h2 id="report-heading">${s.reportTitle}</h2>
${
  report
    ? markup`<p class="hint">${s.reportIntro}</p>
${inv.status === 'rejected' && report.valid && markup`<p class="report-note">${s.reportPassedButRejected}</p>`}
${new SafeHtml(htmlReportBody([report], lang, { headingLevel: 3 }))}`
    : markup`<p>${s.reportPending}</p>`
}
</section>
`;
}
