import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention settings of the case record, per tenant (see `records/filing/retention.ts`):
 * - `retention_years`: overrides the years a Beleg is kept (default: 8 by § 147 AO, 10 where
 *   the Land's municipal Kassenrecht says so); null: the default.
 * - `subsidy_retention_years`: the Zweckbindungsfrist applied to invoices whose Kontierung
 *   carries an Investitionsnummer (class `foerdermittel`); null: no such rule.
 */
export class RecordRetention1798010000000 implements MigrationInterface {
  name = 'RecordRetention1798010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE record_settings
        ADD COLUMN retention_years integer,
        ADD COLUMN subsidy_retention_years integer,
        ADD CONSTRAINT ck_record_settings_retention_years CHECK (retention_years BETWEEN 1 AND 100),
        ADD CONSTRAINT ck_record_settings_subsidy_retention_years CHECK (subsidy_retention_years BETWEEN 1 AND 100)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE record_settings
        DROP CONSTRAINT ck_record_settings_subsidy_retention_years,
        DROP CONSTRAINT ck_record_settings_retention_years,
        DROP COLUMN subsidy_retention_years,
        DROP COLUMN retention_years`);
  }
}
