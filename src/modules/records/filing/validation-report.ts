/**
 * The validation report filed with the invoice, from the validation result stored at intake:
 * as JSON (the stored result itself, without the diagnostic steps) and as a self-contained
 * HTML page in the manner of the KoSIT validator's report — verdict and recommendation,
 * scenario, rule sets, and every finding with its rule id, business terms, German and
 * English text and location. No scripts; styles inline; everything escaped.
 */
import type { ValidationResult } from '../../validation/index.js';
import { termLabel } from '../../validation/report/business-terms.js';
import { REPORT_CSS } from '../../validation/report/report-style.js';
import type { Finding } from '../../validation/findings.js';
import { deTime } from './simple-pdf.js';

function esc(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** The stored result in the shape the record keeps (steps are diagnostics, not findings). */
export function validationReportJson(result: unknown): Record<string, unknown> {
  const r = (result ?? {}) as Record<string, unknown>;
  const { steps: _steps, ...rest } = r;
  void _steps;
  return { format: 'einvoice-validation-result/1', ...rest };
}

function findings(title: string, list: readonly Finding[] | undefined): string {
  if (!list || list.length === 0) return '';
  const rows = list
    .map(
      (f) =>
        `<tr><td><code class="vr-rule">${esc(f.id)}</code></td><td>${esc((f.bt ?? []).map((t) => termLabel(t, 'de')).join(', '))}</td>` +
        `<td lang="de">${esc(f.messages?.de ?? '')}</td><td lang="en">${esc(f.messages?.en ?? '')}</td>` +
        `<td>${f.location ? `<code>${esc(f.location)}</code>` : ''}${f.line ? ` (Zeile/line ${f.line})` : ''}</td></tr>`,
    )
    .join('\n');
  return `<h3 class="vr-findings-title">${esc(title)} (${list.length})</h3>
<table><thead><tr><th scope="col">Regel / Rule</th><th scope="col">Geschäftsbegriffe / Business terms</th><th scope="col">Meldung</th><th scope="col">Message</th><th scope="col">Fundstelle / Location</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

export function validationReportHtml(
  result: unknown,
  meta: { aktenzeichen: string; fileName: string; validatedAt: Date | null },
): string {
  const r = (result ?? {}) as Partial<ValidationResult>;
  const verdict =
    r.acceptRecommendation === 'UNDEFINED'
      ? 'Nicht entscheidbar / Undecidable'
      : r.valid
        ? 'Prüfung bestanden / Passed the checks'
        : 'Prüfung nicht bestanden / Failed the checks';
  const facts: [string, string][] = [
    ['Aktenzeichen', meta.aktenzeichen],
    ['Datei / File', r.file || meta.fileName],
    ['Syntax', r.syntax ?? '–'],
    ['Spezifikation / Customization (BT-24)', r.customization ?? '–'],
    ['Prüfszenario / Scenario', r.scenario ?? '–'],
    ['Release', r.release ?? '–'],
    ['Empfehlung / Recommendation', r.acceptRecommendation ?? '–'],
    ['Regelwerke / Rule sets', (r.ruleSets ?? []).map((s) => `${s.name} ${s.version}`).join(', ') || '–'],
    ['Geprüft / Validated', deTime(meta.validatedAt)],
  ];
  if (r.pdf)
    facts.push(['PDF (ZUGFeRD / Factur-X)', `${r.pdf.xmlFilename ?? '–'} ${r.pdf.profile ?? ''}`.trim()]);
  const schema = (r.schemaErrors ?? []).length
    ? `<h3 class="vr-findings-title">Schemafehler / Schema errors (${r.schemaErrors!.length})</h3><ul class="vr-schema">${r
        .schemaErrors!.map((e) => `<li>Zeile/line ${e.line}: ${esc(e.message)}</li>`)
        .join('')}</ul>`
    : '';
  return `<!DOCTYPE html>
<html lang="de">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Prüfbericht / Validation report ${esc(meta.aktenzeichen)}</title><style>
${REPORT_CSS}
.vr-rule { white-space: nowrap; }
</style></head>
<body class="vr-page">
<main class="vr">
<h1>Prüfbericht E-Rechnung / E-invoice validation report</h1>
<section class="vr-doc ${r.valid ? 'vr-ok' : 'vr-bad'}">
<h2 class="vr-verdict"><span class="vr-verdict-text">${esc(verdict)}</span></h2>
<dl class="vr-facts">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v || '–')}</dd>`).join('')}</dl>
${schema}
${findings('Fehler / Errors', r.errors)}
${findings('Warnungen / Warnings', r.warnings)}
${findings('Hinweise / Notes', r.infos)}
${(r.errors ?? []).length + (r.warnings ?? []).length + (r.infos ?? []).length === 0 && !schema ? '<p>Keine Befunde. / No findings.</p>' : ''}
</section>
</main>
</body>
</html>
`;
}
