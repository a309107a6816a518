import { composeReturnNotice, type ReturnNoticeInput } from './return-answer.js';

const base: ReturnNoticeInput = {
  lang: 'de',
  invoiceNumber: 'RE-2026-7',
  issueDate: '2026-11-15',
  amountDue: '1234.5000',
  currency: 'EUR',
  reason: 'Leistung nicht erbracht.\r\nBitte Gutschrift senden.',
  office: 'Stadt Musterhausen',
  returnedAt: new Date('2026-11-21T09:30:00Z'),
  trackingId: 'a1b2',
  statusUrl: 'https://rechnung.example/status/tok',
  inReplyTo: '<m1@lieferant.example>',
};

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('return notice', () => {
  it('tells invoice, date, amount, office, the reason verbatim and the status link, German first', () => {
    const m = composeReturnNotice(base);
    expect(m.subject).toBe('Rechnung zurückgewiesen RE-2026-7 / Invoice returned RE-2026-7');
    const text = plain(m.text);
    expect(text.indexOf('Guten Tag')).toBeLessThan(text.indexOf('Hello'));
    expect(text).toContain(
      'Stadt Musterhausen hat Ihre Rechnung RE-2026-7 am 21.11.2026, 10:30 MEZ bei der Prüfung an Sie zurückgewiesen.',
    );
    expect(text).toContain('Rechnungsdatum: 15.11.2026');
    expect(text).toContain('Zahlbetrag: 1.234,50 €');
    expect(text).toContain('Amount due: €1,234.50');
    expect(text).toContain('    Leistung nicht erbracht.\n    Bitte Gutschrift senden.');
    expect(text).toContain('Status: https://rechnung.example/status/tok');
    expect(m.inReplyTo).toBe('<m1@lieferant.example>');
    expect(m.headers['Auto-Submitted']).toBe('auto-replied');
  });

  it('English first when the supplier wrote in English', () => {
    const m = composeReturnNotice({ ...base, lang: 'en' });
    expect(m.subject).toBe('Invoice returned RE-2026-7 / Rechnung zurückgewiesen RE-2026-7');
    expect(m.text.indexOf('Hello')).toBeLessThan(m.text.indexOf('Guten Tag'));
  });

  it('keeps a hostile reason and invoice number plain: no header break, no control characters', () => {
    const m = composeReturnNotice({
      ...base,
      invoiceNumber: 'X\r\nBcc: victim@example.org',
      reason: '<script>alert(1)</script>\u0000\u001b[31m',
    });
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.subject).toContain('X Bcc: victim@example.org');
    expect(m.text).toContain('    <script>alert(1)</script>[31m');
    expect(m.text).not.toMatch(/[\u0000\u001b]/);
  });
});
