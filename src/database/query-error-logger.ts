import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * Logs failed queries without their parameters. TypeORM's own logger prints the bound
 * values, which here include password hashes, session-token hashes and invoice content —
 * none of that may reach a log. The SQL text and the database's error message are enough
 * to diagnose a failure.
 */
export class QueryErrorLogger implements TypeOrmLogger {
  private readonly out = new Logger('Database');

  logQueryError(error: string | Error, query: string): void {
    const message = error instanceof Error ? error.message : error;
    this.out.error(`query failed: ${message} — ${query.replace(/\s+/g, ' ').slice(0, 500)}`);
  }

  logQuery(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.out.log(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.out.warn(String(message));
  }
}
