import { canTransition, INVOICE_STATUSES, isIntakeFinal } from './invoice-status.js';

describe('invoice lifecycle', () => {
  it('follows the pipeline order and refuses shortcuts', () => {
    expect(canTransition('received', 'extracted')).toBe(true);
    expect(canTransition('extracted', 'validated')).toBe(true);
    expect(canTransition('validated', 'awaiting_approval')).toBe(true);
    expect(canTransition('received', 'awaiting_approval')).toBe(false);
    expect(canTransition('awaiting_approval', 'posted')).toBe(false);
  });
  it('never leaves a final state', () => {
    for (const final of ['rejected', 'duplicate', 'paid', 'returned', 'cancelled'] as const) {
      for (const to of INVOICE_STATUSES) expect(canTransition(final, to)).toBe(false);
    }
  });
  it('goes filed → posted → paid, and only so', () => {
    expect(canTransition('filed', 'posted')).toBe(true);
    expect(canTransition('posted', 'paid')).toBe(true);
    expect(canTransition('filed', 'paid')).toBe(false);
    expect(INVOICE_STATUSES.filter((s) => canTransition('posted', s))).toEqual(['paid']);
  });
  it('lets every open state be cancelled', () => {
    for (const open of ['received', 'extracted', 'validated', 'awaiting_approval', 'approved'] as const) {
      expect(canTransition(open, 'cancelled')).toBe(true);
    }
    expect(isIntakeFinal('validated')).toBe(false);
    expect(isIntakeFinal('awaiting_approval')).toBe(true);
  });
  it('lets an invoice wait for the schemas and continue from there', () => {
    expect(canTransition('received', 'awaiting_schemas')).toBe(true);
    expect(canTransition('awaiting_schemas', 'extracted')).toBe(true);
    expect(canTransition('awaiting_schemas', 'rejected')).toBe(false);
    expect(isIntakeFinal('awaiting_schemas')).toBe(false);
  });
});
