import { Check, Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/**
 * One entry of the append-only, hash-chained audit log. The append-only triggers and the
 * row-level security live in the identity migration only (TypeORM does not model them).
 */
@Entity({ name: 'audit_log' })
@Unique('uq_audit_log_hash', ['hash'])
@Index('ix_audit_log_tenant_seq', ['tenantId', 'seq'])
export class AuditLogEntity {
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_audit_log' })
  seq: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'tenant_id', type: 'uuid', nullable: true })
  tenantId: string | null;

  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Column({ type: 'jsonb', default: {} })
  data: Record<string, unknown>;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash: string;

  @Column({ type: 'text' })
  hash: string;
}

/** The newest entry of the chain (a single row, locked while appending). */
@Entity({ name: 'audit_chain_head' })
@Check('ck_audit_chain_head_single', `id`)
export class AuditChainHeadEntity {
  @PrimaryColumn({ type: 'boolean', default: true, primaryKeyConstraintName: 'pk_audit_chain_head' })
  id: boolean;

  @Column({ type: 'bigint' })
  seq: string;

  @Column({ type: 'text' })
  hash: string;
}
