/**
 * The Verfahrensdokumentation as a document model, rendered to HTML and to PDF (pdf-lib).
 * Pure functions: the service gathers the facts, this file only lays them out.
 */
import { createHash } from 'node:crypto';
import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import { canonicalJson } from '../../audit/audit-hash.js';

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

/** WinAnsi is all the standard fonts encode: anything else becomes '?'. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
function pdfText(s: string): string {
  let out = '';
  const plain = s
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/→/g, '->')
    .replace(/≤/g, '<=')
    .replace(/≥/g, '>=');
  for (const ch of plain) {
    const c = ch.codePointAt(0)!;
    out += (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch) ? ch : '?';
  }
  return out;
}

const PAGE = { width: 595.28, height: 841.89, margin: 50 };

class PdfWriter {
  private page!: PDFPage;
  private y = 0;
  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.newPage();
  }

  private newPage(): void {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - PAGE.margin;
  }

  private wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    let line = '';
    for (const word of pdfText(text).split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width || !line) {
        line = next;
      } else {
        lines.push(line);
        line = word;
      }
      // A single word wider than the line is cut.
      while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut--;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    if (line) lines.push(line);
    return lines;
  }

  text(text: string, opts: { size?: number; bold?: boolean; indent?: number; gap?: number } = {}): void {
    const size = opts.size ?? 10;
    const font = opts.bold ? this.bold : this.font;
    const x = PAGE.margin + (opts.indent ?? 0);
    for (const line of this.wrap(text, font, size, PAGE.width - PAGE.margin - x)) {
      if (this.y - size < PAGE.margin) this.newPage();
      this.y -= size * 1.35;
      this.page.drawText(line, { x, y: this.y, size, font });
    }
    this.y -= opts.gap ?? 4;
  }
}

export async function renderPdf(d: ProcedureDocument): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(pdfText(`Verfahrensdokumentation ${d.tenantName} - Version ${d.version}`));
  doc.setCreationDate(d.createdAt);
  doc.setModificationDate(d.createdAt);
  doc.setProducer('einvoice-intake');
  doc.setCreator('einvoice-intake');
  const w = new PdfWriter(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
  );
  w.text(`Verfahrensdokumentation (GoBD Rz. 151–155): ${d.tenantName}`, { size: 16, bold: true, gap: 6 });
  w.text(`Version ${d.version}, erstellt ${d.createdAt.toISOString()} von ${d.createdBy}.`, { gap: 10 });
  if (d.changedSincePrevious) {
    const c = d.changedSincePrevious;
    w.text(`Änderungen gegenüber Version ${c.version}`, { size: 13, bold: true });
    if (c.sections.length === 0) w.text('Keine inhaltlichen Änderungen.');
    for (const s of c.sections) w.text(`• ${s}`, { indent: 10 });
    w.text('', { gap: 6 });
  }
  for (const s of d.sections) {
    w.text(s.title, { size: 14, bold: true, gap: 6 });
    for (const b of s.blocks) {
      w.text(b.heading, { size: 11, bold: true });
      for (const p of b.paragraphs) w.text(p);
      if (b.table) {
        w.text(b.table.headers.join(' | '), { bold: true, indent: 10, gap: 2 });
        for (const r of b.table.rows) w.text(r.join(' | '), { indent: 10, gap: 2 });
      }
      w.text('', { gap: 6 });
    }
  }
  return doc.save({ useObjectStreams: false });
}
