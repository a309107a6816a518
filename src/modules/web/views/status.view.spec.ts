import type { InvoiceEvent, InvoiceRecord } from '../../invoices/invoice.repository.js';
import { INVOICE_STATUSES } from '../../invoices/invoice-status.js';
import { statusMessagesFor } from '../i18n/status-messages.js';
import { statusView } from './status.view.js';

const at = new Date('2024-11-16T09:03:00Z');

function invoice(overrides: Partial<InvoiceRecord> = {}): InvoiceRecord {
  return {
    id: '7d0c5a9e-1111-4222-8333-944455556666',
    tenantId: 't',
    messageId: 'm',
    documentSha256: 'x',
    fileName: 'rechnung.xml',
    contentType: 'application/xml',
    status: 'awaiting_approval',
    statusToken: 'tok',
    container: 'xml',
    syntax: 'cii',
    customization: null,
    scenario: null,
    valid: true,
    report: null,
    number: 'RE-4711',
    issueDate: '2024-11-15',
    dueDate: null,
    currency: 'EUR',
    amountDue: '1234.5600',
    sellerName: 'Muster <GmbH>',
    sellerVatId: null,
    buyerReference: null,
    routingReceiverId: null,
    model: null,
    cashDiscounts: null,
    duplicateOf: null,
    suspectedDuplicateOf: null,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

const event = (
  to: InvoiceEvent['toStatus'],
  detail: Record<string, unknown> | null = null,
): InvoiceEvent => ({
  fromStatus: null,
  toStatus: to,
  at,
  actor: 'system',
  detail,
});

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('status page view', () => {
  it('words every lifecycle status in both languages, and those still to come', () => {
    for (const lang of ['de', 'en'] as const) {
      const s = statusMessagesFor(lang);
      for (const status of [...INVOICE_STATUSES, 'paid', 'awaiting_schemas'] as const) {
        const w = s.statuses[status];
        expect(w.label.length).toBeGreaterThan(2);
        expect(w.explanation.length).toBeGreaterThan(10);
      }
    }
    const later = plain(statusView('en', { invoice: invoice({ status: 'posted' }), history: [] }).value);
    expect(later).toContain('Passed on for payment');
  });

  it('shows the key data in the reader format, escaped', () => {
    const de = plain(statusView('de', { invoice: invoice(), history: [event('received')] }).value);
    expect(de).toContain(
      '<h2 id="status-heading" class="status-label">Angenommen – wartet auf Freigabe</h2>',
    );
    expect(de).toContain('15.11.2024');
    expect(de).toContain('1.234,56 €');
    expect(de).toContain('Muster &lt;GmbH&gt;');
    expect(de).toContain('<time datetime="2024-11-16T09:03:00.000Z">16.11.2024, 10:03 MEZ</time>');
    expect(de).toContain('Der Prüfbericht erscheint hier');
  });

  it('explains a routing rejection with the Leitweg-ID as written, escaped', () => {
    const html = statusView('de', {
      invoice: invoice({ status: 'rejected' }),
      history: [
        event('received'),
        event('rejected', {
          reason: 'routing',
          code: 'ROUTING-LEITWEG-ID-UNKNOWN',
          buyerReference: '<b>99</b>',
        }),
      ],
    }).value;
    expect(html).toContain('<h2 id="status-heading" class="status-label">Abgewiesen</h2>');
    expect(html).toContain(
      'Die Leitweg-ID „&lt;b&gt;99&lt;/b&gt;“ (Käuferreferenz, BT-10) gehört zu keiner Stelle',
    );
    expect(html).toContain('Bitte korrigieren Sie die Rechnung');
    const missing = statusView('en', {
      invoice: invoice({ status: 'rejected' }),
      history: [event('rejected', { reason: 'routing', code: 'ROUTING-LEITWEG-ID-MISSING' })],
    }).value;
    expect(missing).toContain('The invoice has no Leitweg-ID');
    const other = statusView('en', {
      invoice: invoice({ status: 'rejected' }),
      history: [event('rejected', { reason: 'internal', code: 'SOMETHING-NEW' })],
    }).value;
    expect(other).toContain('The invoice could not be accepted (reason: SOMETHING-NEW).');
  });

  it('names the earlier invoice of a duplicate, or says it is unknown', () => {
    const earlier = invoice({ number: 'RE-0001', issueDate: '2024-10-01' });
    const html = plain(
      statusView('en', { invoice: invoice({ status: 'duplicate' }), history: [], duplicateOf: earlier })
        .value,
    );
    expect(html).toContain(
      'It is a duplicate of invoice RE-0001 of Oct 1, 2024, received on Nov 16, 2024, 10:03 AM GMT+1.',
    );
    expect(statusView('de', { invoice: invoice({ status: 'duplicate' }), history: [] }).value).toContain(
      'Duplikat einer früher eingegangenen Rechnung',
    );
  });

  it('shows a return with its date and the reason as written, escaped, in the panel and the history', () => {
    const history = [
      event('received'),
      event('awaiting_approval'),
      event('returned', {
        reason: 'Leistung <nicht> erbracht.\nBitte Gutschrift.',
        step: 'sachlich',
        by: 'Erika Prüferin',
      }),
    ];
    const de = plain(statusView('de', { invoice: invoice({ status: 'returned' }), history }).value);
    expect(de).toContain('<h2 id="status-heading" class="status-label">An Sie zurückgegeben</h2>');
    expect(de).toContain('<p>Zurückgegeben am 16.11.2024, 10:03 MEZ.</p>');
    expect(de).toContain('<h3 class="reasons-title">Grund der Rückgabe</h3>');
    expect(de).toContain(
      '<p class="returned-reason">Leistung &lt;nicht&gt; erbracht.\nBitte Gutschrift.</p>',
    );
    expect(de).toContain(
      '<span class="timeline-event">Zurückgegeben</span> <span class="timeline-detail">Grund der Rückgabe: Leistung &lt;nicht&gt; erbracht.',
    );
    // Who decided stays inside the office: the supplier sees the office's decision.
    expect(de).not.toContain('Erika');
    const en = plain(statusView('en', { invoice: invoice({ status: 'returned' }), history }).value);
    expect(en).toContain('Returned on Nov 16, 2024, 10:03 AM GMT+1.');
    expect(en).toContain('Reason for the return: Leistung &lt;nicht&gt; erbracht.');
  });
});
