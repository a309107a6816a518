import type { Lang } from '../../../common/errors/domain-error.js';
import type { Finding } from '../findings.js';
import type { ValidationResult } from '../result.js';
import { termLabel } from './business-terms.js';
import { formatAmount, formatDate } from './format.js';
import { REPORT_CSS } from './report-style.js';
import { labels } from './text-report.js';

/**
 * The validation report for people, as HTML: per document the verdict, an invoice summary
 * (dates and amounts in the reader's format) and the findings grouped by severity with the
 * names of the business terms. Everything from the document is escaped. No scripts; the
 * styles are either inlined (a report that travels as a file) or linked (a page of the
 * application, whose Content-Security-Policy forbids inline styles).
 */
function esc(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const H = {
  de: {
    title: 'Prüfbericht E-Rechnung',
    valid: 'Prüfung bestanden',
    invalid: 'Prüfung nicht bestanden',
    undefined: 'Nicht entscheidbar',
    file: 'Datei',
    rule: 'Regel',
    terms: 'Geschäftsbegriffe',
    message: 'Meldung',
    where: 'Fundstelle',
    number: 'Rechnungsnummer',
    date: 'Rechnungsdatum',
    seller: 'Rechnungssteller',
    buyer: 'Rechnungsempfänger',
    reference: 'Käuferreferenz (Leitweg-ID)',
    total: 'Gesamtbetrag',
    due: 'Zahlbetrag',
    lines: 'Positionen',
    scenario: 'Prüfszenario',
  },
  en: {
    title: 'E-invoice validation report',
    valid: 'Passed the checks',
    invalid: 'Failed the checks',
    undefined: 'Undecidable',
    file: 'File',
    rule: 'Rule',
    terms: 'Business terms',
    message: 'Message',
    where: 'Location',
    number: 'Invoice number',
    date: 'Issue date',
    seller: 'Seller',
    buyer: 'Buyer',
    reference: 'Buyer reference',
    total: 'Total with VAT',
    due: 'Amount due',
    lines: 'Invoice lines',
    scenario: 'Validation scenario',
  },
} as const;

export interface HtmlReportOptions {
  /**
   * Link this stylesheet (`/assets/report.css`) instead of inlining the styles: for pages
   * served under the application's Content-Security-Policy.
   */
  readonly stylesheetHref?: string;
}

export interface ReportBodyOptions {
  /** Level of each document's heading (2 in the stand-alone report, deeper inside a page). */
  readonly headingLevel?: 2 | 3 | 4;
}

function heading(level: number, cls: string, content: string): string {
  return `<h${level} class="${cls}">${content}</h${level}>`;
}

function findingsTable(title: string, list: readonly Finding[], lang: Lang, level: number): string {
  if (list.length === 0) return '';
  const h = H[lang];
  const rows = list
    .map((f) => {
      const where = f.location ? `<code>${esc(f.location)}</code>` : '';
      const line = f.line ? ` <span class="vr-location">(${esc(labels(lang).line)} ${f.line})</span>` : '';
      // data-label: the column's name, shown beside each cell where a narrow screen stacks them.
      return `<tr><td data-label="${h.rule}"><code class="vr-rule">${esc(f.id)}</code></td><td data-label="${h.message}">${esc(f.messages[lang])}</td><td data-label="${h.terms}">${esc((f.bt ?? []).map((t) => termLabel(t, lang)).join(', '))}</td><td data-label="${h.where}">${where}${line}</td></tr>`;
    })
    .join('\n');
  return `${heading(level, 'vr-findings-title', `${esc(title)} (${list.length})`)}
<table><thead><tr><th scope="col">${h.rule}</th><th scope="col">${h.message}</th><th scope="col">${h.terms}</th><th scope="col">${h.where}</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

function section(r: ValidationResult, lang: Lang, level: number): string {
  const t = labels(lang);
  const h = H[lang];
  const verdict = r.acceptRecommendation === 'UNDEFINED' ? h.undefined : r.valid ? h.valid : h.invalid;
  const s = r.summary;
  const facts: [string, string, boolean?][] = [];
  if (s) {
    const cur = s.currency || undefined;
    facts.push(
      [h.number, s.number],
      [h.date, formatDate(s.issueDate, lang)],
      [h.seller, s.seller],
      [h.buyer, s.buyer],
      [h.reference, s.buyerReference],
      [h.total, formatAmount(s.totalWithVat, cur, lang), true],
      [h.due, formatAmount(s.amountDue, cur, lang), true],
      [h.lines, String(s.lines), true],
    );
  }
  if (r.pdf)
    facts.push([
      t.pdf,
      `${r.pdf.xmlFilename ?? '-'}${r.pdf.profile ? ` (${t.profile} ${r.pdf.profile})` : ''}` +
        (r.pdf.xmpConformanceLevel ? `, XMP: ${r.pdf.xmpConformanceLevel}` : ''),
    ]);
  facts.push([h.scenario, r.scenario ?? t.none]);
  const schema =
    r.schemaErrors.length === 0
      ? ''
      : `${heading(level + 1, 'vr-findings-title', `${esc(t.schema)} (${r.schemaErrors.length})`)}<ul class="vr-schema">${r.schemaErrors
          .map((e) => `<li>${esc(t.line)} ${e.line}: ${esc(e.message)}</li>`)
          .join('')}</ul>`;
  const dl = facts
    .map(([k, v, num]) => `<dt>${esc(k)}</dt><dd${num ? ' class="vr-num"' : ''}>${esc(v || '–')}</dd>`)
    .join('');
  return `<section class="vr-doc ${r.valid ? 'vr-ok' : 'vr-bad'}">
${heading(level, 'vr-verdict', `<span class="vr-verdict-text">${esc(verdict)}</span>${r.file ? ` <span class="vr-file">${esc(h.file)}: ${esc(r.file)}</span>` : ''}`)}
<dl class="vr-facts">${dl}</dl>
${schema}
${findingsTable(t.errors, r.errors, lang, level + 1)}
${findingsTable(t.warnings, r.warnings, lang, level + 1)}
${findingsTable(t.infos, r.infos, lang, level + 1)}
</section>`;
}

/** The report's documents as a fragment (inside `<div class="vr">`), for a page to embed. */
export function htmlReportBody(
  results: readonly ValidationResult[],
  lang: Lang,
  options: ReportBodyOptions = {},
): string {
  const level = options.headingLevel ?? 2;
  return `<div class="vr">
${results.map((r) => section(r, lang, level)).join('\n')}
</div>`;
}

/** A complete HTML document of the report. */
export function htmlReport(
  results: readonly ValidationResult[],
  lang: Lang,
  options: HtmlReportOptions = {},
): string {
  const t = labels(lang);
  const valid = results.filter((r) => r.valid).length;
  const style = options.stylesheetHref
    ? `<link rel="stylesheet" href="${esc(options.stylesheetHref)}">`
    : `<style>\n${REPORT_CSS}</style>`;
  return `<!DOCTYPE html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${H[lang].title}</title>${style}</head>
<body class="vr-page">
<main class="vr">
<h1>${H[lang].title}</h1>
<p>${esc(t.total(results.length, valid, results.length - valid))}</p>
${results.map((r) => section(r, lang, 2)).join('\n')}
</main>
</body>
</html>
`;
}
