import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withSystemContext, withTenant } from '../../database/tenant-transaction.js';
import type { TenantKind } from './entities/tenant.entity.js';

export interface ReceiverId {
  readonly scheme: string;
  readonly value: string;
}

export interface Tenant {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly kind: TenantKind;
  readonly receiverIds: readonly ReceiverId[];
  readonly createdAt: Date;
}

interface TenantRow {
  id: string;
  name: string;
  slug: string;
  kind: TenantKind;
  created_at: Date;
  receiver_ids: ReceiverId[] | null;
}

const SELECT_TENANT = `
  SELECT t.id, t.name, t.slug, t.kind, t.created_at,
         (SELECT json_agg(json_build_object('scheme', r.scheme, 'value', r.value) ORDER BY r.scheme, r.value)
            FROM tenant_receiver_ids r WHERE r.tenant_id = t.id) AS receiver_ids
    FROM tenants t`;

const toTenant = (r: TenantRow): Tenant => ({
  id: r.id,
  name: r.name,
  slug: r.slug,
  kind: r.kind,
  receiverIds: r.receiver_ids ?? [],
  createdAt: r.created_at,
});

/** Unique-constraint violations the service turns into domain errors. */
export type TenantConflict = 'slug' | 'receiver-id';

export class TenantConflictError extends Error {
  constructor(readonly conflict: TenantConflict) {
    super(`tenant ${conflict} taken`);
  }
}

export class ReceiverIdMissingError extends Error {
  constructor(readonly receiverId: ReceiverId) {
    super(`receiver id ${receiverId.scheme}:${receiverId.value} not found`);
  }
}

@Injectable()
export class TenantRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts a tenant with its receiver ids. Runs in the new tenant's own context: the id is
   * chosen first, so the row-level-security check applies to the insert as to any other.
   */
  async create(
    tenantId: string,
    data: { name: string; slug: string; kind: TenantKind; receiverIds: readonly ReceiverId[] },
  ): Promise<Tenant> {
    // ON CONFLICT instead of catching unique violations keeps expected conflicts out of the
    // database error log; throwing inside the transaction still rolls everything back.
    return withTenant(this.dataSource, tenantId, async (m) => {
      const inserted = await m.query<{ id: string }[]>(
        `INSERT INTO tenants (id, name, slug, kind) VALUES ($1, $2, $3, $4)
         ON CONFLICT ON CONSTRAINT uq_tenants_slug DO NOTHING RETURNING id`,
        [tenantId, data.name, data.slug, data.kind],
      );
      if (inserted.length === 0) throw new TenantConflictError('slug');
      for (const r of data.receiverIds) {
        const added = await m.query<{ id: string }[]>(
          `INSERT INTO tenant_receiver_ids (tenant_id, scheme, value) VALUES ($1, $2, $3)
           ON CONFLICT ON CONSTRAINT uq_tenant_receiver_ids_scheme_value DO NOTHING RETURNING id`,
          [tenantId, r.scheme, r.value],
        );
        if (added.length === 0) throw new TenantConflictError('receiver-id');
      }
      const [row] = await m.query<TenantRow[]>(`${SELECT_TENANT} WHERE t.id = $1`, [tenantId]);
      return toTenant(row);
    });
  }

  /**
   * Renames the tenant and adds or removes receiver ids, in one transaction. An id the
   * tenant already has is no conflict; one another tenant has is (`TenantConflictError`);
   * one to remove that the tenant does not have surfaces as `ReceiverIdMissingError`.
   */
  async update(
    tenantId: string,
    data: { name?: string; add: readonly ReceiverId[]; remove: readonly ReceiverId[] },
  ): Promise<Tenant | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const [rows] = await m.query<[{ id: string }[], number]>(
        `UPDATE tenants SET name = coalesce($2, name) WHERE id = $1 RETURNING id`,
        [tenantId, data.name ?? null],
      );
      if (rows.length === 0) return undefined;
      for (const r of data.remove) {
        const [, count] = await m.query<[unknown, number]>(
          `DELETE FROM tenant_receiver_ids WHERE tenant_id = $1 AND scheme = $2 AND value = $3`,
          [tenantId, r.scheme, r.value],
        );
        if (count === 0) throw new ReceiverIdMissingError(r);
      }
      for (const r of data.add) {
        const added = await m.query<{ id: string }[]>(
          `INSERT INTO tenant_receiver_ids (tenant_id, scheme, value) VALUES ($1, $2, $3)
           ON CONFLICT ON CONSTRAINT uq_tenant_receiver_ids_scheme_value DO NOTHING RETURNING id`,
          [tenantId, r.scheme, r.value],
        );
        if (added.length > 0) continue;
        // Row-level security shows only this tenant's rows: found means it is already ours.
        const own = await m.query<{ id: string }[]>(
          `SELECT id FROM tenant_receiver_ids WHERE tenant_id = $1 AND scheme = $2 AND value = $3`,
          [tenantId, r.scheme, r.value],
        );
        if (own.length === 0) throw new TenantConflictError('receiver-id');
      }
      const [row] = await m.query<TenantRow[]>(`${SELECT_TENANT} WHERE t.id = $1`, [tenantId]);
      return toTenant(row);
    });
  }

  /** The caller's own tenant. */
  async findById(tenantId: string): Promise<Tenant | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const [row] = await m.query<TenantRow[]>(`${SELECT_TENANT} WHERE t.id = $1`, [tenantId]);
      return row ? toTenant(row) : undefined;
    });
  }

  // --- Cross-tenant reads (operator CLI, intake routing): system context by design. ---

  async listAll(): Promise<Tenant[]> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows = await m.query<TenantRow[]>(`${SELECT_TENANT} ORDER BY t.slug`);
      return rows.map(toTenant);
    });
  }

  async findBySlugOrId(ref: string): Promise<Tenant | undefined> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows = await m.query<TenantRow[]>(`${SELECT_TENANT} WHERE t.slug = $1 OR t.id::text = $1`, [ref]);
      return rows[0] ? toTenant(rows[0]) : undefined;
    });
  }

  /** Intake routing: which tenant receives invoices addressed to this id (tenant not yet known). */
  async findByReceiverId(scheme: string, value: string): Promise<Tenant | undefined> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows = await m.query<TenantRow[]>(
        `${SELECT_TENANT} WHERE t.id = (SELECT tenant_id FROM tenant_receiver_ids WHERE scheme = $1 AND value = $2)`,
        [scheme, value],
      );
      return rows[0] ? toTenant(rows[0]) : undefined;
    });
  }

  async count(): Promise<number> {
    return withSystemContext(this.dataSource, async (m) => {
      const [row] = await m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM tenants`);
      return row?.n ?? 0;
    });
  }
}
