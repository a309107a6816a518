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

@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends one entry. Inside a `withTenant` transaction of the same tenant (or a system
   * transaction) the entry joins it, so a state change and its audit entry commit or roll
   * back together; otherwise it gets a transaction of its own.
   */
  async append(input: AuditEntryInput): Promise<AuditEntry> {
    const scope = currentTenantScope();
    if (scope !== undefined && input.tenantId !== null && scope === input.tenantId.toLowerCase()) {
      return withTenant(this.dataSource, scope, (m) => this.appendIn(m, input));
    }
    // Throws when called inside a transaction of another tenant: such an entry would not
    // be atomic with that transaction and would hint at a mix-up of tenants.
    return withSystemContext(this.dataSource, (m) => this.appendIn(m, input));
  }

  private async appendIn(m: EntityManager, input: AuditEntryInput): Promise<AuditEntry> {
    // The head's row lock serialises appenders of all processes until this transaction ends,
    // so no two entries can claim the same predecessor.
    const [head] = await m.query<
      {
        seq: string;
        hash: string;
      }[]
    >(`SELECT seq, hash FROM audit_chain_head WHERE id FOR UPDATE`);
    if (!head) throw new Error('audit_chain_head is missing: the identity migration did not run');
    const entry: ChainedEntry = {
      seq: (BigInt(head.seq) + 1n).toString(),
      at: new Date(),
      tenantId: input.tenantId?.toLowerCase() ?? null,
      actor: input.actor,
      action: input.action,
      subject: input.subject ?? null,
      data: normaliseData(input.data),
      prevHash: head.hash,
    };
    const hash = entryHash(entry);
    await m.query(
      `INSERT INTO audit_log (seq, at, tenant_id, actor, action, subject, data, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)`,
      [
        entry.seq,
        entry.at,
        entry.tenantId,
        entry.actor,
        entry.action,
        entry.subject,
        JSON.stringify(entry.data),
        entry.prevHash,
        hash,
      ],
    );
    await m.query(`UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id`, [entry.seq, hash]);
    return { ...entry, hash };
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
