import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withSystemContext } from '../../database/tenant-transaction.js';

/**
 * Failed sign-ins per e-mail address (by its sha256, `emailKey`), whether an account has
 * the address or not: the lock must not tell an existing account from an unknown one.
 * The login happens before the tenant is known: system context by design.
 */
@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The end of the address's lock, or null when it is not locked. */
  async lockedUntil(emailKey: string): Promise<Date | null> {
    return withSystemContext(this.dataSource, async (m) => {
      const [row] = await m.query<{ locked_until: Date }[]>(
        `SELECT locked_until FROM login_throttle WHERE email_key = $1 AND locked_until > now()`,
        [emailKey],
      );
      return row?.locked_until ?? null;
    });
  }

  /**
   * Counts a failure and locks the address once `maxFailures` is reached (the count starts
   * again). One statement, so concurrent attempts cannot both read the old count.
   */
  async recordFailure(emailKey: string, maxFailures: number, lockMinutes: number): Promise<Date | null> {
    return withSystemContext(this.dataSource, async (m) => {
      const [row] = await m.query<{ locked_until: Date | null }[]>(
        `INSERT INTO login_throttle AS t (email_key, failures, locked_until)
         VALUES ($1, CASE WHEN 1 >= $2 THEN 0 ELSE 1 END,
                 CASE WHEN 1 >= $2 THEN now() + make_interval(mins => $3) END)
         ON CONFLICT ON CONSTRAINT pk_login_throttle DO UPDATE
            SET failures = CASE WHEN t.failures + 1 >= $2 THEN 0 ELSE t.failures + 1 END,
                locked_until = CASE WHEN t.failures + 1 >= $2 THEN now() + make_interval(mins => $3)
                                    ELSE t.locked_until END,
                updated_at = now()
         RETURNING CASE WHEN locked_until > now() THEN locked_until END AS locked_until`,
        [emailKey, maxFailures, lockMinutes],
      );
      return row?.locked_until ?? null;
    });
  }

  /** A successful sign-in forgets the address's failures. */
  async clear(emailKey: string): Promise<void> {
    await withSystemContext(this.dataSource, async (m) => {
      await m.query(`DELETE FROM login_throttle WHERE email_key = $1`, [emailKey]);
    });
  }

  /** Locks of the given addresses still in force (the admin's user list shows them). */
  async lockedUntilOf(emailKeys: readonly string[]): Promise<Map<string, Date>> {
    if (emailKeys.length === 0) return new Map();
    return withSystemContext(this.dataSource, async (m) => {
      const rows = await m.query<{ email_key: string; locked_until: Date }[]>(
        `SELECT email_key, locked_until FROM login_throttle WHERE email_key = ANY($1) AND locked_until > now()`,
        [emailKeys],
      );
      return new Map(rows.map((r) => [r.email_key, r.locked_until]));
    });
  }

  /** Housekeeping: counters of addresses neither locked nor tried for a day. */
  async purgeStale(): Promise<number> {
    return withSystemContext(this.dataSource, async (m) => {
      const [, count] = await m.query<[unknown, number]>(
        `DELETE FROM login_throttle
          WHERE updated_at < now() - interval '1 day' AND (locked_until IS NULL OR locked_until < now())`,
      );
      return count;
    });
  }
}
