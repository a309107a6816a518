import { internalFindingOf, revalidationCause } from './invoice-revalidation.js';

const report = (...ids: string[]) => ({ valid: false, errors: ids.map((id) => ({ id })) });

describe('which invoices an admin may validate again', () => {
  it('a rejection for a fault of ours', () => {
    expect(
      revalidationCause({ status: 'rejected', report: report('SCHEMA-NOT-INSTALLED'), duplicateOf: null }),
    ).toBe('SCHEMA-NOT-INSTALLED');
    expect(
      revalidationCause({ status: 'rejected', report: report('BR-01', 'INTERNAL-ERROR'), duplicateOf: null }),
    ).toBe('INTERNAL-ERROR');
  });

  it("not a rejection for the invoice's own fault, nor an invoice still open or accepted", () => {
    expect(
      revalidationCause({ status: 'rejected', report: report('BR-CO-10'), duplicateOf: null }),
    ).toBeNull();
    expect(revalidationCause({ status: 'rejected', report: null, duplicateOf: null })).toBeNull();
    expect(
      revalidationCause({
        status: 'awaiting_approval',
        report: report('SCHEMA-NOT-INSTALLED'),
        duplicateOf: null,
      }),
    ).toBeNull();
    expect(internalFindingOf({ status: 'rejected', report: { errors: 'nonsense' } })).toBeNull();
  });

  it('a duplicate only of an invoice rejected for a fault of ours', () => {
    const dup = { status: 'duplicate' as const, report: null, duplicateOf: 'x' };
    expect(revalidationCause(dup, { status: 'rejected', report: report('SCHEMA-NOT-INSTALLED') })).toBe(
      'duplicate of an invoice rejected with SCHEMA-NOT-INSTALLED',
    );
    expect(revalidationCause(dup, { status: 'awaiting_approval', report: report() })).toBeNull();
    expect(revalidationCause(dup)).toBeNull();
  });
});
