import { ConfigError, loadConfig } from './app-config.js';
import { CONFIG_SCHEMA } from './config.schema.js';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('runs with no configuration at all: embedded database, all roles, port 3000', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.processRole).toBe('all');
    expect(c.runsHttp && c.runsWorkers).toBe(true);
    expect(c.embeddedDatabase).toBe(true);
    expect(c.redisUrl).toBeUndefined();
    expect(c.migrationsRun).toBe(true);
    expect(c.demoSeed).toBe(true);
    expect(c.dataDir).toMatch(/[/\\]data$/);
    expect(c.publicBaseUrl).toBe('http://localhost:3000');
  });

  it('lists every bad variable at once in one message', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'nonsense', PROCESS_ROLE: 'foo', PORT: '-1' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toHaveLength(3);
    for (const name of ['DATABASE_URL', 'PROCESS_ROLE', 'PORT']) expect(message).toContain(name);
    expect(message).toContain('3 problems');
  });

  it('never echoes the value of a sensitive variable in a problem', () => {
    const [p] = problemsOf({ DATABASE_URL: 'mysql://user:hunter2@db/x' });
    expect(p).toContain('DATABASE_URL');
    expect(p).not.toContain('hunter2');
    expect(problemsOf({ PORT: 'abc' })[0]).toContain("'abc'");
  });

  it.each([
    ['PORT', '65536'],
    ['PORT', '3.5'],
    ['PROCESS_ROLE', 'API'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['MIGRATIONS_RUN', 'maybe'],
    ['LOG_LEVEL', 'verbose'],
    ['RATE_LIMIT_PER_MINUTE', '0'],
    ['PUBLIC_BASE_URL', 'ftp://example.org'],
  ])('rejects %s=%s', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
  });

  it('parses production settings and switches the embedded defaults off', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgresql://app:secret@db.internal:5432/einvoice',
      REDIS_URL: 'redis://redis:6379/2',
      PROCESS_ROLE: 'worker',
      PORT: '8080',
      MIGRATIONS_RUN: 'false',
      TRUST_PROXY: '1',
      PUBLIC_BASE_URL: 'https://rechnung.example.de/',
    });
    expect(c.embeddedDatabase).toBe(false);
    expect(c.databaseUrl).toBe('postgresql://app:secret@db.internal:5432/einvoice');
    expect(c.redisUrl).toBe('redis://redis:6379/2');
    expect(c.runsHttp).toBe(false);
    expect(c.runsWorkers).toBe(true);
    expect(c.port).toBe(8080);
    expect(c.migrationsRun).toBe(false);
    expect(c.demoSeed).toBe(false);
    expect(c.trustProxy).toBe(1);
    expect(c.publicBaseUrl).toBe('https://rechnung.example.de');
  });

  it('treats empty values as unset', () => {
    const c = loadConfig({ DATABASE_URL: '', REDIS_URL: '  ', PORT: '' });
    expect(c.embeddedDatabase).toBe(true);
    expect(c.redisUrl).toBeUndefined();
    expect(c.port).toBe(3000);
  });

  it('knows the embedded database URL only once it is set', () => {
    const c = loadConfig({});
    expect(() => c.databaseUrl).toThrow(/embedded database/);
    c.useDatabaseUrl('postgres://postgres:x@127.0.0.1:54329/einvoice');
    expect(c.databaseUrl).toBe('postgres://postgres:x@127.0.0.1:54329/einvoice');
  });

  it('reads the validation releases as a list of known ids, each once', () => {
    expect(loadConfig({}).get('VALIDATION_RELEASES')).toEqual(['xrechnung-3.0']);
    expect(loadConfig({ VALIDATION_RELEASES: ' xrechnung-3.0 ' }).get('VALIDATION_RELEASES')).toEqual([
      'xrechnung-3.0',
    ]);
    for (const bad of ['xrechnung-2.3', 'xrechnung-3.0,xrechnung-3.0', 'xrechnung-3.0,', ','])
      expect(problemsOf({ VALIDATION_RELEASES: bad })).toEqual([
        expect.stringContaining('VALIDATION_RELEASES must list'),
      ]);
  });

  it('redacts sensitive variables when describing itself', () => {
    const d = loadConfig({ DATABASE_URL: 'postgres://u:pw@h/db', METRICS_TOKEN: 'tok' }).describe();
    expect(d.DATABASE_URL).toBe('***');
    expect(d.METRICS_TOKEN).toBe('***');
    expect(d.PORT).toBe(3000);
  });

  it('declares every variable once, with a description, and every default passes its own validation', () => {
    const names = CONFIG_SCHEMA.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const v of CONFIG_SCHEMA) expect(v.description.length).toBeGreaterThan(10);
    // loadConfig({}) parses every default; this fails when a default is invalid.
    expect(() => loadConfig({})).not.toThrow();
  });
});
