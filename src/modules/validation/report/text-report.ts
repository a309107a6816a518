import type { Lang } from '../../../common/errors/domain-error.js';
import type { Finding } from '../findings.js';
import type { ValidationResult } from '../result.js';
import { termLabel } from './business-terms.js';

const L = {
  de: {
    valid: 'GÜLTIG',
    invalid: 'UNGÜLTIG',
    undefined: 'NICHT ENTSCHEIDBAR',
    scenario: 'Szenario',
    none: 'keines',
    invoice: 'Rechnung',
    of: 'vom',
    seller: 'Verkäufer',
    buyer: 'Käufer',
    lines: 'Positionen',
    schema: 'Schemafehler',
    errors: 'Fehler',
    warnings: 'Warnungen',
    infos: 'Hinweise',
    line: 'Zeile',
    at: 'bei',
    total: (n: number, v: number, i: number) => `${n} Datei(en): ${v} gültig, ${i} ungültig`,
    pdf: 'PDF mit eingebetteter Rechnung',
    profile: 'Profil',
  },
  en: {
    valid: 'VALID',
    invalid: 'INVALID',
    undefined: 'UNDECIDABLE',
    scenario: 'scenario',
    none: 'none',
    invoice: 'Invoice',
    of: 'of',
    seller: 'seller',
    buyer: 'buyer',
    lines: 'lines',
    schema: 'Schema errors',
    errors: 'Errors',
    warnings: 'Warnings',
    infos: 'Information',
    line: 'line',
    at: 'at',
    total: (n: number, v: number, i: number) => `${n} file(s): ${v} valid, ${i} invalid`,
    pdf: 'PDF with embedded invoice',
    profile: 'profile',
  },
} as const;

export function labels(lang: Lang): (typeof L)[Lang] {
  return L[lang];
}

function findingLines(f: Finding, lang: Lang): string[] {
  const terms = f.bt && f.bt.length > 0 ? ` (${f.bt.map((t) => termLabel(t, lang)).join(', ')})` : '';
  const out = [`    [${f.id}]${terms} ${f.messages[lang]}`];
  if (f.location || f.line) {
    const t = labels(lang);
    out.push(
      `        ${f.location ? `${t.at} ${f.location}` : ''}${f.line ? ` (${t.line} ${f.line})` : ''}`.trimEnd(),
    );
  }
  return out;
}

/** A report a person reads: verdict first, then the invoice, then findings by severity. */
export function textReport(r: ValidationResult, lang: Lang): string {
  const t = labels(lang);
  const verdict = r.acceptRecommendation === 'UNDEFINED' ? t.undefined : r.valid ? t.valid : t.invalid;
  const out: string[] = [`${verdict}  ${r.file}`];
  out.push(
    `  ${t.scenario}: ${r.scenario ?? t.none}${r.ruleSets.length ? `  [${r.ruleSets.map((s) => `${s.name} ${s.version}`).join(', ')}]` : ''}`,
  );
  if (r.pdf) {
    out.push(
      `  ${t.pdf}: ${r.pdf.xmlFilename ?? '-'}${r.pdf.profile ? `, ${t.profile} ${r.pdf.profile}` : ''}` +
        (r.pdf.xmpConformanceLevel ? ` (XMP: ${r.pdf.xmpConformanceLevel})` : ''),
    );
  }
  const s = r.summary;
  if (s) {
    out.push(
      `  ${t.invoice} ${s.number || '?'} ${t.of} ${s.issueDate || '?'}; ${t.seller}: ${s.seller || '?'}; ${t.buyer}: ${s.buyer || '?'}; ${s.totalWithVat || '?'} ${s.currency}; ${s.lines} ${t.lines}`,
    );
  }
  if (r.schemaErrors.length > 0) {
    out.push(`  ${t.schema} (${r.schemaErrors.length}):`);
    for (const e of r.schemaErrors) out.push(`    ${t.line} ${e.line}: ${e.message}`);
  }
  const groups: [string, readonly Finding[]][] = [
    [t.errors, r.errors],
    [t.warnings, r.warnings],
    [t.infos, r.infos],
  ];
  for (const [title, list] of groups) {
    if (list.length === 0) continue;
    out.push(`  ${title} (${list.length}):`);
    for (const f of list) out.push(...findingLines(f, lang));
  }
  return out.join('\n') + '\n';
}

export function textTotals(n: number, valid: number, lang: Lang): string {
  return labels(lang).total(n, valid, n - valid) + '\n';
}
