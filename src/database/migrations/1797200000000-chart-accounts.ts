import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tenant's chart of accounts for the Kontierung of invoices: Buchungsstellen
 * (Haushaltsstelle / Produkt / Sachkonto), Kostenstellen and Investitionsnummern, imported
 * from CSV. An account is never deleted — Kontierungen of earlier invoices name it — only
 * deactivated. Every import leaves a history row (who, when, which file, what changed).
 *
 * The code is compared and sorted byte-wise (`COLLATE "C"`): the search of the Kontierung
 * form looks codes up by prefix, which the C-collated indexes serve for `LIKE 'prefix%'`
 * as well as for the keyset paging of the list.
 */
export class ChartAccounts1797200000000 implements MigrationInterface {
  name = 'ChartAccounts1797200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE chart_accounts (
        tenant_id uuid NOT NULL,
        kind text NOT NULL,
        code text COLLATE "C" NOT NULL,
        name text NOT NULL DEFAULT '',
        active boolean NOT NULL DEFAULT true,
        valid_from date,
        valid_to date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_chart_accounts PRIMARY KEY (tenant_id, kind, code),
        CONSTRAINT fk_chart_accounts_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
        CONSTRAINT ck_chart_accounts_kind CHECK (kind IN ('buchungsstelle', 'kostenstelle', 'investition')),
        CONSTRAINT ck_chart_accounts_code CHECK (char_length(code) BETWEEN 1 AND 64),
        CONSTRAINT ck_chart_accounts_name CHECK (char_length(name) <= 300),
        CONSTRAINT ck_chart_accounts_validity CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
      )`);
    // Prefix search over all kinds; the primary key serves it within one kind.
    await q.query(`CREATE INDEX ix_chart_accounts_code ON chart_accounts (tenant_id, code)`);
    await q.query(`SELECT einvoice_identity_enable_rls('chart_accounts')`);
    // No DELETE: accounts are deactivated, never removed.
    await q.query(`GRANT SELECT, INSERT, UPDATE ON chart_accounts TO einvoice_app`);

    await q.query(`
      CREATE TABLE chart_imports (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        actor text NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now(),
        mode text NOT NULL,
        file_name text,
        file_sha256 text NOT NULL,
        file_bytes integer NOT NULL,
        encoding text NOT NULL,
        rows_total integer NOT NULL,
        created integer NOT NULL,
        updated integer NOT NULL,
        unchanged integer NOT NULL,
        deactivated integer NOT NULL,
        CONSTRAINT pk_chart_imports PRIMARY KEY (id),
        CONSTRAINT fk_chart_imports_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
        CONSTRAINT ck_chart_imports_mode CHECK (mode IN ('merge', 'replace')),
        CONSTRAINT ck_chart_imports_sha256 CHECK (file_sha256 ~ '^[0-9a-f]{64}$')
      )`);
    await q.query(`CREATE INDEX ix_chart_imports_tenant ON chart_imports (tenant_id, imported_at DESC)`);
    await q.query(`SELECT einvoice_identity_enable_rls('chart_imports')`);
    // The history is append-only.
    await q.query(`GRANT SELECT, INSERT ON chart_imports TO einvoice_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE chart_imports`);
    await q.query(`DROP TABLE chart_accounts`);
  }
}
