import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withSystemContext, withTenant } from '../../../database/tenant-transaction.js';
import type { ExportKind, ExportTarget, TargetConfig, TargetInput } from './export-targets.js';

type Row = Record<string, unknown>;

export type ExportState = 'pending' | 'sent' | 'confirmed' | 'failed';
export const EXPORT_STATES: readonly ExportState[] = ['pending', 'sent', 'confirmed', 'failed'];

export interface RecordExport {
  readonly id: string;
  readonly vorgangId: string;
  readonly targetId: string;
  readonly targetName: string;
  readonly aktenzeichen: string;
  readonly state: ExportState;
  readonly attempts: number;
  /** When the next try is due; null: none (confirmed, waiting for the DMS, or given up). */
  readonly nextAttemptAt: Date | null;
  /** xdomea ProzessID of the last message sent. */
  readonly prozessId: string | null;
  /** A stable code (`EXPORT_REJECTED_BY_DMS`, `EXPORT_CMIS_FAILED`, …). */
  readonly lastError: string | null;
  /** What the DMS said (0630 Rueckmeldungen, the CMIS exception), for the admin. */
  readonly lastMessage: string | null;
  /** The object's id in the DMS (CMIS folder, xdomea IDSGO). */
  readonly dmsId: string | null;
  readonly createdAt: Date;
  readonly sentAt: Date | null;
  readonly confirmedAt: Date | null;
  readonly updatedAt: Date;
}

export interface StoredTarget extends ExportTarget {
  readonly secret: string | null;
}

export interface VorgangForExport {
  readonly id: string;
  readonly aktenzeichen: string;
  readonly betreff: string;
  readonly invoiceNumber: string | null;
  readonly filedAt: Date | null;
  readonly documents: readonly {
    readonly id: string;
    readonly position: number;
    readonly kind: string;
    readonly name: string;
    readonly mediaType: string;
    readonly sha256: string;
    readonly size: number;
    readonly filedAt: Date;
  }[];
}

export interface ExportKey {
  readonly tenantId: string;
  readonly vorgangId: string;
  readonly targetId: string;
}

const toTarget = (r: Row): StoredTarget => ({
  id: r.id as string,
  name: r.name as string,
  kind: r.kind as ExportKind,
  enabled: r.enabled as boolean,
  absender: r.absender as string,
  empfaenger: r.empfaenger as string,
  config: r.config as TargetConfig,
  hasPassword: r.secret !== null,
  secret: r.secret as string | null,
  createdAt: r.created_at as Date,
  updatedAt: r.updated_at as Date,
});

const toExport = (r: Row): RecordExport => ({
  id: r.id as string,
  vorgangId: r.vorgang_id as string,
  targetId: r.target_id as string,
  targetName: (r.target_name as string) ?? '',
  aktenzeichen: (r.aktenzeichen as string) ?? '',
  state: r.state as ExportState,
  attempts: r.attempts as number,
  nextAttemptAt: r.next_attempt_at as Date | null,
  prozessId: r.prozess_id as string | null,
  lastError: r.last_error as string | null,
  lastMessage: r.last_message as string | null,
  dmsId: r.dms_id as string | null,
  createdAt: r.created_at as Date,
  sentAt: r.sent_at as Date | null,
  confirmedAt: r.confirmed_at as Date | null,
  updatedAt: r.updated_at as Date,
});

const EXPORT_SELECT = `SELECT e.*, t.name AS target_name, v.aktenzeichen
  FROM record_exports e
  JOIN record_export_targets t ON t.id = e.target_id
  JOIN record_vorgaenge v ON v.id = e.vorgang_id`;

/** Raw SQL over `record_export_targets` and `record_exports` (and reads of the filed record). */
@Injectable()
export class RecordsExportRepository {
  constructor(private readonly dataSource: DataSource) {}

  listTargets(tenantId: string): Promise<StoredTarget[]> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT * FROM record_export_targets WHERE tenant_id = $1 ORDER BY name`,
        [tenantId],
      );
      return rows.map(toTarget);
    });
  }

  findTarget(tenantId: string, id: string): Promise<StoredTarget | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT * FROM record_export_targets WHERE tenant_id = $1 AND id = $2`,
        [tenantId, id],
      );
      return rows[0] ? toTarget(rows[0]) : undefined;
    });
  }

  /**
   * Puts the tenant's targets: each is created or updated by name (a sealed password
   * replaces the stored one; none given keeps it); targets not listed are disabled, not
   * deleted, since their exports refer to them.
   */
  replaceTargets(
    tenantId: string,
    targets: readonly (TargetInput & { sealedPassword?: string })[],
  ): Promise<StoredTarget[]> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      for (const t of targets) {
        await m.query(
          `INSERT INTO record_export_targets (id, tenant_id, name, kind, enabled, absender, empfaenger, config, secret)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (tenant_id, name) DO UPDATE SET
             kind = EXCLUDED.kind, enabled = EXCLUDED.enabled, absender = EXCLUDED.absender,
             empfaenger = EXCLUDED.empfaenger, config = EXCLUDED.config,
             secret = CASE WHEN EXCLUDED.kind <> 'cmis' THEN NULL
                           ELSE COALESCE(EXCLUDED.secret, record_export_targets.secret) END,
             updated_at = now()`,
          [
            randomUUID(),
            tenantId,
            t.name,
            t.kind,
            t.enabled,
            t.absender,
            t.empfaenger,
            JSON.stringify(t.config),
            t.sealedPassword ?? null,
          ],
        );
      }
      await m.query(
        `UPDATE record_export_targets SET enabled = false, updated_at = now()
          WHERE tenant_id = $1 AND enabled AND NOT (name = ANY($2::text[]))`,
        [tenantId, targets.map((t) => t.name)],
      );
      const rows: Row[] = await m.query(
        `SELECT * FROM record_export_targets WHERE tenant_id = $1 ORDER BY name`,
        [tenantId],
      );
      return rows.map(toTarget);
    });
  }

  vorgang(tenantId: string, vorgangId: string): Promise<VorgangForExport | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT v.id, v.aktenzeichen, v.betreff, v.filed_at, i.number AS invoice_number
           FROM record_vorgaenge v LEFT JOIN invoices i ON i.id = v.invoice_id
          WHERE v.tenant_id = $1 AND v.id = $2`,
        [tenantId, vorgangId],
      );
      if (!rows[0]) return undefined;
      const docs: Row[] = await m.query(
        `SELECT id, position, kind, name, media_type, sha256, size, filed_at FROM record_documents
          WHERE tenant_id = $1 AND vorgang_id = $2 ORDER BY position`,
        [tenantId, vorgangId],
      );
      return {
        id: rows[0].id as string,
        aktenzeichen: rows[0].aktenzeichen as string,
        betreff: rows[0].betreff as string,
        invoiceNumber: rows[0].invoice_number as string | null,
        filedAt: rows[0].filed_at as Date | null,
        documents: docs.map((d) => ({
          id: d.id as string,
          position: d.position as number,
          kind: d.kind as string,
          name: d.name as string,
          mediaType: d.media_type as string,
          sha256: d.sha256 as string,
          size: Number(d.size),
          filedAt: d.filed_at as Date,
        })),
      };
    });
  }

  /** The export row of a Vorgang for a target, created (pending, due now) when there is none. */
  async ensure(k: ExportKey): Promise<void> {
    await withTenant(this.dataSource, k.tenantId, (m) =>
      m.query(
        `INSERT INTO record_exports (id, tenant_id, vorgang_id, target_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (vorgang_id, target_id) DO NOTHING`,
        [randomUUID(), k.tenantId, k.vorgangId, k.targetId],
      ),
    );
  }

  /**
   * Takes a due export for one attempt: counts it, gives it the new message's ProzessID and
   * pushes `next_attempt_at` out by `leaseSeconds`, so a second worker does not take it
   * too and an attempt cut off by a crash is retried once the lease ran out. Undefined
   * when the export is not due (sent, confirmed, or failed with its retry still ahead).
   */
  claim(k: ExportKey, prozessId: string, leaseSeconds: number): Promise<RecordExport | undefined> {
    return withTenant(this.dataSource, k.tenantId, async (m) => {
      const [rows] = await m.query<[Row[], number]>(
        `UPDATE record_exports SET attempts = attempts + 1, prozess_id = $4,
                next_attempt_at = now() + make_interval(secs => $5), updated_at = now()
          WHERE tenant_id = $1 AND vorgang_id = $2 AND target_id = $3
            AND state IN ('pending', 'failed') AND next_attempt_at <= now()
          RETURNING *`,
        [k.tenantId, k.vorgangId, k.targetId, prozessId, leaseSeconds],
      );
      return rows[0] ? toExport(rows[0]) : undefined;
    });
  }

  async markSent(tenantId: string, id: string, prozessId: string): Promise<void> {
    await withTenant(this.dataSource, tenantId, (m) =>
      m.query(
        `UPDATE record_exports SET state = 'sent', sent_at = now(), next_attempt_at = NULL,
                last_error = NULL, updated_at = now()
          WHERE tenant_id = $1 AND id = $2 AND prozess_id = $3 AND state IN ('pending', 'failed')`,
        [tenantId, id, prozessId],
      ),
    );
  }

  /** Confirmed, when the export is still at the message `prozessId` (a late answer to an older one changes nothing). */
  async markConfirmed(
    tenantId: string,
    id: string,
    prozessId: string,
    dmsId: string | null,
  ): Promise<boolean> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const [rows] = await m.query<[Row[], number]>(
        `UPDATE record_exports SET state = 'confirmed', confirmed_at = now(), sent_at = COALESCE(sent_at, now()),
                next_attempt_at = NULL, last_error = NULL, last_message = NULL, dms_id = $4, updated_at = now()
          WHERE tenant_id = $1 AND id = $2 AND prozess_id = $3 AND state <> 'confirmed'
          RETURNING id`,
        [tenantId, id, prozessId, dmsId],
      );
      return rows.length > 0;
    });
  }

  async markFailed(
    tenantId: string,
    id: string,
    prozessId: string,
    failure: { code: string; message: string; retryAt: Date | null },
  ): Promise<boolean> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const [rows] = await m.query<[Row[], number]>(
        `UPDATE record_exports SET state = 'failed', last_error = $4, last_message = $5,
                next_attempt_at = $6, updated_at = now()
          WHERE tenant_id = $1 AND id = $2 AND prozess_id = $3 AND state <> 'confirmed'
          RETURNING id`,
        [tenantId, id, prozessId, failure.code, failure.message.slice(0, 2000), failure.retryAt],
      );
      return rows.length > 0;
    });
  }

  /** Makes a failed export due now (the admin's retry); false when it is not failed. */
  retryNow(tenantId: string, id: string): Promise<RecordExport | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const [rows] = await m.query<[Row[], number]>(
        `UPDATE record_exports SET next_attempt_at = now(), updated_at = now()
          WHERE tenant_id = $1 AND id = $2 AND state = 'failed' RETURNING *`,
        [tenantId, id],
      );
      return rows[0] ? toExport(rows[0]) : undefined;
    });
  }

  byProzessId(tenantId: string, targetId: string, prozessId: string): Promise<RecordExport | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `${EXPORT_SELECT} WHERE e.tenant_id = $1 AND e.target_id = $2 AND e.prozess_id = $3`,
        [tenantId, targetId, prozessId],
      );
      return rows[0] ? toExport(rows[0]) : undefined;
    });
  }

  get(tenantId: string, id: string): Promise<RecordExport | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(`${EXPORT_SELECT} WHERE e.tenant_id = $1 AND e.id = $2`, [
        tenantId,
        id,
      ]);
      return rows[0] ? toExport(rows[0]) : undefined;
    });
  }

  list(tenantId: string, state: ExportState | undefined, limit: number): Promise<RecordExport[]> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `${EXPORT_SELECT} WHERE e.tenant_id = $1 AND ($2::text IS NULL OR e.state = $2)
          ORDER BY e.updated_at DESC, e.id LIMIT $3`,
        [tenantId, state ?? null, limit],
      );
      return rows.map(toExport);
    });
  }

  /** Sweep: filed Vorgänge without an export to an enabled target, and exports due for a try. */
  dueWork(limit: number): Promise<ExportKey[]> {
    return withSystemContext(this.dataSource, async (m) => {
      const missing: Row[] = await m.query(
        `SELECT v.tenant_id, v.id AS vorgang_id, t.id AS target_id
           FROM record_vorgaenge v
           JOIN record_export_targets t ON t.tenant_id = v.tenant_id AND t.enabled
          WHERE v.filed_at IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM record_exports e WHERE e.vorgang_id = v.id AND e.target_id = t.id)
          ORDER BY v.filed_at LIMIT $1`,
        [limit],
      );
      const due: Row[] = await m.query(
        `SELECT e.tenant_id, e.vorgang_id, e.target_id FROM record_exports e
           JOIN record_export_targets t ON t.id = e.target_id AND t.enabled
          WHERE e.state IN ('pending', 'failed') AND e.next_attempt_at <= now()
          ORDER BY e.next_attempt_at LIMIT $1`,
        [limit],
      );
      return [...missing, ...due].map((r) => ({
        tenantId: r.tenant_id as string,
        vorgangId: r.vorgang_id as string,
        targetId: r.target_id as string,
      }));
    });
  }

  /** Sweep: the directory targets with messages waiting for the DMS's answer. */
  answerTargets(): Promise<{ tenantId: string; targetId: string }[]> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT DISTINCT t.tenant_id, t.id FROM record_export_targets t
          WHERE t.enabled AND t.kind = 'xdomea-dir'
            AND EXISTS (SELECT 1 FROM record_exports e WHERE e.target_id = t.id AND e.state = 'sent')`,
      );
      return rows.map((r) => ({ tenantId: r.tenant_id as string, targetId: r.id as string }));
    });
  }
}
