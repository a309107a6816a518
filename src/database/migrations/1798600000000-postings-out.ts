import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES_BEFORE = `'received', 'extracted', 'validated', 'rejected', 'duplicate',
  'awaiting_approval', 'approved', 'filed', 'posted', 'returned', 'cancelled', 'awaiting_schemas'`;

/**
 * Postings going out (POSTINGS.md §3): webhooks, DATEV settings and the status finance
 * systems report back.
 *
 * - `posting_webhooks`: one per finance API client (`api_keys` of role `finance`): the URL and
 *   the Standard Webhooks secret (`whsec_…`, shown once when made).
 * - `posting_deliveries`: one per posting and webhook; the `webhook_id` (`msg_…`) stays the
 *   same on every attempt. `next_attempt_at` is both the retry schedule and the lease of the
 *   attempt in flight (a worker that claims a row moves it past the attempt's timeout).
 *   `window_started_at` starts the give-up clock (reset by an admin's retry).
 * - `posting_datev_settings`: per tenant, what the EXTF header needs.
 * - `posting_status_reports`: what the finance system reported (`ordered`, `paid`);
 *   append-only (trigger), applied to the invoice by the status sweep.
 * - The invoice status `paid`.
 */
export class PostingsOut1798600000000 implements MigrationInterface {
  name = 'PostingsOut1798600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE posting_webhooks (
        api_key_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        url text NOT NULL,
        secret text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_posting_webhooks PRIMARY KEY (api_key_id),
        CONSTRAINT fk_posting_webhooks_api_key FOREIGN KEY (api_key_id) REFERENCES api_keys (id) ON DELETE CASCADE,
        CONSTRAINT fk_posting_webhooks_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE RESTRICT,
        CONSTRAINT ck_posting_webhooks_secret CHECK (secret LIKE 'whsec\\_%')
      )`);
    await q.query(`CREATE INDEX ix_posting_webhooks_tenant ON posting_webhooks (tenant_id)`);
    await q.query(`SELECT einvoice_identity_enable_rls('posting_webhooks')`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON posting_webhooks TO einvoice_app`);

    await q.query(`
      CREATE TABLE posting_deliveries (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        posting_id uuid NOT NULL,
        api_key_id uuid NOT NULL,
        webhook_id text NOT NULL,
        state text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        window_started_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz,
        delivered_at timestamptz,
        last_status integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_posting_deliveries PRIMARY KEY (id),
        CONSTRAINT fk_posting_deliveries_posting FOREIGN KEY (posting_id) REFERENCES postings (id) ON DELETE RESTRICT,
        CONSTRAINT fk_posting_deliveries_webhook FOREIGN KEY (api_key_id) REFERENCES posting_webhooks (api_key_id) ON DELETE CASCADE,
        CONSTRAINT fk_posting_deliveries_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE RESTRICT,
        CONSTRAINT ck_posting_deliveries_state CHECK (state IN ('pending', 'delivered', 'failed')),
        CONSTRAINT uq_posting_deliveries_posting_webhook UNIQUE (posting_id, api_key_id),
        CONSTRAINT uq_posting_deliveries_webhook_id UNIQUE (webhook_id)
      )`);
    await q.query(
      `CREATE INDEX ix_posting_deliveries_due ON posting_deliveries (next_attempt_at) WHERE state = 'pending'`,
    );
    await q.query(
      `CREATE INDEX ix_posting_deliveries_tenant_state ON posting_deliveries (tenant_id, state, created_at)`,
    );
    // The relay's look for postings of the last day without their deliveries.
    await q.query(`CREATE INDEX ix_postings_out_created ON postings (created_at)`);
    await q.query(`SELECT einvoice_identity_enable_rls('posting_deliveries')`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON posting_deliveries TO einvoice_app`);

    await q.query(`
      CREATE TABLE posting_datev_settings (
        tenant_id uuid NOT NULL,
        berater_nr integer NOT NULL,
        mandant_nr integer NOT NULL,
        wj_begin_month integer NOT NULL DEFAULT 1,
        sachkonten_laenge integer NOT NULL DEFAULT 4,
        default_kreditor text,
        skr text NOT NULL DEFAULT '03',
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_posting_datev_settings PRIMARY KEY (tenant_id),
        CONSTRAINT fk_posting_datev_settings_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE RESTRICT,
        CONSTRAINT ck_posting_datev_settings_berater CHECK (berater_nr BETWEEN 1001 AND 9999999),
        CONSTRAINT ck_posting_datev_settings_mandant CHECK (mandant_nr BETWEEN 1 AND 99999),
        CONSTRAINT ck_posting_datev_settings_wj CHECK (wj_begin_month BETWEEN 1 AND 12),
        CONSTRAINT ck_posting_datev_settings_skl CHECK (sachkonten_laenge BETWEEN 4 AND 8),
        CONSTRAINT ck_posting_datev_settings_skr CHECK (skr IN ('03', '04'))
      )`);
    await q.query(`SELECT einvoice_identity_enable_rls('posting_datev_settings')`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON posting_datev_settings TO einvoice_app`);

    await q.query(`
      CREATE TABLE posting_status_reports (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        posting_id uuid NOT NULL,
        invoice_id uuid NOT NULL,
        status text NOT NULL,
        kassenzeichen text,
        ordered_at timestamptz,
        paid_date date,
        amount numeric(19, 2),
        skonto_taken boolean,
        reported_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_posting_status_reports PRIMARY KEY (id),
        CONSTRAINT fk_posting_status_reports_posting FOREIGN KEY (posting_id) REFERENCES postings (id) ON DELETE RESTRICT,
        CONSTRAINT fk_posting_status_reports_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id) ON DELETE RESTRICT,
        CONSTRAINT fk_posting_status_reports_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE RESTRICT,
        CONSTRAINT ck_posting_status_reports_status CHECK (status IN ('ordered', 'paid')),
        CONSTRAINT ck_posting_status_reports_ordered CHECK (status <> 'ordered' OR (kassenzeichen IS NOT NULL AND ordered_at IS NOT NULL)),
        CONSTRAINT ck_posting_status_reports_paid CHECK (status <> 'paid' OR (paid_date IS NOT NULL AND amount IS NOT NULL AND skonto_taken IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX ix_posting_status_reports_invoice ON posting_status_reports (tenant_id, invoice_id, created_at)`,
    );
    await q.query(
      `CREATE INDEX ix_posting_status_reports_paid ON posting_status_reports (tenant_id, paid_date) WHERE status = 'paid'`,
    );
    // One payment per posting, also when two reports race each other.
    await q.query(
      `CREATE UNIQUE INDEX ux_posting_status_reports_one_payment ON posting_status_reports (posting_id) WHERE status = 'paid'`,
    );
    await q.query(`
      CREATE FUNCTION einvoice_posting_status_reports_immutable() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'posting status reports are append-only (% refused)', TG_OP USING ERRCODE = 'P0001';
      END
      $fn$`);
    await q.query(`
      CREATE TRIGGER tr_posting_status_reports_immutable BEFORE UPDATE OR DELETE ON posting_status_reports
        FOR EACH ROW EXECUTE FUNCTION einvoice_posting_status_reports_immutable()`);
    await q.query(`SELECT einvoice_identity_enable_rls('posting_status_reports')`);
    await q.query(`GRANT SELECT, INSERT ON posting_status_reports TO einvoice_app`);

    await q.query(`ALTER TABLE invoices DROP CONSTRAINT ck_invoices_status`);
    await q.query(
      `ALTER TABLE invoices ADD CONSTRAINT ck_invoices_status CHECK (status IN (${STATUSES_BEFORE}, 'paid'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Paid invoices were posted before; the older code knows that state.
    await q.query(`UPDATE invoices SET status = 'posted', updated_at = now() WHERE status = 'paid'`);
    await q.query(`ALTER TABLE invoices DROP CONSTRAINT ck_invoices_status`);
    await q.query(
      `ALTER TABLE invoices ADD CONSTRAINT ck_invoices_status CHECK (status IN (${STATUSES_BEFORE}))`,
    );
    await q.query(`DROP TABLE posting_status_reports`);
    await q.query(`DROP FUNCTION einvoice_posting_status_reports_immutable()`);
    await q.query(`DROP TABLE posting_datev_settings`);
    await q.query(`DROP TABLE posting_deliveries`);
    await q.query(`DROP INDEX ix_postings_out_created`);
    await q.query(`DROP TABLE posting_webhooks`);
  }
}
