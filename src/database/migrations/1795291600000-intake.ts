import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intake and invoices: what arrived (inbound messages, stored raw in the blob store before
 * any acknowledgement), the invoices taken from them with their lifecycle history, and the documents that
 * travel with an invoice.
 *
 * Every table is tenant-scoped with the identity migration's row-level security. The rows
 * are the source of truth for the pipeline: an invoice whose status is not final is work
 * to do, and the recovery sweep re-enqueues it when the queue lost the job.
 */
export class Intake1795291600000 implements MigrationInterface {
  name = 'Intake1795291600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inbound_messages (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        channel text NOT NULL,
        blob_sha256 text NOT NULL,
        content_type text NOT NULL,
        byte_size bigint NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        sender text,
        external_id text,
        status text NOT NULL DEFAULT 'received',
        refusal_code text,
        meta jsonb NOT NULL DEFAULT '{}'::jsonb,
        CONSTRAINT pk_inbound_messages PRIMARY KEY (id),
        CONSTRAINT fk_inbound_messages_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE RESTRICT,
        CONSTRAINT ck_inbound_messages_channel CHECK (channel IN ('upload', 'email', 'peppol')),
        CONSTRAINT ck_inbound_messages_status CHECK (status IN ('received', 'split', 'refused'))
      )`);
    // Idempotency: the same Idempotency-Key, Message-ID or SBDH instance id is one message.
    await q.query(
      `CREATE UNIQUE INDEX ux_inbound_messages_external ON inbound_messages (tenant_id, channel, external_id) WHERE external_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX ix_inbound_messages_pending ON inbound_messages (received_at) WHERE status = 'received'`,
    );

    await q.query(`
      CREATE TABLE invoices (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        message_id uuid NOT NULL,
        document_sha256 text NOT NULL,
        file_name text,
        content_type text,
        status text NOT NULL DEFAULT 'received',
        status_token text NOT NULL,
        container text,
        syntax text,
        customization text,
        scenario text,
        valid boolean,
        report jsonb,
        number text,
        issue_date date,
        due_date date,
        currency text,
        amount_due numeric(19, 4),
        seller_name text,
        seller_vat_id text,
        buyer_reference text,
        routing_receiver_id text,
        model jsonb,
        cash_discounts jsonb,
        duplicate_of uuid,
        suspected_duplicate_of uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_invoices PRIMARY KEY (id),
        CONSTRAINT fk_invoices_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE RESTRICT,
        CONSTRAINT fk_invoices_message FOREIGN KEY (message_id) REFERENCES inbound_messages (id) ON DELETE RESTRICT,
        CONSTRAINT fk_invoices_duplicate_of FOREIGN KEY (duplicate_of) REFERENCES invoices (id),
        CONSTRAINT fk_invoices_suspected_duplicate_of FOREIGN KEY (suspected_duplicate_of) REFERENCES invoices (id),
        CONSTRAINT ck_invoices_status CHECK (status IN ('received', 'extracted', 'validated', 'rejected', 'duplicate',
          'awaiting_approval', 'approved', 'filed', 'posted', 'returned', 'cancelled'))
      )`);
    // One document of a message is one invoice, even when the split runs twice.
    await q.query(
      `CREATE UNIQUE INDEX ux_invoices_message_document ON invoices (message_id, document_sha256)`,
    );
    await q.query(`CREATE UNIQUE INDEX ux_invoices_status_token ON invoices (status_token)`);
    await q.query(`CREATE INDEX ix_invoices_tenant_status ON invoices (tenant_id, status, created_at)`);
    await q.query(`CREATE INDEX ix_invoices_content ON invoices (tenant_id, document_sha256)`);
    await q.query(
      `CREATE INDEX ix_invoices_business_key ON invoices (tenant_id, seller_vat_id, number, issue_date)`,
    );
    await q.query(
      `CREATE INDEX ix_invoices_open ON invoices (updated_at) WHERE status IN ('received', 'extracted', 'validated')`,
    );

    await q.query(`
      CREATE TABLE invoice_events (
        id bigserial NOT NULL,
        tenant_id uuid NOT NULL,
        invoice_id uuid NOT NULL,
        from_status text,
        to_status text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        detail jsonb,
        CONSTRAINT pk_invoice_events PRIMARY KEY (id),
        CONSTRAINT fk_invoice_events_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_invoice_events_invoice ON invoice_events (invoice_id, id)`);

    await q.query(`
      CREATE TABLE invoice_attachments (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        invoice_id uuid NOT NULL,
        blob_sha256 text NOT NULL,
        file_name text,
        mime_code text,
        description text,
        source text NOT NULL,
        CONSTRAINT pk_invoice_attachments PRIMARY KEY (id),
        CONSTRAINT fk_invoice_attachments_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id) ON DELETE CASCADE,
        CONSTRAINT ck_invoice_attachments_source CHECK (source IN ('embedded', 'message'))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX ux_invoice_attachments ON invoice_attachments (invoice_id, blob_sha256, source, coalesce(file_name, ''))`,
    );

    for (const t of ['inbound_messages', 'invoices', 'invoice_events', 'invoice_attachments']) {
      await q.query(`SELECT einvoice_identity_enable_rls('${t}')`);
    }
    await q.query(
      `GRANT SELECT, INSERT, UPDATE ON inbound_messages, invoices, invoice_attachments TO einvoice_app`,
    );
    // The lifecycle history is append-only for the application.
    await q.query(`REVOKE UPDATE, DELETE ON invoice_events FROM einvoice_app`);
    await q.query(`GRANT SELECT, INSERT ON invoice_events TO einvoice_app`);
    await q.query(`GRANT USAGE, SELECT ON SEQUENCE invoice_events_id_seq TO einvoice_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE invoice_attachments`);
    await q.query(`DROP TABLE invoice_events`);
    await q.query(`DROP TABLE invoices`);
    await q.query(`DROP TABLE inbound_messages`);
  }
}
