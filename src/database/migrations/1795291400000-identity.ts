import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity: tenants and their receiver ids, staff users, sessions, API keys, the audit log,
 * the application role `einvoice_app` and row-level security.
 *
 * Why a separate role: the application connects as the owner of the tables (or a
 * superuser in embedded mode and tests), and PostgreSQL never applies row-level security
 * to superusers. Tenant-scoped work therefore runs `SET LOCAL ROLE einvoice_app` (see
 * `src/database/tenant-transaction.ts`), a NOLOGIN role without BYPASSRLS that holds only
 * the grants below, so the policies apply to every statement of such a transaction.
 *
 * `einvoice_identity_enable_rls(table, column)` is the one way to protect a tenant-scoped
 * table; later migrations call it too, so every table gets the same two policies.
 */
export class Identity1795291400000 implements MigrationInterface {
  name = 'Identity1795291400000';

  async up(q: QueryRunner): Promise<void> {
    // Roles are cluster-wide and shared by every database of the cluster (the test suite
    // creates many databases in parallel), so creation tolerates a concurrent creator.
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'einvoice_app') THEN
          CREATE ROLE einvoice_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL;
      END
      $$`);
    // A non-superuser owner may only SET ROLE to roles it is a member of.
    await q.query(`
      DO $$
      BEGIN
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
           AND NOT pg_has_role(current_user, 'einvoice_app', 'MEMBER') THEN
          EXECUTE format('GRANT einvoice_app TO %I', current_user);
        END IF;
      END
      $$`);

    await q.query(`
      CREATE FUNCTION einvoice_identity_enable_rls(tbl regclass, col text DEFAULT 'tenant_id')
      RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
        EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
        -- Tenant transactions see and write only their tenant's rows. An unset or empty
        -- app.tenant_id compares as NULL: no rows, never all rows.
        EXECUTE format(
          'CREATE POLICY tenant_isolation ON %s '
          'USING (%I = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) '
          'WITH CHECK (%I = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)',
          tbl, col, col);
        -- Deliberately cross-tenant work (login by e-mail, session and API-key lookup,
        -- operator CLI, audit verification) opts in with app.system_context = on; never
        -- available to einvoice_app, so a tenant transaction cannot widen itself.
        EXECUTE format(
          'CREATE POLICY system_context ON %s '
          'USING (current_user <> ''einvoice_app'' AND current_setting(''app.system_context'', true) = ''on'') '
          'WITH CHECK (current_user <> ''einvoice_app'' AND current_setting(''app.system_context'', true) = ''on'')',
          tbl);
      END
      $fn$`);

    await q.query(`
      CREATE TABLE tenants (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        slug text NOT NULL,
        kind text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_tenants PRIMARY KEY (id),
        CONSTRAINT uq_tenants_slug UNIQUE (slug),
        CONSTRAINT ck_tenants_kind CHECK (kind IN ('municipality', 'company')),
        CONSTRAINT ck_tenants_slug CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$')
      )`);

    // Receiver ids are unique across the installation: intake routes an incoming invoice
    // to exactly one tenant by them.
    await q.query(`
      CREATE TABLE tenant_receiver_ids (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        scheme text NOT NULL,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_tenant_receiver_ids PRIMARY KEY (id),
        CONSTRAINT fk_tenant_receiver_ids_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
        CONSTRAINT uq_tenant_receiver_ids_scheme_value UNIQUE (scheme, value),
        CONSTRAINT ck_tenant_receiver_ids_scheme CHECK (scheme ~ '^[0-9]{4}$')
      )`);
    await q.query(`CREATE INDEX ix_tenant_receiver_ids_tenant ON tenant_receiver_ids (tenant_id)`);

    await q.query(`
      CREATE TABLE users (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        email text NOT NULL,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL,
        failed_logins integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        must_change_password boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_users PRIMARY KEY (id),
        CONSTRAINT fk_users_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
        CONSTRAINT uq_users_email UNIQUE (email),
        CONSTRAINT ck_users_email_lower CHECK (email = lower(email)),
        CONSTRAINT ck_users_roles CHECK (
          cardinality(roles) > 0 AND roles <@ ARRAY['admin', 'approver', 'treasury', 'auditor']::text[]
        )
      )`);
    await q.query(`CREATE INDEX ix_users_tenant ON users (tenant_id)`);

    // Only the sha256 of a session token is stored: a leaked table grants no sessions.
    await q.query(`
      CREATE TABLE sessions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        token_hash text NOT NULL,
        user_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ip text,
        user_agent text,
        CONSTRAINT pk_sessions PRIMARY KEY (id),
        CONSTRAINT fk_sessions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_sessions_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
        CONSTRAINT uq_sessions_token_hash UNIQUE (token_hash)
      )`);
    await q.query(`CREATE INDEX ix_sessions_tenant ON sessions (tenant_id)`);
    await q.query(`CREATE INDEX ix_sessions_user ON sessions (user_id)`);
    await q.query(`CREATE INDEX ix_sessions_expires_at ON sessions (expires_at)`);

    // An API client is one key: scoped to one tenant and one role. The public prefix finds
    // the row; the secret is stored as sha256 only (it is long and random, so a slow
    // password hash would add latency to every request without adding safety).
    await q.query(`
      CREATE TABLE api_keys (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        name text NOT NULL,
        role text NOT NULL,
        prefix text NOT NULL,
        secret_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        revoked_at timestamptz,
        last_used_at timestamptz,
        CONSTRAINT pk_api_keys PRIMARY KEY (id),
        CONSTRAINT fk_api_keys_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
        CONSTRAINT uq_api_keys_prefix UNIQUE (prefix),
        CONSTRAINT ck_api_keys_role CHECK (role IN ('supplier', 'access-point', 'finance'))
      )`);
    await q.query(`CREATE INDEX ix_api_keys_tenant ON api_keys (tenant_id)`);

    // Append-only, hash-chained. seq is assigned under the chain head's row lock (not a
    // sequence), so it has no gaps and a deleted row shows as a gap as well as a broken
    // link. No foreign key on tenant_id: entries outlive anything they mention.
    await q.query(`
      CREATE TABLE audit_log (
        seq bigint NOT NULL,
        at timestamptz NOT NULL,
        tenant_id uuid,
        actor text NOT NULL,
        action text NOT NULL,
        subject text,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        CONSTRAINT pk_audit_log PRIMARY KEY (seq),
        CONSTRAINT uq_audit_log_hash UNIQUE (hash)
      )`);
    await q.query(`CREATE INDEX ix_audit_log_tenant_seq ON audit_log (tenant_id, seq)`);
    // One row: the newest entry. Locking it serialises appends across processes, and
    // comparing it with the last row reveals entries cut off the end of the chain.
    await q.query(`
      CREATE TABLE audit_chain_head (
        id boolean NOT NULL DEFAULT true,
        seq bigint NOT NULL,
        hash text NOT NULL,
        CONSTRAINT pk_audit_chain_head PRIMARY KEY (id),
        CONSTRAINT ck_audit_chain_head_single CHECK (id)
      )`);
    await q.query(`INSERT INTO audit_chain_head (id, seq, hash) VALUES (true, 0, repeat('0', 64))`);
    await q.query(`
      CREATE FUNCTION einvoice_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $fn$`);
    await q.query(`
      CREATE TRIGGER tr_audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION einvoice_audit_log_append_only()`);
    await q.query(`
      CREATE TRIGGER tr_audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION einvoice_audit_log_append_only()`);

    await q.query(`SELECT einvoice_identity_enable_rls('tenants', 'id')`);
    for (const table of ['tenant_receiver_ids', 'users', 'sessions', 'api_keys', 'audit_log']) {
      await q.query(`SELECT einvoice_identity_enable_rls('${table}')`);
    }

    await q.query(`GRANT USAGE ON SCHEMA public TO einvoice_app`);
    await q.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON tenants, tenant_receiver_ids, users, sessions, api_keys TO einvoice_app`,
    );
    await q.query(`GRANT SELECT, INSERT ON audit_log TO einvoice_app`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM einvoice_app`);
    await q.query(`GRANT SELECT, UPDATE ON audit_chain_head TO einvoice_app`);
    // Tables of later migrations (run by the same owner) are usable by the role too; each
    // tenant-scoped one must still call einvoice_identity_enable_rls (a test checks that).
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO einvoice_app`,
    );
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO einvoice_app`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM einvoice_app`,
    );
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM einvoice_app`,
    );
    await q.query(`DROP TABLE audit_chain_head`);
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION einvoice_audit_log_append_only()`);
    await q.query(`DROP TABLE api_keys`);
    await q.query(`DROP TABLE sessions`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE tenant_receiver_ids`);
    await q.query(`DROP TABLE tenants`);
    await q.query(`DROP FUNCTION einvoice_identity_enable_rls(regclass, text)`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM einvoice_app`);
    // The role itself stays: it is cluster-wide and other databases of the cluster may use it.
  }
}
