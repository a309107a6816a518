import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit entries waiting to be chained. Writing an entry and linking it into the hash chain
 * are two steps: the business transaction only INSERTs here (no lock, so audited
 * operations no longer queue behind one another), and the audit chainer moves the rows in
 * id order into `audit_log` under the chain head's row lock, many per commit.
 *
 * Tenant-scoped with the identity migration's row-level security. The app role may insert
 * entries and read its own tenant's, never change or remove them (no grant). UPDATE and
 * TRUNCATE are refused for everyone, and DELETE only in the system context, which is
 * where the chainer runs — so an entry leaves this table only by being chained.
 */
export class AuditPending1795291800000 implements MigrationInterface {
  name = 'AuditPending1795291800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_pending (
        id bigserial NOT NULL,
        at timestamptz NOT NULL,
        tenant_id uuid,
        actor text NOT NULL,
        action text NOT NULL,
        subject text,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        CONSTRAINT pk_audit_pending PRIMARY KEY (id)
      )`);
    await q.query(`
      CREATE FUNCTION einvoice_audit_pending_guard() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'DELETE' AND current_user <> 'einvoice_app'
           AND current_setting('app.system_context', true) = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_pending is append-only; entries leave it only by being chained (% refused)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $fn$`);
    await q.query(`
      CREATE TRIGGER tr_audit_pending_guard BEFORE UPDATE OR DELETE ON audit_pending
      FOR EACH ROW EXECUTE FUNCTION einvoice_audit_pending_guard()`);
    await q.query(`
      CREATE TRIGGER tr_audit_pending_no_truncate BEFORE TRUNCATE ON audit_pending
      FOR EACH STATEMENT EXECUTE FUNCTION einvoice_audit_pending_guard()`);
    await q.query(`SELECT einvoice_identity_enable_rls('audit_pending')`);
    // The identity migration's default privileges gave the app role everything. It writes
    // entries and may read its own tenant's (as with audit_log, so row-level security is
    // checked on this table like on every other); it never changes or removes one.
    await q.query(`REVOKE ALL ON audit_pending FROM einvoice_app`);
    await q.query(`GRANT SELECT, INSERT ON audit_pending TO einvoice_app`);
    await q.query(`GRANT USAGE ON SEQUENCE audit_pending_id_seq TO einvoice_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_pending`);
    await q.query(`DROP FUNCTION einvoice_audit_pending_guard()`);
  }
}
