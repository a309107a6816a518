import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withSystemContext, withTenant } from '../../database/tenant-transaction.js';
import type { StaffRole } from './auth.contract.js';

/** A live session with the user it belongs to. */
export interface ActiveSession {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly expiresAt: Date;
  readonly email: string;
  readonly displayName: string;
  readonly roles: readonly StaffRole[];
  readonly mustChangePassword: boolean;
}

@Injectable()
export class SessionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(
    tenantId: string,
    data: { tokenHash: string; userId: string; expiresAt: Date; ip: string | null; userAgent: string | null },
  ): Promise<string> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const [row] = await m.query<{ id: string }[]>(
        `INSERT INTO sessions (token_hash, user_id, tenant_id, expires_at, ip, user_agent)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [
          data.tokenHash,
          data.userId,
          tenantId,
          data.expiresAt,
          data.ip,
          data.userAgent?.slice(0, 500) ?? null,
        ],
      );
      return row.id;
    });
  }

  /** Moves the expiry of a session forward (sliding expiry). */
  async extend(tenantId: string, id: string, expiresAt: Date): Promise<void> {
    await withTenant(this.dataSource, tenantId, async (m) => {
      await m.query(`UPDATE sessions SET expires_at = $3 WHERE tenant_id = $1 AND id = $2`, [
        tenantId,
        id,
        expiresAt,
      ]);
    });
  }

  /** Ends the user's sessions, except the one given (the caller's own, on a password change). */
  async deleteForUser(tenantId: string, userId: string, exceptTokenHash?: string): Promise<number> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const [, count] = await m.query<[unknown, number]>(
        `DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2 AND token_hash IS DISTINCT FROM $3`,
        [tenantId, userId, exceptTokenHash ?? null],
      );
      return count;
    });
  }

  // --- Token lookups: the token is the only thing a request carries, so the tenant is
  // --- not known yet; system context by design, keyed by the token's hash.

  async findActive(tokenHash: string): Promise<ActiveSession | undefined> {
    return withSystemContext(this.dataSource, async (m) => {
      const [row] = await m.query<
        {
          id: string;
          tenant_id: string;
          user_id: string;
          expires_at: Date;
          email: string;
          display_name: string;
          roles: StaffRole[];
          must_change_password: boolean;
        }[]
      >(
        `SELECT s.id, s.tenant_id, s.user_id, s.expires_at, u.email, u.display_name, u.roles, u.must_change_password
           FROM sessions s JOIN users u ON u.id = s.user_id AND u.tenant_id = s.tenant_id
          WHERE s.token_hash = $1 AND s.expires_at > now() AND u.disabled_at IS NULL`,
        [tokenHash],
      );
      return row
        ? {
            id: row.id,
            tenantId: row.tenant_id,
            userId: row.user_id,
            expiresAt: row.expires_at,
            email: row.email,
            displayName: row.display_name,
            roles: row.roles,
            mustChangePassword: row.must_change_password,
          }
        : undefined;
    });
  }

  async deleteByTokenHash(tokenHash: string): Promise<{ tenantId: string; userId: string } | undefined> {
    return withSystemContext(this.dataSource, async (m) => {
      const [rows] = await m.query<[{ tenant_id: string; user_id: string }[], number]>(
        `DELETE FROM sessions WHERE token_hash = $1 RETURNING tenant_id, user_id`,
        [tokenHash],
      );
      const row = rows[0];
      return row ? { tenantId: row.tenant_id, userId: row.user_id } : undefined;
    });
  }

  /** Housekeeping: expired sessions of all tenants. */
  async deleteExpired(): Promise<number> {
    return withSystemContext(this.dataSource, async (m) => {
      const [, count] = await m.query<[unknown, number]>(`DELETE FROM sessions WHERE expires_at <= now()`);
      return count;
    });
  }
}
