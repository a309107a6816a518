import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { currentTenantScope, withSystemContext, withTenant } from '../../database/tenant-transaction.js';
import { entryHash, GENESIS_HASH, normaliseData, type ChainedEntry } from './audit-hash.js';

export interface AuditEntryInput {
  /** The tenant the event belongs to; null for installation-wide events (unknown login e-mail, operator actions). */
  readonly tenantId: string | null;
  /** Who did it: `user:<id>`, `api-key:<id>`, `operator:cli`, `system`, `anonymous`. */
  readonly actor: string;
  /** Dotted verb, e.g. `auth.login`, `user.created`. */
  readonly action: string;
  /** What it was done to, e.g. `user:<id>`. */
  readonly subject?: string | null;
  readonly data?: Record<string, unknown>;
}

export interface AuditEntry extends ChainedEntry {
  readonly hash: string;
}

/**
 * An entry as `record()` wrote it: durable with its transaction, but not yet linked into
 * the chain, so it has no sequence number and no hash yet (the chainer assigns both).
 */
export type RecordedAuditEntry = Omit<ChainedEntry, 'seq' | 'prevHash'>;

interface Row {
  seq: string;
  at: Date;
  tenant_id: string | null;
  actor: string;
  action: string;
  subject: string | null;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

interface PendingRow {
  id: string;
  at: Date;
  tenant_id: string | null;
  actor: string;
  action: string;
  subject: string | null;
  data: Record<string, unknown>;
}

const toEntry = (r: Row): AuditEntry => ({
  seq: String(r.seq),
  at: r.at,
  tenantId: r.tenant_id,
  actor: r.actor,
  action: r.action,
  subject: r.subject,
  data: r.data,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/**
 * For repositories that write a change and its audit entries in one statement (one round
 * trip): the entries as `auditPendingInsert` reads them — normalised exactly as `append`
 * writes them, in order, all of one tenant.
 */
export function auditPendingRows(inputs: readonly AuditEntryInput[]): {
  readonly at: Date;
  readonly tenantId: string | null;
  readonly rows: string;
} {
  const tenants = new Set(inputs.map((i) => i.tenantId?.toLowerCase() ?? null));
  if (tenants.size !== 1) throw new Error('audit entries of one statement must belong to one tenant');
  const [tenantId] = tenants;
  return {
    at: new Date(),
    tenantId,
    rows: JSON.stringify(
      inputs.map((e, ord) => ({
        ord,
        actor: e.actor,
        action: e.action,
        subject: e.subject ?? null,
        data: normaliseData(e.data),
      })),
    ),
  };
}

/**
 * The INSERT of `auditPendingRows` for a data-modifying CTE: one entry per row, written
 * once for each row of `source` (a CTE that yields one row when the change happened, none
 * when it did not). `at`, `tenant` and `rows` are the statement's parameter placeholders.
 * Row-level security applies as to every insert: inside `withTenant`, only that tenant's.
 */
export function auditPendingInsert(p: { source: string; at: string; tenant: string; rows: string }): string {
  return `INSERT INTO audit_pending (at, tenant_id, actor, action, subject, data)
    SELECT ${p.at}::timestamptz, ${p.tenant}::uuid, e.actor, e.action, e.subject, e.data
      FROM ${p.source}, jsonb_to_recordset(${p.rows}::jsonb) AS e(ord int, actor text, action text, subject text, data jsonb)
     ORDER BY e.ord`;
}

/**
 * Writing and chaining are two steps (see the audit-pending migration):
 *
 * - `append()` INSERTs the entry into `audit_pending` inside the caller's transaction and
 *   takes no lock. The entry is durable exactly when that transaction commits, and vanishes
 *   with it on rollback.
 * - `linkPending()` (driven by `AuditChainer`, every 500 ms in every process and on demand
 *   before verification and listings) takes the chain head's row lock in a system-context
 *   transaction of its own, moves a batch of committed pending entries in id order into
 *   `audit_log` with consecutive sequence numbers and the hashes of `audit-hash.ts`, and
 *   advances the head, all in one commit.
 *
 * So the chain is only ever extended by the chainer, in the order entries became visible
 * as committed; an entry is chained within about a second of its commit while any process
 * runs; the head lock makes concurrent chainers of several processes safe (the second one
 * waits, then sees the first one's rows gone). Ids are assigned at INSERT, not at commit, so
 * a lower id may be chained after a higher one — the chain records commit-visible order,
 * and its hashes fix that order for good.
 */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Writes one entry. Inside a `withTenant` transaction of the same tenant (or a system
   * transaction) the entry joins it, so a state change and its audit entry commit or roll
   * back together; otherwise it gets a transaction of its own.
   */
  async append(input: AuditEntryInput): Promise<RecordedAuditEntry> {
    const [entry] = await this.appendMany([input]);
    return entry;
  }

  /**
   * Writes several entries of one tenant (or installation-wide ones) with one statement,
   * in the given order, under the same transaction rules as `append`.
   */
  async appendMany(inputs: readonly AuditEntryInput[]): Promise<RecordedAuditEntry[]> {
    if (inputs.length === 0) return [];
    const batch = auditPendingRows(inputs);
    const scope = currentTenantScope();
    const write = (m: EntityManager) =>
      m.query(`${auditPendingInsert({ source: '(SELECT 1) AS one', at: '$1', tenant: '$2', rows: '$3' })}`, [
        batch.at,
        batch.tenantId,
        batch.rows,
      ]);
    if (scope !== undefined && batch.tenantId !== null && scope === batch.tenantId) {
      await withTenant(this.dataSource, scope, write);
    } else {
      // Throws when called inside a transaction of another tenant: such an entry would not
      // be atomic with that transaction and would hint at a mix-up of tenants.
      await withSystemContext(this.dataSource, write);
    }
    return inputs.map((input) => ({
      at: batch.at,
      tenantId: batch.tenantId,
      actor: input.actor,
      action: input.action,
      subject: input.subject ?? null,
      data: normaliseData(input.data),
    }));
  }

  /**
   * Links up to `limit` committed pending entries into the chain in one transaction and
   * returns how many it linked (fewer than `limit`: nothing committed is left behind).
   *
   * Always a transaction of its own, even when called inside another one: joining the
   * caller's transaction would hold the head lock until the caller commits (the very
   * queue this design removes) and could chain the caller's own uncommitted entries.
   */
  async linkPending(limit: number): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      // The deliberate cross-tenant exception, as `withSystemContext` sets it (which
      // cannot be used here because it would join an ambient transaction).
      await m.query(`SELECT set_config('app.system_context', 'on', true)`);
      // Idle processes poll every 500 ms: do not touch the head lock when there is nothing to do.
      const [any] = await m.query<{ id: string }[]>(`SELECT id FROM audit_pending LIMIT 1`);
      if (!any) return 0;
      // Serialises chainers of all processes. Under READ COMMITTED, the statements after
      // the (possibly waited-for) lock see what the previous holder committed: its new
      // head and its pending rows gone.
      const [head] = await m.query<{ seq: string; hash: string }[]>(
        `SELECT seq, hash FROM audit_chain_head WHERE id FOR UPDATE`,
      );
      if (!head) throw new Error('audit_chain_head is missing: the identity migration did not run');
      const pending = await m.query<PendingRow[]>(
        `SELECT id, at, tenant_id, actor, action, subject, data FROM audit_pending ORDER BY id LIMIT $1`,
        [limit],
      );
      if (pending.length === 0) return 0;
      let seq = BigInt(head.seq);
      let prevHash = head.hash;
      const links = pending.map((p) => {
        seq += 1n;
        const entry: ChainedEntry = {
          seq: seq.toString(),
          at: p.at,
          tenantId: p.tenant_id,
          actor: p.actor,
          action: p.action,
          subject: p.subject,
          // Hashed as read back from jsonb, which is what verification will read.
          data: p.data,
          prevHash,
        };
        const hash = entryHash(entry);
        prevHash = hash;
        return { id: String(p.id), seq: entry.seq, prev_hash: entry.prevHash, hash };
      });
      // One statement moves the batch: the row content is copied inside the database
      // (never re-serialised), so audit_log holds exactly what was hashed.
      const moved = await m.query<{ seq: string }[]>(
        `WITH link AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, seq bigint, prev_hash text, hash text)
         ), moved AS (
           DELETE FROM audit_pending p USING link
            WHERE p.id = link.id
           RETURNING link.seq, p.at, p.tenant_id, p.actor, p.action, p.subject, p.data, link.prev_hash, link.hash
         )
         INSERT INTO audit_log (seq, at, tenant_id, actor, action, subject, data, prev_hash, hash)
         SELECT seq, at, tenant_id, actor, action, subject, data, prev_hash, hash FROM moved
         RETURNING seq`,
        [JSON.stringify(links)],
      );
      if (moved.length !== links.length) {
        // Cannot happen under the head lock; if it does, roll back rather than leave a gap.
        throw new Error(`audit chainer: linked ${moved.length} of ${links.length} pending entries`);
      }
      const last = links[links.length - 1];
      await m.query(`UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id`, [last.seq, last.hash]);
      return links.length;
    });
  }

  /** Entries after `afterSeq` in chain order, across all tenants (verification). */
  async chainBatch(afterSeq: string, limit: number): Promise<AuditEntry[]> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows = await m.query<Row[]>(
        `SELECT seq, at, tenant_id, actor, action, subject, data, prev_hash, hash
           FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [afterSeq, limit],
      );
      return rows.map(toEntry);
    });
  }

  async head(): Promise<{ seq: string; hash: string }> {
    return withSystemContext(this.dataSource, async (m) => {
      const [row] = await m.query<
        {
          seq: string;
          hash: string;
        }[]
      >(`SELECT seq, hash FROM audit_chain_head WHERE id`);
      return row ? { seq: String(row.seq), hash: row.hash } : { seq: '0', hash: GENESIS_HASH };
    });
  }

  /** The newest entries of one tenant. */
  async listForTenant(tenantId: string, limit: number): Promise<AuditEntry[]> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows = await m.query<Row[]>(
        `SELECT seq, at, tenant_id, actor, action, subject, data, prev_hash, hash
           FROM audit_log WHERE tenant_id = $1 ORDER BY seq DESC LIMIT $2`,
        [tenantId, limit],
      );
      return rows.map(toEntry);
    });
  }
}
