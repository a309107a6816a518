import { PDFDocument } from 'pdf-lib';
import { laufzettelOf, laufzettelPdf } from './laufzettel.js';

const at = new Date('2026-02-10T09:30:00Z');

function input(decisions = 3) {
  return {
    aktenzeichen: '902.31-2026/001-00001',
    betreff: 'Rechnung RE-1 Müller GmbH vom 03.02.2026',
    invoice: {
      id: 'i1',
      number: 'RE-1',
      seller: 'Müller GmbH',
      issueDate: '2026-02-03',
      amount: '119.00',
      currency: 'EUR',
    },
    policy: { id: 'p1', version: 2, name: 'Kommune' },
    instance: {
      invoiceId: 'i1',
      tenantId: 't1',
      policyId: 'p1',
      state: 'approved' as const,
      amount: '119.00',
      currency: 'EUR',
      creditNote: false,
      sellerKey: null,
      skontoDeadline: '2026-02-13',
      skontoAmount: '2.38',
      dueDeadline: '2026-03-05',
      kontierungBy: null,
      kontierungAt: null,
      startedAt: at,
      finishedAt: at,
    },
    tasks: [
      {
        id: 't1',
        invoiceId: 'i1',
        stepIndex: 0,
        stepKey: 'anordnung',
        stepKind: 'anordnung' as const,
        label: { de: 'Anordnung', en: 'Payment order' },
        state: 'done' as const,
        assigneeUsers: [],
        assigneeGroups: [],
        assigneeRoles: [],
        bulkAllowed: false,
        openedAt: at,
        heldQuestion: null,
        decidedAt: at,
        decidedBy: 'u2',
        onBehalfOf: 'u3',
      },
    ],
    decisions: Array.from({ length: decisions }, (_, i) => ({
      id: String(i),
      taskId: 't1',
      stepKey: 'anordnung',
      stepKind: 'anordnung',
      action: i === decisions - 1 ? 'approve' : 'comment',
      actor: 'user:u2',
      actorUserId: 'u2',
      actorName: 'Bernd Anordner',
      onBehalfOf: 'u3',
      onBehalfName: 'Clara Kämmerin',
      policyVersion: 2,
      reason: `Vermerk ${i}`,
      data: null,
      at,
    })),
    kontierung: [{ buchungsstelle: '11101.5431000', kostenstelle: 'KST-1', amount: '119.00' }],
    names: new Map([
      ['u2', 'Bernd Anordner'],
      ['u3', 'Clara Kämmerin'],
    ]),
  };
}

describe('Laufzettel', () => {
  it('names who decided each step and for whom, with the policy version and the Kontierung', () => {
    const l = laufzettelOf(input());
    expect(l.steps[0]).toMatchObject({
      key: 'anordnung',
      decidedBy: { id: 'u2', name: 'Bernd Anordner' },
      actingFor: { id: 'u3', name: 'Clara Kämmerin' },
      decidedAt: at.toISOString(),
    });
    expect(l.decisions.at(-1)).toMatchObject({
      action: 'approve',
      actorName: 'Bernd Anordner',
      actingFor: { id: 'u3', name: 'Clara Kämmerin' },
      policyVersion: 2,
    });
    expect(l.kontierung).toEqual([
      { buchungsstelle: '11101.5431000', kostenstelle: 'KST-1', investitionsnummer: null, amount: '119.00' },
    ]);
  });

  it('prints as a PDF that breaks long protocols over pages, the same bytes for the same input', async () => {
    const one = await laufzettelPdf(laufzettelOf(input(60)), at);
    const two = await laufzettelPdf(laufzettelOf(input(60)), at);
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(true);
    const pdf = await PDFDocument.load(one);
    expect(pdf.getPageCount()).toBeGreaterThan(1);
    expect(pdf.getTitle()).toBe('Laufzettel 902.31-2026/001-00001');
  });
});
