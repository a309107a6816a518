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
  readonly failedLogins: number;
  readonly lockedUntil: Date | null;
  readonly mustChangePassword: boolean;
  readonly createdAt: Date;
  /** Set while an admin has disabled the account: no sign-in, no session. */
  readonly disabledAt: Date | null;
}

/** What a password check needs; only ever read in the login path. */
export interface LoginCandidate extends User {
  readonly passwordHash: string;
}

interface Row {
  id: string;
  tenant_id: string;
  email: string;
  display_name: string;
  roles: StaffRole[];
  failed_logins: number;
  locked_until: Date | null;
  must_change_password: boolean;
  created_at: Date;
  disabled_at: Date | null;
  password_hash?: string;
}

const COLUMNS = `id, tenant_id, email, display_name, roles, failed_logins, locked_until, must_change_password, created_at, disabled_at`;

const toUser = (r: Row): User => ({
  id: r.id,
  tenantId: r.tenant_id,
  email: r.email,
  displayName: r.display_name,
  roles: r.roles,
  failedLogins: r.failed_logins,
  lockedUntil: r.locked_until,
  mustChangePassword: r.must_change_password,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
});

export class UserEmailTakenError extends Error {}

@Injectable()
export class UserRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts a user; a taken e-mail address (unique across the installation) surfaces as
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
         ON CONFLICT ON CONSTRAINT uq_users_email DO NOTHING
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

  /**
   * Counts a failed password and locks the account once `maxFailures` is reached. One
   * statement, so concurrent attempts cannot both read the old count and lose a failure.
   */
  async recordFailedLogin(
    tenantId: string,
    id: string,
    maxFailures: number,
    lockMinutes: number,
  ): Promise<{ failedLogins: number; lockedUntil: Date | null }> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const [row] = await m.query<[{ failed_logins: number; locked_until: Date | null }[], number]>(
        `UPDATE users
            SET failed_logins = CASE WHEN failed_logins + 1 >= $3 THEN 0 ELSE failed_logins + 1 END,
                locked_until = CASE WHEN failed_logins + 1 >= $3 THEN now() + make_interval(mins => $4) ELSE locked_until END,
                updated_at = now()
          WHERE tenant_id = $1 AND id = $2
          RETURNING failed_logins, locked_until`,
        [tenantId, id, maxFailures, lockMinutes],
      );
      const r = row?.[0];
      return { failedLogins: r?.failed_logins ?? 0, lockedUntil: r?.locked_until ?? null };
    });
  }

  async recordSuccessfulLogin(tenantId: string, id: string): Promise<void> {
    await withTenant(this.dataSource, tenantId, async (m) => {
      await m.query(
        `UPDATE users SET failed_logins = 0, locked_until = NULL, updated_at = now() WHERE tenant_id = $1 AND id = $2`,
        [tenantId, id],
      );
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
   * returns at most the single user with that (installation-wide unique) address.
   */
  async findLoginCandidate(email: string): Promise<LoginCandidate | undefined> {
    return withSystemContext(this.dataSource, async (m) => {
      const [row] = await m.query<Row[]>(
        `SELECT ${COLUMNS}, password_hash FROM users WHERE email = $1 AND disabled_at IS NULL`,
        [email],
      );
      return row ? { ...toUser(row), passwordHash: row.password_hash! } : undefined;
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
