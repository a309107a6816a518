import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withTenant } from '../../../database/tenant-transaction.js';
import type { AccountKind, ChartAccountRow } from './chart-csv.js';

export interface ChartAccount {
  readonly kind: AccountKind;
  readonly code: string;
  readonly name: string;
  readonly active: boolean;
  /** `YYYY-MM-DD` or null. */
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type ImportMode = 'merge' | 'replace';

export interface ChartImportCounts {
  /** Accounts in the file. */
  readonly rowsTotal: number;
  readonly created: number;
  /** Existing accounts whose name, state or validity the file changed. */
  readonly updated: number;
  readonly unchanged: number;
  /** `replace` only: accounts of the file's kinds that the file no longer lists. */
  readonly deactivated: number;
}

export interface ChartImport extends ChartImportCounts {
  readonly id: string;
  readonly actor: string;
  readonly importedAt: Date;
  readonly mode: ImportMode;
  readonly fileName: string | null;
  readonly fileSha256: string;
  readonly fileBytes: number;
  readonly encoding: string;
}

export interface ChartQuery {
  readonly kind?: AccountKind;
  /** Code prefix, or a part of the name (case-insensitive). */
  readonly q?: string;
  readonly active?: boolean;
  /** Keyset: the last account of the previous page. */
  readonly after?: { readonly kind: AccountKind; readonly code: string };
  readonly limit: number;
}

type Row = Record<string, unknown>;

const ACCOUNT_COLUMNS = `kind, code, name, active,
  to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to,
  created_at, updated_at`;

const toAccount = (r: Row): ChartAccount => ({
  kind: r.kind as AccountKind,
  code: r.code as string,
  name: r.name as string,
  active: r.active as boolean,
  validFrom: r.valid_from as string | null,
  validTo: r.valid_to as string | null,
  createdAt: r.created_at as Date,
  updatedAt: r.updated_at as Date,
});

const toImport = (r: Row): ChartImport => ({
  id: r.id as string,
  actor: r.actor as string,
  importedAt: r.imported_at as Date,
  mode: r.mode as ImportMode,
  fileName: r.file_name as string | null,
  fileSha256: r.file_sha256 as string,
  fileBytes: r.file_bytes as number,
  encoding: r.encoding as string,
  rowsTotal: r.rows_total as number,
  created: r.created as number,
  updated: r.updated as number,
  unchanged: r.unchanged as number,
  deactivated: r.deactivated as number,
});

/** `LIKE` pattern of a literal prefix. */
const likePrefix = (s: string) => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const likeInfix = (s: string) => `%${likePrefix(s)}`;

/** The chart of accounts (`chart_accounts`) and its import history (`chart_imports`), per tenant. */
@Injectable()
export class AccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Writes the accounts of one file (all or nothing with the caller's transaction): new
   * ones are inserted, changed ones updated, unchanged ones left alone (their `updated_at`
   * too). `replace` then deactivates the accounts of the file's kinds that it does not list.
   * Imports of one tenant run one after the other (a transaction-scoped advisory lock).
   */
  async write(
    tenantId: string,
    rows: readonly ChartAccountRow[],
    mode: ImportMode,
  ): Promise<ChartImportCounts> {
    return withTenant(this.dataSource, tenantId, async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('chart_accounts:' || $1, 0))`, [
        tenantId,
      ]);
      const params = [
        tenantId,
        rows.map((r) => r.kind),
        rows.map((r) => r.code),
        rows.map((r) => r.name),
        rows.map((r) => r.active),
        rows.map((r) => r.validFrom),
        rows.map((r) => r.validTo),
      ];
      const input = `SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::boolean[], $6::date[], $7::date[])
                       AS i(kind, code, name, active, valid_from, valid_to)`;
      // The CTEs see the table as it was before the statement: `existing` tells new from changed.
      const [counts] = await tx.query<{ created: number; updated: number }[]>(
        `WITH input AS (${input}),
              existing AS (
                SELECT c.kind, c.code FROM chart_accounts c JOIN input i ON i.kind = c.kind AND i.code = c.code
                 WHERE c.tenant_id = $1),
              written AS (
                INSERT INTO chart_accounts AS c (tenant_id, kind, code, name, active, valid_from, valid_to)
                SELECT $1, kind, code, name, active, valid_from, valid_to FROM input
                ON CONFLICT (tenant_id, kind, code) DO UPDATE
                   SET name = excluded.name, active = excluded.active, valid_from = excluded.valid_from,
                       valid_to = excluded.valid_to, updated_at = now()
                 WHERE (c.name, c.active, c.valid_from, c.valid_to)
                       IS DISTINCT FROM (excluded.name, excluded.active, excluded.valid_from, excluded.valid_to)
                RETURNING c.kind, c.code)
         SELECT count(*) FILTER (WHERE e.code IS NULL)::int AS created,
                count(*) FILTER (WHERE e.code IS NOT NULL)::int AS updated
           FROM written w LEFT JOIN existing e ON e.kind = w.kind AND e.code = w.code`,
        params,
      );
      let deactivated = 0;
      if (mode === 'replace') {
        const [d] = await tx.query<{ n: number }[]>(
          `WITH input AS (SELECT * FROM unnest($2::text[], $3::text[]) AS i(kind, code)),
                gone AS (
                  UPDATE chart_accounts c SET active = false, updated_at = now()
                   WHERE c.tenant_id = $1 AND c.active
                     AND c.kind IN (SELECT DISTINCT kind FROM input)
                     AND NOT EXISTS (SELECT 1 FROM input i WHERE i.kind = c.kind AND i.code = c.code)
                  RETURNING 1)
           SELECT count(*)::int AS n FROM gone`,
          [tenantId, params[1], params[2]],
        );
        deactivated = d.n;
      }
      return {
        rowsTotal: rows.length,
        created: counts.created,
        updated: counts.updated,
        unchanged: rows.length - counts.created - counts.updated,
        deactivated,
      };
    });
  }

  async recordImport(tenantId: string, i: Omit<ChartImport, 'id' | 'importedAt'>): Promise<ChartImport> {
    return withTenant(this.dataSource, tenantId, async (tx) => {
      const rows: Row[] = await tx.query(
        `INSERT INTO chart_imports (tenant_id, actor, mode, file_name, file_sha256, file_bytes, encoding,
                                    rows_total, created, updated, unchanged, deactivated)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
        [
          tenantId,
          i.actor,
          i.mode,
          i.fileName,
          i.fileSha256,
          i.fileBytes,
          i.encoding,
          i.rowsTotal,
          i.created,
          i.updated,
          i.unchanged,
          i.deactivated,
        ],
      );
      return toImport(rows[0]);
    });
  }

  async imports(tenantId: string, limit: number): Promise<ChartImport[]> {
    return withTenant(this.dataSource, tenantId, async (tx) => {
      const rows: Row[] = await tx.query(
        `SELECT * FROM chart_imports WHERE tenant_id = $1 ORDER BY imported_at DESC, id LIMIT $2`,
        [tenantId, limit],
      );
      return rows.map(toImport);
    });
  }

  async getImport(tenantId: string, id: string): Promise<ChartImport | undefined> {
    return withTenant(this.dataSource, tenantId, async (tx) => {
      const rows: Row[] = await tx.query(`SELECT * FROM chart_imports WHERE tenant_id = $1 AND id = $2`, [
        tenantId,
        id,
      ]);
      return rows[0] ? toImport(rows[0]) : undefined;
    });
  }

  /** A page of accounts in (kind, code) order; `limit + 1` rows tell whether more follow. */
  async list(tenantId: string, query: ChartQuery): Promise<ChartAccount[]> {
    const where = ['tenant_id = $1'];
    const params: unknown[] = [tenantId];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (query.kind) where.push(`kind = ${param(query.kind)}`);
    if (query.active !== undefined) where.push(`active = ${param(query.active)}`);
    if (query.q) {
      where.push(`(code LIKE ${param(likePrefix(query.q))} OR name ILIKE ${param(likeInfix(query.q))})`);
    }
    if (query.after) where.push(`(kind, code) > (${param(query.after.kind)}, ${param(query.after.code)})`);
    return withTenant(this.dataSource, tenantId, async (tx) => {
      const rows: Row[] = await tx.query(
        `SELECT ${ACCOUNT_COLUMNS} FROM chart_accounts WHERE ${where.join(' AND ')}
          ORDER BY kind, code LIMIT ${param(query.limit + 1)}`,
        params,
      );
      return rows.map(toAccount);
    });
  }

  /** Accounts per kind (all, and active). */
  async counts(tenantId: string): Promise<{ kind: AccountKind; total: number; active: number }[]> {
    return withTenant(this.dataSource, tenantId, (tx) =>
      tx.query(
        `SELECT kind, count(*)::int AS total, count(*) FILTER (WHERE active)::int AS active
           FROM chart_accounts WHERE tenant_id = $1 GROUP BY kind ORDER BY kind`,
        [tenantId],
      ),
    );
  }

  /**
   * In one statement: the accounts of the given kinds and codes, and the kinds of which the
   * chart has any account at all.
   */
  async lookup(
    tenantId: string,
    refs: readonly { readonly kind: AccountKind; readonly code: string }[],
  ): Promise<{ kinds: AccountKind[]; accounts: ChartAccount[] }> {
    return withTenant(this.dataSource, tenantId, async (tx) => {
      const rows: (Row & { present: boolean })[] = await tx.query(
        `SELECT ${ACCOUNT_COLUMNS}, false AS present
           FROM chart_accounts
          WHERE tenant_id = $1 AND (kind, code) IN (SELECT * FROM unnest($2::text[], $3::text[]))
         UNION ALL
         SELECT k.kind, NULL, NULL, NULL, NULL, NULL, NULL, NULL, true
           FROM unnest(ARRAY['buchungsstelle', 'kostenstelle', 'investition']) AS k(kind)
          WHERE EXISTS (SELECT 1 FROM chart_accounts c WHERE c.tenant_id = $1 AND c.kind = k.kind)`,
        [tenantId, refs.map((r) => r.kind), refs.map((r) => r.code)],
      );
      return {
        kinds: rows.filter((r) => r.present).map((r) => r.kind as AccountKind),
        accounts: rows.filter((r) => !r.present).map(toAccount),
      };
    });
  }
}
