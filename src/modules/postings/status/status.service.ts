import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { DomainError } from '../../../common/errors/domain-error.js';
import { AuditService } from '../../audit/audit.service.js';
import { InvoiceRepository } from '../../invoices/invoice.repository.js';
import { parsePeriod } from '../export/posting-export.service.js';
import { PostingReadRepository } from '../export/posting-read.repository.js';
import { PostingsOutErrors } from '../postings-out.errors.js';
import { CASE_RECORD_NOTES, type CaseRecordNotes } from './case-record-notes.js';
import { type NewStatusReport, PostingStatusRepository, type StatusReport } from './status.repository.js';

const ACTOR = 'system:postings-status';

export interface SkontoReport {
  readonly from: string;
  readonly to: string;
  /** Paid with Skonto by the Skonto date: the discount kept, in euros. */
  readonly won: { readonly count: number; readonly amount: string };
  /** Skonto offered but paid after its date or in full: the discount given away. */
  readonly lost: { readonly count: number; readonly amount: string };
  readonly items: ReadonlyArray<{
    readonly postingId: string;
    readonly invoiceId: string;
    readonly paidOn: string;
    readonly skontoDate: string;
    readonly outcome: 'won' | 'lost';
    readonly amount: string;
  }>;
}

function parseReport(body: unknown): NewStatusReport {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const bad = (field: string) => new DomainError(PostingsOutErrors.STATUS_INVALID, { field });
  if (b.status === 'ordered') {
    const k = b.kassenzeichen;
    if (typeof k !== 'string' || k.trim().length === 0 || k.length > 100) throw bad('kassenzeichen');
    if (typeof b.at !== 'string' || Number.isNaN(Date.parse(b.at)) || !/^\d{4}-\d{2}-\d{2}/.test(b.at))
      throw bad('at');
    return { status: 'ordered', kassenzeichen: k.trim(), at: new Date(b.at).toISOString() };
  }
  if (b.status === 'paid') {
    if (typeof b.date !== 'string') throw bad('date');
    try {
      parsePeriod(b.date, b.date);
    } catch {
      throw bad('date');
    }
    const raw = typeof b.amount === 'number' ? String(b.amount) : b.amount;
    if (typeof raw !== 'string' || !/^-?\d{1,15}(\.\d{1,2})?$/.test(raw)) throw bad('amount');
    if (typeof b.skontoTaken !== 'boolean') throw bad('skontoTaken');
    return { status: 'paid', date: b.date, amount: new Decimal(raw).toFixed(2), skontoTaken: b.skontoTaken };
  }
  throw bad('status');
}

/**
 * The status finance systems report back for a posting: the payment order was given
 * (`ordered`, with the Kassenzeichen) and the invoice was paid (`paid`, with date, amount and
 * whether Skonto was taken). Reports are kept as they come (append-only) and applied to the
 * invoice's lifecycle — `filed → posted` on either report, `posted → paid` on a payment —
 * as soon as the invoice is filed; until then they wait, and the status sweep applies them.
 *
 * Decided: a payment may be reported without a payment order before it (many finance
 * systems report only the payment); the invoice then goes `filed → posted → paid`. Once
 * paid, a different payment or a later order is refused; the same report again is answered
 * with the one kept.
 */
@Injectable()
export class PostingStatusService {
  private readonly log = new Logger('PostingStatus');

  constructor(
    private readonly reports: PostingStatusRepository,
    private readonly postings: PostingReadRepository,
    private readonly invoices: InvoiceRepository,
    private readonly audit: AuditService,
    @Optional() @Inject(CASE_RECORD_NOTES) private readonly notes?: CaseRecordNotes,
  ) {}

  async report(tenantId: string, postingId: string, body: unknown, actor: string): Promise<StatusReport> {
    const found = await this.postings.find(tenantId, postingId);
    if (!found) throw new DomainError(PostingsOutErrors.POSTING_NOT_FOUND);
    const input = parseReport(body);
    const { posting } = found;
    if (posting.kind === 'reversal' || found.reversed)
      throw new DomainError(PostingsOutErrors.STATUS_NOT_PAYABLE);
    const earlier = await this.reports.listForPosting(tenantId, postingId);
    const paid = earlier.find((r) => r.status === 'paid');
    if (input.status === 'paid') {
      if (paid) {
        if (
          paid.date === input.date &&
          paid.amount === input.amount &&
          paid.skontoTaken === input.skontoTaken
        )
          return paid;
        throw new DomainError(PostingsOutErrors.STATUS_ALREADY_PAID);
      }
      this.checkAmount(posting.totals.due, posting.skonto, input);
    } else {
      if (paid) throw new DomainError(PostingsOutErrors.STATUS_ALREADY_PAID);
      const same = earlier.find(
        (r) => r.status === 'ordered' && r.kassenzeichen === input.kassenzeichen && r.at === input.at,
      );
      if (same) return same;
    }
    let saved: StatusReport;
    try {
      saved = await this.reports.insert(
        tenantId,
        { postingId, invoiceId: found.invoiceId, reportedBy: actor },
        input,
      );
    } catch (err) {
      // Another payment report of this posting won the race (one payment per posting, by index).
      if ((err as { code?: string }).code !== '23505') throw err;
      const winner = (await this.reports.listForPosting(tenantId, postingId)).find(
        (r) => r.status === 'paid',
      );
      if (
        winner?.status === 'paid' &&
        input.status === 'paid' &&
        winner.date === input.date &&
        winner.amount === input.amount &&
        winner.skontoTaken === input.skontoTaken
      )
        return winner;
      throw new DomainError(PostingsOutErrors.STATUS_ALREADY_PAID);
    }
    await this.audit.record({
      tenantId,
      actor,
      action: `postings.status.${input.status}`,
      subject: `posting:${postingId}`,
      data: { ...input, invoiceId: found.invoiceId },
    });
    // Applied at once where the invoice is ready; otherwise (or if this fails) by the sweep.
    await this.apply(tenantId, found.invoiceId).catch((err: unknown) =>
      this.log.warn(`status of invoice ${found.invoiceId} not applied yet: ${String(err)}`),
    );
    return saved;
  }

  /** Paid amount = due, or with Skonto taken between due − Skonto and due (to the cent; signs ignored). */
  private checkAmount(
    due: string,
    skonto: { amount: string } | null,
    input: { amount: string; skontoTaken: boolean },
  ): void {
    const owed = new Decimal(due).abs();
    const paid = new Decimal(input.amount).abs();
    if (input.skontoTaken) {
      if (!skonto) throw new DomainError(PostingsOutErrors.STATUS_SKONTO_NOT_OFFERED);
      const least = owed.minus(new Decimal(skonto.amount).abs());
      if (paid.lt(least) || paid.gt(owed))
        throw new DomainError(PostingsOutErrors.STATUS_AMOUNT_MISMATCH, {
          due: owed.toFixed(2),
          least: least.toFixed(2),
        });
    } else if (!paid.eq(owed)) {
      throw new DomainError(PostingsOutErrors.STATUS_AMOUNT_MISMATCH, { due: owed.toFixed(2) });
    }
  }

  /**
   * Applies the reports of an invoice to its status; idempotent (compare-and-set transitions),
   * so the sweep and a report arriving at once do not apply anything twice.
   */
  async apply(tenantId: string, invoiceId: string): Promise<void> {
    const reports = await this.reports.listForInvoice(tenantId, invoiceId);
    if (reports.length === 0) return;
    let invoice = await this.invoices.get(tenantId, invoiceId);
    if (invoice?.status === 'filed') {
      const ordered = reports.find((r) => r.status === 'ordered');
      const moved = await this.invoices.transition(
        tenantId,
        invoiceId,
        'filed',
        'posted',
        ACTOR,
        {},
        ordered?.status === 'ordered'
          ? { kassenzeichen: ordered.kassenzeichen, orderedAt: ordered.at }
          : { by: 'payment' },
      );
      if (moved && ordered?.status === 'ordered')
        await this.note(
          tenantId,
          invoiceId,
          'Auszahlung angeordnet',
          `Kassenzeichen ${ordered.kassenzeichen}`,
          {
            kassenzeichen: ordered.kassenzeichen,
            at: ordered.at,
          },
        );
      invoice = await this.invoices.get(tenantId, invoiceId);
    }
    const paid = reports.find((r) => r.status === 'paid');
    if (invoice?.status === 'posted' && paid?.status === 'paid') {
      const moved = await this.invoices.transition(
        tenantId,
        invoiceId,
        'posted',
        'paid',
        ACTOR,
        {},
        {
          paidOn: paid.date,
          amount: paid.amount,
          skontoTaken: paid.skontoTaken,
        },
      );
      if (moved)
        await this.note(
          tenantId,
          invoiceId,
          'Bezahlt',
          `Bezahlt am ${paid.date}: ${paid.amount} EUR${paid.skontoTaken ? ' (mit Skonto)' : ''}`,
          { paidOn: paid.date, amount: paid.amount, skontoTaken: paid.skontoTaken },
        );
    }
  }

  private async note(
    tenantId: string,
    invoiceId: string,
    title: string,
    text: string,
    data: Record<string, unknown>,
  ) {
    if (!this.notes) return;
    try {
      await this.notes.addNote(tenantId, invoiceId, title, text, data);
    } catch (err) {
      this.log.warn(`note on the case record of invoice ${invoiceId} failed: ${String(err)}`);
    }
  }

  unapplied(limit: number): Promise<Array<{ tenantId: string; invoiceId: string }>> {
    return this.reports.unapplied(limit);
  }

  async skontoReport(tenantId: string, fromRaw: unknown, toRaw: unknown): Promise<SkontoReport> {
    const { from, to } = parsePeriod(fromRaw, toRaw);
    let won = new Decimal(0);
    let lost = new Decimal(0);
    let wonCount = 0;
    let lostCount = 0;
    const items: Array<SkontoReport['items'][number]> = [];
    for (const row of await this.reports.paidInRange(tenantId, from, to)) {
      if (!row.skonto) continue;
      const r = row.report;
      const inTime = r.skontoTaken && r.date <= row.skonto.date;
      const outcome = inTime ? 'won' : 'lost';
      const amount = inTime
        ? new Decimal(row.due).abs().minus(new Decimal(r.amount).abs())
        : new Decimal(row.skonto.amount).abs();
      if (inTime) {
        won = won.plus(amount);
        wonCount++;
      } else {
        lost = lost.plus(amount);
        lostCount++;
      }
      items.push({
        postingId: r.postingId,
        invoiceId: r.invoiceId,
        paidOn: r.date,
        skontoDate: row.skonto.date,
        outcome,
        amount: amount.toFixed(2),
      });
    }
    return {
      from,
      to,
      won: { count: wonCount, amount: won.toFixed(2) },
      lost: { count: lostCount, amount: lost.toFixed(2) },
      items,
    };
  }
}
