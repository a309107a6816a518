import { Check, Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

export const TENANT_KINDS = ['municipality', 'company'] as const;
export type TenantKind = (typeof TENANT_KINDS)[number];

/**
 * A municipality of a shared-service association, or a company: the unit of isolation.
 * Constraint and index names mirror the identity migration, so `migration:generate` sees
 * no difference.
 */
@Entity({ name: 'tenants' })
@Unique('uq_tenants_slug', ['slug'])
@Check('ck_tenants_kind', `kind IN ('municipality', 'company')`)
@Check('ck_tenants_slug', `slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'`)
export class TenantEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_tenants' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  slug: string;

  @Column({ type: 'text' })
  kind: TenantKind;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
