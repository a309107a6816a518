import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Failed sign-ins per e-mail address (its sha256), known to an account or not. */
@Entity({ name: 'login_throttle' })
@Check('ck_login_throttle_failures', `failures >= 0`)
@Index('ix_login_throttle_updated_at', ['updatedAt'])
export class LoginThrottleEntity {
  @PrimaryColumn({ name: 'email_key', type: 'text', primaryKeyConstraintName: 'pk_login_throttle' })
  emailKey: string;

  @Column({ type: 'integer', default: 0 })
  failures: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
