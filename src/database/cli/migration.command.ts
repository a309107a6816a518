/**
 * `einvoice migration run|revert|show|generate <Name>` (also `npm run migration:*`).
 * Works against `DATABASE_URL`, or the embedded PostgreSQL of `EINVOICE_DATA_DIR` (the
 * running one, if the application is up). `generate` migrates a scratch database to the
 * current migrations, diffs it against the entities and writes a migration file to
 * review — the schema is never synchronised.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../../config/app-config.js';
import { createDataSource, MIGRATIONS_TABLE, runMigrationsLocked } from '../data-source.js';
import { MIGRATIONS } from '../migrations/index.js';
import type { EmbeddedPostgres } from '../embedded-postgres.js';

const USAGE = `usage: einvoice migration <command> [--json]

  run               apply every pending migration
  revert            undo the most recent migration
  show              list migrations and whether each is applied
  generate <Name>   write src/database/migrations/<timestamp>-<name>.ts from the entity diff
  check             exit 1 and print the diff when the entities and the migrations disagree
`;

interface Out {
  json: boolean;
  print(human: string, data: unknown): void;
}

export async function run(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const args = argv.filter((a) => a !== '--json');
  const [sub, ...rest] = args;
  if (!sub || sub === '--help' || sub === '-h') {
    process.stdout.write(USAGE);
    return sub ? 0 : 2;
  }
  if (!['run', 'revert', 'show', 'generate', 'check'].includes(sub)) {
    process.stderr.write(`einvoice migration: unknown command '${sub}'\n\n${USAGE}`);
    return 2;
  }
  if (sub === 'generate' && !/^[A-Za-z][A-Za-z0-9-]*$/.test(rest[0] ?? '')) {
    process.stderr.write('einvoice migration generate: give a name, e.g. `generate AddInvoiceTable`\n');
    return 2;
  }
  const out: Out = {
    json,
    print(human, data) {
      process.stdout.write(json ? JSON.stringify(data) + '\n' : human + '\n');
    },
  };

  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`einvoice: ${err.message}\n`);
      return 1;
    }
    throw err;
  }

  let embedded: EmbeddedPostgres | undefined;
  if (config.embeddedDatabase) {
    const { EmbeddedPostgres } = await import('../embedded-postgres.js');
    const quiet = (m: string) => void (json ? undefined : process.stderr.write(m + '\n'));
    embedded = await EmbeddedPostgres.start({
      dataDir: config.dataDir,
      tcpPort: config.embeddedPostgresPort,
      owner: 'command',
      log: { info: quiet, warn: quiet, debug: () => undefined },
    });
    config.useDatabaseUrl(embedded.url);
  }
  try {
    switch (sub) {
      case 'run':
        return await withDataSource(config.databaseUrl, async (ds) => {
          const names = await runMigrationsLocked(ds);
          out.print(names.length ? names.map((n) => `applied ${n}`).join('\n') : 'no pending migrations', {
            applied: names,
          });
          return 0;
        });
      case 'revert':
        return await withDataSource(config.databaseUrl, async (ds) => {
          const before = await appliedNames(ds);
          await ds.undoLastMigration({ transaction: 'each' });
          const after = new Set(await appliedNames(ds));
          const reverted = before.filter((n) => !after.has(n));
          out.print(reverted.length ? `reverted ${reverted.join(', ')}` : 'nothing to revert', { reverted });
          return 0;
        });
      case 'show':
        return await withDataSource(config.databaseUrl, async (ds) => {
          const applied = new Set(await appliedNames(ds));
          const list = MIGRATIONS.map((M) => new M().name ?? M.name).map((name) => ({
            name,
            applied: applied.has(name),
          }));
          out.print(list.map((m) => `${m.applied ? '[x]' : '[ ]'} ${m.name}`).join('\n') || 'no migrations', {
            migrations: list,
          });
          return list.some((m) => !m.applied) ? 1 : 0;
        });
      case 'check':
        return await generate(config.databaseUrl, undefined, out);
      default:
        return await generate(config.databaseUrl, rest[0] ?? 'Unnamed', out);
    }
  } finally {
    await embedded?.stop();
  }
}

async function withDataSource(url: string, fn: (ds: DataSource) => Promise<number>): Promise<number> {
  const ds = createDataSource(url, { applicationName: 'einvoice-cli', poolSize: 2 });
  await ds.initialize();
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}

async function appliedNames(ds: DataSource): Promise<string[]> {
  const exists = await ds.query<{ t: string | null }[]>(`SELECT to_regclass($1) AS t`, [MIGRATIONS_TABLE]);
  if (!exists[0]?.t) return [];
  const rows = await ds.query<{ name: string }[]>(`SELECT name FROM "${MIGRATIONS_TABLE}" ORDER BY id`);
  return rows.map((r) => r.name);
}

function pascal(name: string): string {
  return name
    .split(/[-_]/)
    .filter(Boolean)
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
}

function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
}

function literal(sql: string): string {
  return '`' + sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
}

interface LoggedQuery {
  query: string;
  parameters?: unknown[];
}

function statements(queries: LoggedQuery[]): string {
  return queries
    .map((q) =>
      q.parameters?.length
        ? `    await queryRunner.query(${literal(q.query)}, ${JSON.stringify(q.parameters)});`
        : `    await queryRunner.query(${literal(q.query)});`,
    )
    .join('\n');
}

/** Renders a migration file from the schema builder's up and down queries. */
export function renderMigration(className: string, up: LoggedQuery[], down: LoggedQuery[]): string {
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Generated by \`einvoice migration generate\` from the entity diff. Review it: name the
 * constraints and indexes, check types (timestamptz), add row-level security for tenant
 * tables, then register the class in migrations/index.ts.
 */
export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${statements(up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${statements([...down].reverse())}
  }
}
`;
}

/** Diffs entities against the migrations; writes a migration named `name`, or only checks. */
async function generate(serverUrl: string, name: string | undefined, out: Out): Promise<number> {
  // A scratch database at exactly the registered migrations, so the diff does not depend
  // on the state of the developer's own database.
  const scratch = `einvoice_gen_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const u = new URL(serverUrl);
  u.pathname = `/${scratch}`;
  try {
    await admin.query(`CREATE DATABASE "${scratch}"`);
    const { up, down } = await withDataSourceResult(u.toString(), async (ds) => {
      await ds.runMigrations({ transaction: 'each' });
      const sql = await ds.driver.createSchemaBuilder().log();
      return { up: sql.upQueries, down: sql.downQueries };
    });
    if (up.length === 0) {
      out.print('no changes: the entities match the migrations', { file: null, changes: [] });
      return 0;
    }
    if (name === undefined) {
      const changes = up.map((q) => q.query);
      out.print(`the entities and the migrations differ:\n${changes.map((c) => `  ${c}`).join('\n')}`, {
        changes,
      });
      return 1;
    }
    const timestamp = Date.now();
    const className = `${pascal(name)}${timestamp}`;
    const dir = fileURLToPath(new URL('../../../src/database/migrations/', import.meta.url));
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
    const file = join(dir, `${timestamp}-${kebab(name)}.ts`);
    writeFileSync(file, renderMigration(className, up, down));
    out.print(`wrote ${file}\nreview it, then add ${className} to src/database/migrations/index.ts`, {
      file,
      className,
    });
    return 0;
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

async function withDataSourceResult<T>(url: string, fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = createDataSource(url, { applicationName: 'einvoice-cli', poolSize: 2 });
  await ds.initialize();
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}
