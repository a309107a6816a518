import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApprovalRepository, type KontierungLine } from '../../approval/approval.repository.js';
import { FESTSTELLUNG_KINDS } from '../../approval/policy/policy.js';
import { AuditService } from '../../audit/audit.service.js';
import { BLOB_STORE, type BlobStore } from '../../documents/storage/blob-store.js';
import { InvoiceReadService, safeFileName, safeMime } from '../../invoices/invoice-read.service.js';
import { InvoiceRepository, type InvoiceBundle } from '../../invoices/invoice.repository.js';
import type { Invoice } from '../../validation/semantic/en16931.js';
import { invoicePdf } from '../../web/invoice-pdf.js';
import { invoiceDocument } from '../../web/views/invoice-document.js';
import {
  type DocumentKind,
  RecordsRepository,
  type RecordDocument,
  type VorgangRecord,
} from '../records.repository.js';
import { anordnungPdf } from './anordnung.js';
import { laufzettelOf, laufzettelPdf } from './laufzettel.js';
import { type Retention, retentionFor } from './retention.js';
import { validationReportHtml, validationReportJson } from './validation-report.js';

/** One document to file, with its content. */
export interface PendingDocument {
  readonly kind: DocumentKind;
  readonly name: string;
  readonly mediaType: string;
  readonly content: Buffer;
  readonly metadata: Record<string, unknown>;
}

/** The description the intake pipeline gives the XML it took out of a ZUGFeRD / Factur-X PDF. */
const EMBEDDED_INVOICE_XML = 'embedded invoice XML';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const json = (v: unknown): Buffer => Buffer.from(`${JSON.stringify(v, null, 2)}\n`, 'utf8');

/**
 * Files an approved invoice into its Vorgang: every document of the case (the invoice as
 * received, the message it came in, its attachments, the validation report, a rendering,
 * the Laufzettel and the Anordnung) into the blob store and the Vorgang's list, then marks
 * the Vorgang filed and moves the invoice `approved → filed`.
 *
 * Idempotent and restartable at any point: a document is listed once per kind and name (a
 * re-run keeps what the first run listed), blobs are content-addressed, and only the last
 * transaction sets `filed_at` — so a Vorgang without it is unfinished work the sweep hands
 * back to this service, which completes the set.
 */
@Injectable()
export class RecordsFilingService {
  private readonly log = new Logger('RecordsFiling');

  constructor(
    private readonly repo: RecordsRepository,
    private readonly invoices: InvoiceRepository,
    private readonly reader: InvoiceReadService,
    private readonly approvals: ApprovalRepository,
    private readonly audit: AuditService,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  private filedListeners: ((tenantId: string, vorgangId: string) => Promise<void>)[] = [];

  /**
   * Called after a Vorgang is filed (the DMS exports enqueue their work). Only speeds things
   * up: whoever listens has a sweep that finds filed Vorgänge when the call is lost.
   */
  onFiled(listener: (tenantId: string, vorgangId: string) => Promise<void>): void {
    this.filedListeners.push(listener);
  }

  /** Files the Vorgang; false when there is nothing to do (unknown, or filed already). */
  async file(tenantId: string, vorgangId: string): Promise<boolean> {
    if (!UUID.test(vorgangId) || !UUID.test(tenantId)) return false;
    const v = await this.repo.tx(tenantId, (m) => this.repo.vorgang(m, vorgangId));
    if (!v || v.filedAt) return false;
    await this.storeDocuments(tenantId, vorgangId);
    const filed = await this.complete(tenantId, vorgangId);
    if (filed) {
      for (const listener of this.filedListeners) {
        await listener(tenantId, vorgangId).catch((err: unknown) =>
          this.log.warn(`after filing ${vorgangId}: ${String(err)} (its sweep takes over)`),
        );
      }
    }
    return filed;
  }

  /**
   * Stores and lists the Vorgang's documents (those of the given kinds only, when given),
   * each in a short transaction of its own under the Vorgang's row lock. Answers the rows.
   */
  async storeDocuments(
    tenantId: string,
    vorgangId: string,
    only?: readonly DocumentKind[],
  ): Promise<RecordDocument[]> {
    const v = await this.repo.tx(tenantId, (m) => this.repo.vorgang(m, vorgangId));
    if (!v) return [];
    const retention = await this.retentionOf(tenantId, v.invoiceId, new Date());
    const out: RecordDocument[] = [];
    for (const d of await this.documentsOf(tenantId, v)) {
      if (only && !only.includes(d.kind)) continue;
      out.push(await this.store(tenantId, vorgangId, d, retention));
    }
    return out;
  }

  /** Puts one document into the blob store and lists it in the Vorgang (once per kind and name). */
  async store(
    tenantId: string,
    vorgangId: string,
    d: PendingDocument,
    retention: Retention,
  ): Promise<RecordDocument> {
    const blob = await this.blobs.put(d.content);
    return this.repo.tx(tenantId, async (m) => {
      // The Vorgang's row lock orders the positions of concurrent writers (a note, a re-run).
      await this.repo.vorgang(m, vorgangId, true);
      const { document } = await this.repo.insertDocument(m, tenantId, vorgangId, {
        kind: d.kind,
        name: d.name,
        mediaType: d.mediaType,
        sha256: blob.sha256,
        size: blob.size,
        metadata: { ...d.metadata, retention: { years: retention.years, basis: retention.basis } },
        retentionClass: retention.retentionClass,
        retainUntil: retention.retainUntil,
      });
      return document;
    });
  }

  /** Marks the Vorgang filed and the invoice `filed`, once; false when it was filed already. */
  async complete(tenantId: string, vorgangId: string): Promise<boolean> {
    return this.repo.tx(tenantId, async (m) => {
      const v = await this.repo.vorgang(m, vorgangId, true);
      if (!v || v.filedAt) return false;
      await this.repo.markFiled(m, vorgangId);
      const documents = await this.repo.documents(m, vorgangId);
      const moved = await this.invoices.transition(
        tenantId,
        v.invoiceId,
        'approved',
        'filed',
        'system',
        {},
        { vorgangId, aktenzeichen: v.aktenzeichen },
      );
      // An invoice cancelled or returned after its approval keeps that status; its record
      // is still complete (what was approved, and when, stays on file).
      if (!moved) this.log.warn(`invoice ${v.invoiceId} was no longer approved when its Vorgang was filed`);
      await this.audit.record({
        tenantId,
        actor: 'system',
        action: 'record.filed',
        subject: `invoice:${v.invoiceId}`,
        data: {
          vorgangId,
          aktenzeichen: v.aktenzeichen,
          documents: documents.map((d) => ({ kind: d.kind, name: d.name, sha256: d.sha256 })),
        },
      });
      return true;
    });
  }

  /** The retention of documents filed now for the invoice (Land, settings, Kontierung). */
  async retentionOf(tenantId: string, invoiceId: string, at: Date): Promise<Retention> {
    return this.repo.tx(tenantId, async (m) => {
      const settings = await this.repo.settingsIn(m, tenantId);
      const land = await this.repo.tenantLand(m, tenantId);
      const kontierung = await this.approvals.kontierung(m, invoiceId);
      return retentionFor({
        filedAt: at,
        land,
        retentionYears: settings.retentionYears,
        subsidyRetentionYears: settings.subsidyRetentionYears,
        subsidised: kontierung.some((k) => !!k.investitionsnummer?.trim()),
      });
    });
  }

  /** Every document of the Vorgang, in filing order, built from what the database holds now. */
  async documentsOf(tenantId: string, v: VorgangRecord): Promise<PendingDocument[]> {
    const bundle = await this.invoices.readBundle(tenantId, v.invoiceId);
    if (!bundle) throw new Error(`invoice ${v.invoiceId} of Vorgang ${v.id} not found`);
    const view = await this.reader.get(tenantId, v.invoiceId);
    if (!view) throw new Error(`invoice ${v.invoiceId} of Vorgang ${v.id} not readable`);
    const inv = bundle.invoice;
    const out: PendingDocument[] = [];

    // The invoice as received. For a ZUGFeRD / Factur-X PDF the structured part is the
    // original (KoSIT; GoBD Rz. 119 as amended 14.07.2025), the PDF is kept beside it.
    const original = await this.blob(inv.documentSha256, 'the invoice document');
    const embedded = bundle.attachments.find(
      (a) => a.source === 'embedded' && a.description === EMBEDDED_INVOICE_XML,
    );
    const isPdf = view.original.kind === 'pdf';
    if (isPdf && embedded) {
      out.push({
        kind: 'invoice-original',
        name: safeFileName(embedded.fileName, 'invoice.xml'),
        mediaType: 'application/xml',
        content: await this.blob(embedded.sha256, 'the embedded invoice XML'),
        metadata: { source: 'embedded-in-pdf', syntax: inv.syntax, customization: inv.customization },
      });
      out.push({
        kind: 'invoice-pdf',
        name: view.original.fileName,
        mediaType: 'application/pdf',
        content: original,
        metadata: { container: inv.container, receivedAs: inv.fileName },
      });
    } else {
      out.push({
        kind: 'invoice-original',
        name: view.original.fileName,
        mediaType: view.original.mime,
        content: original,
        metadata: { syntax: inv.syntax, customization: inv.customization, receivedAs: inv.fileName },
      });
    }

    out.push(await this.inboundMessage(bundle));

    let n = 0;
    for (const a of bundle.attachments) {
      if (a === embedded) continue;
      n++;
      out.push({
        kind: 'attachment',
        // Numbered: two attachments may carry the same file name.
        name: `${String(n).padStart(2, '0')}-${safeFileName(a.fileName, `attachment-${n}`)}`,
        mediaType: safeMime(a.mimeCode),
        content: await this.blob(a.sha256, `attachment ${a.id}`),
        metadata: { source: a.source, description: a.description, fileName: a.fileName, attachmentId: a.id },
      });
    }

    const validatedAt = bundle.history.find((e) => e.toStatus === 'validated')?.at ?? null;
    out.push({
      kind: 'validation-report-html',
      name: 'pruefbericht.html',
      mediaType: 'text/html',
      content: Buffer.from(
        validationReportHtml(inv.report, {
          aktenzeichen: v.aktenzeichen,
          fileName: view.original.fileName,
          validatedAt,
        }),
        'utf8',
      ),
      metadata: { valid: inv.valid, scenario: inv.scenario },
    });
    out.push({
      kind: 'validation-report-json',
      name: 'pruefbericht.json',
      mediaType: 'application/json',
      content: json(validationReportJson(inv.report)),
      metadata: { valid: inv.valid, scenario: inv.scenario },
    });

    // Dated with the Vorgang's creation: a re-run renders the same bytes.
    const rendering = invoiceDocument(view, 'de', `/invoices/${view.id}`);
    out.push({
      kind: 'invoice-rendering',
      name: 'sichtansicht.pdf',
      mediaType: 'application/pdf',
      content: Buffer.from(await invoicePdf(rendering, v.createdAt)),
      metadata: { note: 'Lesbare Darstellung; das Original ist die strukturierte Rechnung.' },
    });

    const approval = await this.approvalOf(tenantId, v, bundle);
    out.push({
      kind: 'laufzettel-json',
      name: 'laufzettel.json',
      mediaType: 'application/json',
      content: json(approval.laufzettel),
      metadata: {
        policyId: approval.laufzettel.policy.id,
        policyVersion: approval.laufzettel.policy.version,
      },
    });
    out.push({
      kind: 'laufzettel-pdf',
      name: 'laufzettel.pdf',
      mediaType: 'application/pdf',
      content: Buffer.from(await laufzettelPdf(approval.laufzettel, v.createdAt)),
      metadata: {
        policyId: approval.laufzettel.policy.id,
        policyVersion: approval.laufzettel.policy.version,
      },
    });
    out.push({
      kind: 'anordnung',
      name: 'anordnung.pdf',
      mediaType: 'application/pdf',
      content: Buffer.from(await anordnungPdf(approval.anordnung, v.createdAt)),
      metadata: { orderedBy: approval.anordnung.orderedBy, amount: approval.anordnung.amount },
    });
    return out;
  }

  private async inboundMessage(bundle: InvoiceBundle): Promise<PendingDocument> {
    const msg = bundle.message;
    const day = msg.receivedAt.toISOString().slice(0, 10);
    const id8 = msg.id.slice(0, 8);
    const type = (msg.contentType || '').split(';')[0].trim().toLowerCase();
    const ext =
      msg.channel === 'email'
        ? 'eml'
        : /xml/.test(type)
          ? 'xml'
          : /pdf/.test(type)
            ? 'pdf'
            : /json/.test(type)
              ? 'json'
              : 'bin';
    const prefix = msg.channel === 'email' ? 'message' : msg.channel === 'peppol' ? 'sbdh' : 'upload';
    return {
      kind: 'inbound-message',
      name: `${prefix}-${day}-${id8}.${ext}`,
      mediaType: msg.channel === 'email' ? 'message/rfc822' : safeMime(msg.contentType),
      content: await this.blob(msg.blobSha256, `message ${msg.id}`),
      metadata: {
        messageId: msg.id,
        channel: msg.channel,
        sender: msg.sender,
        externalId: msg.externalId,
        receivedAt: msg.receivedAt.toISOString(),
        contentType: msg.contentType,
      },
    };
  }

  private async approvalOf(tenantId: string, v: VorgangRecord, bundle: InvoiceBundle) {
    const inv = bundle.invoice;
    return this.approvals.tx(tenantId, async (m: EntityManager) => {
      const instance = await this.approvals.instance(m, v.invoiceId);
      if (!instance) throw new Error(`invoice ${v.invoiceId} has no approval to file`);
      const policy = await this.approvals.policy(m, instance.policyId);
      const tasks = await this.approvals.tasks(m, v.invoiceId);
      const decisions = await this.approvals.decisions(m, v.invoiceId);
      const kontierung: KontierungLine[] = await this.approvals.kontierung(m, v.invoiceId);
      const names = new Map((await this.approvals.staffUsers(m)).map((u) => [u.id, u.displayName]));
      const currency = inv.currency ?? instance.currency;
      const laufzettel = laufzettelOf({
        aktenzeichen: v.aktenzeichen,
        betreff: v.betreff,
        invoice: {
          id: inv.id,
          number: inv.number,
          seller: inv.sellerName,
          issueDate: inv.issueDate,
          amount: instance.amount,
          currency,
        },
        policy: {
          id: instance.policyId,
          version: decisions.at(-1)?.policyVersion ?? policy?.version ?? 0,
          name: policy?.name ?? '',
        },
        instance,
        tasks,
        decisions,
        kontierung,
        names,
      });
      const approves = decisions.filter((d) => d.action === 'approve');
      const order = approves.filter((d) => d.stepKind === 'anordnung').at(-1) ?? approves.at(-1);
      const model = (inv.model ?? null) as Invoice | null;
      const anordnung = {
        aktenzeichen: v.aktenzeichen,
        betreff: v.betreff,
        invoiceNumber: inv.number,
        invoiceDate: inv.issueDate,
        amount: instance.amount,
        currency,
        payee: model?.payee?.name ?? inv.sellerName,
        ibans: model?.payment?.accountIds ?? [],
        remittance: model?.payment?.remittanceInformation ?? null,
        dueDate: instance.dueDeadline ?? inv.dueDate,
        skontoDeadline: instance.skontoDeadline,
        skontoAmount: instance.skontoAmount,
        orderedBy: order?.actorName ?? '–',
        orderedFor: order?.onBehalfName ?? null,
        orderedAt: order?.at ?? instance.finishedAt,
        feststellung: approves
          .filter((d) => d.stepKind && (FESTSTELLUNG_KINDS as readonly string[]).includes(d.stepKind))
          .map((d) => ({ step: d.stepKey ?? d.stepKind ?? '', by: d.actorName, at: d.at })),
        kontierung,
        policy: `${laufzettel.policy.name} (Version ${laufzettel.policy.version})`,
      };
      return { laufzettel, anordnung };
    });
  }

  private async blob(sha256: string, what: string): Promise<Buffer> {
    const content = await this.blobs.get(sha256);
    // An operational fault (lost volume), not bad input: the job fails and is retried and seen.
    if (!content) throw new Error(`${what} (${sha256}) is missing from the blob store`);
    return content;
  }
}
