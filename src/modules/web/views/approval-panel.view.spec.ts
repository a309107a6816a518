import type { ApprovalState } from '../../approval/approval.service.js';
import { messagesFor } from '../i18n/messages.js';
import { approvalPanelView } from './approval-panel.view.js';

const de = messagesFor('de');
const en = messagesFor('en');
const ID = '22222222-2222-4222-8222-222222222222';
const AT = new Date('2026-12-07T09:15:00Z');

type Task = ApprovalState['tasks'][number];

function task(
  key: 'sachlich' | 'rechnerisch' | 'anordnung',
  state: Task['state'],
  over: Partial<Task> = {},
): Task {
  const labels = {
    sachlich: { de: 'Sachlich richtig', en: 'Factually correct' },
    rechnerisch: { de: 'Rechnerisch richtig', en: 'Arithmetically correct' },
    anordnung: { de: 'Anordnung', en: 'Payment order' },
  };
  return {
    id: `task-${key}`,
    invoiceId: ID,
    stepIndex: ['sachlich', 'rechnerisch', 'anordnung'].indexOf(key),
    stepKey: key,
    stepKind: key,
    label: labels[key],
    state,
    assigneeUsers: [],
    assigneeGroups: [],
    assigneeRoles: ['approver'],
    assigneeNames: ['role:approver'],
    bulkAllowed: key === 'anordnung',
    openedAt: null,
    heldQuestion: null,
    decidedAt: state === 'done' ? AT : null,
    decidedBy: state === 'done' ? 'user-a' : null,
    onBehalfOf: null,
    ...over,
  };
}

function decision(
  stepKey: string | null,
  action: string,
  over: Partial<ApprovalState['decisions'][number]> = {},
) {
  return {
    id: `d-${stepKey}-${action}`,
    taskId: null,
    stepKey,
    stepKind: stepKey,
    action,
    actor: 'user:a',
    actorUserId: 'user-a',
    actorName: 'Anna Feststellerin',
    onBehalfOf: null,
    onBehalfName: null,
    policyVersion: 1,
    reason: null,
    data: null,
    at: AT,
    ...over,
  };
}

const SOD = {
  code: 'APPROVAL_SOD_FESTSTELLER_ANORDNUNG',
  message: {
    de: 'Wer die sachliche oder rechnerische Richtigkeit festgestellt hat, darf für dieselbe Rechnung keine Anordnung erteilen (Trennung der Aufgaben).',
    en: 'Whoever certified the invoice as factually or arithmetically correct may not give its payment order (separation of duties).',
  },
};

/** A at the Anordnung after certifying both steps: the Anordnung is refused, the rest allowed. */
function atAnordnung(over: Partial<ApprovalState> = {}): ApprovalState {
  const tasks = [task('sachlich', 'done'), task('rechnerisch', 'done'), task('anordnung', 'open')];
  return {
    instance: {
      invoiceId: ID,
      tenantId: 't',
      policyId: 'p',
      state: 'open',
      amount: '4000.00',
      currency: 'EUR',
      creditNote: false,
      sellerKey: null,
      skontoDeadline: null,
      skontoAmount: null,
      dueDeadline: null,
      kontierungBy: null,
      kontierungAt: null,
      startedAt: AT,
      finishedAt: null,
    },
    policy: { id: 'p', version: 2, name: 'Kommune Thüringen (ThürGemHV)' },
    tasks,
    decisions: [
      decision('sachlich', 'kontierung', { data: { lines: [{}, {}] } }),
      decision('sachlich', 'approve', { onBehalfName: 'Otto <Abwesend>' }),
      decision('rechnerisch', 'approve', { reason: '<script>alert(1)</script>' }),
    ],
    kontierung: [
      {
        buchungsstelle: '11101.5431000',
        kostenstelle: 'KST-100',
        investitionsnummer: null,
        amount: '1500.00',
      },
      {
        buchungsstelle: '11101.5431000',
        kostenstelle: 'KST-200',
        investitionsnummer: null,
        amount: '2500.00',
      },
    ],
    prefill: null,
    current: tasks[2],
    allowed: [
      { action: 'approve', ok: false, ...SOD },
      { action: 'reject', ok: true },
      { action: 'hold', ok: true },
      { action: 'reassign', ok: true },
      { action: 'kontierung', ok: true },
      { action: 'comment', ok: true },
    ],
    actingFor: null,
    ...over,
  };
}

describe('approval panel view', () => {
  it('lists the steps in order: done with actor, substitute and time; the current one marked', () => {
    const html = approvalPanelView(de, atAnordnung(), 'tok').value;
    expect(html).toContain('<h2 id="approval-title">Freigabe</h2>');
    expect(html).toContain('Stand: <strong class="state-open">in Bearbeitung</strong>');
    expect(html).toContain('Richtlinie: Kommune Thüringen (ThürGemHV) (Version 2)');
    const steps = html.slice(html.indexOf('<ol class="approval-steps"'), html.indexOf('</ol>'));
    expect(steps.indexOf('Sachlich richtig')).toBeLessThan(steps.indexOf('Rechnerisch richtig'));
    expect(steps).toContain(
      'von Anna Feststellerin (in Vertretung für Otto &lt;Abwesend&gt;), <time datetime="2026-12-07T09:15:00.000Z">07.12.2026, 10:15 MEZ</time>',
    );
    expect(steps).toMatch(
      /<li class="approval-step step-open" aria-current="step">\s*<span class="step-label">Anordnung<\/span>/,
    );
    expect(steps).toContain('Zuständig: alle mit der Rolle Freigabe');
  });

  it('keeps a forbidden button visible but disabled, with the rule in German', () => {
    const html = approvalPanelView(de, atAnordnung(), 'tok').value;
    expect(html).toMatch(
      /<button type="submit" name="action" value="approve" class="button" disabled aria-describedby="why-approval-sod-feststeller-anordnung">Freigeben<\/button>/,
    );
    expect(html).toContain(
      '<li id="why-approval-sod-feststeller-anordnung" data-code="APPROVAL_SOD_FESTSTELLER_ANORDNUNG"><strong>Freigeben nicht möglich:</strong> Wer die sachliche oder rechnerische Richtigkeit festgestellt hat, darf für dieselbe Rechnung keine Anordnung erteilen',
    );
    expect(html).toMatch(
      /<button type="submit" name="action" value="reject" class="button-secondary bordered">Zurückweisen an Lieferanten<\/button>/,
    );
    expect(html).toContain('<input type="hidden" name="stepKey" value="anordnung">');
    expect(html).toContain(`action="/invoices/${ID}/decision"`);
    expect(html).toContain('name="_csrf" value="tok"');
  });

  it('names every action one reason stops once, not five times', () => {
    const notAssigned = {
      ok: false,
      code: 'APPROVAL_NOT_ASSIGNED',
      message: { de: 'Diese Aufgabe ist Ihnen nicht zugewiesen, auch nicht als Vertretung.', en: 'x' },
    };
    const html = approvalPanelView(
      de,
      atAnordnung({
        allowed: [
          { action: 'approve', ...notAssigned },
          { action: 'reject', ...notAssigned },
          { action: 'hold', ...notAssigned },
          { action: 'reassign', ...notAssigned },
          { action: 'kontierung', ...notAssigned },
          { action: 'comment', ok: true },
        ],
      }),
      'tok',
    ).value;
    expect(html.match(/Diese Aufgabe ist Ihnen nicht zugewiesen/g)).toHaveLength(2); // decisions + Kontierung
    expect(html).toContain(
      '<strong>Freigeben, Zurückstellen mit Rückfrage, Weiterleiten, Zurückweisen an Lieferanten nicht möglich:</strong>',
    );
    expect(html).not.toContain('name="k0_buchungsstelle"');
  });

  it('keeps approve usable when the exception needs a written reason, and says so at the field', () => {
    const html = approvalPanelView(
      de,
      atAnordnung({
        allowed: [
          {
            action: 'approve',
            ok: false,
            code: 'APPROVAL_SOD_REASON_REQUIRED',
            message: {
              de: 'Die Anordnung durch dieselbe Person ist nur mit schriftlicher Begründung zulässig.',
              en: 'x',
            },
          },
          { action: 'comment', ok: true },
        ],
      }),
      'tok',
    ).value;
    expect(html).toMatch(
      /<button type="submit" name="action" value="approve" class="button">Freigeben<\/button>/,
    );
    expect(html).toContain(
      '<p class="attention" id="reason-sod">Die Anordnung durch dieselbe Person ist nur mit schriftlicher Begründung zulässig.</p>',
    );
    expect(html).toContain('aria-describedby="reason-hint reason-sod"');
    expect(html).not.toContain('class="refusals"');
  });

  it('escapes reasons and names in the history, and shows every decision', () => {
    const html = approvalPanelView(de, atAnordnung(), 'tok').value;
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('„&lt;script&gt;alert(1)&lt;/script&gt;“');
    expect(html).toContain(
      '<span class="timeline-event">Kontierung gespeichert</span> – Sachlich richtig (2 Zeilen)',
    );
    expect(html.match(/<span class="timeline-event">Freigegeben<\/span>/g)).toHaveLength(2);
  });

  it('shows a refused decision with what was entered kept', () => {
    const html = approvalPanelView(de, atAnordnung(), 'tok', {
      decisionError: { message: SOD.message.de, action: 'approve' },
      values: { reason: 'Bitte "prüfen" <sofort>' },
    }).value;
    expect(html).toMatch(/<div class="error-summary" id="decision-error" role="alert"[^>]*autofocus>/);
    expect(html).toContain('Bitte &quot;prüfen&quot; &lt;sofort&gt;</textarea>');
  });

  it('renders the Kontierung form: saved lines, two empty rows, the sum against the amount due', () => {
    const html = approvalPanelView(de, atAnordnung(), 'tok').value;
    expect(html).toContain(`action="/invoices/${ID}/kontierung"`);
    expect(html).toContain('<input type="hidden" name="rows" value="4">');
    expect(html).toContain('id="k1_amount" name="k1_amount" value="2500,00"');
    expect(html).toContain('id="k3_buchungsstelle" name="k3_buchungsstelle" value=""');
    expect(html).toContain(
      '<label class="visually-hidden" for="k0_kostenstelle">Kostenstelle, Zeile 1</label>',
    );
    expect(html).toMatch(/<dt>Summe stimmt<\/dt>/);
    expect(html).not.toMatch(/<script|style=/);
  });

  it('marks the problems of a failed save at their fields and keeps the lines as entered', () => {
    const html = approvalPanelView(de, atAnordnung({ kontierung: [] }), 'tok', {
      kontierung: {
        lines: [{ buchungsstelle: '<x>', kostenstelle: '', investitionsnummer: '', amount: '10,5' }],
        problems: [
          {
            line: 0,
            field: 'buchungsstelle',
            code: 'KONTIERUNG_CODE_INVALID',
            message: { de: 'Zeile 1: Buchungsstelle fehlt oder enthält unzulässige Zeichen.', en: 'x' },
          },
        ],
        message: 'Die Kontierung ist nicht in Ordnung.',
      },
    }).value;
    expect(html).toContain(
      '<a href="#k0_buchungsstelle">Zeile 1: Buchungsstelle fehlt oder enthält unzulässige Zeichen.</a>',
    );
    expect(html).toMatch(
      /id="k0_buchungsstelle" name="k0_buchungsstelle" value="&lt;x&gt;" aria-invalid="true" aria-describedby="k0_buchungsstelle-error"/,
    );
    expect(html).toContain('value="10,5"');
    expect(html).toMatch(/<dt>Noch zu verteilen<\/dt><dd>3.989,50\u00a0€<\/dd>/);
  });

  it('offers the suggestion of BT-19 when there is no Kontierung yet', () => {
    const html = approvalPanelView(
      de,
      atAnordnung({
        kontierung: [],
        prefill: {
          source: 'bt19',
          lines: [{ buchungsstelle: '5431000', kostenstelle: 'KST-9', amount: '4000.00' }],
        },
      }),
      'tok',
    ).value;
    expect(html).toContain('Vorschlag aus der Kontierungsangabe der Rechnung (BT-19)');
    expect(html).toContain('name="k0_buchungsstelle" value="5431000"');
    expect(html).toContain('name="k0_amount" value="4000,00"');
  });

  it('has no forms once the approval is finished, and speaks English', () => {
    const finished = atAnordnung({
      instance: { ...atAnordnung().instance, state: 'approved' },
      current: null,
      allowed: [],
    });
    const html = approvalPanelView(en, finished, 'tok', { notice: 'approve' }).value;
    expect(html).toContain('State: <strong class="state-approved">approved (payment ordered)</strong>');
    expect(html).toContain('The payment order is given: the invoice is approved.');
    expect(html).toContain('The approval of this invoice is finished.');
    expect(html).not.toContain('<form');
    expect(html).toContain('Booking account');
  });
});
