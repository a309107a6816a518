import { jest } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDocument, PDFName, PDFRawStream, StandardFonts } from 'pdf-lib';
import { encodable, invoicePdf } from './invoice-pdf.js';
import { invoiceDocument } from './views/invoice-document.js';
import { richInvoiceView } from './views/invoice-view.testing.js';

/** The text drawn on each page: pdf-lib writes WinAnsi hex strings (`<48616C6C6F> Tj`) into flate streams. */
async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const pdf = await PDFDocument.load(bytes);
  return pdf.getPages().map((page) => {
    const contents = page.node.get(PDFName.of('Contents'));
    const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
    return refs
      .map((ref) => {
        const stream = pdf.context.lookup(ref) as PDFRawStream;
        const raw = Buffer.from(stream.contents);
        const data = stream.dict.get(PDFName.of('Filter')) ? inflateSync(raw) : raw;
        return [...data.toString('latin1').matchAll(/<([0-9A-Fa-f]*)> Tj/g)]
          .map((m) => Buffer.from(m[1], 'hex').toString('latin1'))
          .join('\n');
      })
      .join('\n');
  });
}

describe('the invoice PDF', () => {
  jest.setTimeout(30_000);

  it('renders a rich invoice of 60 lines on several A4 pages with page numbers', async () => {
    const v = richInvoiceView(60);
    const bytes = await invoicePdf(
      invoiceDocument(v, 'de', `/invoices/${v.id}`),
      new Date('2026-03-04T08:00:00Z'),
    );
    // Left for people to look at (test-artifacts is not committed).
    const dir = join(process.cwd(), 'test-artifacts', 'invoice-pdf');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'invoice-60-lines-de.pdf'), bytes);
    const pdf = await PDFDocument.load(bytes);
    const pages = pdf.getPages();
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0].getSize()).toEqual({ width: 595.28, height: 841.89 });
    const texts = await pageTexts(bytes);
    texts.forEach((text, i) => expect(text).toContain(`Seite ${i + 1} von ${pages.length}`));
    const all = texts.join('\n');
    expect(all).toContain('Rechnung RE-2026-0815');
    // The hostile name is just text; umlauts and the euro sign survive (WinAnsi 0x80 is €).
    expect(all).toContain('<script>alert("x")</script> Lieferant & Söhne');
    expect(all).toContain('\x80');
    for (const line of v.data!.lines) expect(all).toContain(line.itemName!);
    expect(all).toContain('Bestellposition (BT-132): 10');
    // Characters outside WinAnsi are replaced, not fatal: Ł → L, ź → z, the rest → ? (0x96 is the en dash).
    expect(all).toContain('Grüße aus Lódz \x96 ? ? ??');
    // The lines table's header is repeated on the pages it continues on.
    const withHeader = texts.filter((t) => t.includes('Einzelpreis (netto)')).length;
    expect(withHeader).toBeGreaterThan(1);
  });

  it('speaks English', async () => {
    const v = richInvoiceView(3);
    const texts = await pageTexts(await invoicePdf(invoiceDocument(v, 'en', `/invoices/${v.id}`)));
    expect(texts[0]).toContain('Commercial invoice RE-2026-0815');
    expect(texts.at(-1)).toContain(`Page ${texts.length} of ${texts.length}`);
  });

  it('replaces what the standard font cannot encode', async () => {
    const pdf = await PDFDocument.create();
    const clean = encodable(await pdf.embedFont(StandardFonts.Helvetica));
    expect(clean('äöüß € Œ')).toBe('äöüß € Œ');
    expect(clean('Łódź 中 😀')).toBe('Lódz ? ?');
    expect(clean('A → B')).toBe('A -> B');
    expect(clean('a\u202fb')).toBe('a b');
  });
});
