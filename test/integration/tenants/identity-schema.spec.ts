/**
 * The entities describe exactly what the migrations create (names of constraints and
 * indexes included), so `npm run migration:generate` / `einvoice migration check` never
 * propose to change a table: the diff below is the one those commands compute, taken on a
 * database at exactly the registered migrations.
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

/** Tables the migrations create with plain SQL and no entity describes. */
const TABLES_WITHOUT_ENTITY = [
  'inbound_messages',
  'invoices',
  'invoice_events',
  'invoice_attachments',
  'mailboxes',
];

/** Time limit for creating a migrated database on a loaded machine (a limit, never an assertion). */
const SLOW = 120_000;

describe('entity schema', () => {
  let db: TestDatabase;
  let upQueries: string[];
  beforeAll(async () => {
    db = await createTestDatabase();
    const log = await db.dataSource.driver.createSchemaBuilder().log();
    upQueries = log.upQueries.map((q) => q.query);
  }, SLOW);
  afterAll(async () => {
    await db?.drop();
  }, SLOW);

  it('has no drift between the identity entities and the identity migration', () => {
    const pattern = new RegExp(`"(${IDENTITY_TABLES.join('|')})"`);
    expect(upQueries.filter((q) => pattern.test(q))).toEqual([]);
  });

  it('has no drift between any entity and the migrations', () => {
    expect(upQueries).toEqual([]);
  });

  it('leaves the tables that no entity describes alone', async () => {
    // The empty diff above means something only if such tables exist in the database: the
    // schema builder must ignore them rather than propose to drop them.
    const entityTables = new Set(db.dataSource.entityMetadatas.map((m) => m.tableName));
    const rows = await db.dataSource.query<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const withoutEntity = rows.map((r) => r.table_name).filter((t) => !entityTables.has(t));
    expect(withoutEntity).toEqual(expect.arrayContaining(TABLES_WITHOUT_ENTITY));
    const pattern = new RegExp(`"(${withoutEntity.join('|')})"`);
    expect(upQueries.filter((q) => pattern.test(q))).toEqual([]);
  });
});
