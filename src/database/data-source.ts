/**
 * The one way to build a TypeORM DataSource for this application's schema: used by the
 * Nest module, the migration commands and the test support, so they can never disagree on
 * entities, migrations or naming. `synchronize` is always off: the schema changes only
 * through reviewed migrations.
 */
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { QueryErrorLogger } from './query-error-logger.js';

export const MIGRATIONS_TABLE = 'migrations';

export function dataSourceOptions(
  url: string,
  extra: { applicationName?: string; poolSize?: number } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    // Each migration in its own transaction: a failing one leaves the earlier ones applied.
    migrationsTransactionMode: 'each',
    // Never TypeORM's own `migrationsRun`: it takes no lock. See runMigrationsLocked.
    migrationsRun: false,
    synchronize: false,
    applicationName: extra.applicationName ?? 'einvoice',
    poolSize: extra.poolSize ?? 10,
    logging: ['error'],
    // Failed queries are logged without their parameters (secrets and personal data).
    logger: new QueryErrorLogger(),
  };
}

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock, so several api and
 * worker processes starting at once against one database do not run them twice (TypeORM
 * itself does not lock). Whoever waits finds nothing left to do.
 */
export const MIGRATION_LOCK_KEY = 0x65696e76_6d6967n; // "einv" "mig"

export async function runMigrationsLocked(ds: DataSource): Promise<string[]> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()])
      .catch(() => undefined);
    await runner.release();
  }
}

export function createDataSource(url: string, extra?: Parameters<typeof dataSourceOptions>[1]): DataSource {
  return new DataSource(dataSourceOptions(url, extra));
}
