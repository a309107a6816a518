/**
 * A fresh, migrated PostgreSQL database per test file (so files run in parallel without
 * seeing each other's rows). Created on `TEST_DATABASE_ADMIN_URL`
 * (default `postgres://postgres@127.0.0.1:5432/test`), named `einvoice_t_<random>`,
 * dropped again by `drop()`.
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/data-source.js';
import { MIGRATIONS } from '../../src/database/migrations/index.js';

export interface TestDatabase {
  /** Connection URL of the new database (as the superuser of the admin URL). */
  url: string;
  /** An initialised DataSource on it, all migrations applied. */
  dataSource: DataSource;
  /** Closes the DataSource and drops the database (idempotent). */
  drop(): Promise<void>;
}

export const TEST_DATABASE_ADMIN_URL =
  process.env.TEST_DATABASE_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Migrations create cluster-wide objects (roles), which parallel CREATE ROLE statements
 * race on; an advisory lock on the admin database serialises building the template.
 */
const MIGRATION_LOCK_KEY = 0x65696e76; // "einv"

export function databaseUrlFor(name: string, adminUrl = TEST_DATABASE_ADMIN_URL): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A migrated template database per migration set (named by a hash of the migrations'
 * code), built once under the lock; each test database is then a cheap copy of it.
 * `IS_TEMPLATE true` is set only after the migrations succeeded, so a half-built
 * template from a crashed run is recognised and rebuilt.
 */
async function ensureTemplate(admin: pg.Client): Promise<string> {
  const hash = createHash('sha256');
  for (const M of MIGRATIONS) hash.update(M.name).update(M.toString());
  const template = `einvoice_tpl_${hash.digest('hex').slice(0, 16)}`;
  await admin.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    const found = await admin.query<{ datistemplate: boolean }>(
      'SELECT datistemplate FROM pg_database WHERE datname = $1',
      [template],
    );
    if (found.rows[0]?.datistemplate) return template;
    if (found.rows.length > 0) await admin.query(`DROP DATABASE "${template}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${template}"`);
    const ds = createDataSource(databaseUrlFor(template), { applicationName: 'einvoice-test', poolSize: 2 });
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await ds.destroy();
    }
    await admin.query(`ALTER DATABASE "${template}" IS_TEMPLATE true`);
    return template;
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `einvoice_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_ADMIN_URL });
  await admin.connect();
  const url = databaseUrlFor(name);
  let dataSource: DataSource | undefined;
  try {
    if (options.migrate === false) {
      await admin.query(`CREATE DATABASE "${name}"`);
    } else {
      const template = await ensureTemplate(admin);
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    }
    dataSource = createDataSource(url, { applicationName: 'einvoice-test', poolSize: 5 });
    await dataSource.initialize();
  } catch (err) {
    await dataSource?.destroy().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    throw err;
  }
  await admin.end();

  const ds = dataSource;
  let dropped = false;
  return {
    url,
    dataSource: ds,
    async drop() {
      if (dropped) return;
      dropped = true;
      if (ds.isInitialized) await ds.destroy();
      const c = new pg.Client({ connectionString: TEST_DATABASE_ADMIN_URL });
      await c.connect();
      try {
        // FORCE: connections the app under test may still hold must not keep it alive.
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
