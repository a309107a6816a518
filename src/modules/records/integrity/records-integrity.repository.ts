import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { withSystemContext, withTenant } from '../../../database/tenant-transaction.js';

/** The bounds of a Berlin calendar day ($n is a date) as timestamptz, for the (tenant_id, filed_at) index. */
const dayStart = (p: string) => `((${p})::date::timestamp AT TIME ZONE 'Europe/Berlin')`;
const dayEnd = (p: string) => `(((${p})::date + 1)::timestamp AT TIME ZONE 'Europe/Berlin')`;
const berlinDay = (col: string) => `to_char(${col} AT TIME ZONE 'Europe/Berlin', 'YYYY-MM-DD')`;

export interface DayLeaf {
  readonly id: string;
  readonly sha256: string;
  /** Deleted by a disposal run: still a leaf of its day's root, but no longer stored. */
  readonly disposed: boolean;
}

export interface DayRootRow {
  readonly day: string;
  readonly root: string;
  readonly leafCount: number;
  readonly createdAt: Date;
}

export interface StoredDocument {
  readonly id: string;
  readonly vorgangId: string;
  readonly aktenzeichen: string;
  readonly kind: string;
  readonly name: string;
  readonly sha256: string;
  readonly size: number;
  readonly day: string;
  readonly retentionClass: string;
  readonly retainUntil: string;
}

export interface HoldRow {
  readonly id: string;
  readonly vorgangId: string;
  readonly aktenzeichen: string;
  readonly reason: string;
  readonly heldBy: string;
  readonly heldAt: Date;
  readonly releasedAt: Date | null;
  readonly releasedBy: string | null;
  readonly releaseReason: string | null;
}

export interface DisposalItem {
  readonly id: string;
  readonly vorgangId: string;
  readonly aktenzeichen: string;
  readonly kind: string;
  readonly name: string;
  readonly sha256: string;
  readonly size: number;
  readonly retainUntil: string;
  /** `filed_at` exactly as stored (ISO 8601 with microseconds), so the day root can still be recomputed. */
  readonly filedAt: string;
}

const DOC_COLUMNS = `d.id, d.vorgang_id AS "vorgangId", v.aktenzeichen, d.kind, d.name, d.sha256, d.size::float8 AS size,
  ${berlinDay('d.filed_at')} AS day, d.retention_class AS "retentionClass", to_char(d.retain_until, 'YYYY-MM-DD') AS "retainUntil"`;

const HOLD_COLUMNS = `h.id, h.vorgang_id AS "vorgangId", v.aktenzeichen, h.reason, h.held_by AS "heldBy", h.held_at AS "heldAt",
  h.released_at AS "releasedAt", h.released_by AS "releasedBy", h.release_reason AS "releaseReason"`;

/**
 * The SQL of the case record's integrity, retention and procedure documentation. Every
 * tenant-scoped method takes the tenant first and runs under row-level security; the few
 * cross-tenant reads (the sweep, the blob reference check) say so.
 */
@Injectable()
export class RecordsIntegrityRepository {
  constructor(private readonly dataSource: DataSource) {}

  // ---- day roots -----------------------------------------------------------------------

  /**
   * The leaves of a day in tree order (filed_at, id): the documents stored now and those a
   * disposal run deleted since (their `filed_at` is kept in the run's items).
   */
  dayLeaves(tenantId: string, day: string): Promise<DayLeaf[]> {
    return withTenant(this.dataSource, tenantId, (m) =>
      m.query<DayLeaf[]>(
        `SELECT id, sha256, disposed FROM (
           SELECT d.id, d.sha256, d.filed_at, false AS disposed
             FROM record_documents d
            WHERE d.tenant_id = $1 AND d.filed_at >= ${dayStart('$2')} AND d.filed_at < ${dayEnd('$2')}
           UNION ALL
           SELECT (i->>'id')::uuid, i->>'sha256', (i->>'filedAt')::timestamptz, true
             FROM record_disposals r, jsonb_array_elements(r.items) i
            WHERE r.tenant_id = $1
              AND (i->>'filedAt')::timestamptz >= ${dayStart('$2')} AND (i->>'filedAt')::timestamptz < ${dayEnd('$2')}
         ) leaves ORDER BY filed_at, id`,
        [tenantId, day],
      ),
    );
  }

  /** Writes a day's root once; false when the day already had one (nothing changed). */
  insertDayRoot(m: EntityManager, tenantId: string, day: string, root: string, leafCount: number) {
    return m
      .query<{ day: string }[]>(
        `INSERT INTO record_day_roots (tenant_id, day, root, leaf_count) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, day) DO NOTHING RETURNING day`,
        [tenantId, day, root, leafCount],
      )
      .then((rows) => rows.length === 1);
  }

  async dayRoots(tenantId: string, day?: string): Promise<DayRootRow[]> {
    return withTenant(this.dataSource, tenantId, (m) =>
      m.query<DayRootRow[]>(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, root, leaf_count AS "leafCount", created_at AS "createdAt"
           FROM record_day_roots WHERE tenant_id = $1 AND ($2::date IS NULL OR day = $2::date) ORDER BY day`,
        [tenantId, day ?? null],
      ),
    );
  }

  /** The roots the audit chain holds for the tenant (`records.day_root` entries), by day. */
  async auditedDayRoots(
    tenantId: string,
  ): Promise<Map<string, { seq: string; root: string; leafCount: number }>> {
    const rows = await withTenant(this.dataSource, tenantId, (m) =>
      m.query<{ seq: string; data: { day?: unknown; root?: unknown; leafCount?: unknown } }[]>(
        `SELECT seq::text AS seq, data FROM audit_log
          WHERE tenant_id = $1 AND action = 'records.day_root' ORDER BY seq`,
        [tenantId],
      ),
    );
    const out = new Map<string, { seq: string; root: string; leafCount: number }>();
    for (const r of rows) {
      if (typeof r.data.day === 'string' && typeof r.data.root === 'string' && !out.has(r.data.day))
        out.set(r.data.day, { seq: r.seq, root: r.data.root, leafCount: Number(r.data.leafCount) });
    }
    return out;
  }

  /**
   * Across tenants (the recovery sweep): the days before `beforeDay` within the last
   * `windowDays` days that have documents but no root.
   */
  daysWithoutRoot(beforeDay: string, windowDays: number, limit: number) {
    return withSystemContext(this.dataSource, (m) =>
      m.query<{ tenantId: string; day: string }[]>(
        `SELECT DISTINCT d.tenant_id AS "tenantId", ${berlinDay('d.filed_at')} AS day
           FROM record_documents d
          WHERE d.filed_at >= ${dayStart(`$1::date - $2::int`)} AND d.filed_at < ${dayStart('$1')}
            AND NOT EXISTS (SELECT 1 FROM record_day_roots r
                             WHERE r.tenant_id = d.tenant_id AND r.day = (d.filed_at AT TIME ZONE 'Europe/Berlin')::date)
          ORDER BY 2, 1 LIMIT $3`,
        [beforeDay, windowDays, limit],
      ),
    );
  }

  // ---- documents -----------------------------------------------------------------------

  /** The tenant's stored documents (of one day, or all), in tree order. */
  documents(tenantId: string, day?: string): Promise<StoredDocument[]> {
    return withTenant(this.dataSource, tenantId, (m) =>
      m.query<StoredDocument[]>(
        `SELECT ${DOC_COLUMNS}
           FROM record_documents d JOIN record_vorgaenge v ON v.id = d.vorgang_id
          WHERE d.tenant_id = $1
            AND ($2::date IS NULL OR (d.filed_at >= ${dayStart('$2')} AND d.filed_at < ${dayEnd('$2')}))
          ORDER BY d.filed_at, d.id`,
        [tenantId, day ?? null],
      ),
    );
  }

  /** Days (of the tenant) that have disposed documents, so verification also visits them. */
  disposedDays(tenantId: string): Promise<string[]> {
    return withTenant(this.dataSource, tenantId, (m) =>
      m
        .query<{ day: string }[]>(
          `SELECT DISTINCT ${berlinDay(`(i->>'filedAt')::timestamptz`)} AS day
             FROM record_disposals r, jsonb_array_elements(r.items) i WHERE r.tenant_id = $1 ORDER BY 1`,
          [tenantId],
        )
        .then((rows) => rows.map((r) => r.day)),
    );
  }

  allTenants(): Promise<{ id: string; slug: string }[]> {
    return withSystemContext(this.dataSource, (m) =>
      m.query<{ id: string; slug: string }[]>(`SELECT id, slug FROM tenants ORDER BY slug`),
    );
  }

  // ---- holds ---------------------------------------------------------------------------

  /** The Vorgang by id or Aktenzeichen, locked against a concurrent disposal run. */
  async lockVorgang(m: EntityManager, tenantId: string, ref: { id?: string; aktenzeichen?: string }) {
    const [row] = await m.query<{ id: string; aktenzeichen: string }[]>(
      `SELECT id, aktenzeichen FROM record_vorgaenge
        WHERE tenant_id = $1 AND (id = $2::uuid OR aktenzeichen = $3) FOR UPDATE`,
      [tenantId, ref.id ?? null, ref.aktenzeichen ?? null],
    );
    return row;
  }

  /** Inserts a hold; undefined when the Vorgang is already on hold. */
  async insertHold(m: EntityManager, tenantId: string, vorgangId: string, reason: string, by: string) {
    const [row] = await m.query<{ id: string }[]>(
      `INSERT INTO record_holds (tenant_id, vorgang_id, reason, held_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (vorgang_id) WHERE released_at IS NULL DO NOTHING RETURNING id`,
      [tenantId, vorgangId, reason, by],
    );
    return row?.id;
  }

  async releaseHold(m: EntityManager, tenantId: string, holdId: string, by: string, reason: string | null) {
    const [row] = await m.query<{ id: string }[]>(
      // As a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count], a SELECT with the rows.
      `WITH released AS (
         UPDATE record_holds SET released_at = now(), released_by = $3, release_reason = $4
          WHERE tenant_id = $1 AND id = $2 AND released_at IS NULL RETURNING id
       ) SELECT id FROM released`,
      [tenantId, holdId, by, reason],
    );
    return row?.id;
  }

  hold(m: EntityManager, tenantId: string, holdId: string): Promise<HoldRow | undefined> {
    return m
      .query<HoldRow[]>(
        `SELECT ${HOLD_COLUMNS} FROM record_holds h JOIN record_vorgaenge v ON v.id = h.vorgang_id
          WHERE h.tenant_id = $1 AND h.id = $2`,
        [tenantId, holdId],
      )
      .then((rows) => rows[0]);
  }

  holds(tenantId: string, activeOnly: boolean): Promise<HoldRow[]> {
    return withTenant(this.dataSource, tenantId, (m) =>
      m.query<HoldRow[]>(
        `SELECT ${HOLD_COLUMNS} FROM record_holds h JOIN record_vorgaenge v ON v.id = h.vorgang_id
          WHERE h.tenant_id = $1 AND (NOT $2 OR h.released_at IS NULL) ORDER BY h.held_at, h.id`,
        [tenantId, activeOnly],
      ),
    );
  }

  // ---- disposal ------------------------------------------------------------------------

  /**
   * The documents a disposal run with `cutoff` takes: retention ended (`retain_until` before
   * the cutoff) and their Vorgang not on hold.
   */
  disposable(m: EntityManager, tenantId: string, cutoff: string): Promise<DisposalItem[]> {
    return m.query<DisposalItem[]>(
      `SELECT d.id, d.vorgang_id AS "vorgangId", v.aktenzeichen, d.kind, d.name, d.sha256, d.size::float8 AS size,
              to_char(d.retain_until, 'YYYY-MM-DD') AS "retainUntil", to_jsonb(d.filed_at) #>> '{}' AS "filedAt"
         FROM record_documents d JOIN record_vorgaenge v ON v.id = d.vorgang_id
        WHERE d.tenant_id = $1 AND d.retain_until < $2::date
          AND NOT EXISTS (SELECT 1 FROM record_holds h WHERE h.vorgang_id = d.vorgang_id AND h.released_at IS NULL)
        ORDER BY v.aktenzeichen, d.position, d.id`,
      [tenantId, cutoff],
    );
  }

  /** Expired documents kept because their Vorgang is on hold. */
  async heldBackCount(m: EntityManager, tenantId: string, cutoff: string): Promise<number> {
    const [row] = await m.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM record_documents d
        WHERE d.tenant_id = $1 AND d.retain_until < $2::date
          AND EXISTS (SELECT 1 FROM record_holds h WHERE h.vorgang_id = d.vorgang_id AND h.released_at IS NULL)`,
      [tenantId, cutoff],
    );
    return row.n;
  }

  /**
   * Locks the Vorgänge that have expired documents, in id order (no deadlock between two
   * runs), so a hold placed concurrently either commits before the run reads the holds or
   * waits until the run has committed.
   */
  async lockExpiredVorgaenge(m: EntityManager, tenantId: string, cutoff: string): Promise<void> {
    await m.query(
      `SELECT v.id FROM record_vorgaenge v
        WHERE v.tenant_id = $1
          AND EXISTS (SELECT 1 FROM record_documents d WHERE d.vorgang_id = v.id AND d.retain_until < $2::date)
        ORDER BY v.id FOR UPDATE`,
      [tenantId, cutoff],
    );
  }

  /** Deletes exactly these documents, as the audited disposal run (transaction-local switch). */
  async deleteDocuments(m: EntityManager, tenantId: string, ids: readonly string[]): Promise<string[]> {
    await m.query(`SELECT set_config('app.records_disposal', 'on', true)`);
    const rows = await m.query<{ id: string }[]>(
      `WITH gone AS (DELETE FROM record_documents WHERE tenant_id = $1 AND id = ANY($2::uuid[]) RETURNING id)
       SELECT id FROM gone`,
      [tenantId, ids],
    );
    await m.query(`SELECT set_config('app.records_disposal', 'off', true)`);
    return rows.map((r) => r.id);
  }

  async insertDisposal(
    m: EntityManager,
    tenantId: string,
    cutoff: string,
    by: string,
    items: readonly DisposalItem[],
  ): Promise<{ id: string; executedAt: Date }> {
    const [row] = await m.query<{ id: string; executedAt: Date }[]>(
      `INSERT INTO record_disposals (tenant_id, cutoff, executed_by, document_count, items)
       VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING id, executed_at AS "executedAt"`,
      [tenantId, cutoff, by, items.length, JSON.stringify(items)],
    );
    return row;
  }

  /**
   * Across tenants: whether any row still references the content. The blob store is shared
   * by every tenant and every module (raw messages, invoices, attachments, the record,
   * procedure documentation), so a blob goes only when none of them needs it.
   */
  blobReferenced(sha256: string): Promise<boolean> {
    return withSystemContext(this.dataSource, async (m) => {
      const [row] = await m.query<{ used: boolean }[]>(
        `SELECT EXISTS (SELECT 1 FROM record_documents WHERE sha256 = $1)
             OR EXISTS (SELECT 1 FROM inbound_messages WHERE blob_sha256 = $1)
             OR EXISTS (SELECT 1 FROM invoices WHERE document_sha256 = $1)
             OR EXISTS (SELECT 1 FROM invoice_attachments WHERE blob_sha256 = $1)
             OR EXISTS (SELECT 1 FROM record_procedure_versions WHERE html_sha256 = $1 OR pdf_sha256 = $1) AS used`,
        [sha256],
      );
      return row.used;
    });
  }

  // ---- procedure documentation ---------------------------------------------------------

  latestProcedureVersion(tenantId: string) {
    return withTenant(this.dataSource, tenantId, (m) =>
      m
        .query<ProcedureVersionRow[]>(
          `SELECT ${PROC_COLUMNS} FROM record_procedure_versions WHERE tenant_id = $1 ORDER BY version DESC LIMIT 1`,
          [tenantId],
        )
        .then((r) => r[0]),
    );
  }

  procedureVersion(tenantId: string, version: number) {
    return withTenant(this.dataSource, tenantId, (m) =>
      m
        .query<ProcedureVersionRow[]>(
          `SELECT ${PROC_COLUMNS} FROM record_procedure_versions WHERE tenant_id = $1 AND version = $2`,
          [tenantId, version],
        )
        .then((r) => r[0]),
    );
  }

  /** The next version, taken under a lock of the tenant's versions (two runs never share a number). */
  async insertProcedureVersion(
    m: EntityManager,
    tenantId: string,
    v: Omit<ProcedureVersionRow, 'version' | 'createdAt'>,
  ): Promise<ProcedureVersionRow> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('record_procedure_versions:' || $1))`, [tenantId]);
    const [row] = await m.query<ProcedureVersionRow[]>(
      `INSERT INTO record_procedure_versions (tenant_id, version, html_sha256, pdf_sha256, content_sha256, sections, created_by)
       SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5::jsonb, $6
         FROM record_procedure_versions WHERE tenant_id = $1
       RETURNING ${PROC_COLUMNS}`,
      [tenantId, v.htmlSha256, v.pdfSha256, v.contentSha256, JSON.stringify(v.sections), v.createdBy],
    );
    return row;
  }

  /** Runs `fn` in one transaction of the tenant. */
  inTenant<T>(tenantId: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return withTenant(this.dataSource, tenantId, fn);
  }

  /** A read for the procedure documentation: any query of the tenant's own tables. */
  read<R>(tenantId: string, sql: string, params: unknown[]): Promise<R[]> {
    return withTenant(this.dataSource, tenantId, (m) => m.query<R[]>(sql, params));
  }
}

export interface ProcedureVersionRow {
  readonly version: number;
  readonly htmlSha256: string;
  readonly pdfSha256: string;
  readonly contentSha256: string;
  readonly sections: Record<string, string>;
  readonly createdBy: string;
  readonly createdAt: Date;
}

const PROC_COLUMNS = `version, html_sha256 AS "htmlSha256", pdf_sha256 AS "pdfSha256", content_sha256 AS "contentSha256",
  sections, created_by AS "createdBy", created_at AS "createdAt"`;
