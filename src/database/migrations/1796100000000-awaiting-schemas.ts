import type { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = `'received', 'extracted', 'validated', 'rejected', 'duplicate',
  'awaiting_approval', 'approved', 'filed', 'posted', 'returned', 'cancelled'`;

/**
 * The lifecycle status `awaiting_schemas`: an invoice that cannot be checked because the
 * official schemas are not installed waits instead of being rejected. The partial index
 * serves the re-enqueue once the schemas are there.
 */
export class AwaitingSchemas1796100000000 implements MigrationInterface {
  name = 'AwaitingSchemas1796100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoices DROP CONSTRAINT ck_invoices_status`);
    await q.query(
      `ALTER TABLE invoices ADD CONSTRAINT ck_invoices_status CHECK (status IN (${BEFORE}, 'awaiting_schemas'))`,
    );
    await q.query(
      `CREATE INDEX ix_invoices_awaiting_schemas ON invoices (updated_at) WHERE status = 'awaiting_schemas'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_invoices_awaiting_schemas`);
    // Waiting invoices go back to the start of the pipeline, which the older code runs again.
    await q.query(
      `UPDATE invoices SET status = 'received', updated_at = now() WHERE status = 'awaiting_schemas'`,
    );
    await q.query(`ALTER TABLE invoices DROP CONSTRAINT ck_invoices_status`);
    await q.query(`ALTER TABLE invoices ADD CONSTRAINT ck_invoices_status CHECK (status IN (${BEFORE}))`);
  }
}
