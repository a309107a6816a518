import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A supplier lists its own submissions (`GET /api/v1/invoices`): the messages of one
 * sender, newest first. Without this index the list reads every message of the tenant.
 */
export class SubmissionList1796200000000 implements MigrationInterface {
  name = 'SubmissionList1796200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX ix_inbound_messages_sender ON inbound_messages (tenant_id, sender, received_at DESC, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_inbound_messages_sender`);
  }
}
