import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where an access point wants its Message Level Responses POSTed: one URL per API key of
 * role access-point. Tenant-scoped with row-level security like every tenant table.
 */
export class PeppolCallbacks1795291900000 implements MigrationInterface {
  name = 'PeppolCallbacks1795291900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE peppol_callbacks (
        api_key_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        url text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_peppol_callbacks PRIMARY KEY (api_key_id),
        CONSTRAINT fk_peppol_callbacks_api_key FOREIGN KEY (api_key_id) REFERENCES api_keys (id) ON DELETE CASCADE,
        CONSTRAINT fk_peppol_callbacks_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
        CONSTRAINT ck_peppol_callbacks_url CHECK (url ~ '^https?://')
      )`);
    await q.query(`SELECT einvoice_identity_enable_rls('peppol_callbacks')`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON peppol_callbacks TO einvoice_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE peppol_callbacks`);
  }
}
