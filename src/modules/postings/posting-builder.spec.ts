import type { Invoice } from '../validation/semantic/en16931.js';
import {
  approversOf,
  buildPosting,
  buildReversal,
  isCreditNote,
  leitwegIdOf,
  type PostingBuildInput,
} from './posting-builder.js';

function model(over: Partial<Invoice> = {}): Invoice {
  return {
    syntax: 'ubl-invoice',
    number: 'RE-2026-0815',
    issueDate: '2026-11-02',
    typeCode: '380',
    currency: 'EUR',
    dueDate: '2026-12-02',
    buyerReference: '04011000-12345-03',
    purchaseOrderReference: 'B-77',
    notes: [],
    precedingInvoices: [],
    seller: {
      name: 'Bürobedarf Müller GmbH',
      identifiers: [],
      vatId: 'DE123456789',
      taxRegistration: '201/123/45678',
      address: { line1: 'Hauptstr. 1', city: 'Erfurt', postCode: '99084', countryCode: 'DE' },
    },
    buyer: { name: 'Stadt', identifiers: [] },
    payment: { meansCode: '58', accountIds: ['DE89 3704 0044 0532 0130 00'] },
    allowancesCharges: [],
    totals: { taxExclusive: '1000.00', taxTotal: '159.50', taxInclusive: '1159.50', payable: '1159.50' },
    vatBreakdown: [
      { category: 'S', rate: '19', taxableAmount: '800.00', taxAmount: '152.00' },
      { category: 'S', rate: '7.00', taxableAmount: '200.00', taxAmount: '14.00' },
    ],
    lines: [],
    attachments: [],
    ...over,
  };
}

function input(over: Partial<PostingBuildInput> = {}, m: Invoice | null = model()): PostingBuildInput {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    tenantId: '22222222-2222-4222-8222-222222222222',
    createdAt: new Date('2026-12-01T10:00:00Z'),
    invoice: {
      id: '33333333-3333-4333-8333-333333333333',
      number: 'RE-2026-0815',
      issueDate: '2026-11-02',
      dueDate: '2026-12-02',
      currency: 'EUR',
      amountDue: '1159.50',
      sellerName: 'Bürobedarf Müller GmbH',
      sellerVatId: 'DE123456789',
      buyerReference: '04011000-12345-03',
      model: m,
      cashDiscounts: [
        {
          until: '2026-11-16',
          days: 14,
          percent: '2.00',
          baseAmount: '1159.50',
          discountAmount: '23.19',
          amountToPay: '1136.31',
        },
      ],
    },
    kontierung: [
      { buchungsstelle: '11101.5431000', kostenstelle: 'KST-100', amount: '1000' },
      { buchungsstelle: '11101.5431000', kostenstelle: '', amount: '159.5' },
    ],
    approvers: [],
    policy: { id: '44444444-4444-4444-8444-444444444444', version: 3 },
    record: { vorgangId: '55555555-5555-4555-8555-555555555555', aktenzeichen: '20.1-2026/0007' },
    creditorNumber: '70001',
    ...over,
  };
}

describe('buildPosting', () => {
  it('takes the invoice, the Kontierung, the Vorgang and the policy into the posting, amounts with two places', () => {
    const p = buildPosting(input());
    expect(p).toMatchObject({
      kind: 'posting',
      reverses: null,
      createdAt: '2026-12-01T10:00:00.000Z',
      invoice: {
        number: 'RE-2026-0815',
        issueDate: '2026-11-02',
        typeCode: '380',
        creditNote: false,
        buyerReference: '04011000-12345-03',
        purchaseOrder: 'B-77',
      },
      creditor: {
        name: 'Bürobedarf Müller GmbH',
        street: 'Hauptstr. 1',
        postcode: '99084',
        city: 'Erfurt',
        country: 'DE',
        vatId: 'DE123456789',
        taxNumber: '201/123/45678',
        iban: 'DE89370400440532013000',
        creditorNumber: '70001',
      },
      currency: 'EUR',
      totals: { net: '1000.00', vat: '159.50', gross: '1159.50', due: '1159.50' },
      dueDate: '2026-12-02',
      skonto: { date: '2026-11-16', amount: '23.19', percent: '2.00' },
      leitwegId: '04011000-12345-03',
      record: {
        vorgangId: '55555555-5555-4555-8555-555555555555',
        aktenzeichen: '20.1-2026/0007',
        link: '/records/55555555-5555-4555-8555-555555555555',
      },
      approval: { policyId: '44444444-4444-4444-8444-444444444444', policyVersion: 3 },
    });
    expect(p.vat).toEqual([
      { category: 'S', rate: '19.00', net: '800.00', vat: '152.00' },
      { category: 'S', rate: '7.00', net: '200.00', vat: '14.00' },
    ]);
    expect(p.kontierung).toEqual([
      {
        line: 1,
        buchungsstelle: '11101.5431000',
        kostenstelle: 'KST-100',
        investitionsnummer: null,
        amount: '1000.00',
      },
      {
        line: 2,
        buchungsstelle: '11101.5431000',
        kostenstelle: null,
        investitionsnummer: null,
        amount: '159.50',
      },
    ]);
  });

  it('books a credit note (BT-3 381) with negative amounts, Kontierung and Skonto included', () => {
    const p = buildPosting(input({}, model({ typeCode: '381' })));
    expect(p.invoice.creditNote).toBe(true);
    expect(p.totals).toEqual({ net: '-1000.00', vat: '-159.50', gross: '-1159.50', due: '-1159.50' });
    expect(p.vat.map((v) => v.net)).toEqual(['-800.00', '-200.00']);
    expect(p.kontierung.map((k) => k.amount)).toEqual(['-1000.00', '-159.50']);
    expect(p.skonto?.amount).toBe('-23.19');
  });

  it('does not flip a credit note that is already written with negative amounts', () => {
    const m = model({
      typeCode: '381',
      totals: { taxExclusive: '-10.00', taxTotal: '-1.90', taxInclusive: '-11.90', payable: '-11.90' },
      vatBreakdown: [{ category: 'S', rate: '19', taxableAmount: '-10.00', taxAmount: '-1.90' }],
    });
    expect(buildPosting(input({}, m)).totals.gross).toBe('-11.90');
  });

  it('rounds half up to cents with decimal arithmetic, never binary floating point', () => {
    const m = model({
      totals: { taxExclusive: '0.105', taxTotal: '1.005', taxInclusive: '1.11', payable: '1.115' },
    });
    expect(buildPosting(input({}, m)).totals).toEqual({
      net: '0.11',
      vat: '1.01',
      gross: '1.11',
      due: '1.12',
    });
  });

  it('leaves the Leitweg-ID, the Vorgang and the creditor number empty when there are none', () => {
    const p = buildPosting(
      input({ record: undefined, creditorNumber: null }, model({ buyerReference: 'Bestellung Frau Meier' })),
    );
    expect(p.leitwegId).toBeNull();
    expect(p.record).toBeNull();
    expect(p.creditor.creditorNumber).toBeNull();
    expect(p.invoice.buyerReference).toBe('Bestellung Frau Meier');
  });

  it('falls back to the stored columns when the model is missing', () => {
    const p = buildPosting(input({ kontierung: [] }, null));
    expect(p.totals).toEqual({ net: '0.00', vat: '0.00', gross: '1159.50', due: '1159.50' });
    expect(p.creditor.name).toBe('Bürobedarf Müller GmbH');
    expect(p.vat).toEqual([]);
  });
});

describe('isCreditNote and leitwegIdOf', () => {
  it('knows credit notes by syntax and BT-3', () => {
    expect(isCreditNote('ubl-creditnote', undefined)).toBe(true);
    expect(isCreditNote('cii', '381')).toBe(true);
    expect(isCreditNote('cii', '380')).toBe(false);
    expect(isCreditNote('ubl-invoice', '326')).toBe(false);
  });

  it('accepts only a Leitweg-ID with valid check digits', () => {
    expect(leitwegIdOf('04011000-12345-03')).toBe('04011000-12345-03');
    expect(leitwegIdOf('04011000-12345-04')).toBeNull();
    expect(leitwegIdOf('PO 4711')).toBeNull();
    expect(leitwegIdOf(null)).toBeNull();
  });
});

describe('buildReversal', () => {
  it('negates every amount and points at the original; the original is untouched', () => {
    const original = buildPosting(input());
    const copy = JSON.stringify(original);
    const r = buildReversal(
      original,
      '66666666-6666-4666-8666-666666666666',
      new Date('2026-12-05T08:00:00Z'),
    );
    expect(r).toMatchObject({
      id: '66666666-6666-4666-8666-666666666666',
      kind: 'reversal',
      reverses: original.id,
      createdAt: '2026-12-05T08:00:00.000Z',
      totals: { net: '-1000.00', vat: '-159.50', gross: '-1159.50', due: '-1159.50' },
      skonto: { amount: '-23.19' },
      invoice: original.invoice,
      creditor: original.creditor,
    });
    expect(r.vat.map((v) => [v.net, v.vat])).toEqual([
      ['-800.00', '-152.00'],
      ['-200.00', '-14.00'],
    ]);
    expect(r.kontierung.map((k) => k.amount)).toEqual(['-1000.00', '-159.50']);
    expect(JSON.stringify(original)).toBe(copy);
    // A credit note's reversal books positive again.
    const credit = buildPosting(input({}, model({ typeCode: '381' })));
    expect(buildReversal(credit, r.id, new Date()).totals.gross).toBe('1159.50');
  });

  it('refuses to reverse a reversal', () => {
    const r = buildReversal(buildPosting(input()), '66666666-6666-4666-8666-666666666666', new Date());
    expect(() => buildReversal(r, '77777777-7777-4777-8777-777777777777', new Date())).toThrow();
  });
});

describe('approversOf', () => {
  const at = new Date('2026-12-01T09:00:00Z');
  it('lists the approved steps in order; the last one (no decision row yet) comes from its task', () => {
    const tasks = [
      {
        id: 't2',
        stepKey: 'rechnerisch',
        stepKind: 'rechnerisch',
        stepIndex: 1,
        state: 'done',
        decidedBy: 'u1',
        onBehalfOf: null,
        decidedAt: at,
      },
      {
        id: 't1',
        stepKey: 'sachlich',
        stepKind: 'sachlich',
        stepIndex: 0,
        state: 'done',
        decidedBy: 'u1',
        onBehalfOf: null,
        decidedAt: at,
      },
      {
        id: 't3',
        stepKey: 'anordnung',
        stepKind: 'anordnung',
        stepIndex: 2,
        state: 'done',
        decidedBy: 'u2',
        onBehalfOf: 'u3',
        decidedAt: at,
      },
      {
        id: 't4',
        stepKey: 'extra',
        stepKind: 'freigabe',
        stepIndex: 3,
        state: 'cancelled',
        decidedBy: null,
        onBehalfOf: null,
        decidedAt: null,
      },
    ];
    const decisions = [
      { taskId: 't1', action: 'comment', actorUserId: 'u1', actorName: 'Anna', onBehalfOf: null, at },
      { taskId: 't1', action: 'approve', actorUserId: 'u1', actorName: 'Anna', onBehalfOf: null, at },
      { taskId: 't2', action: 'approve', actorUserId: 'u1', actorName: 'Anna', onBehalfOf: null, at },
    ];
    const out = approversOf(tasks, decisions, new Map([['u2', 'Bernd']]));
    expect(out).toEqual([
      {
        step: 'sachlich',
        kind: 'sachlich',
        userId: 'u1',
        name: 'Anna',
        onBehalfOf: null,
        at: at.toISOString(),
      },
      {
        step: 'rechnerisch',
        kind: 'rechnerisch',
        userId: 'u1',
        name: 'Anna',
        onBehalfOf: null,
        at: at.toISOString(),
      },
      {
        step: 'anordnung',
        kind: 'anordnung',
        userId: 'u2',
        name: 'Bernd',
        onBehalfOf: 'u3',
        at: at.toISOString(),
      },
    ]);
  });
});
