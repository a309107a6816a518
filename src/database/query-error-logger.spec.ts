import { Logger } from '@nestjs/common';
import { jest } from '@jest/globals';
import { QueryErrorLogger } from './query-error-logger.js';

describe('QueryErrorLogger', () => {
  it('logs the failing SQL and the error, never the bound parameters', () => {
    const lines: string[] = [];
    const spy = jest
      .spyOn(Logger.prototype, 'error')
      .mockImplementation((m: unknown) => void lines.push(String(m)));
    try {
      const logger = new QueryErrorLogger();
      (logger.logQueryError as (e: Error, q: string, p: unknown[]) => void)(
        new Error('duplicate key value violates unique constraint "ux_users_email"'),
        'INSERT INTO users (email, password_hash)\n  VALUES ($1, $2)',
        ['someone@example.org', '$argon2id$v=19$secret-hash'],
      );
    } finally {
      spy.mockRestore();
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('INSERT INTO users (email, password_hash) VALUES ($1, $2)');
    expect(lines[0]).toContain('ux_users_email');
    expect(lines[0]).not.toContain('argon2id');
    expect(lines[0]).not.toContain('someone@example.org');
  });
});
