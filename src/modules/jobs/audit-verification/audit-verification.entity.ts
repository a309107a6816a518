import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditVerificationStatus = 'pending' | 'completed';

export interface AuditVerificationBreak {
  readonly seq: string;
  readonly reason: string;
  readonly detail: string;
}

/** A requested verification of the audit hash chain and, once done, its result. */
@Entity({ name: 'audit_verifications' })
@Index('ix_audit_verifications_tenant', ['tenantId', 'requestedAt'])
export class AuditVerificationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_audit_verifications' })
  id: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
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
