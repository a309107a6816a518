import { composeSupplierAnswer } from './supplier-answer.js';

const base = { receivedAt: new Date('2026-11-21T09:30:00Z'), trackingId: 'EI-7F3K' };

describe('composeSupplierAnswer', () => {
  it('rejects with every finding in both languages, the requested one first', () => {
    const msg = composeSupplierAnswer({
      ...base,
      kind: 'rejection',
      lang: 'en',
      invoiceNumber: 'R-42',
      findings: [
        {
          id: 'BR-CO-10',
          bt: ['BT-106'],
          message: { de: 'Summe stimmt nicht', en: 'Sum does not match' },
          location: '/Invoice/cac:LegalMonetaryTotal',
        },
      ],
      reportHtml: '<html></html>',
    });
    expect(msg.subject).toBe('Your invoice was rejected R-42 / Ihre Rechnung wurde abgewiesen R-42');
    expect(msg.text.indexOf('Sum does not match')).toBeLessThan(msg.text.indexOf('Summe stimmt nicht'));
    expect(msg.text).toContain('[BR-CO-10] (BT-106) Summe stimmt nicht');
    // The time of receipt in each part's own format.
    expect(msg.text.replace(/[\u00a0\u202f]/g, ' ')).toContain('vom 21.11.2026, 10:30 MEZ');
    expect(msg.text.replace(/[\u00a0\u202f]/g, ' ')).toContain('of Nov 21, 2026, 10:30 AM GMT+1');
    expect(msg.text).toContain('Location: /Invoice/cac:LegalMonetaryTotal');
    expect(msg.attachments).toEqual([
      {
        filename: 'validation-report-EI-7F3K.html',
        content: '<html></html>',
        contentType: 'text/html; charset=utf-8',
      },
    ]);
    expect(msg.headers['Auto-Submitted']).toBe('auto-replied');
  });

  it('confirms receipt with the status link and explains a refusal by its code', () => {
    const receipt = composeSupplierAnswer({
      ...base,
      kind: 'receipt',
      lang: 'de',
      statusUrl: 'https://x.example/s/abc',
    });
    expect(receipt.subject.startsWith('Eingangsbestätigung')).toBe(true);
    expect(receipt.text).toContain('Status: https://x.example/s/abc');
    expect(receipt.attachments).toHaveLength(0);
    const refusal = composeSupplierAnswer({
      ...base,
      kind: 'refusal',
      lang: 'de',
      refusal: { code: 'MAIL-TOO-MANY-ATTACHMENTS', de: 'Zu viele Anhänge.', en: 'Too many attachments.' },
    });
    expect(refusal.text).toContain('Zu viele Anhänge. (MAIL-TOO-MANY-ATTACHMENTS)');
    expect(refusal.text).toContain('Too many attachments. (MAIL-TOO-MANY-ATTACHMENTS)');
  });
});
