import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { ApprovalHooks, type ApprovedContext } from '../approval/approval-hooks.js';
import { ApprovalRepository } from '../approval/approval.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { actorOf } from '../auth/actor.js';
import type { Principal } from '../auth/auth.contract.js';
import type { CashDiscount } from '../intake/pipeline/cash-discount.js';
import { InvoiceRepository } from '../invoices/invoice.repository.js';
import type { Invoice } from '../validation/semantic/en16931.js';
import {
  type CreditorProblem,
  matchCreditor,
  parseCreditorPush,
  sellerKeys,
} from './creditors/creditor-match.js';
import { decodeCursor, encodeCursor, FEED_START, type FeedPosition } from './feed/feed-cursor.js';
import type { Posting, PostingCreditor } from './posting.js';
import { approversOf, buildPosting, buildReversal } from './posting-builder.js';
import { PostingsErrors as E } from './postings.errors.js';
import { PostingsRepository, type StoredPosting, type UnmatchedSeller } from './postings.repository.js';

export const FEED_DEFAULT_LIMIT = 100;
export const FEED_MAX_LIMIT = 1000;
export const ACK_MAX_ENTRIES = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface FeedQuery {
  readonly after?: unknown;
  readonly limit?: unknown;
  readonly state?: unknown;
}

export interface FeedPage {
  readonly postings: readonly Posting[];
  /** Resume here: the cursor after the last posting of this page (the given one when empty). */
  readonly next: string;
}

export interface AckResult {
  readonly acknowledged: number;
  readonly alreadyAcknowledged: number;
}

export interface CreditorPushResult {
  readonly mode: 'merge' | 'replace';
  readonly entries: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly removed: number;
}

export interface UnmatchedCreditor extends UnmatchedSeller {
  /** The creditor number the master gives this seller now (for postings created later). */
  readonly matchesNow: string | null;
}

export interface PostingSummary {
  readonly id: string;
  readonly kind: Posting['kind'];
  readonly reverses: string | null;
  readonly invoiceId: string;
  readonly invoiceNumber: string;
  readonly creditor: PostingCreditor;
  readonly currency: string;
  readonly gross: string;
  readonly createdAt: string;
  readonly reversedBy: string | null;
  readonly acknowledgement: { readonly bookingId: string; readonly at: string } | null;
}

const summaryOf = (s: StoredPosting): PostingSummary => ({
  id: s.posting.id,
  kind: s.posting.kind,
  reverses: s.posting.reverses,
  invoiceId: s.posting.invoice.id,
  invoiceNumber: s.posting.invoice.number,
  creditor: s.posting.creditor,
  currency: s.posting.currency,
  gross: s.posting.totals.gross,
  createdAt: s.createdAt.toISOString(),
  reversedBy: s.reversedBy,
  acknowledgement: s.acknowledgement
    ? { bookingId: s.acknowledgement.bookingId, at: s.acknowledgement.at.toISOString() }
    : null,
});

/**
 * Postings for finance systems: the posting created in the transaction that completes an
 * approval (hook `postings`, after the records hook), the pull feed and its
 * acknowledgements for `finance` keys, the creditor master they push, and for admins the
 * overdue acknowledgements, unmatched creditors and the reversal (Generalumkehr).
 */
@Injectable()
export class PostingsService implements OnModuleInit {
  constructor(
    private readonly repo: PostingsRepository,
    private readonly approvals: ApprovalRepository,
    private readonly invoices: InvoiceRepository,
    private readonly audit: AuditService,
    private readonly hooks: ApprovalHooks,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.hooks.register({
      name: 'postings',
      order: 200,
      inTransaction: async (m, ctx) => {
        await this.createForApproval(m, ctx);
      },
    });
  }

  get unackedAlertHours(): number {
    return this.config.get('POSTINGS_UNACKED_ALERT_HOURS');
  }

  // Creation -----------------------------------------------------------------------------

  /**
   * Creates the posting of an approved invoice, inside the approval's transaction (a failure
   * refuses the approval). Idempotent: an invoice with a posting that no reversal cancelled
   * gets no second one.
   */
  async createForApproval(m: EntityManager, ctx: ApprovedContext): Promise<Posting | undefined> {
    const { tenantId, invoiceId } = ctx;
    if (await this.repo.activePostingOfInvoice(m, tenantId, invoiceId)) return undefined;
    const inv = await this.invoices.get(tenantId, invoiceId);
    if (!inv) throw new Error(`postings: invoice ${invoiceId} not found in its approval's transaction`);
    const kontierung = await this.approvals.kontierung(m, invoiceId);
    const tasks = await this.approvals.tasks(m, invoiceId);
    const decisions = await this.approvals.decisions(m, invoiceId);
    const names = new Map<string, string>();
    for (const t of tasks) {
      if (t.state !== 'done' || !t.decidedBy || names.has(t.decidedBy)) continue;
      const user = await this.approvals.staffUser(m, t.decidedBy);
      if (user) names.set(user.id, user.displayName);
    }
    const draft = buildPosting({
      id: randomUUID(),
      tenantId,
      createdAt: new Date(),
      invoice: {
        id: inv.id,
        number: inv.number,
        issueDate: inv.issueDate,
        dueDate: inv.dueDate,
        currency: inv.currency,
        amountDue: inv.amountDue,
        sellerName: inv.sellerName,
        sellerVatId: inv.sellerVatId,
        buyerReference: inv.buyerReference,
        model: (inv.model as Invoice | null) ?? null,
        cashDiscounts: Array.isArray(inv.cashDiscounts) ? (inv.cashDiscounts as CashDiscount[]) : [],
      },
      kontierung,
      approvers: approversOf(tasks, decisions, names),
      policy: { id: ctx.policyId, version: ctx.policyVersion },
      record: ctx.record ?? null,
      creditorNumber: null,
    });
    const creditorNumber = await this.creditorNumberFor(m, tenantId, draft.creditor);
    const posting: Posting = { ...draft, creditor: { ...draft.creditor, creditorNumber } };
    await this.repo.insert(m, posting);
    await this.audit.record({
      tenantId,
      actor: 'system',
      action: 'posting.created',
      subject: `posting:${posting.id}`,
      data: { invoiceId, gross: posting.totals.gross, currency: posting.currency, creditorNumber },
    });
    return posting;
  }

  private async creditorNumberFor(
    m: EntityManager,
    tenantId: string,
    c: { name: string | null; vatId: string | null; iban: string | null },
  ): Promise<string | null> {
    const keys = sellerKeys(c);
    if (!keys.vatId && !keys.iban && !keys.name) return null;
    return matchCreditor(keys, await this.repo.creditorCandidates(m, tenantId, keys));
  }

  // The pull feed -------------------------------------------------------------------------

  async feed(tenantId: string, q: FeedQuery): Promise<FeedPage> {
    const after = this.cursorOf(q.after);
    const limit = limitOf(q.limit);
    let unacknowledgedOnly = false;
    if (q.state !== undefined) {
      if (q.state !== 'unacknowledged') throw new DomainError(E.POSTINGS_STATE_INVALID);
      unacknowledgedOnly = true;
    }
    const rows = await this.repo.tx(tenantId, (m) =>
      this.repo.feed(m, tenantId, after, limit, unacknowledgedOnly),
    );
    const last = rows.at(-1)?.position ?? after;
    return { postings: rows.map((r) => r.posting), next: encodeCursor(last) };
  }

  private cursorOf(raw: unknown): FeedPosition {
    if (raw === undefined || raw === '') return FEED_START;
    const p = typeof raw === 'string' ? decodeCursor(raw) : undefined;
    if (!p) throw new DomainError(E.POSTINGS_CURSOR_INVALID);
    return p;
  }

  /**
   * Records the finance system's booking ids, all or nothing: an id that is no posting of
   * this tenant, or a posting already acknowledged with another booking id, refuses the
   * whole list. Repeating an acknowledgement changes nothing.
   */
  async acknowledge(principal: Principal, body: unknown): Promise<AckResult> {
    const items = ackItemsOf(body);
    const tenantId = principal.tenantId;
    const actor = actorOf(principal);
    return this.repo.tx(tenantId, async (m) => {
      const ids = items.map((i) => i.postingId);
      const found = await this.repo.existing(m, tenantId, ids);
      const unknown = ids.filter((id) => !found.has(id));
      if (unknown.length > 0) throw new DomainError(E.POSTINGS_ACK_UNKNOWN_POSTING, { postingIds: unknown });
      const inserted = await this.repo.insertAcks(m, tenantId, items, actor);
      // Re-read after the insert: a concurrent acknowledgement of the same posting is seen here.
      const stored = new Map((await this.repo.acks(m, tenantId, ids)).map((a) => [a.postingId, a.bookingId]));
      const conflicts = items.filter((i) => stored.get(i.postingId) !== i.bookingId).map((i) => i.postingId);
      if (conflicts.length > 0) throw new DomainError(E.POSTINGS_ACK_CONFLICT, { postingIds: conflicts });
      if (inserted > 0) {
        await this.audit.record({
          tenantId,
          actor,
          action: 'posting.acknowledged',
          subject: `tenant:${tenantId}`,
          data: { postings: inserted, items: items.length },
        });
      }
      return { acknowledged: inserted, alreadyAcknowledged: items.length - inserted };
    });
  }

  // Creditor master -----------------------------------------------------------------------

  async putCreditors(principal: Principal, body: unknown): Promise<CreditorPushResult> {
    const parsed = parseCreditorPush(body);
    if (!parsed.ok) {
      const problems: CreditorProblem[] = parsed.problems.slice(0, 100);
      throw new DomainError(E.POSTINGS_CREDITORS_INVALID, { problemCount: parsed.problems.length, problems });
    }
    const { mode, entries } = parsed.push;
    const tenantId = principal.tenantId;
    return this.repo.tx(tenantId, async (m) => {
      const done = await this.repo.putCreditors(m, tenantId, entries, mode === 'replace');
      await this.audit.record({
        tenantId,
        actor: actorOf(principal),
        action: 'posting.creditors.pushed',
        subject: `tenant:${tenantId}`,
        data: { mode, entries: entries.length, ...done },
      });
      return { mode, entries: entries.length, ...done };
    });
  }

  /** Sellers of postings without a creditor number, with the number the master gives them now. */
  async unmatchedCreditors(tenantId: string): Promise<UnmatchedCreditor[]> {
    return this.repo.tx(tenantId, async (m) => {
      const sellers = await this.repo.unmatchedSellers(m, tenantId, 500);
      const out: UnmatchedCreditor[] = [];
      for (const s of sellers) {
        const matchesNow = await this.creditorNumberFor(m, tenantId, s);
        out.push({ ...s, matchesNow });
      }
      return out;
    });
  }

  // Admin -----------------------------------------------------------------------------------

  /** Postings not acknowledged within `POSTINGS_UNACKED_ALERT_HOURS`, oldest first. */
  async overdue(
    tenantId: string,
    limit = 500,
  ): Promise<{ alertHours: number; total: number; postings: PostingSummary[] }> {
    const hours = this.unackedAlertHours;
    const before = new Date(Date.now() - hours * 3_600_000);
    return this.repo.tx(tenantId, async (m) => ({
      alertHours: hours,
      total: await this.repo.countUnacknowledged(m, tenantId, before),
      postings: (await this.repo.unacknowledged(m, tenantId, before, limit)).map(summaryOf),
    }));
  }

  async recent(tenantId: string, limit = 100): Promise<PostingSummary[]> {
    return this.repo.tx(tenantId, async (m) => (await this.repo.recent(m, tenantId, limit)).map(summaryOf));
  }

  async get(tenantId: string, id: string): Promise<Posting> {
    if (!UUID.test(id)) throw new DomainError(E.POSTINGS_NOT_FOUND);
    const found = await this.repo.tx(tenantId, (m) => this.repo.get(m, tenantId, id));
    if (!found) throw new DomainError(E.POSTINGS_NOT_FOUND);
    return found.posting;
  }

  /**
   * The Generalumkehr: a new posting of kind `reversal` with every amount negated, audited
   * with the admin's reason. The original stays as it is; a posting is reversed at most once.
   */
  async reverse(principal: Principal, id: string, reason: unknown): Promise<Posting> {
    const why = typeof reason === 'string' ? reason.trim() : '';
    if (!why || why.length > 1000) throw new DomainError(E.POSTINGS_REASON_REQUIRED);
    if (!UUID.test(id)) throw new DomainError(E.POSTINGS_NOT_FOUND);
    const tenantId = principal.tenantId;
    return this.repo.tx(tenantId, async (m) => {
      // The row lock serialises two admins reversing the same posting at once.
      const original = await this.repo.get(m, tenantId, id, true);
      if (!original) throw new DomainError(E.POSTINGS_NOT_FOUND);
      if (original.posting.kind !== 'posting') throw new DomainError(E.POSTINGS_REVERSAL_NOT_REVERSIBLE);
      if (original.reversedBy)
        throw new DomainError(E.POSTINGS_ALREADY_REVERSED, { reversal: original.reversedBy });
      const reversal = buildReversal(original.posting, randomUUID(), new Date());
      await this.repo.insert(m, reversal, { reversalReason: why });
      await this.audit.record({
        tenantId,
        actor: actorOf(principal),
        action: 'posting.reversed',
        subject: `posting:${id}`,
        data: {
          reversal: reversal.id,
          invoiceId: reversal.invoice.id,
          reason: why,
          gross: reversal.totals.gross,
        },
      });
      return reversal;
    });
  }
}

function limitOf(raw: unknown): number {
  if (raw === undefined || raw === '') return FEED_DEFAULT_LIMIT;
  if (typeof raw !== 'string' || !/^\d{1,4}$/.test(raw)) throw new DomainError(E.POSTINGS_LIMIT_INVALID);
  const n = Number(raw);
  if (n < 1 || n > FEED_MAX_LIMIT) throw new DomainError(E.POSTINGS_LIMIT_INVALID);
  return n;
}

/** `[{postingId, bookingId}]` (or `{acknowledgements: [...]}`), checked entry by entry. */
export function ackItemsOf(body: unknown): Array<{ postingId: string; bookingId: string }> {
  const list = Array.isArray(body)
    ? body
    : body && typeof body === 'object'
      ? (body as { acknowledgements?: unknown }).acknowledgements
      : undefined;
  if (!Array.isArray(list) || list.length === 0 || list.length > ACK_MAX_ENTRIES)
    throw new DomainError(E.POSTINGS_ACK_INVALID);
  const out = new Map<string, string>();
  list.forEach((item, index) => {
    const i = (item ?? {}) as Record<string, unknown>;
    const postingId = typeof i.postingId === 'string' ? i.postingId.toLowerCase() : '';
    const bookingId = typeof i.bookingId === 'string' ? i.bookingId.trim() : '';
    if (!UUID.test(postingId) || bookingId.length < 1 || bookingId.length > 100)
      throw new DomainError(E.POSTINGS_ACK_INVALID, { index });
    const seen = out.get(postingId);
    // The same posting twice in one list with two booking ids is a contradiction.
    if (seen !== undefined && seen !== bookingId) throw new DomainError(E.POSTINGS_ACK_INVALID, { index });
    out.set(postingId, bookingId);
  });
  return [...out].map(([postingId, bookingId]) => ({ postingId, bookingId }));
}
