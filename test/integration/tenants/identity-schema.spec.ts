/**
 * The identity entities describe exactly what the identity migration creates (names of
 * constraints and indexes included), so `npm run migration:generate` never proposes to
 * change these tables.
 */
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

const IDENTITY_TABLES = [
  'tenants',
  'tenant_receiver_ids',
  'users',
  'sessions',
  'api_keys',
  'audit_log',
  'audit_chain_head',
];

/** Time limit for creating a migrated database on a loaded machine (a limit, never an assertion). */
const SLOW = 120_000;

describe('identity schema', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  }, SLOW);
  afterAll(async () => {
    await db?.drop();
  }, SLOW);

  it(
    'has no drift between the entities and the migration',
    async () => {
      const log = await db.dataSource.driver.createSchemaBuilder().log();
      const pattern = new RegExp(`"(${IDENTITY_TABLES.join('|')})"`);
      expect(log.upQueries.map((q) => q.query).filter((q) => pattern.test(q))).toEqual([]);
    },
    SLOW,
  );
});
