import type { VorgangDetail } from '../../records/query/records-query.types.js';
import { de } from '../i18n/de.js';
import { en } from '../i18n/en.js';
import { recordsMessagesFor } from '../i18n/records.messages.js';
import { formatSize, recordsHref, recordsSearchView, vorgangView } from './records.view.js';

const vorgang = (over: Partial<VorgangDetail> = {}): VorgangDetail => ({
  id: '11111111-1111-4111-8111-111111111111',
  aktenzeichen: '902.31-2026/001-00007',
  betreff: 'Rechnung RE-7',
  createdAt: new Date('2026-03-01T08:00:00Z'),
  filedAt: new Date('2026-03-01T08:05:00Z'),
  akte: { id: 'a', aktenzeichen: '902.31-2026/001', title: 'Bau', fiscalYear: 2026, aktenplanKey: '902.31' },
  invoice: {
    id: '22222222-2222-4222-8222-222222222222',
    number: 'RE-7',
    issueDate: '2026-02-27',
    currency: 'EUR',
    amount: '1190.0000',
    sellerName: '<script>alert(1)</script> Bau & Söhne',
    sellerVatId: 'DE111111111',
    status: 'filed',
  },
  documents: [
    {
      id: '33333333-3333-4333-8333-333333333333',
      vorgangId: 'v',
      position: 1,
      kind: 'invoice-original',
      name: 'RE-7.xml',
      mediaType: 'application/xml',
      sha256: 'ab'.repeat(32),
      size: 2048,
      retentionClass: 'buchungsbeleg-8',
      retainUntil: '2034-12-31',
      filedAt: new Date('2026-03-01T08:05:00Z'),
    },
    {
      id: '44444444-4444-4444-8444-444444444444',
      vorgangId: 'v',
      position: 2,
      kind: 'attachment',
      name: 'plaene.zip',
      mediaType: 'application/zip',
      sha256: 'cd'.repeat(32),
      size: 5 * 1024 * 1024,
      retentionClass: 'buchungsbeleg-8',
      retainUntil: '2034-12-31',
      filedAt: new Date('2026-03-01T08:05:00Z'),
    },
  ],
  ...over,
});

describe('records views', () => {
  it('shows a Vorgang with its documents: kinds in words, hostile text as text, view only where it is safe', () => {
    const html = vorgangView(de, recordsMessagesFor('de'), vorgang()).value;
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Bau &amp; Söhne');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Rechnung (Original, wie empfangen)');
    expect(html).toContain('Anlage zur Rechnung');
    expect(html).toContain(`href="/records/documents/33333333-3333-4333-8333-333333333333"`);
    expect(html).not.toContain(`href="/records/documents/44444444-4444-4444-8444-444444444444"`);
    expect(html).toContain(`href="/records/documents/44444444-4444-4444-8444-444444444444/download"`);
    expect(html).toContain('abababababab…');
    expect(html).toContain('href="/records/11111111-1111-4111-8111-111111111111/zip"');
    expect(vorgangView(en, recordsMessagesFor('en'), vorgang()).value).toContain(
      'Invoice (original, as received)',
    );
  });

  it('offers no ZIP while the Vorgang is being filed', () => {
    const html = vorgangView(de, recordsMessagesFor('de'), vorgang({ filedAt: null, documents: [] })).value;
    expect(html).not.toContain('/zip"');
    expect(html).toContain('Die Dokumente werden gerade abgelegt.');
  });

  it('names the fields it could not read, next to them and in a summary', () => {
    const html = recordsSearchView(de, recordsMessagesFor('de'), {
      values: { amountFrom: 'viel' },
      invalid: ['amountFrom'],
      result: null,
      page: 1,
      limit: 25,
    }).value;
    expect(html).toContain('role="alert"');
    expect(html).toContain('<a href="#r-amountFrom">');
    expect(html).toMatch(/id="r-amountFrom"[^>]*aria-invalid="true"/);
    expect(html).toContain('value="viel"');
  });

  it('keeps the criteria in the page links', () => {
    expect(recordsHref({ number: 'RE 7', page: '3' }, 2)).toBe('/records?number=RE+7&page=2');
    expect(recordsHref({}, 1)).toBe('/records');
  });

  it('writes sizes for people', () => {
    expect(formatSize(812, 'de')).toBe('812 Bytes');
    expect(formatSize(12_595, 'de')).toBe('12,3 KB');
    expect(formatSize(5 * 1024 * 1024, 'en')).toBe('5 MB');
  });
});
