import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { withTenant } from '../../database/tenant-transaction.js';
import type { CreditorEntry } from './creditors/creditor-match.js';
import { nameKey } from './creditors/creditor-match.js';
import type { FeedPosition } from './feed/feed-cursor.js';
import type { Posting } from './posting.js';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface FeedRow {
  readonly posting: Posting;
  readonly position: FeedPosition;
}

export interface StoredPosting {
  readonly posting: Posting;
  readonly createdAt: Date;
  readonly reversedBy: string | null;
  readonly acknowledgement: { readonly bookingId: string; readonly at: Date } | null;
}

export interface AckRow {
  readonly postingId: string;
  readonly bookingId: string;
}

export interface UnmatchedSeller {
  readonly name: string;
  readonly vatId: string | null;
  readonly iban: string | null;
  readonly postings: number;
  readonly lastAt: Date;
}

const feedRow = (r: Row): FeedRow => ({
  posting: r.document as Posting,
  position: { position: r.position },
});

const storedOf = (r: Row): StoredPosting => ({
  posting: r.document as Posting,
  createdAt: r.created_at,
  reversedBy: r.reversed_by ?? null,
  acknowledgement: r.booking_id ? { bookingId: r.booking_id, at: r.acked_at } : null,
});

const STORED = `p.document, p.created_at,
  (SELECT r.id FROM postings r WHERE r.reverses_id = p.id) AS reversed_by, a.booking_id, a.acked_at
  FROM postings p LEFT JOIN posting_acks a ON a.posting_id = p.id`;

/**
 * The postings tables in raw SQL. Tenant-scoped methods take the tenant first and run in
 * its transaction (joining the caller's, such as the approval's), with row-level security
 * checking the tenant a second time.
 */
@Injectable()
export class PostingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  tx<T>(tenantId: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return withTenant(this.dataSource, tenantId, fn);
  }

  /**
   * Inserts a posting. Its feed position comes from the sequence (the column default), taken
   * under the tenant's feed lock, which this transaction then holds until it ends: the next
   * posting of the tenant takes its position only after this one is committed (or rolled
   * back), so positions become visible in order and a consumer's cursor never passes a
   * posting that appears later. The lock serialises only the posting-creating transactions
   * of one tenant, from their posting to their commit.
   */
  async insert(
    m: EntityManager,
    posting: Posting,
    opts: { reversalReason?: string } = {},
  ): Promise<FeedPosition> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('postings_feed'), hashtext($1))`, [
      posting.tenantId,
    ]);
    const rows: Row[] = await m.query(
      `INSERT INTO postings (id, tenant_id, invoice_id, kind, reverses_id, currency, gross, document, created_at, reversal_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       RETURNING feed_position::text AS position`,
      [
        posting.id,
        posting.tenantId,
        posting.invoice.id,
        posting.kind,
        posting.reverses,
        posting.currency,
        posting.totals.gross,
        JSON.stringify(posting),
        posting.createdAt,
        opts.reversalReason ?? null,
      ],
    );
    return { position: rows[0].position };
  }

  /** The invoice's posting that no reversal cancelled, if any. */
  async activePostingOfInvoice(
    m: EntityManager,
    tenantId: string,
    invoiceId: string,
  ): Promise<string | undefined> {
    const rows: Row[] = await m.query(
      `SELECT p.id FROM postings p
        WHERE p.tenant_id = $1 AND p.invoice_id = $2 AND p.kind = 'posting'
          AND NOT EXISTS (SELECT 1 FROM postings r WHERE r.reverses_id = p.id)
        LIMIT 1`,
      [tenantId, invoiceId],
    );
    return rows[0]?.id;
  }

  async get(
    m: EntityManager,
    tenantId: string,
    id: string,
    lock = false,
  ): Promise<StoredPosting | undefined> {
    const rows: Row[] = await m.query(
      `SELECT ${STORED} WHERE p.tenant_id = $1 AND p.id = $2${lock ? ' FOR UPDATE OF p' : ''}`,
      [tenantId, id],
    );
    return rows[0] ? storedOf(rows[0]) : undefined;
  }

  /**
   * One page of the feed after `after`, in feed order. Correct because positions are taken
   * under the tenant's feed lock (see `insert`): every posting that becomes visible later has
   * a higher position than every posting visible now.
   */
  async feed(
    m: EntityManager,
    tenantId: string,
    after: FeedPosition,
    limit: number,
    unacknowledgedOnly: boolean,
  ): Promise<FeedRow[]> {
    const rows: Row[] = await m.query(
      `SELECT p.document, p.feed_position::text AS position
         FROM postings p
        WHERE p.tenant_id = $1
          AND p.feed_position > $2::bigint
          ${unacknowledgedOnly ? 'AND NOT EXISTS (SELECT 1 FROM posting_acks a WHERE a.posting_id = p.id)' : ''}
        ORDER BY p.feed_position
        LIMIT $3`,
      [tenantId, after.position, limit],
    );
    return rows.map(feedRow);
  }

  /** The tenant's postings among `ids` (others' and unknown ids are simply absent). */
  async existing(m: EntityManager, tenantId: string, ids: readonly string[]): Promise<Set<string>> {
    const rows: Row[] = await m.query(
      `SELECT id FROM postings WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
      [tenantId, ids],
    );
    return new Set(rows.map((r) => r.id as string));
  }

  async acks(m: EntityManager, tenantId: string, ids: readonly string[]): Promise<AckRow[]> {
    const rows: Row[] = await m.query(
      `SELECT posting_id, booking_id FROM posting_acks WHERE tenant_id = $1 AND posting_id = ANY($2::uuid[])`,
      [tenantId, ids],
    );
    return rows.map((r) => ({ postingId: r.posting_id, bookingId: r.booking_id }));
  }

  /** Inserts acknowledgements; an existing one is left as it is. Returns how many were new. */
  async insertAcks(
    m: EntityManager,
    tenantId: string,
    acks: readonly AckRow[],
    actor: string,
  ): Promise<number> {
    const rows: Row[] = await m.query(
      `INSERT INTO posting_acks (posting_id, tenant_id, booking_id, acked_by)
       SELECT x.posting_id, $1, x.booking_id, $4
         FROM unnest($2::uuid[], $3::text[]) AS x(posting_id, booking_id)
       ON CONFLICT (posting_id) DO NOTHING
       RETURNING posting_id`,
      [tenantId, acks.map((a) => a.postingId), acks.map((a) => a.bookingId), actor],
    );
    return rows.length;
  }

  /** Postings not acknowledged and created before `before`, oldest first. */
  async unacknowledged(
    m: EntityManager,
    tenantId: string,
    before: Date,
    limit: number,
  ): Promise<StoredPosting[]> {
    const rows: Row[] = await m.query(
      `SELECT ${STORED}
        WHERE p.tenant_id = $1 AND a.posting_id IS NULL AND p.created_at < $2
        ORDER BY p.created_at, p.id LIMIT $3`,
      [tenantId, before, limit],
    );
    return rows.map(storedOf);
  }

  async countUnacknowledged(m: EntityManager, tenantId: string, before: Date): Promise<number> {
    const rows: Row[] = await m.query(
      `SELECT count(*)::int AS n FROM postings p
        WHERE p.tenant_id = $1 AND p.created_at < $2
          AND NOT EXISTS (SELECT 1 FROM posting_acks a WHERE a.posting_id = p.id)`,
      [tenantId, before],
    );
    return rows[0].n;
  }

  /** The latest postings, newest first. */
  async recent(m: EntityManager, tenantId: string, limit: number): Promise<StoredPosting[]> {
    const rows: Row[] = await m.query(
      `SELECT ${STORED} WHERE p.tenant_id = $1 ORDER BY p.created_at DESC, p.id LIMIT $2`,
      [tenantId, limit],
    );
    return rows.map(storedOf);
  }

  // Creditor master ----------------------------------------------------------------------

  /** Entries sharing any key with the seller (the matcher decides among them). */
  async creditorCandidates(
    m: EntityManager,
    tenantId: string,
    keys: { vatId: string | null; iban: string | null; name: string },
  ): Promise<CreditorEntry[]> {
    const rows: Row[] = await m.query(
      `SELECT creditor_number, name, vat_id, iban FROM posting_creditors
        WHERE tenant_id = $1 AND (vat_id = $2 OR iban = $3 OR name_key = $4)
        ORDER BY creditor_number LIMIT 50`,
      [tenantId, keys.vatId, keys.iban, keys.name],
    );
    return rows.map((r) => ({
      creditorNumber: r.creditor_number,
      name: r.name,
      vatId: r.vat_id,
      iban: r.iban,
    }));
  }

  async creditorCount(m: EntityManager, tenantId: string): Promise<number> {
    const rows: Row[] = await m.query(
      `SELECT count(*)::int AS n FROM posting_creditors WHERE tenant_id = $1`,
      [tenantId],
    );
    return rows[0].n;
  }

  /**
   * Takes over a pushed creditor list: upserts every entry; with `replace`, removes the
   * tenant's entries the list does not name. Returns what changed.
   */
  async putCreditors(
    m: EntityManager,
    tenantId: string,
    entries: readonly CreditorEntry[],
    replace: boolean,
  ): Promise<{ created: number; updated: number; unchanged: number; removed: number }> {
    // Serialises pushes of one tenant: the counts and a `replace` see one consistent master.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('posting_creditors'), hashtext($1))`, [tenantId]);
    const numbers = entries.map((e) => e.creditorNumber);
    const before: Row[] = await m.query(
      `SELECT creditor_number, name, vat_id, iban FROM posting_creditors
        WHERE tenant_id = $1 AND creditor_number = ANY($2::text[])`,
      [tenantId, numbers],
    );
    const old = new Map(before.map((r) => [r.creditor_number as string, r]));
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    for (const e of entries) {
      const o = old.get(e.creditorNumber);
      if (!o) created++;
      else if (o.name === e.name && o.vat_id === e.vatId && o.iban === e.iban) unchanged++;
      else updated++;
    }
    if (entries.length > 0) {
      await m.query(
        `INSERT INTO posting_creditors (tenant_id, creditor_number, name, name_key, vat_id, iban)
         SELECT $1, x.n, x.name, x.k, x.v, x.i
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS x(n, name, k, v, i)
         ON CONFLICT (tenant_id, creditor_number) DO UPDATE
           SET name = excluded.name, name_key = excluded.name_key, vat_id = excluded.vat_id,
               iban = excluded.iban, updated_at = now()
         WHERE (posting_creditors.name, posting_creditors.vat_id, posting_creditors.iban)
               IS DISTINCT FROM (excluded.name, excluded.vat_id, excluded.iban)`,
        [
          tenantId,
          numbers,
          entries.map((e) => e.name),
          entries.map((e) => nameKey(e.name)),
          entries.map((e) => e.vatId),
          entries.map((e) => e.iban),
        ],
      );
    }
    let removed = 0;
    if (replace) {
      const gone: Row[] = await m.query(
        `DELETE FROM posting_creditors WHERE tenant_id = $1 AND NOT (creditor_number = ANY($2::text[]))
         RETURNING creditor_number`,
        [tenantId, numbers],
      );
      removed = gone.length;
    }
    return { created, updated, unchanged, removed };
  }

  /** Sellers of postings that got no creditor number, most recent first. */
  async unmatchedSellers(m: EntityManager, tenantId: string, limit: number): Promise<UnmatchedSeller[]> {
    const rows: Row[] = await m.query(
      `SELECT document -> 'creditor' ->> 'name' AS name, document -> 'creditor' ->> 'vatId' AS vat_id,
              document -> 'creditor' ->> 'iban' AS iban, count(*)::int AS n, max(created_at) AS last_at
         FROM postings
        WHERE tenant_id = $1 AND kind = 'posting' AND (document -> 'creditor' ->> 'creditorNumber') IS NULL
        GROUP BY 1, 2, 3
        ORDER BY max(created_at) DESC, 1
        LIMIT $2`,
      [tenantId, limit],
    );
    return rows.map((r) => ({
      name: r.name ?? '',
      vatId: r.vat_id,
      iban: r.iban,
      postings: r.n,
      lastAt: r.last_at,
    }));
  }
}
