/**
 * The Verfahrensdokumentation as a document model, rendered to HTML and to PDF (pdf-lib).
 * Pure functions: the service gathers the facts, this file only lays them out.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../audit/audit-hash.js';
import { SimplePdf } from '../filing/simple-pdf.js';

export interface ProcedureTable {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface ProcedureBlock {
  readonly heading: string;
  readonly paragraphs: readonly string[];
  readonly table?: ProcedureTable;
}

export interface ProcedureSection {
  /** Stable key: the four components of GoBD Rz. 151–155. */
  readonly key: 'allgemein' | 'anwender' | 'technik' | 'betrieb';
  readonly title: string;
  readonly blocks: readonly ProcedureBlock[];
}

export interface ProcedureDocument {
  readonly tenantName: string;
  readonly version: number;
  readonly createdAt: Date;
  readonly createdBy: string;
  /** Titles of the sections changed since the previous version, or undefined for the first. */
  readonly changedSincePrevious?: { readonly version: number; readonly sections: readonly string[] };
  readonly sections: readonly ProcedureSection[];
}

const sha256 = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');

/** The hash of a section's content: a new version is made only when one of these changes. */
export function sectionHash(s: ProcedureSection): string {
  return sha256(canonicalJson(s));
}

/** The hash of the whole content (sections only: version, date and author are not content). */
export function contentHash(sections: readonly ProcedureSection[]): string {
  return sha256(canonicalJson(sections));
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderHtml(d: ProcedureDocument): string {
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="de"><head><meta charset="utf-8">',
    `<title>Verfahrensdokumentation ${esc(d.tenantName)} – Version ${d.version}</title>`,
    '<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;line-height:1.45}' +
      'table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}' +
      'th{background:#eee}</style>',
    '</head><body>',
    `<h1>Verfahrensdokumentation (GoBD Rz. 151–155): ${esc(d.tenantName)}</h1>`,
    `<p>Version ${d.version}, erstellt ${esc(d.createdAt.toISOString())} von ${esc(d.createdBy)}. ` +
      'Ältere Versionen bleiben unverändert gespeichert.</p>',
  ];
  if (d.changedSincePrevious) {
    const c = d.changedSincePrevious;
    out.push(`<h2>Änderungen gegenüber Version ${c.version}</h2>`);
    out.push(
      c.sections.length === 0
        ? '<p>Keine inhaltlichen Änderungen.</p>'
        : `<ul>${c.sections.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>`,
    );
  }
  for (const s of d.sections) {
    out.push(`<section id="${s.key}"><h2>${esc(s.title)}</h2>`);
    for (const b of s.blocks) {
      out.push(`<h3>${esc(b.heading)}</h3>`);
      for (const p of b.paragraphs) out.push(`<p>${esc(p)}</p>`);
      if (b.table) {
        out.push('<table><thead><tr>');
        for (const h of b.table.headers) out.push(`<th scope="col">${esc(h)}</th>`);
        out.push('</tr></thead><tbody>');
        for (const r of b.table.rows) out.push(`<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`);
        out.push('</tbody></table>');
      }
    }
    out.push('</section>');
  }
  out.push('</body></html>', '');
  return out.join('\n');
}

/** The PDF: the same layout writer as the case record's Laufzettel and Anordnung. */
export async function renderPdf(d: ProcedureDocument): Promise<Uint8Array> {
  const title = `Verfahrensdokumentation ${d.tenantName} – Version ${d.version}`;
  const w = await SimplePdf.create(title, d.createdAt);
  w.heading(`Verfahrensdokumentation (GoBD Rz. 151–155): ${d.tenantName}`, 16);
  w.paragraph(`Version ${d.version}, erstellt ${d.createdAt.toISOString()} von ${d.createdBy}.`);
  if (d.changedSincePrevious) {
    const c = d.changedSincePrevious;
    w.heading(`Änderungen gegenüber Version ${c.version}`);
    if (c.sections.length === 0) w.paragraph('Keine inhaltlichen Änderungen.');
    for (const section of c.sections) w.paragraph(`• ${section}`);
  }
  for (const section of d.sections) {
    w.heading(section.title, 14);
    for (const b of section.blocks) {
      w.heading(b.heading, 11);
      for (const p of b.paragraphs) w.paragraph(p);
      if (b.table) {
        const n = b.table.headers.length;
        w.table(
          b.table.headers,
          b.table.rows,
          Array.from({ length: n }, () => 1 / n),
        );
      }
    }
  }
  return w.save(title);
}
