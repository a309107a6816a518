import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { TenantEntity } from '../../tenants/entities/tenant.entity.js';
import type { StaffRole } from '../auth.contract.js';

/** A staff member of one tenant who signs in with e-mail and password. */
@Entity({ name: 'users' })
@Unique('uq_users_tenant_email', ['tenantId', 'email'])
@Check('ck_users_email_lower', `email = lower(email)`)
@Check(
  'ck_users_roles',
  `cardinality(roles) > 0 AND roles <@ ARRAY['admin', 'approver', 'treasury', 'auditor']::text[]`,
)
@Check('ck_users_lang', `lang IN ('de', 'en')`)
@Index('ix_users_tenant', ['tenantId'])
@Index('ix_users_email', ['email'])
export class UserEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_users' })
  id: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  @ForeignKey(() => TenantEntity, { name: 'fk_users_tenant', onDelete: 'CASCADE' })
  tenantId: string;

  /** Stored in lower case; unique within the tenant (another tenant may have a user with it too). */
  @Column({ type: 'text' })
  email: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  /** argon2id, PHC string format. */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ type: 'text', array: true })
  roles: StaffRole[];

  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword: boolean;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /** The language of the user's mails (notifications). */
  @Column({ type: 'text', default: 'de' })
  lang: 'de' | 'en';

  /** Whether the user gets the daily digest of their open tasks. */
  @Column({ type: 'boolean', default: false })
  digest: boolean;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
