import type { Lang } from '../../../common/errors/domain-error.js';
import type { Finding } from '../findings.js';
import type { ValidationResult } from '../result.js';
import { termLabel } from './business-terms.js';
import { labels } from './text-report.js';

/**
 * A self-contained HTML page (no scripts, no external resources): per document the
 * verdict, an invoice summary and the findings grouped by severity with the names of the
 * business terms. Everything from the document is escaped.
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
    rule: 'Regel',
    terms: 'Geschäftsbegriffe',
    message: 'Meldung',
    where: 'Fundstelle',
    number: 'Rechnungsnummer',
    date: 'Rechnungsdatum',
    reference: 'Käuferreferenz (Leitweg-ID)',
    total: 'Gesamtbetrag',
    due: 'Zahlbetrag',
  },
  en: {
    title: 'E-invoice validation report',
    rule: 'Rule',
    terms: 'Business terms',
    message: 'Message',
    where: 'Location',
    number: 'Invoice number',
    date: 'Issue date',
    reference: 'Buyer reference',
    total: 'Total with VAT',
    due: 'Amount due',
  },
} as const;

const CSS = `body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a;line-height:1.4}
section{border:1px solid #ccc;border-radius:6px;padding:1rem 1.25rem;margin-bottom:1.5rem}
.ok{color:#0a6b2d}.bad{color:#a4000f}h2{margin-top:0;font-size:1.2rem;word-break:break-all}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}code{font-size:.9em}`;

function findingsTable(title: string, list: readonly Finding[], lang: Lang): string {
  if (list.length === 0) return '';
  const h = H[lang];
  const rows = list
    .map(
      (f) =>
        `<tr><td><code>${esc(f.id)}</code></td><td>${esc((f.bt ?? []).map((t) => termLabel(t, lang)).join(', '))}</td><td>${esc(f.messages[lang])}</td><td>${f.location ? `<code>${esc(f.location)}</code>` : ''}${f.line ? ` (${esc(labels(lang).line)} ${f.line})` : ''}</td></tr>`,
    )
    .join('\n');
  return `<h3>${esc(title)} (${list.length})</h3>
<table><thead><tr><th scope="col">${h.rule}</th><th scope="col">${h.terms}</th><th scope="col">${h.message}</th><th scope="col">${h.where}</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

function section(r: ValidationResult, lang: Lang): string {
  const t = labels(lang);
  const h = H[lang];
  const verdict = r.acceptRecommendation === 'UNDEFINED' ? t.undefined : r.valid ? t.valid : t.invalid;
  const s = r.summary;
  const facts: [string, string][] = [[t.scenario, r.scenario ?? t.none]];
  if (r.pdf)
    facts.push([
      t.pdf,
      `${r.pdf.xmlFilename ?? '-'}${r.pdf.profile ? ` (${t.profile} ${r.pdf.profile})` : ''}` +
        (r.pdf.xmpConformanceLevel ? `, XMP: ${r.pdf.xmpConformanceLevel}` : ''),
    ]);
  if (s) {
    facts.push(
      [h.number, s.number],
      [h.date, s.issueDate],
      [t.seller, s.seller],
      [t.buyer, s.buyer],
      [h.reference, s.buyerReference],
      [h.total, `${s.totalWithVat} ${s.currency}`],
      [h.due, `${s.amountDue} ${s.currency}`],
      [t.lines, String(s.lines)],
    );
  }
  const schema =
    r.schemaErrors.length === 0
      ? ''
      : `<h3>${esc(t.schema)} (${r.schemaErrors.length})</h3><ul>${r.schemaErrors
          .map((e) => `<li>${esc(t.line)} ${e.line}: ${esc(e.message)}</li>`)
          .join('')}</ul>`;
  return `<section>
<h2><span class="${r.valid ? 'ok' : 'bad'}">${esc(verdict)}</span> — ${esc(r.file)}</h2>
<dl>${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
${schema}
${findingsTable(t.errors, r.errors, lang)}
${findingsTable(t.warnings, r.warnings, lang)}
${findingsTable(t.infos, r.infos, lang)}
</section>`;
}

export function htmlReport(results: readonly ValidationResult[], lang: Lang): string {
  const t = labels(lang);
  const valid = results.filter((r) => r.valid).length;
  return `<!DOCTYPE html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${H[lang].title}</title><style>${CSS}</style></head>
<body>
<main>
<h1>${H[lang].title}</h1>
<p>${esc(t.total(results.length, valid, results.length - valid))}</p>
${results.map((r) => section(r, lang)).join('\n')}
</main>
</body>
</html>
`;
}
