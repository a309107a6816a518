import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Approval: versioned policies per tenant, the approval of each invoice (the policy version
 * it started with and its tasks, one per step, with the assignees resolved at the start),
 * the append-only decisions, the Kontierung, groups, value limits (Anordnungsbefugnis),
 * substitutes, API keys bound to a person, and the outbox of domain events (`invoice.approved`)
 * that filing and postings will consume.
 *
 * Every table is tenant-scoped with row-level security. Decisions and events are
 * append-only for the application.
 */
export class Approval1797000000000 implements MigrationInterface {
  name = 'Approval1797000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE approval_policies (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        version integer NOT NULL,
        state text NOT NULL DEFAULT 'draft',
        name text NOT NULL,
        preset text,
        definition jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        activated_at timestamptz,
        activated_by text,
        CONSTRAINT pk_approval_policies PRIMARY KEY (id),
        CONSTRAINT fk_approval_policies_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
        CONSTRAINT uq_approval_policies_version UNIQUE (tenant_id, version),
        CONSTRAINT ck_approval_policies_state CHECK (state IN ('draft', 'active', 'retired'))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX ux_approval_policies_active ON approval_policies (tenant_id) WHERE state = 'active'`,
    );

    await q.query(`
      CREATE TABLE approval_groups (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_approval_groups PRIMARY KEY (id),
        CONSTRAINT fk_approval_groups_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
        CONSTRAINT uq_approval_groups_name UNIQUE (tenant_id, name)
      )`);
    await q.query(`
      CREATE TABLE approval_group_members (
        tenant_id uuid NOT NULL,
        group_id uuid NOT NULL,
        user_id uuid NOT NULL,
        CONSTRAINT pk_approval_group_members PRIMARY KEY (group_id, user_id),
        CONSTRAINT fk_approval_group_members_group FOREIGN KEY (group_id) REFERENCES approval_groups (id) ON DELETE CASCADE,
        CONSTRAINT fk_approval_group_members_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_approval_group_members_user ON approval_group_members (user_id)`);

    // A user's authority per kind of step. `anordnung` without a row: no Anordnungsbefugnis.
    // max_amount NULL: no upper limit.
    await q.query(`
      CREATE TABLE approval_limits (
        tenant_id uuid NOT NULL,
        user_id uuid NOT NULL,
        scope text NOT NULL,
        max_amount numeric(19, 2),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_approval_limits PRIMARY KEY (user_id, scope),
        CONSTRAINT fk_approval_limits_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT ck_approval_limits_scope CHECK (scope IN ('feststellung', 'anordnung', 'freigabe')),
        CONSTRAINT ck_approval_limits_amount CHECK (max_amount IS NULL OR max_amount >= 0)
      )`);

    await q.query(`
      CREATE TABLE approval_instances (
        invoice_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        policy_id uuid NOT NULL,
        state text NOT NULL DEFAULT 'open',
        amount numeric(19, 2) NOT NULL,
        currency text NOT NULL,
        credit_note boolean NOT NULL DEFAULT false,
        seller_key text,
        skonto_deadline date,
        skonto_amount numeric(19, 2),
        due_deadline date,
        kontierung_by uuid,
        kontierung_at timestamptz,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CONSTRAINT pk_approval_instances PRIMARY KEY (invoice_id),
        CONSTRAINT fk_approval_instances_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id) ON DELETE CASCADE,
        CONSTRAINT fk_approval_instances_policy FOREIGN KEY (policy_id) REFERENCES approval_policies (id),
        CONSTRAINT ck_approval_instances_state CHECK (state IN ('open', 'approved', 'returned', 'cancelled'))
      )`);
    await q.query(
      `CREATE INDEX ix_approval_instances_seller ON approval_instances (tenant_id, seller_key, finished_at)`,
    );

    await q.query(`
      CREATE TABLE approval_tasks (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        invoice_id uuid NOT NULL,
        step_index integer NOT NULL,
        step_key text NOT NULL,
        step_kind text NOT NULL,
        label jsonb NOT NULL,
        state text NOT NULL,
        assignee_users uuid[] NOT NULL DEFAULT '{}',
        assignee_groups uuid[] NOT NULL DEFAULT '{}',
        assignee_roles text[] NOT NULL DEFAULT '{}',
        bulk_allowed boolean NOT NULL DEFAULT false,
        opened_at timestamptz,
        held_question text,
        decided_at timestamptz,
        decided_by uuid,
        on_behalf_of uuid,
        reminded_at timestamptz,
        escalated_at timestamptz,
        CONSTRAINT pk_approval_tasks PRIMARY KEY (id),
        CONSTRAINT fk_approval_tasks_instance FOREIGN KEY (invoice_id) REFERENCES approval_instances (invoice_id) ON DELETE CASCADE,
        CONSTRAINT uq_approval_tasks_step UNIQUE (invoice_id, step_index),
        CONSTRAINT ck_approval_tasks_state CHECK (state IN ('waiting', 'open', 'held', 'done', 'cancelled')),
        CONSTRAINT ck_approval_tasks_kind CHECK (step_kind IN ('sachlich', 'rechnerisch', 'feststellung', 'anordnung', 'freigabe'))
      )`);
    // The inbox: open tasks of a tenant, found by assignee.
    await q.query(
      `CREATE INDEX ix_approval_tasks_open ON approval_tasks (tenant_id, opened_at) WHERE state IN ('open', 'held')`,
    );
    await q.query(
      `CREATE INDEX ix_approval_tasks_users ON approval_tasks USING gin (assignee_users) WHERE state IN ('open', 'held')`,
    );
    await q.query(
      `CREATE INDEX ix_approval_tasks_groups ON approval_tasks USING gin (assignee_groups) WHERE state IN ('open', 'held')`,
    );

    await q.query(`
      CREATE TABLE approval_decisions (
        id bigserial NOT NULL,
        tenant_id uuid NOT NULL,
        invoice_id uuid NOT NULL,
        task_id uuid,
        step_key text,
        step_kind text,
        action text NOT NULL,
        actor text NOT NULL,
        actor_user_id uuid,
        actor_name text NOT NULL,
        on_behalf_of uuid,
        on_behalf_name text,
        policy_id uuid NOT NULL,
        policy_version integer NOT NULL,
        reason text,
        data jsonb,
        at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_approval_decisions PRIMARY KEY (id),
        CONSTRAINT fk_approval_decisions_instance FOREIGN KEY (invoice_id) REFERENCES approval_instances (invoice_id) ON DELETE CASCADE,
        CONSTRAINT ck_approval_decisions_action CHECK (action IN
          ('approve', 'reject', 'hold', 'release', 'reassign', 'comment', 'kontierung'))
      )`);
    await q.query(`CREATE INDEX ix_approval_decisions_invoice ON approval_decisions (invoice_id, id)`);

    await q.query(`
      CREATE TABLE approval_kontierung (
        tenant_id uuid NOT NULL,
        invoice_id uuid NOT NULL,
        line_no integer NOT NULL,
        buchungsstelle text NOT NULL,
        kostenstelle text,
        investitionsnummer text,
        amount numeric(19, 2) NOT NULL,
        CONSTRAINT pk_approval_kontierung PRIMARY KEY (invoice_id, line_no),
        CONSTRAINT fk_approval_kontierung_instance FOREIGN KEY (invoice_id) REFERENCES approval_instances (invoice_id) ON DELETE CASCADE
      )`);

    await q.query(`
      CREATE TABLE approval_substitutes (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        user_id uuid NOT NULL,
        substitute_id uuid NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CONSTRAINT pk_approval_substitutes PRIMARY KEY (id),
        CONSTRAINT fk_approval_substitutes_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_approval_substitutes_substitute FOREIGN KEY (substitute_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT ck_approval_substitutes_self CHECK (user_id <> substitute_id),
        CONSTRAINT ck_approval_substitutes_period CHECK (ends_on >= starts_on)
      )`);
    await q.query(
      `CREATE INDEX ix_approval_substitutes_substitute ON approval_substitutes (substitute_id) WHERE revoked_at IS NULL`,
    );

    // The outbox: events written in the same transaction as the change that causes them.
    await q.query(`
      CREATE TABLE domain_events (
        id bigserial NOT NULL,
        tenant_id uuid NOT NULL,
        type text NOT NULL,
        subject text NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_domain_events PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX ix_domain_events_type ON domain_events (type, id)`);

    // An API key of the client role `approver` acts as one person, with that person's rights.
    await q.query(`ALTER TABLE api_keys ADD COLUMN user_id uuid REFERENCES users (id) ON DELETE CASCADE`);
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT ck_api_keys_role`);
    await q.query(
      `ALTER TABLE api_keys ADD CONSTRAINT ck_api_keys_role CHECK (role IN ('supplier', 'access-point', 'finance', 'approver'))`,
    );
    await q.query(
      `ALTER TABLE api_keys ADD CONSTRAINT ck_api_keys_approver_user CHECK ((role = 'approver') = (user_id IS NOT NULL))`,
    );

    const tables = [
      'approval_policies',
      'approval_groups',
      'approval_group_members',
      'approval_limits',
      'approval_instances',
      'approval_tasks',
      'approval_decisions',
      'approval_kontierung',
      'approval_substitutes',
      'domain_events',
    ];
    for (const t of tables) await q.query(`SELECT einvoice_identity_enable_rls('${t}')`);
    await q.query(
      `GRANT SELECT, INSERT, UPDATE ON approval_policies, approval_groups, approval_limits, approval_instances,
         approval_tasks, approval_substitutes TO einvoice_app`,
    );
    await q.query(
      `GRANT SELECT, INSERT, DELETE ON approval_group_members, approval_kontierung TO einvoice_app`,
    );
    await q.query(`GRANT DELETE ON approval_groups, approval_limits TO einvoice_app`);
    // Decisions and events are append-only for the application.
    await q.query(`GRANT SELECT, INSERT ON approval_decisions, domain_events TO einvoice_app`);
    await q.query(
      `GRANT USAGE, SELECT ON SEQUENCE approval_decisions_id_seq, domain_events_id_seq TO einvoice_app`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT ck_api_keys_approver_user`);
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT ck_api_keys_role`);
    await q.query(`DELETE FROM api_keys WHERE role = 'approver'`);
    await q.query(
      `ALTER TABLE api_keys ADD CONSTRAINT ck_api_keys_role CHECK (role IN ('supplier', 'access-point', 'finance'))`,
    );
    await q.query(`ALTER TABLE api_keys DROP COLUMN user_id`);
    for (const t of [
      'domain_events',
      'approval_substitutes',
      'approval_kontierung',
      'approval_decisions',
      'approval_tasks',
      'approval_instances',
      'approval_limits',
      'approval_group_members',
      'approval_groups',
      'approval_policies',
    ])
      await q.query(`DROP TABLE ${t}`);
  }
}
