import { createDataSource, runMigrationsLocked } from '../../../src/database/data-source.js';
import { MIGRATIONS } from '../../../src/database/migrations/index.js';
import { type TestDatabase, createTestDatabase } from '../../support/database.js';

describe('platform: migrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('applies every migration exactly once when several processes start at the same time', async () => {
    const sources = [1, 2, 3].map(() => createDataSource(db.url, { poolSize: 2 }));
    await Promise.all(sources.map((s) => s.initialize()));
    try {
      const applied = await Promise.all(sources.map((s) => runMigrationsLocked(s)));
      // Whoever got the lock first did all the work; the others found nothing pending.
      expect(applied.flat().sort()).toEqual(MIGRATIONS.map((M) => new M().name ?? M.name).sort());
      const rows = await db.dataSource.query<{ name: string }[]>('SELECT name FROM migrations');
      expect(rows).toHaveLength(MIGRATIONS.length);
    } finally {
      await Promise.all(sources.map((s) => s.destroy()));
    }
  });

  it('reverts every migration back to an empty schema and applies them again', async () => {
    const ds = db.dataSource;
    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    const left = await ds.query<unknown[]>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
    );
    expect(left).toEqual([]);
    expect(await runMigrationsLocked(ds)).toHaveLength(MIGRATIONS.length);
  });
});
