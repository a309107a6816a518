import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The built-in case record (E-Akte): Akte → Vorgang → Dokument (RECORDS.md).
 *
 * - `record_settings`: per tenant, the Aktenplan key, the rule that picks the Akte and
 *   the patterns of the Aktenzeichen.
 * - `record_akten`: one Akte per key the rule yields (e.g. fiscal year + supplier), with its
 *   Aktenzeichen.
 * - `record_counters`: gapless running numbers per tenant and scope (Akten of a year,
 *   Vorgänge of an Akte), taken under the row lock in the approving transaction.
 * - `record_vorgaenge`: one Vorgang per approved invoice, allocated in the transaction
 *   that completes the approval; `filed_at` is set once by the filing job.
 * - `record_documents`: the filed documents, content-addressed (sha256), immutable: a
 *   trigger refuses every UPDATE, and every DELETE outside an audited disposal run
 *   (`app.records_disposal = on`, set transaction-locally by that run only).
 *
 * All tenant-scoped with row-level security.
 */
export class Records1798000000000 implements MigrationInterface {
  name = 'Records1798000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE record_settings (
        tenant_id uuid NOT NULL,
        aktenplan_key text NOT NULL DEFAULT '902.31',
        akte_rule text NOT NULL DEFAULT 'year-supplier',
        akte_pattern text NOT NULL DEFAULT '{plan}-{year}/{seq:3}',
        vorgang_pattern text NOT NULL DEFAULT '{akte}-{seq:5}',
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_record_settings PRIMARY KEY (tenant_id),
        CONSTRAINT fk_record_settings_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
        CONSTRAINT ck_record_settings_akte_rule CHECK (akte_rule IN ('year', 'year-supplier', 'year-costcentre'))
      )`);
    await q.query(`
      CREATE TABLE record_akten (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        akte_key text NOT NULL,
        aktenzeichen text NOT NULL,
        title text NOT NULL,
        fiscal_year integer NOT NULL,
        aktenplan_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_record_akten PRIMARY KEY (id),
        CONSTRAINT fk_record_akten_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE RESTRICT,
        CONSTRAINT uq_record_akten_key UNIQUE (tenant_id, akte_key),
        CONSTRAINT uq_record_akten_aktenzeichen UNIQUE (tenant_id, aktenzeichen)
      )`);
    await q.query(`
      CREATE TABLE record_counters (
        tenant_id uuid NOT NULL,
        scope text NOT NULL,
        next_value integer NOT NULL DEFAULT 1,
        CONSTRAINT pk_record_counters PRIMARY KEY (tenant_id, scope),
        CONSTRAINT fk_record_counters_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE record_vorgaenge (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        akte_id uuid NOT NULL,
        invoice_id uuid NOT NULL,
        aktenzeichen text NOT NULL,
        betreff text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        filed_at timestamptz,
        CONSTRAINT pk_record_vorgaenge PRIMARY KEY (id),
        CONSTRAINT fk_record_vorgaenge_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE RESTRICT,
        CONSTRAINT fk_record_vorgaenge_akte FOREIGN KEY (akte_id) REFERENCES record_akten (id) ON DELETE RESTRICT,
        CONSTRAINT fk_record_vorgaenge_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id) ON DELETE RESTRICT,
        CONSTRAINT uq_record_vorgaenge_invoice UNIQUE (invoice_id),
        CONSTRAINT uq_record_vorgaenge_aktenzeichen UNIQUE (tenant_id, aktenzeichen)
      )`);
    await q.query(
      `CREATE INDEX ix_record_vorgaenge_unfiled ON record_vorgaenge (created_at) WHERE filed_at IS NULL`,
    );
    await q.query(`CREATE INDEX ix_record_vorgaenge_akte ON record_vorgaenge (akte_id)`);
    await q.query(`
      CREATE TABLE record_documents (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        vorgang_id uuid NOT NULL,
        position integer NOT NULL,
        kind text NOT NULL,
        name text NOT NULL,
        media_type text NOT NULL,
        sha256 text NOT NULL,
        size bigint NOT NULL,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        retention_class text NOT NULL,
        retain_until date NOT NULL,
        filed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_record_documents PRIMARY KEY (id),
        CONSTRAINT fk_record_documents_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE RESTRICT,
        CONSTRAINT fk_record_documents_vorgang FOREIGN KEY (vorgang_id) REFERENCES record_vorgaenge (id) ON DELETE RESTRICT,
        CONSTRAINT uq_record_documents_position UNIQUE (vorgang_id, position),
        CONSTRAINT uq_record_documents_kind_name UNIQUE (vorgang_id, kind, name),
        CONSTRAINT ck_record_documents_sha256 CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        CONSTRAINT ck_record_documents_kind CHECK (kind IN (
          'invoice-original', 'invoice-pdf', 'inbound-message', 'attachment',
          'validation-report-html', 'validation-report-json', 'invoice-rendering',
          'laufzettel-pdf', 'laufzettel-json', 'anordnung', 'note'))
      )`);
    await q.query(`CREATE INDEX ix_record_documents_tenant_filed ON record_documents (tenant_id, filed_at)`);
    await q.query(`CREATE INDEX ix_record_documents_retain ON record_documents (tenant_id, retain_until)`);
    await q.query(`
      CREATE FUNCTION einvoice_record_documents_immutable() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('app.records_disposal', true) = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'record documents are immutable (% refused)', TG_OP USING ERRCODE = 'P0001';
      END
      $fn$`);
    await q.query(`
      CREATE TRIGGER tr_record_documents_immutable BEFORE UPDATE OR DELETE ON record_documents
        FOR EACH ROW EXECUTE FUNCTION einvoice_record_documents_immutable()`);
    for (const t of [
      'record_settings',
      'record_akten',
      'record_counters',
      'record_vorgaenge',
      'record_documents',
    ]) {
      await q.query(`SELECT einvoice_identity_enable_rls('${t}')`);
    }
    await q.query(
      `GRANT SELECT, INSERT, UPDATE ON record_settings, record_akten, record_counters, record_vorgaenge TO einvoice_app`,
    );
    await q.query(`GRANT SELECT, INSERT ON record_documents TO einvoice_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE record_documents`);
    await q.query(`DROP FUNCTION einvoice_record_documents_immutable()`);
    await q.query(`DROP TABLE record_vorgaenge`);
    await q.query(`DROP TABLE record_counters`);
    await q.query(`DROP TABLE record_akten`);
    await q.query(`DROP TABLE record_settings`);
  }
}
