import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Postings for finance systems (POSTINGS.md): one immutable row per posting (the JSON
 * document of `src/modules/postings/posting.ts`), created in the transaction that completes
 * the approval. A correction is a new row of kind `reversal` (Generalumkehr). The feed order
 * and acknowledgements live in further tables of the postings module.
 */
export class Postings1798500000000 implements MigrationInterface {
  name = 'Postings1798500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE postings (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        invoice_id uuid NOT NULL,
        kind text NOT NULL,
        reverses_id uuid,
        currency text NOT NULL,
        gross numeric(19, 2) NOT NULL,
        document jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_postings PRIMARY KEY (id),
        CONSTRAINT fk_postings_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE RESTRICT,
        CONSTRAINT fk_postings_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id) ON DELETE RESTRICT,
        CONSTRAINT fk_postings_reverses FOREIGN KEY (reverses_id) REFERENCES postings (id) ON DELETE RESTRICT,
        CONSTRAINT ck_postings_kind CHECK (kind IN ('posting', 'reversal')),
        CONSTRAINT ck_postings_reversal CHECK ((kind = 'reversal') = (reverses_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_postings_invoice ON postings (invoice_id)`);
    await q.query(
      `CREATE UNIQUE INDEX ux_postings_reverses ON postings (reverses_id) WHERE reverses_id IS NOT NULL`,
    );
    await q.query(`
      CREATE FUNCTION einvoice_postings_immutable() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'postings are immutable (% refused); reverse instead', TG_OP USING ERRCODE = 'P0001';
      END
      $fn$`);
    await q.query(`
      CREATE TRIGGER tr_postings_immutable BEFORE UPDATE OR DELETE ON postings
        FOR EACH ROW EXECUTE FUNCTION einvoice_postings_immutable()`);
    await q.query(`SELECT einvoice_identity_enable_rls('postings')`);
    await q.query(`GRANT SELECT, INSERT ON postings TO einvoice_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE postings`);
    await q.query(`DROP FUNCTION einvoice_postings_immutable()`);
  }
}
