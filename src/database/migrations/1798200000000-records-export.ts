import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Handing filed Vorgänge to a tenant's DMS (records export, RECORDS.md §2.3–2.5).
 *
 * - `record_export_targets`: where a tenant's Vorgänge go: an xdomea transfer directory
 *   (with the return directory the DMS answers in), an xdomea HTTP endpoint, or a CMIS 1.1
 *   repository (browser binding). Kind-specific settings in `config`; the CMIS password
 *   sealed in `secret`. Targets are disabled, never deleted: their exports refer to them.
 * - `record_exports`: one row per Vorgang and target (unique), so a Vorgang is exported
 *   exactly once per target however often the job or the sweep runs. `prozess_id` is the
 *   xdomea ProzessID of the last message sent (a retry sends a new message under a new
 *   ProzessID); `next_attempt_at` drives the retries (exponential backoff, NULL = none due).
 */
export class RecordsExport1798200000000 implements MigrationInterface {
  name = 'RecordsExport1798200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE record_export_targets (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        name text NOT NULL,
        kind text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        absender text NOT NULL,
        empfaenger text NOT NULL,
        config jsonb NOT NULL DEFAULT '{}'::jsonb,
        secret text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_record_export_targets PRIMARY KEY (id),
        CONSTRAINT fk_record_export_targets_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
        CONSTRAINT uq_record_export_targets_name UNIQUE (tenant_id, name),
        CONSTRAINT ck_record_export_targets_kind CHECK (kind IN ('xdomea-dir', 'xdomea-http', 'cmis'))
      )`);
    await q.query(`
      CREATE TABLE record_exports (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        vorgang_id uuid NOT NULL,
        target_id uuid NOT NULL,
        state text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz DEFAULT now(),
        prozess_id uuid,
        last_error text,
        last_message text,
        dms_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        confirmed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_record_exports PRIMARY KEY (id),
        CONSTRAINT fk_record_exports_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE RESTRICT,
        CONSTRAINT fk_record_exports_vorgang FOREIGN KEY (vorgang_id) REFERENCES record_vorgaenge (id) ON DELETE RESTRICT,
        CONSTRAINT fk_record_exports_target FOREIGN KEY (target_id) REFERENCES record_export_targets (id) ON DELETE RESTRICT,
        CONSTRAINT uq_record_exports_vorgang_target UNIQUE (vorgang_id, target_id),
        CONSTRAINT uq_record_exports_prozess UNIQUE (prozess_id),
        CONSTRAINT ck_record_exports_state CHECK (state IN ('pending', 'sent', 'confirmed', 'failed'))
      )`);
    await q.query(
      `CREATE INDEX ix_record_exports_due ON record_exports (next_attempt_at) WHERE state IN ('pending', 'failed')`,
    );
    await q.query(
      `CREATE INDEX ix_record_exports_tenant_state ON record_exports (tenant_id, state, updated_at)`,
    );
    for (const t of ['record_export_targets', 'record_exports']) {
      await q.query(`SELECT einvoice_identity_enable_rls('${t}')`);
    }
    await q.query(`GRANT SELECT, INSERT, UPDATE ON record_export_targets, record_exports TO einvoice_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE record_exports`);
    await q.query(`DROP TABLE record_export_targets`);
  }
}
