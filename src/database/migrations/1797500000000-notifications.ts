import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff notifications: each user's language and daily-digest choice, the marker of the
 * task opening whose assignees were told, and the outbox of notifications to send.
 *
 * A notification is recorded in the same transaction as the change that causes it (a task
 * marked reminded or escalated, a task opening marked notified), and sent afterwards by a
 * job that marks it sent: a crash never loses one and never records one twice
 * (`dedupe_key` is unique per tenant). Tasks that were open before this migration count as
 * notified, so an upgrade does not mail every open task at once.
 */
export class Notifications1797500000000 implements MigrationInterface {
  name = 'Notifications1797500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN IF NOT EXISTS lang text NOT NULL DEFAULT 'de'`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT ck_users_lang CHECK (lang IN ('de', 'en'))`);
    await q.query(`ALTER TABLE users ADD COLUMN IF NOT EXISTS digest boolean NOT NULL DEFAULT false`);

    await q.query(`ALTER TABLE approval_tasks ADD COLUMN notified_at timestamptz`);
    await q.query(`UPDATE approval_tasks SET notified_at = opened_at WHERE opened_at IS NOT NULL`);

    await q.query(`
      CREATE TABLE notifications (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        user_id uuid NOT NULL,
        kind text NOT NULL,
        invoice_id uuid,
        task_id uuid,
        dedupe_key text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        skipped_reason text,
        CONSTRAINT pk_notifications PRIMARY KEY (id),
        CONSTRAINT fk_notifications_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
        CONSTRAINT fk_notifications_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT uq_notifications_dedupe UNIQUE (tenant_id, dedupe_key),
        CONSTRAINT ck_notifications_kind CHECK (kind IN ('task', 'reminder', 'escalation', 'digest'))
      )`);
    await q.query(`CREATE INDEX ix_notifications_unsent ON notifications (created_at) WHERE sent_at IS NULL`);
    await q.query(`CREATE INDEX ix_notifications_task ON notifications (task_id)`);
    // The sweeps look for due reminders and escalations among the open tasks.
    await q.query(
      `CREATE INDEX ix_approval_tasks_unnotified ON approval_tasks (opened_at)
        WHERE state IN ('open', 'held') AND notified_at IS DISTINCT FROM opened_at`,
    );

    await q.query(`SELECT einvoice_identity_enable_rls('notifications')`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON notifications TO einvoice_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP INDEX ix_approval_tasks_unnotified`);
    await q.query(`ALTER TABLE approval_tasks DROP COLUMN notified_at`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT ck_users_lang`);
    await q.query(`ALTER TABLE users DROP COLUMN digest`);
    await q.query(`ALTER TABLE users DROP COLUMN lang`);
  }
}
