import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TenantEntity } from '../../tenants/entities/tenant.entity.js';

export type AuditVerificationStatus = 'pending' | 'completed';

export interface AuditVerificationBreak {
  readonly seq: string;
  readonly reason: string;
  readonly detail: string;
}

/**
 * A requested verification of the audit hash chain and, once done, its result. Constraint
 * and index names mirror the audit-verifications migration, so `migration:generate` sees
 * no difference.
 */
@Entity({ name: 'audit_verifications' })
@Check('ck_audit_verifications_status', `status IN ('pending', 'completed')`)
@Check(
  'ck_audit_verifications_result',
  `(status = 'pending' AND completed_at IS NULL AND ok IS NULL AND checked IS NULL)` +
    ` OR (status = 'completed' AND completed_at IS NOT NULL AND ok IS NOT NULL AND checked IS NOT NULL)`,
)
@Index('ix_audit_verifications_tenant', ['tenantId', 'requestedAt'])
// Partial: the recovery sweep looks for the few pending rows only.
@Index('ix_audit_verifications_pending', ['requestedAt'], { where: `status = 'pending'` })
export class AuditVerificationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_audit_verifications' })
  id: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  @ForeignKey(() => TenantEntity, { name: 'fk_audit_verifications_tenant', onDelete: 'CASCADE' })
  tenantId: string;

  /** The principal who asked: `user:<id>` or `api-key:<id>`. */
  @Column({ name: 'requested_by', type: 'text' })
  requestedBy: string;

  @Column({ type: 'text', default: 'pending' })
  status: AuditVerificationStatus;

  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'boolean', nullable: true })
  ok: boolean | null;

  @Column({ type: 'integer', nullable: true })
  checked: number | null;

  @Column({ name: 'first_broken', type: 'jsonb', nullable: true })
  firstBroken: AuditVerificationBreak | null;
}
