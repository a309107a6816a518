import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit verifications: a request to verify the audit hash chain, made over HTTP by a
 * tenant's admin or auditor and carried out by the `audit.verify` job in a worker.
 *
 * Tenant-scoped (the requesting tenant sees its own requests and results only), with the
 * identity migration's row-level security. The row is the source of truth for the job: a
 * `pending` row is work to do, and the recovery sweep re-enqueues it if the queue lost it.
 */
export class AuditVerifications1795291500000 implements MigrationInterface {
  name = 'AuditVerifications1795291500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_verifications (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        requested_by text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        requested_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        ok boolean,
        checked integer,
        first_broken jsonb,
        CONSTRAINT pk_audit_verifications PRIMARY KEY (id),
        CONSTRAINT fk_audit_verifications_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
        CONSTRAINT ck_audit_verifications_status CHECK (status IN ('pending', 'completed')),
        CONSTRAINT ck_audit_verifications_result CHECK (
          (status = 'pending' AND completed_at IS NULL AND ok IS NULL AND checked IS NULL)
          OR (status = 'completed' AND completed_at IS NOT NULL AND ok IS NOT NULL AND checked IS NOT NULL)
        )
      )`);
    await q.query(
      `CREATE INDEX ix_audit_verifications_tenant ON audit_verifications (tenant_id, requested_at)`,
    );
    // The sweep looks for pending rows only; they are few, so a partial index keeps it cheap.
    await q.query(
      `CREATE INDEX ix_audit_verifications_pending ON audit_verifications (requested_at) WHERE status = 'pending'`,
    );
    await q.query(`SELECT einvoice_identity_enable_rls('audit_verifications')`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON audit_verifications TO einvoice_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_verifications`);
  }
}
