import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Integrity, retention and procedure documentation of the case record (records-integrity).
 *
 * - `record_day_roots`: per tenant and calendar day (Europe/Berlin), the Merkle root over
 *   the sha256 of every document filed that day (see `records/integrity/merkle.ts`); written
 *   once, also into the audit chain (`records.day_root`), never changed.
 * - `record_holds`: legal holds on a Vorgang; a held Vorgang's documents are never disposed
 *   of. Released by setting `released_at`, never deleted (the history is the evidence).
 * - `record_disposals`: one row per executed disposal run, listing what it deleted (id,
 *   Aktenzeichen, sha256, filed_at of each document), so a day root stays verifiable after
 *   some of its documents were lawfully deleted.
 * - `record_procedure_versions`: every version of the tenant's Verfahrensdokumentation
 *   (GoBD Rz. 151–155); the HTML and PDF are in the blob store under their sha256.
 *
 * The disposal run deletes `record_documents` rows as the application role; the records
 * migration granted it SELECT and INSERT only. The trigger still refuses every DELETE
 * outside a run that set `app.records_disposal = on` transaction-locally.
 */
export class RecordsIntegrity1798100000000 implements MigrationInterface {
  name = 'RecordsIntegrity1798100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE record_day_roots (
        tenant_id uuid NOT NULL,
        day date NOT NULL,
        root text NOT NULL,
        leaf_count integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_record_day_roots PRIMARY KEY (tenant_id, day),
        CONSTRAINT fk_record_day_roots_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE RESTRICT,
        CONSTRAINT ck_record_day_roots_root CHECK (root ~ '^[0-9a-f]{64}$'),
        CONSTRAINT ck_record_day_roots_leaves CHECK (leaf_count > 0)
      )`);
    await q.query(`
      CREATE TABLE record_holds (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        vorgang_id uuid NOT NULL,
        reason text NOT NULL,
        held_by text NOT NULL,
        held_at timestamptz NOT NULL DEFAULT now(),
        released_at timestamptz,
        released_by text,
        release_reason text,
        CONSTRAINT pk_record_holds PRIMARY KEY (id),
        CONSTRAINT fk_record_holds_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE RESTRICT,
        CONSTRAINT fk_record_holds_vorgang FOREIGN KEY (vorgang_id) REFERENCES record_vorgaenge (id) ON DELETE RESTRICT,
        CONSTRAINT ck_record_holds_reason CHECK (length(btrim(reason)) BETWEEN 1 AND 1000),
        CONSTRAINT ck_record_holds_release CHECK ((released_at IS NULL) = (released_by IS NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX ux_record_holds_active ON record_holds (vorgang_id) WHERE released_at IS NULL`,
    );
    await q.query(`CREATE INDEX ix_record_holds_tenant ON record_holds (tenant_id, held_at)`);
    await q.query(`
      CREATE TABLE record_disposals (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        cutoff date NOT NULL,
        executed_by text NOT NULL,
        executed_at timestamptz NOT NULL DEFAULT now(),
        document_count integer NOT NULL,
        items jsonb NOT NULL,
        CONSTRAINT pk_record_disposals PRIMARY KEY (id),
        CONSTRAINT fk_record_disposals_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX ix_record_disposals_tenant ON record_disposals (tenant_id, executed_at)`);
    await q.query(`
      CREATE TABLE record_procedure_versions (
        tenant_id uuid NOT NULL,
        version integer NOT NULL,
        html_sha256 text NOT NULL,
        pdf_sha256 text NOT NULL,
        content_sha256 text NOT NULL,
        sections jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_record_procedure_versions PRIMARY KEY (tenant_id, version),
        CONSTRAINT fk_record_procedure_versions_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE RESTRICT,
        CONSTRAINT ck_record_procedure_versions_html CHECK (html_sha256 ~ '^[0-9a-f]{64}$'),
        CONSTRAINT ck_record_procedure_versions_pdf CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$')
      )`);
    // The day-root sweep looks across tenants for recent days without a root: by filing time
    // first (the records migration's index leads with the tenant).
    await q.query(`CREATE INDEX ix_record_documents_filed ON record_documents (filed_at, tenant_id)`);
    for (const t of ['record_day_roots', 'record_holds', 'record_disposals', 'record_procedure_versions']) {
      await q.query(`SELECT einvoice_identity_enable_rls('${t}')`);
    }
    await q.query(
      `GRANT SELECT, INSERT ON record_day_roots, record_disposals, record_procedure_versions TO einvoice_app`,
    );
    await q.query(`GRANT SELECT, INSERT, UPDATE ON record_holds TO einvoice_app`);
    await q.query(`GRANT DELETE ON record_documents TO einvoice_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE DELETE ON record_documents FROM einvoice_app`);
    await q.query(`DROP INDEX ix_record_documents_filed`);
    await q.query(`DROP TABLE record_procedure_versions`);
    await q.query(`DROP TABLE record_disposals`);
    await q.query(`DROP TABLE record_holds`);
    await q.query(`DROP TABLE record_day_roots`);
  }
}
