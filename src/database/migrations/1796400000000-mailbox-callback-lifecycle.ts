import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The full life cycle of the admin-configured intake targets. A removed mailbox is kept as
 * a row marked `deleted_at` (its credentials erased): inbound messages name it in their
 * metadata, and the history of the invoices that came from it stays readable. Its account
 * may be set up again, so the uniqueness of an account covers live mailboxes only.
 * Peppol callbacks can be disabled, and remember their last delivery and error (a stable
 * code, never what the target answered).
 */
export class MailboxCallbackLifecycle1796400000000 implements MigrationInterface {
  name = 'MailboxCallbackLifecycle1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mailboxes ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE mailboxes ADD COLUMN deleted_at timestamptz`);
    await q.query(`DROP INDEX ux_mailboxes_account`);
    await q.query(
      `CREATE UNIQUE INDEX ux_mailboxes_account ON mailboxes (host, port, username, folder) WHERE deleted_at IS NULL`,
    );
    // Errors recorded before were the server's own words (a banner, an error line), shown to
    // the tenant; from now on only stable codes are kept.
    await q.query(`UPDATE mailboxes SET last_error = 'MAILBOX_CONNECT_FAILED' WHERE last_error IS NOT NULL`);
    await q.query(`ALTER TABLE peppol_callbacks ADD COLUMN enabled boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE peppol_callbacks ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE peppol_callbacks ADD COLUMN last_delivered_at timestamptz`);
    await q.query(`ALTER TABLE peppol_callbacks ADD COLUMN last_error text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE peppol_callbacks DROP COLUMN last_error`);
    await q.query(`ALTER TABLE peppol_callbacks DROP COLUMN last_delivered_at`);
    await q.query(`ALTER TABLE peppol_callbacks DROP COLUMN created_at`);
    await q.query(`ALTER TABLE peppol_callbacks DROP COLUMN enabled`);
    // Before this migration a mailbox could not be removed: removed ones go for good.
    await q.query(`DELETE FROM mailboxes WHERE deleted_at IS NOT NULL`);
    await q.query(`DROP INDEX ux_mailboxes_account`);
    await q.query(`CREATE UNIQUE INDEX ux_mailboxes_account ON mailboxes (host, port, username, folder)`);
    await q.query(`ALTER TABLE mailboxes DROP COLUMN deleted_at`);
    await q.query(`ALTER TABLE mailboxes DROP COLUMN updated_at`);
  }
}
