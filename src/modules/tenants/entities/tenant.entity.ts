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
@Check(
  'ck_tenants_holiday_land',
  `holiday_land IN ('BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH')`,
)
@Check(
  'ck_tenants_holiday_region',
  `holiday_region IS NULL OR (holiday_land IS NOT NULL AND holiday_region ~ '^[A-Z]{1,8}$')`,
)
export class TenantEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_tenants' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  slug: string;

  @Column({ type: 'text' })
  kind: TenantKind;

  /** Land for public holidays (deadlines); null: nationwide holidays only. */
  @Column({ name: 'holiday_land', type: 'text', nullable: true })
  holidayLand: string | null;

  /** Region of the Land with holidays of its own (holiday data code, e.g. `EIC`). */
  @Column({ name: 'holiday_region', type: 'text', nullable: true })
  holidayRegion: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
