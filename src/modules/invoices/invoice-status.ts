/**
 * The invoice lifecycle (DESIGN.md): a persisted state machine, every transition audited.
 *
 *   received → extracted → validated → (rejected | duplicate | awaiting_approval)
 *   → approved → filed → posted;  returned and cancelled from any open state.
 */
export const INVOICE_STATUSES = [
  'received',
  'extracted',
  'validated',
  'rejected',
  'duplicate',
  'awaiting_approval',
  'approved',
  'filed',
  'posted',
  'returned',
  'cancelled',
] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

const TRANSITIONS: Record<InvoiceStatus, readonly InvoiceStatus[]> = {
  received: ['extracted', 'rejected', 'cancelled'],
  extracted: ['validated', 'rejected', 'cancelled'],
  validated: ['rejected', 'duplicate', 'awaiting_approval', 'cancelled'],
  awaiting_approval: ['approved', 'returned', 'cancelled'],
  approved: ['filed', 'returned', 'cancelled'],
  filed: ['posted'],
  posted: [],
  rejected: [],
  duplicate: [],
  returned: [],
  cancelled: [],
};

export function canTransition(from: InvoiceStatus, to: InvoiceStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** States in which the intake pipeline still has work to do (the recovery sweep's query). */
export const PIPELINE_OPEN_STATUSES: readonly InvoiceStatus[] = ['received', 'extracted', 'validated'];

/** The intake pipeline is done with the invoice (a supplier's status page shows it as final). */
export function isIntakeFinal(status: InvoiceStatus): boolean {
  return !PIPELINE_OPEN_STATUSES.includes(status);
}
