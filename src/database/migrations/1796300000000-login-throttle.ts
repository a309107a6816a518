import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts cannot be discovered through the login or the admin API:
 * - failed logins are counted per e-mail address in `login_throttle`, whether an account
 *   has that address or not, so an unknown address is locked exactly like a known one
 *   (the counters of `users` go). Only the sha256 of the address is stored: the table
 *   also holds what strangers typed. Installation-wide, like the login itself (the tenant
 *   is not known yet): read and written in the system context only, which row-level
 *   security enforces;
 * - an e-mail address is unique within a tenant instead of across the installation: a
 *   tenant's admin creating a user learns nothing about other tenants' users. A person
 *   with accounts in several tenants (a shared service centre's staff) signs in to the one
 *   the password belongs to, or names the tenant.
 *
 * `down` restores installation-wide uniqueness and fails while an address is used in two
 * tenants (remove one of those users first).
 */
export class LoginThrottle1796300000000 implements MigrationInterface {
  name = 'LoginThrottle1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_throttle (
        email_key text NOT NULL,
        failures integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_login_throttle PRIMARY KEY (email_key),
        CONSTRAINT ck_login_throttle_failures CHECK (failures >= 0)
      )`);
    await q.query(`CREATE INDEX ix_login_throttle_updated_at ON login_throttle (updated_at)`);
    await q.query(`ALTER TABLE login_throttle ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE login_throttle FORCE ROW LEVEL SECURITY`);
    await q.query(`
      CREATE POLICY system_context ON login_throttle
        USING (current_user <> 'einvoice_app' AND current_setting('app.system_context', true) = 'on')
        WITH CHECK (current_user <> 'einvoice_app' AND current_setting('app.system_context', true) = 'on')`);
    await q.query(`REVOKE ALL ON login_throttle FROM einvoice_app`);

    await q.query(`ALTER TABLE users DROP CONSTRAINT uq_users_email`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT uq_users_tenant_email UNIQUE (tenant_id, email)`);
    await q.query(`CREATE INDEX ix_users_email ON users (email)`);
    await q.query(`ALTER TABLE users DROP COLUMN failed_logins, DROP COLUMN locked_until`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE users ADD COLUMN failed_logins integer NOT NULL DEFAULT 0, ADD COLUMN locked_until timestamptz`,
    );
    await q.query(`DROP INDEX ix_users_email`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT uq_users_tenant_email`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE (email)`);
    await q.query(`DROP TABLE login_throttle`);
  }
}
