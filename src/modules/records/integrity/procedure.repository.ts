import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withTenant } from '../../../database/tenant-transaction.js';

/** Where export targets are configured: DMS targets (xdomea, CMIS) and posting webhooks. */
const EXPORT_TARGET_TABLES = ['record_export_targets', 'posting_webhooks'] as const;

export interface ProcedureFacts {
  readonly tenant: { name: string; slug: string; kind: string; createdAt: Date };
  readonly receiverIds: { scheme: string; value: string; createdAt: Date }[];
  readonly mailboxes: { name: string; host: string; folder: string; enabled: boolean; createdAt: Date }[];
  readonly peppolCallbacks: number;
  readonly apiKeys: { name: string; role: string; createdAt: Date; revokedAt: Date | null }[];
  readonly policies: {
    version: number;
    name: string;
    state: string;
    preset: string | null;
    definition: { steps?: { key?: string; kind?: string; label?: { de?: string } }[]; amountBasis?: string };
    activatedAt: Date | null;
    activatedBy: string | null;
  }[];
  readonly users: {
    displayName: string;
    email: string;
    roles: string[];
    createdAt: Date;
    disabledAt: Date | null;
  }[];
  readonly roleChanges: { at: Date; actor: string; action: string; subject: string | null; roles: unknown }[];
  readonly retention: { retentionClass: string; documents: number; earliest: string; latest: string }[];
  readonly holdsActive: number;
  readonly disposals: { executedAt: Date; executedBy: string; documents: number }[];
  readonly recordSettings: {
    aktenplanKey: string;
    akteRule: string;
    aktePattern: string;
    vorgangPattern: string;
  } | null;
  /** The export-target tables (DMS, finance) with the tenant's rows. */
  readonly exportTargets: { table: string; rows: number }[];
}

/**
 * The facts of a tenant's Verfahrensdokumentation, read from the tables that define the
 * procedure as practised. Tables of other modules are read, never written.
 */
@Injectable()
export class ProcedureRepository {
  constructor(private readonly dataSource: DataSource) {}

  facts(tenantId: string): Promise<ProcedureFacts> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const q = <R>(sql: string, params: unknown[] = [tenantId]) => m.query<R[]>(sql, params);
      const [tenant] = await q<ProcedureFacts['tenant']>(
        `SELECT name, slug, kind, created_at AS "createdAt" FROM tenants WHERE id = $1`,
      );
      const [peppol] = await q<{ n: number }>(
        `SELECT count(*)::int AS n FROM peppol_callbacks WHERE tenant_id = $1`,
      );
      const [holds] = await q<{ n: number }>(
        `SELECT count(*)::int AS n FROM record_holds WHERE tenant_id = $1 AND released_at IS NULL`,
      );
      const [settings] = await q<NonNullable<ProcedureFacts['recordSettings']>>(
        `SELECT aktenplan_key AS "aktenplanKey", akte_rule AS "akteRule", akte_pattern AS "aktePattern",
                vorgang_pattern AS "vorgangPattern" FROM record_settings WHERE tenant_id = $1`,
      );
      // The configured export targets: the DMS targets of the case record and the finance
      // systems' webhooks. Configuration only — never the per-document export state, which
      // grows with every filed invoice and would make each run a new version.
      const exportTargets: ProcedureFacts['exportTargets'] = [];
      for (const table of EXPORT_TARGET_TABLES) {
        const [n] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`);
        exportTargets.push({ table, rows: n.n });
      }
      return {
        tenant,
        receiverIds: await q(
          `SELECT scheme, value, created_at AS "createdAt" FROM tenant_receiver_ids WHERE tenant_id = $1 ORDER BY scheme, value`,
        ),
        mailboxes: await q(
          `SELECT name, host, folder, enabled, created_at AS "createdAt" FROM mailboxes WHERE tenant_id = $1 ORDER BY name`,
        ),
        peppolCallbacks: peppol.n,
        apiKeys: await q(
          `SELECT name, role, created_at AS "createdAt", revoked_at AS "revokedAt" FROM api_keys WHERE tenant_id = $1 ORDER BY created_at, name`,
        ),
        policies: await q(
          `SELECT version, name, state, preset, definition, activated_at AS "activatedAt", activated_by AS "activatedBy"
             FROM approval_policies WHERE tenant_id = $1 AND activated_at IS NOT NULL ORDER BY version`,
        ),
        users: await q(
          `SELECT display_name AS "displayName", email, roles, created_at AS "createdAt", disabled_at AS "disabledAt"
             FROM users WHERE tenant_id = $1 ORDER BY display_name, email`,
        ),
        roleChanges: await q(
          // Entries still waiting to be chained count too: the document must not depend on
          // whether the chainer has run yet (they read the same once chained).
          `SELECT at, actor, action, subject, roles FROM (
             SELECT at, actor, action, subject, data->'roles' AS roles, 0 AS part, seq AS n FROM audit_log
              WHERE tenant_id = $1 AND action IN ('user.created', 'user.updated') AND data ? 'roles'
             UNION ALL
             SELECT at, actor, action, subject, data->'roles' AS roles, 1 AS part, id AS n FROM audit_pending
              WHERE tenant_id = $1 AND action IN ('user.created', 'user.updated') AND data ? 'roles'
           ) e ORDER BY at, part, n`,
        ),
        retention: await q(
          `SELECT retention_class AS "retentionClass", count(*)::int AS documents,
                  to_char(min(retain_until), 'YYYY-MM-DD') AS earliest, to_char(max(retain_until), 'YYYY-MM-DD') AS latest
             FROM record_documents WHERE tenant_id = $1 GROUP BY retention_class ORDER BY retention_class`,
        ),
        holdsActive: holds.n,
        disposals: await q(
          `SELECT executed_at AS "executedAt", executed_by AS "executedBy", document_count AS documents
             FROM record_disposals WHERE tenant_id = $1 ORDER BY executed_at`,
        ),
        recordSettings: settings ?? null,
        exportTargets,
      };
    });
  }
}
