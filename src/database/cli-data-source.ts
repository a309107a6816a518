/**
 * A DataSource for operator commands (`einvoice tenant|user|api-key|audit …`), configured
 * like the application: `DATABASE_URL`, or the embedded PostgreSQL of `EINVOICE_DATA_DIR`
 * (attaching to it through its socket when the application is running, starting it for
 * the command otherwise). Pending migrations are applied first when `MIGRATIONS_RUN` is on, as at
 * application start, so commands work on a fresh installation too.
 */
import type { DataSource } from 'typeorm';
import { type AppConfig, loadConfig } from '../config/app-config.js';
import { createDataSource, runMigrationsLocked } from './data-source.js';
import type { EmbeddedPostgres } from './embedded-postgres.js';

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
    const ds = createDataSource(config.databaseUrl, { applicationName: 'einvoice-cli', poolSize: 2 });
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
