import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The postings feed, its acknowledgements and the creditor master (POSTINGS.md § 3.4).
 *
 * - `postings.feed_position`: where a posting stands in its tenant's pull feed. The
 *   repository takes the tenant's feed lock (a transaction-level advisory lock) before it
 *   inserts a posting and holds it until commit, so within a tenant positions are taken in
 *   commit order and a posting can never become visible behind a position a consumer has
 *   already read (a bare sequence is taken before commit and becomes visible out of order).
 *   See docs/postings.md.
 * - `postings.reversal_reason`: why an admin reversed a posting (the reversal row only).
 * - `posting_acks`: the finance system's booking id per posting (at most one).
 * - `posting_creditors`: the finance system's creditor master, pushed by it, matched by VAT
 *   id, IBAN, then normalised name when a posting is created.
 */
export class PostingsFeed1798510000000 implements MigrationInterface {
  name = 'PostingsFeed1798510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE postings_feed_position_seq AS bigint`);
    await q.query(`
      ALTER TABLE postings
        ADD COLUMN feed_position bigint NOT NULL DEFAULT nextval('postings_feed_position_seq'),
        ADD COLUMN reversal_reason text`);
    await q.query(`ALTER SEQUENCE postings_feed_position_seq OWNED BY postings.feed_position`);
    await q.query(`CREATE UNIQUE INDEX ux_postings_feed ON postings (tenant_id, feed_position)`);
    await q.query(`CREATE INDEX ix_postings_tenant_created ON postings (tenant_id, created_at)`);
    await q.query(`GRANT USAGE ON SEQUENCE postings_feed_position_seq TO einvoice_app`);

    await q.query(`
      CREATE TABLE posting_acks (
        posting_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        booking_id text NOT NULL,
        acked_by text NOT NULL,
        acked_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_posting_acks PRIMARY KEY (posting_id),
        CONSTRAINT fk_posting_acks_posting FOREIGN KEY (posting_id) REFERENCES postings (id) ON DELETE RESTRICT,
        CONSTRAINT fk_posting_acks_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE RESTRICT,
        CONSTRAINT ck_posting_acks_booking CHECK (length(booking_id) BETWEEN 1 AND 100)
      )`);
    await q.query(`SELECT einvoice_identity_enable_rls('posting_acks')`);
    await q.query(`GRANT SELECT, INSERT ON posting_acks TO einvoice_app`);

    await q.query(`
      CREATE TABLE posting_creditors (
        tenant_id uuid NOT NULL,
        creditor_number text NOT NULL,
        name text NOT NULL,
        name_key text NOT NULL,
        vat_id text,
        iban text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_posting_creditors PRIMARY KEY (tenant_id, creditor_number),
        CONSTRAINT fk_posting_creditors_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE RESTRICT
      )`);
    await q.query(
      `CREATE INDEX ix_posting_creditors_vat ON posting_creditors (tenant_id, vat_id) WHERE vat_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX ix_posting_creditors_iban ON posting_creditors (tenant_id, iban) WHERE iban IS NOT NULL`,
    );
    await q.query(`CREATE INDEX ix_posting_creditors_name ON posting_creditors (tenant_id, name_key)`);
    await q.query(`SELECT einvoice_identity_enable_rls('posting_creditors')`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON posting_creditors TO einvoice_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE posting_creditors`);
    await q.query(`DROP TABLE posting_acks`);
    await q.query(`DROP INDEX ix_postings_tenant_created`);
    await q.query(`DROP INDEX ux_postings_feed`);
    await q.query(`ALTER TABLE postings DROP COLUMN reversal_reason, DROP COLUMN feed_position`);
  }
}
