/**
 * The one typed configuration object. `loadConfig(env)` validates every variable declared
 * in `config.schema.ts` and throws a single `ConfigError` listing every problem at once,
 * so an operator fixes a bad deployment in one round. Nothing else reads `process.env`.
 *
 * Inside Nest, `AppConfig` is a global provider (see `ConfigModule`): inject it by class.
 */
import { join, resolve } from 'node:path';
import {
  CONFIG_SCHEMA,
  type ConfigVarName,
  type ConfigVarSpec,
  type LogLevel,
  type ProcessRole,
} from './config.schema.js';

type Entry = (typeof CONFIG_SCHEMA)[number];
type EntryOf<N extends ConfigVarName> = Extract<Entry, { name: N }>;
type BaseValue<E> = E extends { type: 'int' | 'port' }
  ? number
  : E extends { type: 'boolean' }
    ? boolean
    : E extends { type: 'enum'; values: readonly (infer V)[] }
      ? V
      : E extends { type: 'list' }
        ? readonly string[]
        : string;
/** The parsed type of a variable; `undefined` only for variables without a default. */
export type ConfigValue<N extends ConfigVarName> =
  EntryOf<N> extends { default: string } ? BaseValue<EntryOf<N>> : BaseValue<EntryOf<N>> | undefined;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

type Parsed = string | number | boolean | readonly string[] | undefined;

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** Parses one raw value; returns the value or a problem text (never echoing secrets). */
function parseValue(spec: ConfigVarSpec, raw: string): { value: Parsed } | { problem: string } {
  const shown = spec.sensitive ? '' : ` (got '${raw}')`;
  switch (spec.type) {
    case 'string': {
      const wrong = spec.check?.(raw);
      return wrong === undefined ? { value: raw } : { problem: `${spec.name}: ${wrong}${shown}` };
    }
    case 'int':
    case 'port': {
      if (!/^-?\d+$/.test(raw)) return { problem: `${spec.name} must be an integer${shown}` };
      const n = Number(raw);
      const min = spec.type === 'port' ? 0 : (spec.min ?? Number.MIN_SAFE_INTEGER);
      const max = spec.type === 'port' ? 65535 : (spec.max ?? Number.MAX_SAFE_INTEGER);
      if (n < min || n > max) {
        return { problem: `${spec.name} must be between ${min} and ${max}${shown}` };
      }
      return { value: n };
    }
    case 'boolean': {
      const v = raw.toLowerCase();
      if (TRUE.has(v)) return { value: true };
      if (FALSE.has(v)) return { value: false };
      return { problem: `${spec.name} must be true or false${shown}` };
    }
    case 'enum':
      if (spec.values?.includes(raw)) return { value: raw };
      return { problem: `${spec.name} must be one of ${(spec.values ?? []).join(', ')}${shown}` };
    case 'list': {
      const items = raw.split(',').map((x) => x.trim());
      const allowed = spec.values ?? [];
      if (items.some((x) => !allowed.includes(x)) || new Set(items).size !== items.length)
        return {
          problem: `${spec.name} must list, comma-separated and each once, some of ${allowed.join(', ')}${shown}`,
        };
      return { value: items };
    }
    case 'url': {
      const schemes = spec.schemes ?? [];
      let url: URL | undefined;
      try {
        url = new URL(raw);
      } catch {
        url = undefined;
      }
      if (!url || (schemes.length > 0 && !schemes.includes(url.protocol.replace(/:$/, '')))) {
        const expected = schemes.map((s) => `${s}://`).join(' or ');
        return { problem: `${spec.name} must be a ${expected || ''} URL${shown}`.replace('  ', ' ') };
      }
      if (!url.hostname && url.protocol !== 'file:') {
        return { problem: `${spec.name} must name a host${shown}` };
      }
      return { value: raw };
    }
  }
}

export class AppConfig {
  private resolvedDatabaseUrl: string | undefined;

  constructor(private readonly values: ReadonlyMap<string, Parsed>) {
    this.resolvedDatabaseUrl = values.get('DATABASE_URL') as string | undefined;
  }

  /** The parsed value of one declared variable. */
  get<N extends ConfigVarName>(name: N): ConfigValue<N> {
    return this.values.get(name) as ConfigValue<N>;
  }

  get port(): number {
    return this.get('PORT');
  }
  get host(): string {
    return this.get('HOST');
  }
  get processRole(): ProcessRole {
    return this.get('PROCESS_ROLE');
  }
  /** True when this process serves HTTP (`api` or `all`). */
  get runsHttp(): boolean {
    return this.processRole !== 'worker';
  }
  /** True when this process runs job workers (`worker` or `all`). */
  get runsWorkers(): boolean {
    return this.processRole !== 'api';
  }
  /** Absolute data directory. */
  get dataDir(): string {
    return resolve(this.get('EINVOICE_DATA_DIR'));
  }
  /** Absolute directory of the installed official XML schemas. */
  get schemasDir(): string {
    return resolve(this.get('SCHEMAS_DIR') ?? join(this.dataDir, 'schemas'));
  }
  /** True when no `DATABASE_URL` was given and the embedded PostgreSQL is used. */
  get embeddedDatabase(): boolean {
    return this.values.get('DATABASE_URL') === undefined;
  }
  /** The TCP port the embedded PostgreSQL also listens on; unset: its Unix socket only. */
  get embeddedPostgresPort(): number | undefined {
    return this.get('EMBEDDED_PG_PORT');
  }
  /**
   * The database URL the application connects to. With the embedded database it is known
   * only after the database started (`useDatabaseUrl`); inside the app it is always set.
   */
  get databaseUrl(): string {
    if (!this.resolvedDatabaseUrl) {
      throw new Error('AppConfig.databaseUrl read before the embedded database was started');
    }
    return this.resolvedDatabaseUrl;
  }
  /** Called once the embedded database runs, with the URL to reach it. */
  useDatabaseUrl(url: string): void {
    this.resolvedDatabaseUrl = url;
  }
  get redisUrl(): string | undefined {
    return this.get('REDIS_URL');
  }
  get queuePrefix(): string {
    return this.get('QUEUE_PREFIX');
  }
  get migrationsRun(): boolean {
    return this.get('MIGRATIONS_RUN');
  }
  get logLevel(): LogLevel {
    return this.get('LOG_LEVEL');
  }
  get demoSeed(): boolean {
    return this.get('DEMO_SEED') ?? this.embeddedDatabase;
  }
  get publicBaseUrl(): string {
    const base = this.get('PUBLIC_BASE_URL') ?? `http://localhost:${this.port}`;
    return base.replace(/\/+$/, '');
  }
  /** Express `trust proxy` value: boolean, hop count, or address list. */
  get trustProxy(): boolean | number | string {
    const raw = this.get('TRUST_PROXY').trim();
    // A number is a hop count (so `1` is one proxy, not `true`).
    if (/^\d+$/.test(raw)) return Number(raw);
    if (TRUE.has(raw.toLowerCase())) return true;
    if (FALSE.has(raw.toLowerCase()) || raw === '') return false;
    return raw;
  }
  get metricsToken(): string | undefined {
    return this.get('METRICS_TOKEN');
  }

  /** The effective configuration for a start-up log line, secrets redacted. */
  describe(): Record<string, string | number | boolean | null> {
    const out: Record<string, string | number | boolean | null> = {};
    for (const spec of CONFIG_SCHEMA as readonly ConfigVarSpec[]) {
      const v = this.values.get(spec.name);
      out[spec.name] =
        v === undefined ? null : spec.sensitive ? '***' : typeof v === 'object' ? v.join(',') : v;
    }
    return out;
  }
}

/**
 * Builds the configuration from an environment (usually `process.env`). Empty values count
 * as unset. Throws one `ConfigError` naming every bad variable.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  const problems: string[] = [];
  const values = new Map<string, Parsed>();
  for (const spec of CONFIG_SCHEMA as readonly ConfigVarSpec[]) {
    const given = env[spec.name]?.trim();
    const raw = given === undefined || given === '' ? spec.default : given;
    if (raw === undefined) {
      values.set(spec.name, undefined);
      continue;
    }
    const r = parseValue(spec, raw);
    if ('problem' in r) problems.push(r.problem);
    else values.set(spec.name, r.value);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return new AppConfig(values);
}
