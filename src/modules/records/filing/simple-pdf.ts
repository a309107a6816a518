/**
 * A small A4 text writer on pdf-lib for the record's own documents (Laufzettel, Anordnung):
 * headings, label/value lines and plain tables, page breaks and "Seite x von y". Text the
 * standard fonts cannot encode is replaced (see `encodable`), never a failure.
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { encodable } from '../../web/invoice-pdf.js';

const A4: [number, number] = [595.28, 841.89];
const LEFT = 48;
const RIGHT = 48;
const TOP = 52;
const BOTTOM = 56;
const WIDTH = A4[0] - LEFT - RIGHT;
const TEXT = rgb(0.1, 0.1, 0.1);
const MUTED = rgb(0.35, 0.35, 0.35);
const RULE = rgb(0.72, 0.72, 0.72);

export class SimplePdf {
  private page!: PDFPage;
  private y = 0;
  private readonly pages: PDFPage[] = [];
  private clean!: (s: string) => string;
  private regular!: PDFFont;
  private bold!: PDFFont;

  private constructor(private readonly pdf: PDFDocument) {}

  /** `at` is written as creation date: the same input gives the same bytes. */
  static async create(title: string, at: Date): Promise<SimplePdf> {
    const pdf = await PDFDocument.create();
    pdf.setTitle(title);
    pdf.setLanguage('de-DE');
    pdf.setCreator('einvoice-intake');
    pdf.setProducer('einvoice-intake');
    pdf.setCreationDate(at);
    pdf.setModificationDate(at);
    const w = new SimplePdf(pdf);
    w.regular = await pdf.embedFont(StandardFonts.Helvetica);
    w.bold = await pdf.embedFont(StandardFonts.HelveticaBold);
    w.clean = encodable(w.regular);
    w.newPage();
    return w;
  }

  private newPage(): void {
    this.page = this.pdf.addPage(A4);
    this.pages.push(this.page);
    this.y = A4[1] - TOP;
  }

  private room(h: number): void {
    if (this.y - h < BOTTOM) this.newPage();
  }

  /** Splits text into lines that fit `width` at `size`. */
  private wrap(text: string, width: number, size: number, font: PDFFont): string[] {
    const out: string[] = [];
    for (const para of this.clean(text).split('\n')) {
      let line = '';
      for (const word of para.split(' ')) {
        const next = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(next, size) <= width) {
          line = next;
          continue;
        }
        if (line) out.push(line);
        // A single word longer than the width is cut into pieces.
        let w = word;
        while (font.widthOfTextAtSize(w, size) > width && w.length > 1) {
          let n = w.length;
          while (n > 1 && font.widthOfTextAtSize(w.slice(0, n), size) > width) n--;
          out.push(w.slice(0, n));
          w = w.slice(n);
        }
        line = w;
      }
      out.push(line);
    }
    return out;
  }

  heading(text: string, size = 13): void {
    this.room(size + 14);
    this.y -= size + 6;
    for (const l of this.wrap(text, WIDTH, size, this.bold)) {
      this.page.drawText(l, { x: LEFT, y: this.y, size, font: this.bold, color: TEXT });
      this.y -= size + 3;
    }
    this.y -= 4;
  }

  paragraph(text: string, size = 10, muted = false): void {
    for (const l of this.wrap(text, WIDTH, size, this.regular)) {
      this.room(size + 4);
      this.page.drawText(l, { x: LEFT, y: this.y, size, font: this.regular, color: muted ? MUTED : TEXT });
      this.y -= size + 4;
    }
  }

  /** Label/value pairs, the labels in a column of their own. */
  fields(pairs: ReadonlyArray<readonly [string, string]>, size = 10): void {
    const labelWidth = 170;
    for (const [label, value] of pairs) {
      const values = this.wrap(value || '–', WIDTH - labelWidth, size, this.regular);
      const labels = this.wrap(label, labelWidth - 8, size, this.bold);
      const n = Math.max(values.length, labels.length);
      this.room(n * (size + 4));
      for (let i = 0; i < n; i++) {
        if (labels[i])
          this.page.drawText(labels[i], { x: LEFT, y: this.y, size, font: this.bold, color: TEXT });
        if (values[i])
          this.page.drawText(values[i], {
            x: LEFT + labelWidth,
            y: this.y,
            size,
            font: this.regular,
            color: TEXT,
          });
        this.y -= size + 4;
      }
    }
    this.y -= 4;
  }

  /** A table; `widths` are fractions of the page width. The header repeats on a new page. */
  table(
    header: readonly string[],
    rows: ReadonlyArray<readonly string[]>,
    widths: readonly number[],
    size = 8.5,
  ): void {
    const cols = widths.map((f) => f * WIDTH);
    const measure = (cells: readonly string[], font: PDFFont) => {
      const lines = cells.map((c, i) => this.wrap(c || '–', cols[i] - 6, size, font));
      return { lines, font, h: Math.max(...lines.map((l) => l.length)) * (size + 3) + 4 };
    };
    const draw = (row: ReturnType<typeof measure>) => {
      let x = LEFT;
      row.lines.forEach((lines, i) => {
        lines.forEach((l, j) =>
          this.page.drawText(l, { x, y: this.y - j * (size + 3), size, font: row.font, color: TEXT }),
        );
        x += cols[i];
      });
      this.y -= row.h;
      this.page.drawLine({
        start: { x: LEFT, y: this.y + size - 1 },
        end: { x: LEFT + WIDTH, y: this.y + size - 1 },
        thickness: 0.4,
        color: RULE,
      });
    };
    const head = measure(header, this.bold);
    const body = rows.map((r) => measure(r, this.regular));
    // The header never stands alone at the foot of a page.
    this.room(head.h + (body[0]?.h ?? 0));
    draw(head);
    for (const row of body) {
      if (this.y - row.h < BOTTOM) {
        this.newPage();
        draw(head);
      }
      draw(row);
    }
    this.y -= 6;
  }

  async save(footer: string): Promise<Uint8Array> {
    const total = this.pages.length;
    this.pages.forEach((p, i) => {
      const text = this.clean(`${footer}   ·   Seite ${i + 1} von ${total}`);
      p.drawText(text, { x: LEFT, y: BOTTOM - 26, size: 7.5, font: this.regular, color: MUTED });
    });
    return this.pdf.save({ useObjectStreams: false });
  }
}

/** 1234.5 → "1.234,50 EUR". */
export function euro(amount: string | null | undefined, currency = 'EUR'): string {
  if (amount === null || amount === undefined || !/^-?\d+(\.\d+)?$/.test(amount)) return '–';
  const [int, frac = ''] = amount.replace('-', '').split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${amount.startsWith('-') ? '-' : ''}${grouped},${(frac + '00').slice(0, 2)} ${currency}`;
}

/** An instant in German local time, "03.02.2026 14:05". */
export function deTime(at: Date | string | null | undefined): string {
  if (!at) return '–';
  const d = at instanceof Date ? at : new Date(at);
  return d.toLocaleString('de-DE', {
    timeZone: 'Europe/Berlin',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** An ISO date "2026-02-03" → "03.02.2026". */
export function deDate(iso: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  return m ? `${m[3]}.${m[2]}.${m[1]}` : '–';
}
