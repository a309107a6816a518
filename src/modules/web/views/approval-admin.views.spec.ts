import { presetById } from '../../approval/policy/presets.js';
import { approvalAdminMessagesFor } from '../i18n/approval-admin.messages.js';
import { messagesFor } from '../i18n/messages.js';
import { formOf } from '../policy-form.js';
import { groupsView } from './groups.view.js';
import { limitsCsv, limitsView, type LimitPerson } from './limits.view.js';
import { dryRunView, policiesView, policyView, type PolicyPage } from './policies.view.js';
import { substitutesView } from './substitutes.view.js';

const de = messagesFor('de');
const en = messagesFor('en');
const ade = approvalAdminMessagesFor('de');
const aen = approvalAdminMessagesFor('en');
/** Intl puts no-break spaces between amount and currency. */
const NBSP = /[\u00a0\u202f]/g;
const EVIL = '<script>alert("x")</script>';

const thueringen = presetById('kommune-thueringen')!.definition;

function draftPage(over: Partial<PolicyPage> = {}): PolicyPage {
  return {
    policy: { id: '00000000-0000-4000-8000-000000000001', version: 2, state: 'draft', name: 'Entwurf' },
    form: formOf('Entwurf', thueringen),
    extras: new Map(),
    people: [{ email: 'ute@stadt.example', name: `Ute ${EVIL}` }],
    groups: [`Amt ${EVIL}`],
    canEdit: true,
    problems: [],
    unsaved: false,
    dryRunDays: 30,
    json: JSON.stringify({ evil: EVIL }),
    ...over,
  };
}

const people: LimitPerson[] = [
  {
    id: 'a',
    name: 'Karl Klein',
    email: 'karl@stadt.example',
    roles: ['approver'],
    limits: {
      anordnung: { maxAmount: '5000.00', updatedAt: new Date('2026-03-02T09:00:00Z') },
      feststellung: { maxAmount: null, updatedAt: new Date('2026-03-01T23:30:00Z') },
    },
  },
  {
    id: 'b',
    name: '=HYPERLINK("http://evil.example";"x")',
    email: 'evil;"@stadt.example',
    roles: ['treasury'],
    limits: { anordnung: { maxAmount: null, updatedAt: new Date('2026-03-02T09:00:00Z') } },
  },
  { id: 'c', name: 'Ute Ober', email: 'ute@stadt.example', roles: ['approver'], limits: {} },
];

describe('approval administration views', () => {
  it('lists policy versions with German states and offers the four presets with their descriptions', () => {
    const html = policiesView(de, ade, 'tok', {
      rows: [
        {
          id: 'p1',
          version: 1,
          state: 'active',
          name: `Richtlinie ${EVIL}`,
          presetName: 'Kommune Sachsen (SächsKomKBVO)',
          createdAt: new Date('2026-03-02T09:00:00Z'),
          createdBy: 'System',
          activatedAt: new Date('2026-03-02T09:00:00Z'),
          activatedBy: 'System',
        },
      ],
      presets: ['kommune-sachsen', 'kommune-hessen', 'kommune-thueringen', 'unternehmen'].map((id) => ({
        id,
        name: presetById(id)!.name.de,
        description: presetById(id)!.description.de,
      })),
      active: { id: 'p1', version: 1 },
      canEdit: true,
    }).value.replace(NBSP, ' ');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Richtlinie &lt;script&gt;');
    expect(html).toContain('<span class="badge badge-active">Aktiv</span>');
    expect(html).toContain('Kopie der aktiven Richtlinie (Version 1)');
    expect(html).toContain('Kommune Thüringen (ThürGemHV)');
    expect(html).toContain('über 10.000 € zusätzlich die Amtsleitung');
    expect(html).toContain('name="_csrf"');
    // Auditors read, without the form.
    const reader = policiesView(de, ade, 'tok', {
      rows: [],
      presets: [],
      active: null,
      canEdit: false,
    }).value.replace(NBSP, ' ');
    expect(reader).not.toContain('<form');
    expect(reader).toContain(ade.readOnly);
  });

  it('renders a draft as a form with German step kinds, amounts as typed and escaped names', () => {
    const html = policyView(de, ade, 'tok', draftPage()).value.replace(NBSP, ' ');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Ute &lt;script&gt;');
    expect(html).toContain('<option value="anordnung">Anordnung (Zahlungsanordnung)</option>');
    expect(html).toContain('<option value="freigabe" selected>Weitere Freigabe (z. B. Amtsleitung)</option>');
    // The preset names a group the tenant does not have: offered, ticked and marked.
    expect(html).toMatch(/value="Amtsleitung" checked><label[^>]*>Amtsleitung \(Gruppe gibt es noch nicht/);
    expect(html).toContain('id="s2-min" name="s2-min" value="10000.01"');
    expect(html).toContain('Version 2 aktivieren');
    expect(html).toContain('Laufende Freigaben behalten ihre Version');
    // The first submit button saves (the Enter key), not a step's move or remove button.
    expect(html.indexOf('value="save"')).toBeLessThan(html.indexOf('value="up:0"'));
    expect(html).toContain('&quot;evil&quot;:&quot;&lt;script&gt;');
  });

  it('shows problems beside their fields and offers no activation while changes are unsaved', () => {
    const html = policyView(
      de,
      ade,
      'tok',
      draftPage({
        unsaved: true,
        problems: [{ field: 's1-label-de', text: 'Geben Sie die Bezeichnung an.' }],
      }),
    ).value.replace(NBSP, ' ');
    expect(html).toContain('role="alert"');
    expect(html).toContain('<a href="#s1-label-de">Geben Sie die Bezeichnung an.</a>');
    expect(html).toContain(
      '<p class="error-message" id="s1-label-de-error">Geben Sie die Bezeichnung an.</p>',
    );
    expect(html).toMatch(/id="s1-label-de"[^>]*aria-describedby="s1-label-de-error" aria-invalid="true"/);
    expect(html).toContain('noch nicht gespeichert');
    expect(html).not.toContain('aktivieren</button>');
  });

  it('shows active and retired versions read-only, with amounts formatted', () => {
    const html = policyView(
      de,
      ade,
      'tok',
      draftPage({ policy: { ...draftPage().policy, state: 'active' } }),
    ).value.replace(NBSP, ' ');
    expect(html).not.toContain('<input type="text"');
    expect(html).toContain('Richtlinie Version 2 (Aktiv)');
    expect(html).toContain('ab 10.000,01');
    expect(html).toContain('Gruppen: Amtsleitung');
  });

  it('reports a dry run: counts, steps with the people asked, and examples linking to invoices', () => {
    const report = {
      days: 30,
      invoices: 3,
      stepsPerInvoice: { '4': 2, '3': 1 },
      steps: [
        {
          key: 'sachlich',
          label: { de: 'Sachlich richtig', en: 'Factually correct' },
          invoices: 3,
          assignees: [EVIL],
        },
        { key: 'amtsleitung', label: { de: 'Amtsleitung', en: 'Head' }, invoices: 2, assignees: [] },
      ],
      limitHits: 1,
      limitHitExamples: [{ invoiceId: 'i1', number: 'RE-1', amount: '14280.00' }],
      unassigned: 2,
      changed: 2,
    };
    const html = dryRunView(de, ade, report).value.replace(NBSP, ' ');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Probe: die Rechnungen der letzten 30 Tage');
    expect(html.indexOf('3 Schritte: 1 Rechnung')).toBeLessThan(html.indexOf('4 Schritte: 2 Rechnungen'));
    expect(html).toContain('<strong class="warn-text">niemand</strong>');
    expect(html).toContain('<a href="/invoices/i1">RE-1</a>');
    expect(html).toContain('14.280,00');
    const english = dryRunView(en, aen, report).value.replace(NBSP, ' ');
    expect(english).toContain('Dry run: the invoices of the last 30 days');
    expect(english).toContain('€14,280.00');
  });

  it('lists groups with members and the policies that use them; readers get no forms', () => {
    const group = {
      id: 'g1',
      name: `Amtsleitung ${EVIL}`,
      members: [{ id: 'u1', name: 'Ute Ober' }],
      candidates: [{ id: 'u2', name: 'Karl Klein' }],
      usedIn: ['Aktiv v2: Amtsleitung'],
    };
    const html = groupsView(ade, 'tok', { groups: [group], canEdit: true }).value.replace(NBSP, ' ');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Verwendet in: Aktiv v2: Amtsleitung');
    expect(html).toContain('aria-label="Ute Ober aus „Amtsleitung &lt;script&gt;');
    expect(html).toContain('<option value="u2">Karl Klein</option>');
    expect(html).toContain('href="/admin/groups/g1/delete"');
    const reader = groupsView(ade, 'tok', { groups: [group], canEdit: false }).value.replace(NBSP, ' ');
    expect(reader).not.toContain('<form');
    expect(reader).toContain('Ute Ober');
  });

  it('shows authorities with German scopes, the Kasse list, and what Kasse staff may not do', () => {
    const html = limitsView(de, ade, { people, canEdit: true }).value.replace(NBSP, ' ');
    expect(html).toContain(
      '<th scope="col">Feststellung</th><th scope="col">Anordnung</th><th scope="col">Freigabe</th>',
    );
    expect(html).toContain('bis 5.000,00 €');
    expect(html).toContain('nicht zulässig (Kasse)');
    expect(html).toContain('gehört zur Kasse und darf nicht anordnen');
    expect(html).toContain('href="/admin/limits.csv"');
    expect(html).toContain('=HYPERLINK(&quot;http://evil.example&quot;');
    expect(limitsView(de, ade, { people, canEdit: false }).value).not.toContain('/admin/limits/a"');
  });

  it('writes the Kasse CSV with BOM, semicolons, German headers and numbers, defused formulas', () => {
    const csv = limitsCsv(ade, people);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('\ufeffName;E-Mail;Befugnis;Betragsgrenze;Stand');
    expect(lines[1]).toBe('Karl Klein;karl@stadt.example;Feststellung;unbegrenzt;02.03.2026');
    expect(lines[2]).toBe('Karl Klein;karl@stadt.example;Anordnung;5.000,00;02.03.2026');
    expect(lines[3]).toBe(
      `"'=HYPERLINK(""http://evil.example"";""x"")";"evil;""@stadt.example";Anordnung;unbegrenzt;02.03.2026`,
    );
    expect(lines[4]).toBe('');
    expect(lines).toHaveLength(5);
    // The same German file whatever language the page had.
    expect(limitsCsv(aen, people)).toBe(csv);
  });

  it('shows my substitutes, whom I stand in for, and the form; admins choose for whom', () => {
    const row = {
      id: 's1',
      userId: 'me',
      userName: 'Karl Klein',
      substituteId: 'b',
      substituteName: `Berta ${EVIL}`,
      startsOn: '2026-03-02',
      endsOn: '2026-03-13',
      current: true,
    };
    const page = {
      me: { id: 'me', name: 'Karl Klein' },
      mine: [row],
      standIn: [],
      all: null,
      people: [
        { id: 'me', name: 'Karl Klein' },
        { id: 'b', name: `Berta ${EVIL}` },
      ],
      values: { userId: 'me', substituteId: '', startsOn: '2026-03-02', endsOn: '' },
      problems: [],
    };
    const html = substitutesView(de, ade, 'tok', page).value.replace(NBSP, ' ');
    expect(html).not.toContain('<script>');
    expect(html).toContain(
      '<time datetime="2026-03-02">02.03.2026</time> – <time datetime="2026-03-13">13.03.2026</time>',
    );
    expect(html).toContain('Sie vertreten derzeit niemanden.');
    expect(html).toContain('aria-label="Vertretung von Karl Klein durch Berta &lt;script&gt;');
    expect(html).not.toContain('id="userId"');
    // I am not offered as my own substitute.
    expect(html).not.toContain('<option value="me"');
    const admin = substitutesView(de, ade, 'tok', { ...page, all: [row] }).value.replace(NBSP, ' ');
    expect(admin).toContain('<select id="userId" name="userId">');
    expect(admin).toContain('Alle Vertretungen');
    const problem = substitutesView(de, ade, 'tok', {
      ...page,
      problems: [{ text: ade.substitutes.cycle('Berta Brandt', 'Karl Klein') }],
    }).value.replace(NBSP, ' ');
    expect(problem).toContain('Karl Klein wird in diesem Zeitraum bereits von Berta Brandt vertreten');
    expect(problem).toContain('aria-describedby="substituteId-error"');
  });
});
