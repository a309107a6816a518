import { Inject, Injectable, Logger } from '@nestjs/common';
import { TransactionRunner } from '../../../database/tenant-transaction.js';
import { AuditService } from '../../audit/audit.service.js';
import { BLOB_STORE, type BlobStore } from '../../documents/storage/blob-store.js';
import {
  InvoiceRepository,
  type InvoiceFacts,
  type InvoiceRecord,
} from '../../invoices/invoice.repository.js';
import type { InvoiceStatus } from '../../invoices/invoice-status.js';
import { checkLeitwegId } from '../../tenants/leitweg-id.js';
import { TenantService } from '../../tenants/tenant.service.js';
import type { ValidationResult } from '../../validation/index.js';
import { readInvoice, type Invoice } from '../../validation/semantic/read-invoice.js';
import { secureParse } from '../../validation/xml/secure-parse.js';
import { cashDiscounts } from './cash-discount.js';
import { ValidatorProvider } from './validator.provider.js';

/** Stable codes of pipeline decisions that are not validation findings. */
export type RoutingCode =
  'ROUTING-LEITWEG-ID-MISSING' | 'ROUTING-LEITWEG-ID-INVALID' | 'ROUTING-LEITWEG-ID-UNKNOWN';

/**
 * The intake pipeline of one invoice: detect → extract → validate → persist the model →
 * de-duplicate → route. Each step reads the persisted state, does its work from the stored
 * raw document (deterministic) and moves the invoice on with a compare-and-set transition,
 * so a job that runs twice, late or concurrently changes nothing the first run did not.
 */
@Injectable()
export class InvoicePipeline {
  private readonly log = new Logger(InvoicePipeline.name);

  constructor(
    private readonly invoices: InvoiceRepository,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly validators: ValidatorProvider,
    private readonly tenants: TenantService,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
  ) {}

  /** Runs the invoice through every step still open; returns its final intake status. */
  async process(tenantId: string, invoiceId: string): Promise<InvoiceStatus | undefined> {
    let inv = await this.invoices.get(tenantId, invoiceId);
    // Each round moves the invoice at most one step; three steps lead to a final state. A
    // step hands back the invoice as it stored it; when another worker moved it first, the
    // state is read again.
    for (let round = 0; inv && round < 6; round++) {
      let next: InvoiceRecord | undefined;
      switch (inv.status) {
        case 'received':
          next = await this.extract(inv);
          break;
        case 'extracted':
          next = await this.validate(inv);
          break;
        case 'validated':
          next = await this.decide(inv);
          break;
        case 'rejected':
        case 'duplicate':
        case 'awaiting_approval':
        case 'approved':
        case 'filed':
        case 'posted':
        case 'returned':
        case 'cancelled':
          return inv.status;
      }
      inv = next ?? (await this.invoices.get(tenantId, invoiceId));
    }
    return inv?.status;
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

  private move(
    inv: InvoiceRecord,
    to: InvoiceStatus,
    facts: InvoiceFacts = {},
    detail?: Record<string, unknown>,
  ): Promise<InvoiceRecord | undefined> {
    return this.moveSteps(inv, [{ to, facts, detail }]);
  }

  /**
   * Moves the invoice through one or more steps (compare-and-set each) with their audit
   * entries, in one transaction; returns the stored record, or undefined when another
   * worker moved it first (then nothing of this call is kept).
   */
  private async moveSteps(inv: InvoiceRecord, steps: readonly Step[]): Promise<InvoiceRecord | undefined> {
    try {
      return await this.tx.inTenant(inv.tenantId, async () => {
        // A pipeline step is derived from the stored raw document: if a crash loses this
        // commit, the sweep simply runs the step again. So it need not wait for the WAL
        // flush (the acknowledgement to the sender did, when the message was stored).
        await this.invoices.relaxDurabilityOfCurrentTransaction(inv.tenantId);
        let current = inv;
        for (const step of steps) {
          const facts = step.facts ?? {};
          const ok = await this.invoices.transition(
            current.tenantId,
            current.id,
            current.status,
            step.to,
            'system',
            facts,
            step.detail,
          );
          if (!ok) throw new LostRace();
          await this.audit.record({
            tenantId: current.tenantId,
            actor: 'system',
            action: `invoice.${step.to}`,
            subject: `invoice:${current.id}`,
            data: { from: current.status, ...(step.detail ?? {}) },
          });
          current = { ...current, ...facts, status: step.to };
        }
        return current;
      });
    } catch (err) {
      if (err instanceof LostRace) return undefined;
      throw err;
    }
  }

  /**
   * Detect the container (for ZUGFeRD / Factur-X keep the embedded XML as a document of its
   * own) and validate, then record both steps in one transaction.
   */
  private async extract(inv: InvoiceRecord): Promise<InvoiceRecord | undefined> {
    const bytes = await this.document(inv);
    const doc = await this.validators.invoiceXml(bytes);
    if (doc.pdf && doc.xml) {
      const xml = await this.blobs.put(doc.xml);
      await this.invoices.addAttachment(inv.tenantId, inv.id, {
        sha256: xml.sha256,
        fileName: doc.xmlFilename ?? 'invoice.xml',
        mimeCode: 'application/xml',
        description: 'embedded invoice XML',
        source: 'embedded',
      });
    }
    const validated = await this.validation(inv, bytes, doc.xml);
    return this.moveSteps(inv, [
      { to: 'extracted', facts: { container: doc.pdf ? 'pdf' : 'xml' } },
      validated,
    ]);
  }

  /** An invoice left in `extracted` (by a crash between the steps of an earlier version) is validated on its own. */
  private async validate(inv: InvoiceRecord): Promise<InvoiceRecord | undefined> {
    const bytes = await this.document(inv);
    return this.moveSteps(inv, [
      await this.validation(inv, bytes, (await this.validators.invoiceXml(bytes)).xml),
    ]);
  }

  /** The validation step: the verdict and, when the XML could be read, the EN 16931 model's key facts. */
  private async validation(inv: InvoiceRecord, bytes: Buffer, xml: Uint8Array | undefined): Promise<Step> {
    const result = await this.validators.get().validate(bytes, { fileName: inv.fileName ?? undefined });
    const model = xml && (await this.model(inv, xml));
    const facts: InvoiceFacts = {
      syntax: result.syntax,
      customization: result.customization,
      scenario: result.scenario,
      valid: result.valid,
      report: storedReport(result),
    };
    if (model) {
      Object.assign(facts, {
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
      facts,
      detail: { valid: result.valid, errors: result.errors.map((e) => e.id) },
    };
  }

  /** The EN 16931 model of the invoice XML, with its embedded attachments (BG-24) stored. */
  private async model(inv: InvoiceRecord, xml: Uint8Array): Promise<Invoice | undefined> {
    const parsed = secureParse(xml, { ...this.validators.get().options.limits });
    if (!parsed.ok) return undefined;
    try {
      const model = readInvoice(parsed.root);
      if (!model) return undefined;
      for (const a of model.attachments) {
        if (!a.contentBase64) continue;
        const content = Buffer.from(a.contentBase64, 'base64');
        const stored = await this.blobs.put(content);
        await this.invoices.addAttachment(inv.tenantId, inv.id, {
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
    } finally {
      parsed.doc.dispose();
    }
  }

  private async decide(inv: InvoiceRecord): Promise<InvoiceRecord | undefined> {
    if (!inv.valid) return this.move(inv, 'rejected', {}, { reason: 'validation' });
    const same = await this.invoices.findSameContent(inv.tenantId, inv.documentSha256, inv.id);
    if (same) {
      return this.move(
        inv,
        'duplicate',
        { duplicateOf: same.id },
        { reason: 'same-content', duplicateOf: same.id },
      );
    }
    const routing = await this.route(inv);
    if (!routing.ok) {
      return this.move(
        inv,
        'rejected',
        {},
        { reason: 'routing', code: routing.code, buyerReference: inv.buyerReference },
      );
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
    return this.move(
      inv,
      'awaiting_approval',
      { routingReceiverId: routing.receiverId, suspectedDuplicateOf: suspected?.id ?? null },
      suspected ? { suspectedDuplicateOf: suspected.id } : undefined,
    );
  }

  /**
   * Routing within the tenant by Leitweg-ID (BT-10): a tenant that publishes Leitweg-IDs
   * receives only invoices addressed to one of them, with valid check digits. A tenant
   * without Leitweg-IDs (a company) takes every valid invoice.
   */
  private async route(
    inv: InvoiceRecord,
  ): Promise<{ ok: true; receiverId: string | null } | { ok: false; code: RoutingCode }> {
    const tenant = await this.tenants.get(inv.tenantId);
    const leitwegIds = tenant.receiverIds
      .filter((r) => r.scheme === '0204')
      .map((r) => r.value.toUpperCase());
    if (leitwegIds.length === 0) return { ok: true, receiverId: null };
    const bt10 = inv.buyerReference?.trim();
    if (!bt10) return { ok: false, code: 'ROUTING-LEITWEG-ID-MISSING' };
    if (!checkLeitwegId(bt10).ok) return { ok: false, code: 'ROUTING-LEITWEG-ID-INVALID' };
    if (!leitwegIds.includes(bt10.toUpperCase())) return { ok: false, code: 'ROUTING-LEITWEG-ID-UNKNOWN' };
    return { ok: true, receiverId: `0204:${bt10}` };
  }
}

interface Step {
  readonly to: InvoiceStatus;
  readonly facts?: InvoiceFacts;
  readonly detail?: Record<string, unknown>;
}

/** Another worker moved the invoice first: roll back this attempt. */
class LostRace extends Error {}

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
