import { Inject, Injectable, Logger } from '@nestjs/common';
import { TransactionRunner } from '../../../database/tenant-transaction.js';
import { BLOB_STORE, type BlobStore } from '../../documents/storage/blob-store.js';
import {
  InvoiceRepository,
  type InvoiceFacts,
  type InvoiceRecord,
  type NewAttachment,
  type PipelineView,
} from '../../invoices/invoice.repository.js';
import { PIPELINE_OPEN_STATUSES, type InvoiceStatus } from '../../invoices/invoice-status.js';
import { checkLeitwegId } from '../../tenants/leitweg-id.js';
import type { ValidationResult } from '../../validation/index.js';
import type { Invoice } from '../../validation/semantic/read-invoice.js';
import { cashDiscounts } from './cash-discount.js';
import { ValidatorProvider } from './validator.provider.js';

/** Stable codes of pipeline decisions that are not validation findings. */
export type RoutingCode =
  'ROUTING-LEITWEG-ID-MISSING' | 'ROUTING-LEITWEG-ID-INVALID' | 'ROUTING-LEITWEG-ID-UNKNOWN';

/** Where the pipeline left an invoice, and what its answers need to know of the message. */
export interface PipelineOutcome {
  readonly status: InvoiceStatus;
  readonly message: PipelineView['message'];
}

/**
 * The intake pipeline of one invoice: detect → extract → validate → persist the model →
 * de-duplicate → route. Every step still open is worked out from the stored raw document
 * (deterministic) and the invoice is then moved to its final intake state in one
 * transaction: a compare-and-set on the status it was read in, one lifecycle event and one
 * audit entry per step. A job that runs twice, late or concurrently therefore changes
 * nothing the first run did not; a crash before the commit leaves the invoice where it
 * was, for the retry or the recovery sweep.
 */
@Injectable()
export class InvoicePipeline {
  private readonly log = new Logger(InvoicePipeline.name);

  constructor(
    private readonly invoices: InvoiceRepository,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly validators: ValidatorProvider,
    private readonly tx: TransactionRunner,
  ) {}

  /** Runs the invoice through every step still open; returns where it ended (undefined: no such invoice). */
  async process(tenantId: string, invoiceId: string): Promise<PipelineOutcome | undefined> {
    // One transaction for the read, the checks and the move. A step is derived from the
    // stored raw document: if a crash loses this commit, the sweep simply runs the step
    // again, so it need not wait for the WAL flush (the acknowledgement to the sender did,
    // when the message was stored).
    return this.tx.inTenant(
      tenantId,
      async () => {
        // When another worker moved the invoice first, the state is read again (READ
        // COMMITTED: each statement sees what was committed before it).
        for (let round = 0; round < 3; round++) {
          const view = await this.invoices.loadForPipeline(tenantId, invoiceId);
          if (!view) return undefined;
          const outcome = { status: view.invoice.status, message: view.message };
          if (!PIPELINE_OPEN_STATUSES.includes(view.invoice.status)) return outcome;
          const plan = await this.plan(view);
          // Still waiting for the official schemas: nothing to move.
          if (!plan) return outcome;
          if (await this.apply(view.invoice, plan)) return { ...outcome, status: plan.steps.at(-1)!.to };
        }
        throw new Error(`invoice ${invoiceId} kept moving under the pipeline; retrying the job`);
      },
      { relaxedDurability: true },
    );
  }

  /**
   * Works out the steps from the invoice's current status to its final intake state, or
   * to `awaiting_schemas` when the document cannot be checked because the official schemas
   * are not installed (a fault of ours, never a rejection). null: it waits already.
   */
  private async plan(view: PipelineView): Promise<Plan | null> {
    const inv = view.invoice;
    const plan: Plan = { steps: [], facts: {}, attachments: [] };
    let known: InvoiceRecord = inv;
    if (inv.status === 'received' || inv.status === 'extracted' || inv.status === 'awaiting_schemas') {
      const checked = await this.validation(inv, plan);
      if (checked.to === 'awaiting_schemas') {
        if (inv.status === 'awaiting_schemas') return null;
        return { steps: [checked], facts: {}, attachments: [] };
      }
      if (inv.status !== 'extracted') plan.steps.push({ to: 'extracted' });
      plan.steps.push(checked);
      known = { ...inv, ...plan.facts };
    }
    const decision = await this.decide(known, view);
    Object.assign(plan.facts, decision.facts);
    plan.steps.push(decision);
    return plan;
  }

  /** Moves the invoice as planned with its audit entries; false when another worker moved it first. */
  private apply(inv: InvoiceRecord, plan: Plan): Promise<boolean> {
    let from = inv.status;
    const audit = plan.steps.map((step) => {
      const entry = {
        tenantId: inv.tenantId,
        actor: 'system',
        action: `invoice.${step.to}`,
        subject: `invoice:${inv.id}`,
        data: { from, ...(step.detail ?? {}) },
      };
      from = step.to;
      return entry;
    });
    return this.invoices.advance(
      inv.tenantId,
      inv.id,
      inv.status,
      plan.steps,
      plan.facts,
      'system',
      audit,
      plan.attachments,
    );
  }

  private async document(inv: InvoiceRecord): Promise<Buffer> {
    const bytes = await this.blobs.get(inv.documentSha256);
    // The raw document was stored before the invoice row existed; its absence is an
    // operational fault (lost volume), not bad input: fail the job so it is retried and seen.
    if (!bytes)
      throw new Error(
        `raw document ${inv.documentSha256} of invoice ${inv.id} is missing from the blob store`,
      );
    return bytes;
  }

  /**
   * Detect the container (for ZUGFeRD / Factur-X keep the embedded XML as a document of its
   * own), validate, and read the EN 16931 model's key facts from the same parse. The facts
   * and the documents to attach go into the plan; the step is returned.
   */
  private async validation(inv: InvoiceRecord, plan: Plan): Promise<Step> {
    const bytes = await this.document(inv);
    const doc = await this.validators.validateDocument(bytes, inv.fileName ?? undefined);
    if (doc.result.errors.some((e) => e.id === 'SCHEMA-NOT-INSTALLED')) {
      this.log.warn(
        `invoice ${inv.id} waits for the official XML schemas (not installed in ${this.validators.schemaDir}); ` +
          'it continues on its own once they are installed (see `einvoice doctor`)',
      );
      return { to: 'awaiting_schemas', detail: { reason: 'schemas-not-installed' } };
    }
    if (doc.embeddedXml) {
      const xml = await this.blobs.put(doc.embeddedXml.bytes);
      plan.attachments.push({
        sha256: xml.sha256,
        fileName: doc.embeddedXml.fileName ?? 'invoice.xml',
        mimeCode: 'application/xml',
        description: 'embedded invoice XML',
        source: 'embedded',
      });
    }
    const { result } = doc;
    const model = doc.model && (await this.storeEmbeddedAttachments(doc.model, plan));
    Object.assign(plan.facts, {
      container: doc.container,
      syntax: result.syntax,
      customization: result.customization,
      scenario: result.scenario,
      valid: result.valid,
      report: storedReport(result),
    } satisfies InvoiceFacts);
    if (model) {
      Object.assign(plan.facts, {
        model,
        number: model.number ?? null,
        issueDate: isoDateOrNull(model.issueDate),
        dueDate: isoDateOrNull(model.dueDate),
        currency: model.currency ?? null,
        amountDue: decimalOrNull(model.totals.payable),
        sellerName: model.seller.name ?? null,
        sellerVatId: model.seller.vatId ?? null,
        buyerReference: model.buyerReference ?? null,
        cashDiscounts: cashDiscounts(model.paymentTerms, model.issueDate, model.totals.payable),
      } satisfies InvoiceFacts);
    }
    return {
      to: 'validated',
      detail: { valid: result.valid, errors: result.errors.map((e) => e.id) },
    };
  }

  /** Stores the model's embedded attachments (BG-24) in the raw store; the model keeps a reference. */
  private async storeEmbeddedAttachments(model: Invoice, plan: Plan): Promise<Invoice> {
    for (const a of model.attachments) {
      if (!a.contentBase64) continue;
      const stored = await this.blobs.put(Buffer.from(a.contentBase64, 'base64'));
      plan.attachments.push({
        sha256: stored.sha256,
        fileName: a.filename ?? a.id,
        mimeCode: a.mimeCode,
        description: a.description,
        source: 'embedded',
      });
      // The model keeps a reference, not a second copy of the content.
      a.contentBase64 = undefined;
      (a as { sha256?: string }).sha256 = stored.sha256;
    }
    return model;
  }

  /** The final intake decision for a validated invoice: rejected, duplicate or awaiting approval. */
  private async decide(inv: InvoiceRecord, view: PipelineView): Promise<Step> {
    if (!inv.valid) return { to: 'rejected', detail: { reason: 'validation' } };
    if (view.sameContentId) {
      return {
        to: 'duplicate',
        facts: { duplicateOf: view.sameContentId },
        detail: { reason: 'same-content', duplicateOf: view.sameContentId },
      };
    }
    const routing = route(inv, view.leitwegIds);
    if (!routing.ok) {
      return {
        to: 'rejected',
        detail: { reason: 'routing', code: routing.code, buyerReference: inv.buyerReference },
      };
    }
    const seller = inv.sellerVatId ?? inv.sellerName;
    const suspected =
      seller && inv.number && inv.issueDate && inv.amountDue
        ? await this.invoices.findSameBusinessKey(
            inv.tenantId,
            { seller, number: inv.number, issueDate: inv.issueDate, amountDue: inv.amountDue },
            inv.id,
          )
        : undefined;
    if (suspected) {
      this.log.warn(
        `invoice ${inv.id} looks like a duplicate of ${suspected.id} (same seller, number, date, amount)`,
      );
    }
    return {
      to: 'awaiting_approval',
      facts: { routingReceiverId: routing.receiverId, suspectedDuplicateOf: suspected?.id ?? null },
      detail: suspected ? { suspectedDuplicateOf: suspected.id } : undefined,
    };
  }
}

/**
 * Routing within the tenant by Leitweg-ID (BT-10): a tenant that publishes Leitweg-IDs
 * receives only invoices addressed to one of them, with valid check digits. A tenant
 * without Leitweg-IDs (a company) takes every valid invoice.
 */
function route(
  inv: InvoiceRecord,
  tenantLeitwegIds: readonly string[],
): { ok: true; receiverId: string | null } | { ok: false; code: RoutingCode } {
  const leitwegIds = tenantLeitwegIds.map((v) => v.toUpperCase());
  if (leitwegIds.length === 0) return { ok: true, receiverId: null };
  const bt10 = inv.buyerReference?.trim();
  if (!bt10) return { ok: false, code: 'ROUTING-LEITWEG-ID-MISSING' };
  if (!checkLeitwegId(bt10).ok) return { ok: false, code: 'ROUTING-LEITWEG-ID-INVALID' };
  if (!leitwegIds.includes(bt10.toUpperCase())) return { ok: false, code: 'ROUTING-LEITWEG-ID-UNKNOWN' };
  return { ok: true, receiverId: `0204:${bt10}` };
}

interface Step {
  readonly to: InvoiceStatus;
  /** Facts the step learnt (stored with the move). */
  readonly facts?: InvoiceFacts;
  readonly detail?: Record<string, unknown>;
}

/** The steps from the current status to the final one, what they learnt and what to attach. */
interface Plan {
  readonly steps: Step[];
  readonly facts: InvoiceFacts;
  readonly attachments: NewAttachment[];
}

/** The validation result as stored: language-neutral (both messages), without the step diagnostics. */
function storedReport(r: ValidationResult): ValidationResult {
  return { ...r, steps: [] };
}

function isoDateOrNull(s: string | undefined): string | null {
  return s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)) ? s : null;
}

function decimalOrNull(s: string | undefined): string | null {
  return s && /^[+-]?\d{1,15}(\.\d{1,4})?$/.test(s.trim()) ? s.trim() : null;
}
