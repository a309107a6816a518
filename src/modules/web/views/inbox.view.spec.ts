import type { InboxPage, InboxRow } from '../../approval/approval.repository.js';
import { approvalMessagesFor } from '../i18n/approval.messages.js';
import { messagesFor } from '../i18n/messages.js';
import { inboxHref, inboxView, type InboxViewInput } from './inbox.view.js';

const de = messagesFor('de');
const en = messagesFor('en');

function row(over: Partial<InboxRow> = {}): InboxRow {
  return {
    taskId: 't1',
    invoiceId: '11111111-1111-4111-8111-111111111111',
    stepKey: 'sachlich',
    stepKind: 'sachlich',
    label: { de: 'Sachlich richtig', en: 'Factually correct' },
    state: 'open',
    heldQuestion: null,
    number: 'RE-1',
    sellerName: 'Lieferant GmbH',
    issueDate: '2026-11-30',
    receivedAt: new Date('2026-12-01T10:00:00Z'),
    amount: '1190.00',
    currency: 'EUR',
    skontoDeadline: '2026-12-10',
    skontoAmount: '23.80',
    dueDeadline: '2026-12-30',
    openedAt: null,
    ...over,
  };
}

function input(rows: InboxRow[], over: Partial<InboxViewInput> = {}): InboxViewInput {
  const result: InboxPage = {
    rows,
    total: rows.length,
    countsByStep: rows.length ? { sachlich: rows.length, anordnung: 2 } : {},
    skontoAtRisk: '1234.56',
    atRiskCount: 1,
  };
  return {
    result,
    filter: { limit: 25, offset: 0 },
    query: {},
    stepLabels: { sachlich: 'Sachlich richtig', anordnung: 'Anordnung' },
    csrfToken: 'tok',
    today: '2026-12-07',
    invoiceHref: (id) => `/invoices/${id}`,
    ...over,
  };
}

describe('inbox view', () => {
  it('keeps the empty state when nothing waits', () => {
    const html = inboxView(de, approvalMessagesFor('de'), input([])).value;
    expect(html).toContain('Keine Rechnungen in Ihrem Posteingang');
    expect(html).not.toContain('<table');
  });

  it('lists tasks with counts per step, the Skonto at risk in euros, and each row linked', () => {
    const html = inboxView(de, approvalMessagesFor('de'), input([row()])).value;
    expect(html).toContain('<strong>3 offene Aufgaben</strong>');
    expect(html).toMatch(/Sachlich richtig<\/a> 1 · <a href="\/inbox\?step=anordnung">Anordnung<\/a> 2/);
    expect(html).toContain('Skonto in Gefahr: 1.234,56\u00a0€');
    expect(html).toContain('<a href="/invoices/11111111-1111-4111-8111-111111111111">RE-1</a>');
    expect(html).toContain('<span class="badge badge-risk">Skonto in Gefahr</span>');
    expect(html).toContain('name="invoiceIds" value="11111111-1111-4111-8111-111111111111"');
    expect(html).toContain('aria-label="Rechnung RE-1 auswählen"');
    expect(html).toContain('name="_csrf" value="tok"');
    expect(html).not.toMatch(/<script|style=/);
  });

  it('escapes hostile supplier names, numbers and questions', () => {
    const html = inboxView(
      de,
      approvalMessagesFor('de'),
      input([
        row({
          sellerName: '<img src=x onerror=alert(1)>',
          number: '"><script>x</script>',
          state: 'held',
          heldQuestion: '<b>Lieferschein?</b>',
        }),
      ]),
    ).value;
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>x');
    expect(html).not.toContain('<b>Lieferschein');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Rückfrage: &lt;b&gt;Lieferschein?&lt;/b&gt;');
    expect(html).toContain('<span class="badge badge-held">Zurückgestellt</span>');
  });

  it('marks the sorted column with aria-sort and offers the other direction', () => {
    const asc = inboxView(de, approvalMessagesFor('de'), input([row()])).value;
    expect(asc).toMatch(
      /<th scope="col" aria-sort="ascending"><a class="sort-link" href="\/inbox\?sort=skonto&amp;direction=desc"/,
    );
    expect(asc).not.toMatch(/aria-sort="[a-z]+"[^>]*><a[^>]*sort=amount/);
    const desc = inboxView(
      de,
      approvalMessagesFor('de'),
      input([row()], { query: { sort: 'amount', direction: 'desc', q: 'RE' } }),
    ).value;
    expect(desc).toMatch(
      /<th scope="col" aria-sort="descending" class="num"><a class="sort-link" href="\/inbox\?sort=amount&amp;direction=asc&amp;q=RE"/,
    );
    expect(desc).toContain('1 Aufgabe passt zu Ihrer Suche.');
    expect(desc).toContain('value="RE"');
  });

  it('pages: "Seite 2 von 3" with links that keep the filter', () => {
    const i = input([row()], { query: { step: 'sachlich', page: 2 } });
    const html = inboxView(de, approvalMessagesFor('de'), {
      ...i,
      result: { ...i.result, total: 60 },
    }).value;
    expect(html).toContain('<li aria-current="page">Seite 2 von 3</li>');
    expect(html).toContain('href="/inbox?step=sachlich" rel="prev"');
    expect(html).toContain('href="/inbox?step=sachlich&amp;page=3" rel="next"');
    expect(html).toContain('Ausgewählte freigeben (Schritt Sachlich richtig)');
    expect(html).toContain('<input type="hidden" name="stepKey" value="sachlich">');
  });

  it('shows the refused invoices of a bulk approval with the rule, escaped', () => {
    const html = inboxView(de, approvalMessagesFor('de'), {
      ...input([row()]),
      bulk: {
        approved: 2,
        refused: [
          { invoiceId: 'x', number: 'RE-<9>', message: 'Der Rechnungsbetrag übersteigt Ihre Befugnis.' },
        ],
      },
    }).value;
    expect(html).toContain('2 Rechnungen wurden freigegeben.');
    expect(html).toContain('1 Rechnung wurde nicht freigegeben');
    expect(html).toContain('<strong>RE-&lt;9&gt;</strong>: Der Rechnungsbetrag übersteigt Ihre Befugnis.');
    expect(html).toMatch(/class="error-summary"[^>]*role="alert"/);
  });

  it('speaks English', () => {
    const html = inboxView(en, approvalMessagesFor('en'), input([row()])).value;
    expect(html).toContain('Cash discount at risk: €1,234.56');
    expect(html).toContain('<time datetime="2026-12-10">Dec 10, 2026</time>');
    expect(html).toContain('Discount at risk');
  });

  it('builds links without empty parameters or page 1', () => {
    expect(inboxHref({})).toBe('/inbox');
    expect(inboxHref({ q: '', page: 1, step: 'a b' })).toBe('/inbox?step=a+b');
  });
});
