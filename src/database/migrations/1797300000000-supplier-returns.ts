import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Returned invoices answered to their supplier on the channel the invoice came by.
 *
 * - `supplier_returns`: one row per returned invoice once its answer is complete (mail
 *   accepted by the SMTP server, Peppol Invoice Response stored and — when the access point
 *   has a callback — POSTed, or nothing to send because the status link is the channel).
 *   A returned invoice without a row still owes its answer: the recovery sweep's query.
 * - `peppol_invoice_responses`: the outgoing Peppol BIS Invoice Response documents (UBL
 *   ApplicationResponse), kept for the access point to fetch, at most one per invoice and
 *   response code.
 *
 * Both tenant-scoped with row-level security like every tenant table.
 */
export class SupplierReturns1797300000000 implements MigrationInterface {
  name = 'SupplierReturns1797300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supplier_returns (
        invoice_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        channel text NOT NULL,
        answered_at timestamptz NOT NULL DEFAULT now(),
        detail jsonb NOT NULL DEFAULT '{}'::jsonb,
        CONSTRAINT pk_supplier_returns PRIMARY KEY (invoice_id),
        CONSTRAINT fk_supplier_returns_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id) ON DELETE CASCADE,
        CONSTRAINT fk_supplier_returns_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE RESTRICT,
        CONSTRAINT ck_supplier_returns_channel CHECK (channel IN ('email', 'status-link', 'peppol'))
      )`);
    // The sweep's question, "returned and not answered", without walking every invoice.
    await q.query(`CREATE INDEX ix_invoices_returned ON invoices (updated_at) WHERE status = 'returned'`);
    await q.query(`SELECT einvoice_identity_enable_rls('supplier_returns')`);
    await q.query(`GRANT SELECT, INSERT ON supplier_returns TO einvoice_app`);

    await q.query(`
      CREATE TABLE peppol_invoice_responses (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        invoice_id uuid NOT NULL,
        message_id uuid NOT NULL,
        response_code text NOT NULL,
        document_reference text NOT NULL,
        xml text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        CONSTRAINT pk_peppol_invoice_responses PRIMARY KEY (id),
        CONSTRAINT fk_peppol_invoice_responses_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id) ON DELETE RESTRICT,
        CONSTRAINT fk_peppol_invoice_responses_message FOREIGN KEY (message_id) REFERENCES inbound_messages (id) ON DELETE RESTRICT,
        CONSTRAINT fk_peppol_invoice_responses_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE RESTRICT,
        CONSTRAINT ck_peppol_invoice_responses_code CHECK (response_code IN ('AB', 'IP', 'UQ', 'CA', 'RE', 'AP', 'PD'))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX ux_peppol_invoice_responses_invoice_code ON peppol_invoice_responses (invoice_id, response_code)`,
    );
    await q.query(
      `CREATE INDEX ix_peppol_invoice_responses_tenant_created ON peppol_invoice_responses (tenant_id, created_at, id)`,
    );
    await q.query(`SELECT einvoice_identity_enable_rls('peppol_invoice_responses')`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON peppol_invoice_responses TO einvoice_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE peppol_invoice_responses`);
    await q.query(`DROP INDEX ix_invoices_returned`);
    await q.query(`DROP TABLE supplier_returns`);
  }
}
