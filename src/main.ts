/**
 * Starts the product: validate the configuration (nothing starts when it is bad), start the
 * embedded PostgreSQL when no `DATABASE_URL` is given, then the Nest application for the
 * configured process role. SIGTERM / SIGINT stop everything — the embedded database last —
 * within 15 s; a hard timer guarantees the bound.
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import { pino } from 'pino';
import { createApp, createWorkerContext } from './app.factory.js';
import { type AppConfig, ConfigError, loadConfig } from './config/app-config.js';
import type { EmbeddedPostgres } from './database/embedded-postgres.js';

/** The whole shutdown must finish within this; the backstop exits at this point. */
const SHUTDOWN_LIMIT_MS = 14_000;
/** The share of it the application gets before the database is stopped regardless. */
const APP_CLOSE_LIMIT_MS = 8_000;

function readConfig(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`einvoice: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const log = pino({ level: config.logLevel, base: { service: 'einvoice', role: config.processRole } });

  let embedded: EmbeddedPostgres | undefined;
  let embeddedStarting: Promise<EmbeddedPostgres> | undefined;
  let app: INestApplicationContext | undefined;
  let stopping = false;

  const shutdown = async (reason: string, code: number): Promise<never> => {
    if (stopping) {
      // A second Ctrl-C / SIGTERM while stopping: the operator does not want to wait.
      if (reason === 'SIGINT' || reason === 'SIGTERM') {
        log.warn({ reason }, 'second stop signal: exiting now');
        embedded?.kill();
        process.exit(130);
      }
      return new Promise<never>(() => undefined);
    }
    stopping = true;
    log.info({ reason }, 'shutting down');
    setTimeout(() => {
      log.error('shutdown took too long; exiting now');
      process.exit(code || 1);
    }, SHUTDOWN_LIMIT_MS).unref();
    if (app) {
      const closed = await Promise.race([
        app.close().then(
          () => true,
          (err: unknown) => {
            log.error({ err }, 'error while closing the application');
            return true;
          },
        ),
        new Promise<false>((r) => setTimeout(() => r(false), APP_CLOSE_LIMIT_MS).unref()),
      ]);
      if (!closed) log.warn('the application did not close in time; stopping the database anyway');
    }
    // A signal during start-up: let the database finish starting, then stop it properly.
    const db = embedded ?? (await embeddedStarting?.catch(() => undefined));
    if (db) await db.stop().catch((err: unknown) => log.error({ err }, 'stopping the database failed'));
    log.info('stopped');
    process.exit(code);
  };
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    process.on(sig, () => void shutdown(sig, 0));
  }
  // A crash still stops the embedded database, so the next start finds it clean.
  process.on('uncaughtException', (err) => {
    log.fatal({ err }, 'uncaught exception');
    void shutdown('uncaught exception', 1);
  });
  process.on('unhandledRejection', (err) => {
    log.fatal({ err }, 'unhandled promise rejection');
    void shutdown('unhandled rejection', 1);
  });

  try {
    if (config.embeddedDatabase) {
      const started = Date.now();
      const { EmbeddedPostgres, describeEndpoint } = await import('./database/embedded-postgres.js');
      embeddedStarting = EmbeddedPostgres.start({
        dataDir: config.dataDir,
        tcpPort: config.embeddedPostgresPort,
        log: {
          info: (m) => log.info(m),
          warn: (m) => log.warn(m),
          debug: (m) => log.debug(m),
        },
      });
      embedded = await embeddedStarting;
      config.useDatabaseUrl(embedded.url);
      log.info(
        { listen: describeEndpoint(embedded.endpoint), ms: Date.now() - started },
        `embedded PostgreSQL running (data in ${embedded.clusterDir}, ${describeEndpoint(embedded.endpoint)})`,
      );
    }
    if (stopping) return;

    if (config.runsHttp) {
      const http = await createApp(config);
      app = http;
      await http.listen(config.port, config.host);
      const address = http.getHttpServer().address() as AddressInfo;
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      log.info({ port: address.port }, `einvoice ready at http://${host}:${address.port}`);
    } else {
      app = await createWorkerContext(config);
      log.info('einvoice worker ready');
    }
  } catch (err) {
    log.fatal({ err }, `start failed: ${err instanceof Error ? err.message : String(err)}`);
    await shutdown('start failed', 1);
  }
}

void main();
