import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { TenantEntity } from './tenant.entity.js';

/** Schemes of electronic addresses (EAS code list) a tenant can be reached by. */
export const RECEIVER_ID_SCHEMES = {
  leitwegId: '0204',
  vatId: '9930',
  gln: '0088',
} as const;

/** An id under which a tenant receives invoices (Leitweg-ID, VAT id, …); unique per installation. */
@Entity({ name: 'tenant_receiver_ids' })
@Unique('uq_tenant_receiver_ids_scheme_value', ['scheme', 'value'])
@Check('ck_tenant_receiver_ids_scheme', `scheme ~ '^[0-9]{4}$'`)
@Index('ix_tenant_receiver_ids_tenant', ['tenantId'])
export class TenantReceiverIdEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_tenant_receiver_ids' })
  id: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  @ForeignKey(() => TenantEntity, { name: 'fk_tenant_receiver_ids_tenant', onDelete: 'CASCADE' })
  tenantId: string;

  @Column({ type: 'text' })
  scheme: string;

  @Column({ type: 'text' })
  value: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
