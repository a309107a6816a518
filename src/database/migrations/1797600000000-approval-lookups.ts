import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Approval look-ups that read every approval of the installation, found with
 * `npm run bench:approval` (100,000 invoices in one tenant):
 *
 * - the inbox joined each open task to its approval by scanning all approvals, so its cost
 *   grew with the history; the open approvals of a tenant now have an index of their own;
 * - the Kontierung suggestion from the supplier's latest accounted invoice (an invoice's
 *   approval without BT-19) scanned all approvals; now it is the first entry of an index of
 *   the tenant's approvals of that supplier, newest Kontierung first.
 */
export class ApprovalLookups1797600000000 implements MigrationInterface {
  name = 'ApprovalLookups1797600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX ix_approval_instances_open ON approval_instances (tenant_id, invoice_id) WHERE state = 'open'`,
    );
    await q.query(
      `CREATE INDEX ix_approval_instances_seller_kontierung ON approval_instances (tenant_id, seller_key, kontierung_at DESC)
         WHERE kontierung_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_approval_instances_seller_kontierung`);
    await q.query(`DROP INDEX ix_approval_instances_open`);
  }
}
