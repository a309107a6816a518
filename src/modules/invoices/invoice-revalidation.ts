import { DomainError } from '../../common/errors/domain-error.js';
import type { InvoiceRecord } from './invoice.repository.js';
import { InvoiceRepository } from './invoice.repository.js';
import { REVALIDATION_FROM } from './invoice-status.js';
import { InvoicesErrors } from './invoices.errors.js';

/**
 * Findings that say the check itself failed — a fault of ours, not of the invoice: the
 * official schemas were missing, or the validator broke. An invoice rejected with one of
 * them may be validated again; so may a duplicate of such an invoice (a supplier who sent
 * it again was told "duplicate").
 */
export const INTERNAL_FINDINGS: readonly string[] = ['SCHEMA-NOT-INSTALLED', 'INTERNAL-ERROR', 'RULE-ERROR'];

/** The internal finding that makes a rejected invoice eligible, or null. */
export function internalFindingOf(inv: Pick<InvoiceRecord, 'status' | 'report'>): string | null {
  if (inv.status !== 'rejected') return null;
  const errors = (inv.report as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return null;
  for (const e of errors) {
    const id = (e as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && INTERNAL_FINDINGS.includes(id)) return id;
  }
  return null;
}

/** Why the invoice may be validated again (`original` is the invoice a duplicate points to), or null. */
export function revalidationCause(
  inv: Pick<InvoiceRecord, 'status' | 'report' | 'duplicateOf'>,
  original?: Pick<InvoiceRecord, 'status' | 'report'>,
): string | null {
  if (!REVALIDATION_FROM.includes(inv.status)) return null;
  if (inv.status === 'rejected') return internalFindingOf(inv);
  const cause = original ? internalFindingOf(original) : null;
  return cause && `duplicate of an invoice rejected with ${cause}`;
}

export interface RevalidationRequest {
  readonly tenantId: string;
  readonly invoiceId: string;
  /** Audit actor: `user:…`, `api-key:…` or `operator:…`. */
  readonly actor: string;
}

/**
 * An admin's re-validation of an invoice that was refused for an internal reason: the
 * invoice goes back to `received` (compare-and-set, one lifecycle event, one audit entry,
 * all in one statement) and the pipeline runs it again. The pipeline's duplicate check does
 * not count rejected invoices, so the earlier attempt does not make it a duplicate.
 * `continueWith` enqueues the pipeline job; without it (the CLI) the recovery sweep of the
 * running workers picks the invoice up, as the database says it is open.
 */
/** One invoice an admin may validate again, with the reason it was refused. */
export interface RevalidationCandidate {
  readonly id: string;
  readonly status: string;
  readonly number: string | null;
  readonly sellerName: string | null;
  readonly fileName: string | null;
  readonly receivedAt: Date;
  readonly cause: string;
}

export class InvoiceRevalidation {
  constructor(
    private readonly invoices: InvoiceRepository,
    private readonly continueWith?: (tenantId: string, invoiceId: string) => Promise<void>,
  ) {}

  /** The same as `eligible`, as the admin's list (API and web page) shows each invoice. */
  async candidates(tenantId: string, limit = 200): Promise<RevalidationCandidate[]> {
    return (await this.eligible(tenantId, limit)).map(({ invoice: i, cause }) => ({
      id: i.id,
      status: i.status,
      number: i.number,
      sellerName: i.sellerName,
      fileName: i.fileName,
      receivedAt: i.createdAt,
      cause,
    }));
  }

  /** The invoices of the tenant an admin may validate again, newest first. */
  async eligible(tenantId: string, limit = 200): Promise<{ invoice: InvoiceRecord; cause: string }[]> {
    const candidates = await this.invoices.listRevalidationCandidates(tenantId, INTERNAL_FINDINGS, limit);
    const out: { invoice: InvoiceRecord; cause: string }[] = [];
    for (const c of candidates) {
      const cause = revalidationCause(c.invoice, c.original);
      if (cause) out.push({ invoice: c.invoice, cause });
    }
    return out;
  }

  async revalidate(req: RevalidationRequest): Promise<{ id: string; status: 'received'; cause: string }> {
    const inv = await this.invoices.get(req.tenantId, req.invoiceId);
    if (!inv) throw new DomainError(InvoicesErrors.INVOICE_NOT_FOUND, { id: req.invoiceId });
    const original =
      inv.status === 'duplicate' && inv.duplicateOf
        ? await this.invoices.get(req.tenantId, inv.duplicateOf)
        : undefined;
    const cause = revalidationCause(inv, original);
    if (!cause) throw new DomainError(InvoicesErrors.INVOICE_NOT_REVALIDATABLE, { status: inv.status });
    const moved = await this.invoices.reopenForRevalidation(
      req.tenantId,
      inv.id,
      inv.status,
      req.actor,
      { reason: 'revalidation', cause },
      [
        {
          tenantId: req.tenantId,
          actor: req.actor,
          action: 'invoice.revalidation-requested',
          subject: `invoice:${inv.id}`,
          data: { from: inv.status, cause },
        },
      ],
    );
    // Moved by someone else meanwhile: it is no longer where the check said.
    if (!moved) throw new DomainError(InvoicesErrors.INVOICE_NOT_REVALIDATABLE, { status: 'changed' });
    await this.continueWith?.(req.tenantId, inv.id);
    return { id: inv.id, status: 'received', cause };
  }
}
