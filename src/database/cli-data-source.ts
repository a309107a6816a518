/**
 * A DataSource for operator commands (`einvoice tenant|user|api-key|audit …`), configured
 * like the application: `DATABASE_URL`, or the embedded PostgreSQL of `EINVOICE_DATA_DIR`
 * (attaching to it through its socket when the application is running, starting it for
 * the command otherwise). Pending migrations are applied first when `MIGRATIONS_RUN` is on, as at
 * application start, so commands work on a fresh installation too.
 */
import { DataSource, type DataSourceOptions } from 'typeorm';
import { type AppConfig, loadConfig } from '../config/app-config.js';
import { dataSourceOptions, runMigrationsLocked } from './data-source.js';
import type { EmbeddedPostgres } from './embedded-postgres.js';

/** SQLSTATE 57P01: the server ends the connection because it shuts down. */
const ADMIN_SHUTDOWN = '57P01';

export async function withCliDataSource<T>(
  fn: (dataSource: DataSource, config: AppConfig) => Promise<T>,
  options: { env?: Readonly<Record<string, string | undefined>>; log?: (line: string) => void } = {},
): Promise<T> {
  const config = loadConfig(options.env ?? process.env);
  const log = options.log ?? (() => undefined);
  let embedded: EmbeddedPostgres | undefined;
  if (config.embeddedDatabase) {
    const { EmbeddedPostgres } = await import('./embedded-postgres.js');
    embedded = await EmbeddedPostgres.start({
      dataDir: config.dataDir,
      tcpPort: config.embeddedPostgresPort,
      owner: 'command',
      log: { info: log, warn: log, debug: () => undefined },
    });
    config.useDatabaseUrl(embedded.url);
  }
  try {
    const ds = new DataSource({
      ...dataSourceOptions(config.databaseUrl, { applicationName: 'einvoice-cli', poolSize: 2 }),
      // The pool's connections may still be closing when the command stops the embedded
      // database it started (pg's pool reports itself ended before its sockets are); what
      // they hear then — "terminating connection due to administrator command" — is no error.
      poolErrorHandler: (err: unknown) => {
        if ((err as { code?: string }).code !== ADMIN_SHUTDOWN) log(`database: ${(err as Error).message}`);
      },
    } as DataSourceOptions);
    await ds.initialize();
    // Under the same advisory lock as the application, which may be starting right now.
    if (config.migrationsRun) await runMigrationsLocked(ds);
    try {
      return await fn(ds, config);
    } finally {
      await ds.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}
