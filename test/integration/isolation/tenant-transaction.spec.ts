import { randomUUID } from 'node:crypto';
import {
  APP_ROLE,
  currentTenantScope,
  withSystemContext,
  withTenant,
} from '../../../src/database/tenant-transaction.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

/** Time limit for hooks and tests that boot the app or hash passwords (a limit, never an assertion). */
const SLOW = 120_000;

describe('withTenant / withSystemContext', () => {
  let db: TestDatabase;
  const a = randomUUID();
  const b = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase();
    for (const [id, slug] of [
      [a, 'tt-a'],
      [b, 'tt-b'],
    ]) {
      await db.dataSource.query(`INSERT INTO tenants (id, name, slug, kind) VALUES ($1, $2, $2, 'company')`, [
        id,
        slug,
      ]);
    }
  }, SLOW);
  afterAll(async () => {
    await db?.drop();
  }, SLOW);

  it(
    `runs as ${APP_ROLE} with the tenant set, and nothing leaks to the next use of the connection`,
    async () => {
      const inside = await withTenant(db.dataSource, a, async (m) => {
        const [row] = await m.query(
          `SELECT current_user AS role, current_setting('app.tenant_id', true) AS tenant`,
        );
        return { ...row, scope: currentTenantScope() };
      });
      expect(inside).toEqual({ role: APP_ROLE, tenant: a, scope: a });
      expect(currentTenantScope()).toBeUndefined();
      // Every pooled connection afterwards is back to the connecting role without a tenant.
      const after = await Promise.all(
        Array.from({ length: 5 }, () =>
          db.dataSource.query(
            `SELECT current_user = session_user AS own_role, coalesce(current_setting('app.tenant_id', true), '') AS tenant`,
          ),
        ),
      );
      for (const [row] of after) expect(row).toEqual({ own_role: true, tenant: '' });
    },
    SLOW,
  );

  it(
    'joins an outer transaction of the same scope and refuses a different one',
    async () => {
      await withTenant(db.dataSource, a, async (outer) => {
        await withTenant(db.dataSource, a, async (inner) => {
          expect(inner).toBe(outer);
        });
        await expect(withTenant(db.dataSource, b, async () => undefined)).rejects.toThrow(
          /inside a transaction of tenant/,
        );
        await expect(withSystemContext(db.dataSource, async () => undefined)).rejects.toThrow(
          /system context/,
        );
      });
    },
    SLOW,
  );

  it(
    'rejects something that is not a tenant id',
    async () => {
      await expect(withTenant(db.dataSource, "x' OR 1=1 --", async () => undefined)).rejects.toThrow(
        /not a tenant id/,
      );
    },
    SLOW,
  );

  it(
    'a failing callback rolls the whole tenant transaction back',
    async () => {
      await expect(
        withTenant(db.dataSource, a, async (m) => {
          await m.query(`UPDATE tenants SET name = 'changed' WHERE id = $1`, [a]);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const [row] = await db.dataSource.query(`SELECT name FROM tenants WHERE id = $1`, [a]);
      expect(row.name).toBe('tt-a');
    },
    SLOW,
  );
});
