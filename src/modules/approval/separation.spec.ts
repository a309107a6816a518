import { judgeDecision, type DecisionFacts } from './separation.js';

const base: DecisionFacts = {
  action: 'approve',
  task: { kind: 'anordnung', state: 'open', bulkAllowed: true },
  instanceState: 'open',
  actor: { roles: ['approver'], limits: { anordnung: '5000.00' }, certified: false },
  eligibility: { kind: 'direct' },
  isAdmin: false,
  amount: '4000.00',
  separation: { feststellerMayOrder: 'never' },
  kontierungComplete: true,
  bulk: false,
};
const judge = (over: Partial<DecisionFacts>, actor: Partial<DecisionFacts['actor']> = {}) =>
  judgeDecision({ ...base, ...over, actor: { ...base.actor, ...actor } });
const code = (j: ReturnType<typeof judgeDecision>) => (j.ok ? 'OK' : j.error.code);

describe('judgeDecision — the rules that protect money', () => {
  it('allows an Anordnung within the limit by an assignee who did not certify', () => {
    expect(judge({})).toEqual({ ok: true, sodException: false });
  });

  it('refuses the Anordnung to whoever certified, or asks for a written reason where the policy allows it', () => {
    expect(code(judge({}, { certified: true }))).toBe('APPROVAL_SOD_FESTSTELLER_ANORDNUNG');
    const soft = { separation: { feststellerMayOrder: 'with_reason' as const } };
    expect(code(judge(soft, { certified: true }))).toBe('APPROVAL_SOD_REASON_REQUIRED');
    expect(code(judge({ ...soft, reason: '   ok  ' }, { certified: true }))).toBe(
      'APPROVAL_SOD_REASON_REQUIRED',
    );
    expect(judge({ ...soft, reason: 'Einzige anwesende Person mit Befugnis' }, { certified: true })).toEqual({
      ok: true,
      sodException: true,
    });
    // One reason cannot argue the exception for a whole bulk.
    expect(code(judge({ ...soft, reason: 'Sammelfreigabe', bulk: true }, { certified: true }))).toBe(
      'APPROVAL_SOD_REASON_REQUIRED',
    );
  });

  it('keeps the Kasse out of Feststellung and Anordnung, but not out of comments', () => {
    expect(code(judge({}, { roles: ['treasury', 'approver'], limits: { anordnung: null } }))).toBe(
      'APPROVAL_SOD_TREASURY',
    );
    for (const kind of ['sachlich', 'rechnerisch', 'feststellung'] as const)
      expect(
        code(judge({ task: { kind, state: 'open', bulkAllowed: false } }, { roles: ['treasury'] })),
      ).toBe('APPROVAL_SOD_TREASURY');
    expect(code(judge({ action: 'reject', reason: 'falsch berechnet' }, { roles: ['treasury'] }))).toBe(
      'APPROVAL_SOD_TREASURY',
    );
    expect(code(judge({ action: 'comment', reason: 'Bitte Skonto nutzen' }, { roles: ['treasury'] }))).toBe(
      'OK',
    );
  });

  it('needs an Anordnungsbefugnis and keeps its value limit, also for credit notes (absolute amount)', () => {
    expect(code(judge({}, { limits: {} }))).toBe('APPROVAL_LIMIT_NONE');
    expect(code(judge({ amount: '5000.01' }))).toBe('APPROVAL_LIMIT_EXCEEDED');
    expect(code(judge({ amount: '5000.00' }))).toBe('OK');
    expect(code(judge({ amount: '-6000.00' }))).toBe('APPROVAL_LIMIT_EXCEEDED');
    expect(code(judge({ amount: 'garbage' }))).toBe('APPROVAL_LIMIT_EXCEEDED');
    expect(code(judge({ amount: '9999999.00' }, { limits: { anordnung: null } }))).toBe('OK');
  });

  it('applies a Feststellung limit only where one is set', () => {
    const festst = { task: { kind: 'sachlich' as const, state: 'open' as const, bulkAllowed: false } };
    expect(code(judge(festst, { limits: {} }))).toBe('OK');
    expect(code(judge(festst, { limits: { feststellung: '100.00' } }))).toBe('APPROVAL_LIMIT_EXCEEDED');
  });

  it('needs the complete Kontierung before the Anordnung', () => {
    expect(code(judge({ kontierungComplete: false }))).toBe('APPROVAL_KONTIERUNG_REQUIRED');
  });

  it('fails closed on anything unknown or out of order', () => {
    expect(code(judge({ eligibility: undefined }))).toBe('APPROVAL_NOT_ASSIGNED');
    expect(code(judge({ task: { kind: 'anordnung', state: 'waiting', bulkAllowed: true } }))).toBe(
      'APPROVAL_STEP_NOT_CURRENT',
    );
    expect(code(judge({ task: { kind: 'anordnung', state: 'done', bulkAllowed: true } }))).toBe(
      'APPROVAL_NOT_OPEN',
    );
    expect(code(judge({ instanceState: 'approved' }))).toBe('APPROVAL_NOT_OPEN');
    expect(code(judge({ action: 'sign' as never }))).toBe('APPROVAL_ACTION_INVALID');
    expect(code(judge({ task: undefined }))).toBe('APPROVAL_ACTION_INVALID');
    expect(code(judge({ bulk: true, task: { kind: 'anordnung', state: 'open', bulkAllowed: false } }))).toBe(
      'APPROVAL_BULK_NOT_ALLOWED',
    );
  });

  it('judges a substitute as themselves', () => {
    const sub = { eligibility: { kind: 'substitute' as const, forUser: 'bea' } };
    expect(code(judge(sub, { certified: true }))).toBe('APPROVAL_SOD_FESTSTELLER_ANORDNUNG');
    expect(code(judge(sub, { limits: {} }))).toBe('APPROVAL_LIMIT_NONE');
    expect(code(judge(sub))).toBe('OK');
  });

  it('asks reasons for rejecting, holding, reassigning and comments; admins may reassign', () => {
    expect(code(judge({ action: 'reject' }))).toBe('APPROVAL_REASON_REQUIRED');
    expect(code(judge({ action: 'hold', reason: 'kurz' }))).toBe('APPROVAL_REASON_REQUIRED');
    expect(code(judge({ action: 'reassign', reason: 'Urlaub bis Montag', eligibility: undefined }))).toBe(
      'APPROVAL_NOT_ASSIGNED',
    );
    expect(
      code(judge({ action: 'reassign', reason: 'Urlaub bis Montag', eligibility: undefined, isAdmin: true })),
    ).toBe('OK');
    expect(code(judge({ action: 'release' }))).toBe('APPROVAL_ACTION_INVALID');
    expect(
      code(judge({ action: 'release', task: { kind: 'anordnung', state: 'held', bulkAllowed: true } })),
    ).toBe('OK');
  });
});
