import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { dataSourceOptions, runMigrationsLocked } from './data-source.js';

/**
 * The application's TypeORM DataSource (global; inject `DataSource` or use
 * `@InjectRepository`). Pending migrations run at start when `MIGRATIONS_RUN` is on —
 * under an advisory lock, because several processes may start at once; the schema is
 * never synchronised.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...dataSourceOptions(config.databaseUrl, { applicationName: `einvoice-${config.processRole}` }),
            // Fail fast at boot instead of retrying for minutes: the operator sees the cause.
            retryAttempts: 2,
            retryDelay: 1000,
          }),
          // Runs while the DataSource provider is created, before any module's lifecycle
          // hook can touch a table.
          dataSourceFactory: async (options) => {
            const ds = await new DataSource(options!).initialize();
            if (config.migrationsRun) {
              try {
                await runMigrationsLocked(ds);
              } catch (err) {
                await ds.destroy().catch(() => undefined);
                throw err;
              }
            }
            return ds;
          },
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
