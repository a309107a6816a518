import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * IMAP mailboxes that a tenant receives invoices in. The password is stored encrypted
 * (AES-256-GCM under MAIL_SECRET_KEY); UIDVALIDITY and the last fetched UID make a restart
 * neither lose nor repeat a message. Inbound mails also remember when their answer went out.
 */
export class Mailboxes1795291700000 implements MigrationInterface {
  name = 'Mailboxes1795291700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mailboxes (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        name text NOT NULL,
        host text NOT NULL,
        port integer NOT NULL,
        secure boolean NOT NULL,
        username text NOT NULL,
        password_encrypted text NOT NULL,
        folder text NOT NULL DEFAULT 'INBOX',
        processed_folder text NOT NULL DEFAULT 'Processed',
        rejected_folder text NOT NULL DEFAULT 'Rejected',
        enabled boolean NOT NULL DEFAULT true,
        uid_validity bigint,
        last_uid bigint NOT NULL DEFAULT 0,
        last_polled_at timestamptz,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_mailboxes PRIMARY KEY (id),
        CONSTRAINT fk_mailboxes_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
        CONSTRAINT ck_mailboxes_port CHECK (port BETWEEN 1 AND 65535)
      )`);
    await q.query(`CREATE UNIQUE INDEX ux_mailboxes_account ON mailboxes (host, port, username, folder)`);
    await q.query(`SELECT einvoice_identity_enable_rls('mailboxes')`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON mailboxes TO einvoice_app`);
    await q.query(`ALTER TABLE inbound_messages ADD COLUMN answered_at timestamptz`);
    await q.query(`ALTER TABLE invoices ADD COLUMN answered_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoices DROP COLUMN answered_at`);
    await q.query(`ALTER TABLE inbound_messages DROP COLUMN answered_at`);
    await q.query(`DROP TABLE mailboxes`);
  }
}
