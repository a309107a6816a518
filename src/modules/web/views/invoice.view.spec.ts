import { markup } from '../html.js';
import { groupIban, invoiceDocument } from './invoice-document.js';
import { HOSTILE_SELLER, richInvoiceView } from './invoice-view.testing.js';
import { invoiceView } from './invoice.view.js';

describe('the invoice page', () => {
  const v = richInvoiceView(60);

  it('escapes everything the invoice says: a hostile seller name is text, not markup', () => {
    const html = invoiceView(v, 'de').value;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Lieferant &amp; Söhne');
    expect(html).not.toContain('<b>fettem</b>');
    expect(html).toContain('Mit &lt;b&gt;fettem&lt;/b&gt; Text');
    expect(html).toContain('Stundenzettel &lt;März&gt;');
    expect(html).toContain('Rechnung &lt;RE-2026-0815&gt;');
    expect(HOSTILE_SELLER).toContain('<script>');
  });

  it('shows the header, code texts and every line in German formats', () => {
    const html = invoiceView(v, 'de').value;
    expect(html).toContain('<h1>Rechnung RE-2026-0815</h1>');
    expect(html).toContain('Rechnung (380)');
    expect(html).toContain('SEPA-Überweisung (58)');
    expect(html).toContain('Wartet auf Freigabe');
    expect(html).toContain('DE02 1203 0000 0000 2020 51');
    expect(html).toContain('<time datetime="2026-03-02">02.03.2026</time>');
    // Every line, with its unit in words.
    for (const line of v.data!.lines) expect(html).toContain(`>${line.itemName}<`);
    expect((html.match(/<tr><th scope="row" data-label="Pos\."/g) ?? []).length).toBe(60);
    expect(html).toContain('>Stück<');
    expect(html).toContain('Bestellposition (BT-132): 10');
    expect(html).toContain('Buchungsreferenz (BT-133): KST-0815');
    expect(html).toContain('Buchungsreferenz des Käufers (BT-19)');
    expect(html).toContain('4711.5300.01');
    expect(html).toContain('Nachlass – Rabatt: −5,00');
    // VAT breakdown and the Skonto offer.
    expect(html).toContain('Umsatzsteuer (Normal- oder ermäßigter Satz) (S)');
    expect(html).toContain('19 %');
    expect(html).toContain('<time datetime="2026-03-12">12.03.2026</time>');
    expect(html).toContain('604,66');
    // Downloads, attachments, history, check result.
    expect(html).toContain('href="/invoices/00000000-0000-4000-8000-000000000001/original"');
    expect(html).toContain('href="/invoices/00000000-0000-4000-8000-000000000001/pdf"');
    expect(html).toContain('href="/invoices/00000000-0000-4000-8000-000000000001/email"');
    expect(html).toContain('/attachments/00000000-0000-4000-8000-0000000000b1');
    expect(html).toContain('Leistungsnachweis &quot;März&quot;.pdf herunterladen');
    expect(html).toContain('Formal geprüft → Wartet auf Freigabe');
    expect(html).toContain('BR-DE-TEST');
    // Machine lines of the payment terms are shown as the computed offers, the rest as written.
    expect(html).not.toContain('#SKONTO#');
    expect(html).toContain('Zahlbar innerhalb von 30 Tagen ohne Abzug.');
  });

  it('speaks English with English formats', () => {
    const html = invoiceView(v, 'en').value;
    expect(html).toContain('<h1>Commercial invoice RE-2026-0815</h1>');
    expect(html).toContain('SEPA credit transfer (58)');
    expect(html).toContain('Awaiting approval');
    expect(html).toContain('<time datetime="2026-03-02">Mar 2, 2026</time>');
    expect(html).toContain('€604.66');
    expect(html).toContain('>piece<');
  });

  it('builds tables with captions and header scopes, one h1 and no skipped heading level', () => {
    const html = invoiceView(v, 'de').value;
    const tables = html.match(/<table/g)?.length ?? 0;
    expect(html.match(/<caption/g)?.length).toBe(tables);
    expect(html).toContain('<th scope="col"');
    const levels = [...html.matchAll(/<h([1-6])/g)].map((m) => Number(m[1]));
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    levels.forEach((l, i) => expect(l - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1));
    expect(html).not.toMatch(/style=|<script/);
  });

  it('takes the sections other parts add', () => {
    const html = invoiceView(v, 'de', {
      aside: markup`<p>Entscheidung</p>`,
      extraSections: markup`<section><h2>Kontierung</h2></section>`,
    }).value;
    expect(html).toContain('<aside class="invoice-aside"><p>Entscheidung</p></aside>');
    expect(html.indexOf('Kontierung')).toBeGreaterThan(html.indexOf('id="overview"'));
    expect(html.indexOf('Kontierung')).toBeLessThan(html.indexOf('id="parties"'));
  });

  it('renders an unreadable invoice with what is known', () => {
    const doc = invoiceDocument({ ...v, data: null, number: null, cashDiscounts: [] }, 'en', '/invoices/x');
    expect(doc.title).toBe('Invoice');
    expect(doc.sections.map((s) => s.id)).toEqual([
      'overview',
      'attachments',
      'original',
      'validation',
      'history',
    ]);
  });

  it('groups IBANs in fours and leaves other account ids alone', () => {
    expect(groupIban('DE02120300000000202051')).toBe('DE02 1203 0000 0000 2020 51');
    expect(groupIban('12345')).toBe('12345');
  });
});
