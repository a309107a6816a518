/**
 * The invoice lifecycle (DESIGN.md): a persisted state machine, every transition audited.
 *
 *   received → extracted → validated → (rejected | duplicate | awaiting_approval)
 *   → approved → filed → posted → paid;  returned and cancelled from any open state.
 *
 * An invoice that cannot be checked for a fault of ours (the official schemas are not
 * installed) is not rejected: it waits in `awaiting_schemas` and continues on its own
 * once they are (→ extracted → validated → …).
 */
export const INVOICE_STATUSES = [
  'received',
  'extracted',
  'awaiting_schemas',
  'validated',
  'rejected',
  'duplicate',
  'awaiting_approval',
  'approved',
  'filed',
  'posted',
  'paid',
  'returned',
  'cancelled',
] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

const TRANSITIONS: Record<InvoiceStatus, readonly InvoiceStatus[]> = {
  received: ['extracted', 'awaiting_schemas', 'rejected', 'cancelled'],
  extracted: ['validated', 'awaiting_schemas', 'rejected', 'cancelled'],
  awaiting_schemas: ['extracted', 'cancelled'],
  validated: ['rejected', 'duplicate', 'awaiting_approval', 'cancelled'],
  awaiting_approval: ['approved', 'returned', 'cancelled'],
  approved: ['filed', 'returned', 'cancelled'],
  filed: ['posted'],
  posted: ['paid'],
  paid: [],
  rejected: [],
  duplicate: [],
  returned: [],
  cancelled: [],
};

export function canTransition(from: InvoiceStatus, to: InvoiceStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** States in which the intake pipeline still has work to do (the recovery sweep's query). */
export const PIPELINE_OPEN_STATUSES: readonly InvoiceStatus[] = [
  'received',
  'extracted',
  'awaiting_schemas',
  'validated',
];

/**
 * Final intake states an admin may send through validation again (see
 * InvoiceRevalidation): the way back for invoices refused for a fault of ours. Not a
 * lifecycle transition of its own: the invoice restarts at `received`.
 */
export const REVALIDATION_FROM: readonly InvoiceStatus[] = ['rejected', 'duplicate'];

/** The intake pipeline is done with the invoice (a supplier's status page shows it as final). */
export function isIntakeFinal(status: InvoiceStatus): boolean {
  return !PIPELINE_OPEN_STATUSES.includes(status);
}
