import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withSystemContext, withTenant } from '../../database/tenant-transaction.js';
import type { StaffRole } from './auth.contract.js';

export interface User {
  readonly id: string;
  readonly tenantId: string;
  readonly email: string;
  readonly displayName: string;
  readonly roles: readonly StaffRole[];
  /** Until when sign-in with this address is locked (failed logins are counted per address). */
  readonly lockedUntil: Date | null;
  readonly mustChangePassword: boolean;
  readonly createdAt: Date;
  /** Set while an admin has disabled the account: no sign-in, no session. */
  readonly disabledAt: Date | null;
  /** The language of the user's mails. */
  readonly lang: 'de' | 'en';
  /** Whether the user gets the daily digest of their open tasks. */
  readonly digest: boolean;
}

/** What a password check needs; only ever read in the login path. */
export interface LoginCandidate extends User {
  readonly passwordHash: string;
  readonly tenantSlug: string;
  readonly tenantName: string;
}

interface Row {
  id: string;
  tenant_id: string;
  email: string;
  display_name: string;
  roles: StaffRole[];
  must_change_password: boolean;
  created_at: Date;
  disabled_at: Date | null;
  lang: 'de' | 'en';
  digest: boolean;
  password_hash?: string;
  tenant_slug?: string;
  tenant_name?: string;
}

const COLUMNS = `id, tenant_id, email, display_name, roles, must_change_password, created_at, disabled_at, lang, digest`;

const toUser = (r: Row): User => ({
  id: r.id,
  tenantId: r.tenant_id,
  email: r.email,
  displayName: r.display_name,
  roles: r.roles,
  lockedUntil: null,
  mustChangePassword: r.must_change_password,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
  lang: r.lang,
  digest: r.digest,
});

export class UserEmailTakenError extends Error {}

@Injectable()
export class UserRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts a user; an e-mail address taken in the same tenant surfaces as
   * `UserEmailTakenError`. ON CONFLICT instead of catching the violation: a failed statement
   * would be logged with its parameters, the password hash among them.
   */
  async create(
    tenantId: string,
    data: {
      email: string;
      displayName: string;
      passwordHash: string;
      roles: readonly StaffRole[];
      mustChangePassword: boolean;
    },
  ): Promise<User> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const [row] = await m.query<Row[]>(
        `INSERT INTO users (tenant_id, email, display_name, password_hash, roles, must_change_password)
         VALUES ($1, $2, $3, $4, $5::text[], $6)
         ON CONFLICT ON CONSTRAINT uq_users_tenant_email DO NOTHING
         RETURNING ${COLUMNS}`,
        [tenantId, data.email, data.displayName, data.passwordHash, data.roles, data.mustChangePassword],
      );
      if (!row) throw new UserEmailTakenError(data.email);
      return toUser(row);
    });
  }

  async list(tenantId: string): Promise<User[]> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows = await m.query<Row[]>(`SELECT ${COLUMNS} FROM users WHERE tenant_id = $1 ORDER BY email`, [
        tenantId,
      ]);
      return rows.map(toUser);
    });
  }

  async findById(tenantId: string, id: string): Promise<User | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const [row] = await m.query<Row[]>(
        `SELECT ${COLUMNS} FROM users WHERE tenant_id = $1 AND id::text = $2`,
        [tenantId, id],
      );
      return row ? toUser(row) : undefined;
    });
  }

  async findByEmail(tenantId: string, email: string): Promise<User | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const [row] = await m.query<Row[]>(`SELECT ${COLUMNS} FROM users WHERE tenant_id = $1 AND email = $2`, [
        tenantId,
        email,
      ]);
      return row ? toUser(row) : undefined;
    });
  }

  /**
   * The ids of the tenant's enabled admins, locked until the end of the surrounding
   * transaction: two admins demoting or disabling each other at the same moment would each
   * see the other still there. With the rows locked the second waits, and PostgreSQL
   * re-checks the condition on the committed row, so it sees the first change.
   */
  async lockEnabledAdmins(tenantId: string): Promise<string[]> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows = await m.query<{ id: string }[]>(
        `SELECT id FROM users WHERE tenant_id = $1 AND 'admin' = ANY(roles) AND disabled_at IS NULL
          ORDER BY id FOR UPDATE`,
        [tenantId],
      );
      return rows.map((r) => r.id);
    });
  }

  /** Changes the display name, roles and/or mail preferences; `undefined` when the tenant has no such user. */
  async update(
    tenantId: string,
    id: string,
    data: { displayName?: string; roles?: readonly StaffRole[]; lang?: 'de' | 'en'; digest?: boolean },
  ): Promise<User | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const [rows] = await m.query<[Row[], number]>(
        `UPDATE users SET display_name = coalesce($3, display_name), roles = coalesce($4::text[], roles),
                lang = coalesce($5, lang), digest = coalesce($6, digest), updated_at = now()
          WHERE tenant_id = $1 AND id::text = $2 RETURNING ${COLUMNS}`,
        [tenantId, id, data.displayName ?? null, data.roles ?? null, data.lang ?? null, data.digest ?? null],
      );
      return rows[0] ? toUser(rows[0]) : undefined;
    });
  }

  /**
   * Sets a new password that must be replaced at the next sign-in, and ends all the user's
   * sessions in the same transaction; `undefined` when the tenant has no such user.
   */
  async resetPassword(tenantId: string, id: string, passwordHash: string): Promise<User | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const [rows] = await m.query<[Row[], number]>(
        `UPDATE users SET password_hash = $3, must_change_password = true, updated_at = now()
          WHERE tenant_id = $1 AND id::text = $2 RETURNING ${COLUMNS}`,
        [tenantId, id, passwordHash],
      );
      if (rows[0])
        await m.query(`DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2`, [tenantId, rows[0].id]);
      return rows[0] ? toUser(rows[0]) : undefined;
    });
  }

  /** The password hash of one user of this tenant (password change). */
  async findPasswordHash(tenantId: string, id: string): Promise<string | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const [row] = await m.query<{ password_hash: string }[]>(
        `SELECT password_hash FROM users WHERE tenant_id = $1 AND id = $2`,
        [tenantId, id],
      );
      return row?.password_hash;
    });
  }

  async setPassword(tenantId: string, id: string, passwordHash: string): Promise<void> {
    await withTenant(this.dataSource, tenantId, async (m) => {
      await m.query(
        `UPDATE users SET password_hash = $3, must_change_password = false, updated_at = now()
          WHERE tenant_id = $1 AND id = $2`,
        [tenantId, id, passwordHash],
      );
    });
  }

  // --- Cross-tenant reads: system context by design. ---

  /**
   * Login by e-mail happens before the tenant is known, so it cannot run in a tenant
   * context; it is the one read of password hashes, through the system context, and
   * returns the users with that address (one per tenant at most), with their tenant's
   * slug and name for the choice when the password fits more than one.
   */
  async findLoginCandidates(email: string): Promise<LoginCandidate[]> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows = await m.query<Row[]>(
        `SELECT u.id, u.tenant_id, u.email, u.display_name, u.roles, u.must_change_password, u.created_at, u.disabled_at, u.lang, u.digest,
                u.password_hash, t.slug AS tenant_slug, t.name AS tenant_name
           FROM users u JOIN tenants t ON t.id = u.tenant_id
          WHERE u.email = $1 AND u.disabled_at IS NULL
          ORDER BY u.created_at, u.id
          LIMIT 50`,
        [email],
      );
      return rows.map((row) => ({
        ...toUser(row),
        passwordHash: row.password_hash!,
        tenantSlug: row.tenant_slug!,
        tenantName: row.tenant_name!,
      }));
    });
  }

  /**
   * Disables or enables an account of this tenant; `undefined` when there is none.
   * Disabling ends the account's sessions in the same transaction.
   */
  async setDisabled(tenantId: string, id: string, disabled: boolean): Promise<User | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      // UPDATE answers [rows, count] through TypeORM.
      const [rows] = await m.query<[Row[], number]>(
        `UPDATE users SET disabled_at = CASE WHEN $3 THEN coalesce(disabled_at, now()) END, updated_at = now()
          WHERE tenant_id = $1 AND id::text = $2 RETURNING ${COLUMNS}`,
        [tenantId, id, disabled],
      );
      if (rows[0] && disabled)
        await m.query(`DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2`, [tenantId, rows[0].id]);
      return rows[0] ? toUser(rows[0]) : undefined;
    });
  }

  /** All users of the installation (operator CLI). */
  async listAll(): Promise<User[]> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows = await m.query<Row[]>(`SELECT ${COLUMNS} FROM users ORDER BY tenant_id, email`);
      return rows.map(toUser);
    });
  }
}
