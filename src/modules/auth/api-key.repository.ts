import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { readInSystemContext, withSystemContext, withTenant } from '../../database/tenant-transaction.js';
import type { ApiClientRole } from './auth.contract.js';

/** An API client as shown to admins: never with its secret. */
export interface ApiKey {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly role: ApiClientRole;
  readonly prefix: string;
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
  /** For role `approver`: the staff member the key acts as. */
  readonly userId: string | null;
}

interface Row {
  id: string;
  tenant_id: string;
  name: string;
  role: ApiClientRole;
  prefix: string;
  created_at: Date;
  created_by: string;
  revoked_at: Date | null;
  last_used_at: Date | null;
  user_id: string | null;
  secret_hash?: string;
}

const COLUMNS = `id, tenant_id, name, role, prefix, created_at, created_by, revoked_at, last_used_at, user_id`;

const toApiKey = (r: Row): ApiKey => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  role: r.role,
  prefix: r.prefix,
  createdAt: r.created_at,
  createdBy: r.created_by,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
  userId: r.user_id ?? null,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class ApiKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(
    tenantId: string,
    data: {
      name: string;
      role: ApiClientRole;
      prefix: string;
      secretHash: string;
      createdBy: string;
      userId?: string | null;
    },
  ): Promise<ApiKey> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const [row] = await m.query<Row[]>(
        `INSERT INTO api_keys (tenant_id, name, role, prefix, secret_hash, created_by, user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [tenantId, data.name, data.role, data.prefix, data.secretHash, data.createdBy, data.userId ?? null],
      );
      return toApiKey(row);
    });
  }

  async list(tenantId: string): Promise<ApiKey[]> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows = await m.query<Row[]>(
        `SELECT ${COLUMNS} FROM api_keys WHERE tenant_id = $1 ORDER BY created_at, id`,
        [tenantId],
      );
      return rows.map(toApiKey);
    });
  }

  async findById(tenantId: string, id: string): Promise<ApiKey | undefined> {
    if (!UUID.test(id)) return undefined;
    return withTenant(this.dataSource, tenantId, async (m) => {
      const [row] = await m.query<Row[]>(`SELECT ${COLUMNS} FROM api_keys WHERE tenant_id = $1 AND id = $2`, [
        tenantId,
        id,
      ]);
      return row ? toApiKey(row) : undefined;
    });
  }

  /** Revokes a key of this tenant; a key already revoked keeps its first revocation time. */
  async revoke(tenantId: string, id: string): Promise<ApiKey | undefined> {
    if (!UUID.test(id)) return undefined;
    return withTenant(this.dataSource, tenantId, async (m) => {
      const [rows] = await m.query<[Row[], number]>(
        `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
          WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
        [tenantId, id],
      );
      return rows[0] ? toApiKey(rows[0]) : undefined;
    });
  }

  /** Records use at most once a minute, so authentication does not write on every request. */
  async touchLastUsed(tenantId: string, id: string): Promise<void> {
    await withTenant(this.dataSource, tenantId, async (m) => {
      await m.query(
        `UPDATE api_keys SET last_used_at = now()
          WHERE tenant_id = $1 AND id = $2 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
        [tenantId, id],
      );
    });
  }

  // --- Cross-tenant: authentication (a key names no tenant until it is found) and the
  // --- operator CLI; system context by design.

  async findForAuthentication(prefix: string): Promise<(ApiKey & { secretHash: string }) | undefined> {
    // Every API request starts here: one round trip. The prefix is checked to be hex, so it
    // can stand in the statement as a literal.
    if (!/^[0-9a-f]{12}$/.test(prefix)) return undefined;
    const [row] = await readInSystemContext<Row>(
      this.dataSource,
      `SELECT ${COLUMNS}, secret_hash FROM api_keys WHERE prefix = '${prefix}'`,
    );
    return row ? { ...toApiKey(row), secretHash: row.secret_hash! } : undefined;
  }

  async findTenantOf(id: string): Promise<string | undefined> {
    if (!UUID.test(id)) return undefined;
    return withSystemContext(this.dataSource, async (m) => {
      const [row] = await m.query<Row[]>(`SELECT tenant_id FROM api_keys WHERE id = $1`, [id]);
      return row?.tenant_id;
    });
  }

  async listAll(): Promise<ApiKey[]> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows = await m.query<Row[]>(`SELECT ${COLUMNS} FROM api_keys ORDER BY tenant_id, created_at, id`);
      return rows.map(toApiKey);
    });
  }
}
