import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { TenantEntity } from '../../tenants/entities/tenant.entity.js';
import type { ApiClientRole } from '../auth.contract.js';
import { UserEntity } from './user.entity.js';

/** An API client (supplier system, access point, finance system): one tenant, one role, one key. */
@Entity({ name: 'api_keys' })
@Unique('uq_api_keys_prefix', ['prefix'])
@Check('ck_api_keys_role', `role IN ('supplier', 'access-point', 'finance', 'approver')`)
@Check('ck_api_keys_approver_user', `(role = 'approver') = (user_id IS NOT NULL)`)
@Index('ix_api_keys_tenant', ['tenantId'])
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_api_keys' })
  id: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  @ForeignKey(() => TenantEntity, { name: 'fk_api_keys_tenant', onDelete: 'CASCADE' })
  tenantId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  role: ApiClientRole;

  /** Public part of the key, used to find the row. */
  @Column({ type: 'text' })
  prefix: string;

  /** sha256 (hex) of the secret part. */
  @Column({ name: 'secret_hash', type: 'text' })
  secretHash: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  /** Role `approver`: the staff member the key acts as (with that person's rights). */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  @ForeignKey(() => UserEntity, { name: 'fk_api_keys_user', onDelete: 'CASCADE' })
  userId: string | null;
}
