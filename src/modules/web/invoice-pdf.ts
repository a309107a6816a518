/**
 * The invoice page as a PDF (A4), drawn with pdf-lib from the same document the page is
 * rendered from: every section, every line, tables that break across pages with their
 * header repeated, and "Seite x von y" on each page. The standard Helvetica fonts speak
 * WinAnsi (ä ö ü ß € and the rest of Western European text); any other character is
 * replaced (by its base letter where it has one, else "?") instead of failing.
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { formatDateTime } from '../validation/index.js';
import { invoiceMessagesFor } from './i18n/invoice.messages.js';
import type { Block, Cell, Column, InvoiceDocument } from './views/invoice-document.js';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = { left: 48, right: 48, top: 52, bottom: 56 };
const WIDTH = A4[0] - MARGIN.left - MARGIN.right;
const TEXT = rgb(0.1, 0.1, 0.1);
const MUTED = rgb(0.3, 0.3, 0.3);
const BRAND = rgb(0.04, 0.31, 0.54);
const RULE = rgb(0.72, 0.72, 0.72);
const HEAD_BG = rgb(0.93, 0.95, 0.97);

/** Letters without a decomposition, and signs, that have a plain WinAnsi stand-in. */
const STAND_INS: Readonly<Record<string, string>> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  '→': '->',
  '←': '<-',
  '≤': '<=',
  '≥': '>=',
  '−': '-',
};

/** Replaces what the font cannot encode: a letter by its base letter or a stand-in, anything else by "?". */
export function encodable(font: PDFFont): (s: string) => string {
  const set = new Set(font.getCharacterSet());
  const spaces = /[\u00a0\u2000-\u200b\u202f\u205f\u3000]/g;
  return (s) => {
    let out = '';
    for (const ch of s
      .normalize('NFC')
      .replace(spaces, (sp) => (sp === '\u00a0' ? sp : ' '))
      .replace(/[\r\t]/g, ' ')) {
      const cp = ch.codePointAt(0)!;
      if (set.has(cp)) {
        out += ch;
        continue;
      }
      const base = STAND_INS[ch] ?? ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += base && [...base].every((b) => set.has(b.codePointAt(0)!)) ? base : '?';
    }
    return out;
  };
}

interface Fonts {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
}

class Writer {
  private page!: PDFPage;
  private y = 0;
  readonly pages: PDFPage[] = [];
  private readonly clean: (s: string) => string;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly fonts: Fonts,
  ) {
    this.clean = encodable(fonts.regular);
    this.newPage();
  }

  newPage(): void {
    this.page = this.pdf.addPage(A4);
    this.pages.push(this.page);
    this.y = A4[1] - MARGIN.top;
  }

  /** Starts a new page unless `height` still fits. */
  ensure(height: number): boolean {
    if (this.y - height >= MARGIN.bottom) return false;
    this.newPage();
    return true;
  }

  width(text: string, size: number, font = this.fonts.regular): number {
    return font.widthOfTextAtSize(this.clean(text), size);
  }

  /** Text broken into lines of at most `width` points; words longer than a line are cut. */
  wrap(text: string, size: number, width: number, font = this.fonts.regular): string[] {
    const out: string[] = [];
    for (const para of this.clean(text).split('\n')) {
      let line = '';
      for (const word of para.split(/ +/)) {
        const candidate = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(candidate, size) <= width) {
          line = candidate;
          continue;
        }
        if (line) out.push(line);
        line = '';
        let rest = word;
        while (font.widthOfTextAtSize(rest, size) > width) {
          let n = rest.length - 1;
          while (n > 1 && font.widthOfTextAtSize(rest.slice(0, n), size) > width) n--;
          out.push(rest.slice(0, n));
          rest = rest.slice(n);
        }
        line = rest;
      }
      out.push(line);
    }
    return out;
  }

  draw(text: string, x: number, y: number, size: number, font = this.fonts.regular, color = TEXT): void {
    this.page.drawText(this.clean(text), { x, y, size, font, color });
  }

  heading(text: string, size: number): void {
    // A heading is kept with at least a few lines of what follows it.
    this.ensure(size + 48);
    this.y -= size * 0.4;
    this.draw(text, MARGIN.left, this.y - size, size, this.fonts.bold, BRAND);
    this.y -= size + 4;
    if (size >= 12) {
      this.page.drawLine({
        start: { x: MARGIN.left, y: this.y },
        end: { x: MARGIN.left + WIDTH, y: this.y },
        thickness: 0.8,
        color: BRAND,
      });
      this.y -= 6;
    }
  }

  paragraph(text: string, size = 9.5, font = this.fonts.regular, color = TEXT): void {
    const lead = size * 1.3;
    for (const line of this.wrap(text, size, WIDTH, font)) {
      this.ensure(lead);
      this.draw(line, MARGIN.left, this.y - size, size, font, color);
      this.y -= lead;
    }
    this.y -= 4;
  }

  private cellLines(c: Cell, size: number, width: number): { text: string; muted: boolean }[] {
    return [
      ...this.wrap(c.text, size, width).map((text) => ({ text, muted: false })),
      ...(c.lines ?? []).flatMap((l) =>
        this.wrap(l, size - 0.5, width).map((text) => ({ text, muted: true })),
      ),
    ];
  }

  facts(rows: readonly (readonly [string, Cell])[], title?: string): void {
    if (title) this.heading(title, 10.5);
    const size = 9;
    const lead = size * 1.3;
    const labelWidth = WIDTH * 0.36;
    const valueWidth = WIDTH - labelWidth - 8;
    for (const [label, value] of rows) {
      const labels = this.wrap(label, size, labelWidth, this.fonts.bold);
      const values = this.cellLines(value, size, valueWidth);
      const n = Math.max(labels.length, values.length);
      this.ensure(n * lead + 4);
      for (let i = 0; i < n; i++) {
        const y = this.y - size - i * lead;
        if (labels[i]) this.draw(labels[i], MARGIN.left, y, size, this.fonts.bold);
        const v = values[i];
        if (v)
          this.draw(
            v.text,
            MARGIN.left + labelWidth + 8,
            y,
            v.muted ? size - 0.5 : size,
            this.fonts.regular,
            v.muted ? MUTED : TEXT,
          );
      }
      this.y -= n * lead + 3;
      this.page.drawLine({
        start: { x: MARGIN.left, y: this.y + 1 },
        end: { x: MARGIN.left + WIDTH, y: this.y + 1 },
        thickness: 0.3,
        color: RULE,
      });
      this.y -= 2;
    }
    this.y -= 6;
  }

  /** Column widths: each column's natural width (capped), scaled to the page. */
  private widths(columns: readonly Column[], rows: readonly (readonly Cell[])[], size: number): number[] {
    const natural = columns.map((col, i) => {
      const cells = rows.map((r) => r[i]).filter((x): x is Cell => !!x);
      const longest = Math.max(
        this.width(col.label, size, this.fonts.bold),
        ...cells.map((cl) =>
          Math.max(this.width(cl.text, size), ...(cl.lines ?? []).map((l) => this.width(l, size))),
        ),
      );
      return Math.min(Math.max(longest, 24) + 8, 220);
    });
    const sum = natural.reduce((a, b) => a + b, 0);
    return natural.map((w) => (w / sum) * WIDTH);
  }

  table(caption: string, columns: readonly Column[], rows: readonly (readonly Cell[])[]): void {
    const size = 8.5;
    const lead = size * 1.3;
    const pad = 3;
    const widths = this.widths(columns, rows, size);
    const xs = widths.map((_, i) => MARGIN.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const headLines = columns.map((col, i) =>
      this.wrap(col.label, size, widths[i] - 2 * pad, this.fonts.bold),
    );
    const headHeight = Math.max(...headLines.map((l) => l.length)) * lead + 2 * pad;
    const drawHead = () => {
      this.page.drawRectangle({
        x: MARGIN.left,
        y: this.y - headHeight,
        width: WIDTH,
        height: headHeight,
        color: HEAD_BG,
      });
      columns.forEach((col, i) =>
        headLines[i].forEach((line, j) => {
          const x = col.numeric
            ? xs[i] + widths[i] - pad - this.width(line, size, this.fonts.bold)
            : xs[i] + pad;
          this.draw(line, x, this.y - pad - size - j * lead, size, this.fonts.bold);
        }),
      );
      this.y -= headHeight;
    };
    this.ensure(14 + headHeight + 2 * lead);
    this.draw(caption, MARGIN.left, this.y - 9.5, 9.5, this.fonts.bold);
    this.y -= 16;
    drawHead();
    const maxLines = Math.floor((A4[1] - MARGIN.top - MARGIN.bottom - headHeight - 2 * pad) / lead);
    for (const row of rows) {
      const cells = columns.map((_, i) =>
        this.cellLines(row[i] ?? { text: '' }, size, widths[i] - 2 * pad).slice(0, maxLines),
      );
      const height = Math.max(...cells.map((l) => l.length)) * lead + 2 * pad;
      if (this.ensure(height)) drawHead();
      cells.forEach((lines, i) =>
        lines.forEach((l, j) => {
          const s = l.muted ? size - 0.5 : size;
          const x = columns[i].numeric ? xs[i] + widths[i] - pad - this.width(l.text, s) : xs[i] + pad;
          this.draw(l.text, x, this.y - pad - size - j * lead, s, this.fonts.regular, l.muted ? MUTED : TEXT);
        }),
      );
      this.y -= height;
      this.page.drawLine({
        start: { x: MARGIN.left, y: this.y },
        end: { x: MARGIN.left + WIDTH, y: this.y },
        thickness: 0.3,
        color: RULE,
      });
    }
    this.y -= 10;
  }

  block(b: Block): void {
    switch (b.kind) {
      case 'facts':
        return this.facts(b.rows, b.title);
      case 'paragraph':
        return this.paragraph(
          b.text,
          9.5,
          b.tone === 'problem' ? this.fonts.bold : this.fonts.regular,
          b.tone === 'note' ? MUTED : TEXT,
        );
      case 'table':
        return this.table(b.caption, b.columns, b.rows);
      case 'links':
        // Downloads are the page's; the PDF is one of them.
        return;
    }
  }

  footer(left: string, right: (n: number, of: number) => string): void {
    const size = 8;
    this.pages.forEach((page, i) => {
      const text = this.clean(right(i + 1, this.pages.length));
      page.drawLine({
        start: { x: MARGIN.left, y: MARGIN.bottom - 14 },
        end: { x: MARGIN.left + WIDTH, y: MARGIN.bottom - 14 },
        thickness: 0.5,
        color: RULE,
      });
      page.drawText(this.clean(left), {
        x: MARGIN.left,
        y: MARGIN.bottom - 26,
        size,
        font: this.fonts.regular,
        color: MUTED,
      });
      page.drawText(text, {
        x: MARGIN.left + WIDTH - this.fonts.regular.widthOfTextAtSize(text, size),
        y: MARGIN.bottom - 26,
        size,
        font: this.fonts.regular,
        color: MUTED,
      });
    });
  }
}

/** The PDF of the invoice document (the same sections as the page). */
export async function invoicePdf(doc: InvoiceDocument, generatedAt: Date = new Date()): Promise<Uint8Array> {
  const t = invoiceMessagesFor(doc.lang);
  const pdf = await PDFDocument.create();
  pdf.setTitle(doc.title);
  pdf.setLanguage(doc.lang === 'de' ? 'de-DE' : 'en-US');
  pdf.setCreator('einvoice-intake');
  pdf.setProducer('einvoice-intake');
  pdf.setCreationDate(generatedAt);
  pdf.setModificationDate(generatedAt);
  const fonts = {
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
  };
  const w = new Writer(pdf, fonts);
  w.heading(doc.title, 17);
  w.paragraph(doc.seller ?? '–', 11, fonts.bold);
  w.paragraph(`${doc.amountDue ?? '–'}  ·  ${doc.status}`, 11);
  for (const section of doc.sections) {
    w.heading(section.title, 13);
    for (const b of section.blocks) w.block(b);
  }
  w.footer(`${t.pdf.rendition} ${t.pdf.generated(formatDateTime(generatedAt, doc.lang))}`, t.pdf.page);
  return pdf.save();
}
