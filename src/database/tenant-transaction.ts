/**
 * Tenant-scoped database work. Row-level security (see the identity migration) is the second
 * line of defence behind the repositories' own `tenant_id` conditions:
 *
 * - `withTenant(ds, tenantId, fn)` runs `fn` in a transaction as the role `einvoice_app`
 *   with `app.tenant_id` set, so every statement sees and writes only that tenant's rows.
 * - `withSystemContext(ds, fn)` is the deliberate, greppable exception for work that must
 *   cross tenants (login by e-mail before the tenant is known, session and API-key lookup,
 *   operator commands, audit verification). It runs as the connecting role with
 *   `app.system_context = on`, which the `system_context` policy honours for every role
 *   except `einvoice_app`.
 *
 * Both settings are transaction-local (`set_config(..., true)`, `SET LOCAL`), so nothing
 * leaks to the next user of the pooled connection. Nested calls for the same scope join the
 * outer transaction (so a service can make a state change and its audit entry atomic);
 * nesting a different scope is a programming error and throws.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';

export const APP_ROLE = 'einvoice_app';

type Scope = { kind: 'tenant'; tenantId: string } | { kind: 'system' };

interface Ambient {
  readonly dataSource: DataSource;
  readonly scope: Scope;
  readonly manager: EntityManager;
}

const ambient = new AsyncLocalStorage<Ambient>();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function sameScope(a: Scope, b: Scope): boolean {
  return a.kind === b.kind && (a.kind === 'system' || (b.kind === 'tenant' && a.tenantId === b.tenantId));
}

function describe(scope: Scope): string {
  return scope.kind === 'system' ? 'system context' : `tenant ${scope.tenantId}`;
}

export interface TransactionOptions {
  /**
   * `synchronous_commit = off` for the transaction: its commit does not wait for the WAL
   * flush. Only for work that is derivable from durable state and redone by the recovery
   * sweep when a crash loses the commit (the pipeline steps). Joining an outer transaction
   * relaxes that one.
   */
  readonly relaxedDurability?: boolean;
}

const RELAX_DURABILITY = `set_config('synchronous_commit', 'off', true)`;

async function run<T>(
  dataSource: DataSource,
  scope: Scope,
  fn: (manager: EntityManager) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const outer = ambient.getStore();
  if (outer && outer.dataSource === dataSource) {
    if (!sameScope(outer.scope, scope)) {
      throw new Error(`cannot open ${describe(scope)} inside a transaction of ${describe(outer.scope)}`);
    }
    if (options.relaxedDurability) await outer.manager.query(`SELECT ${RELAX_DURABILITY}`);
    return fn(outer.manager);
  }
  const settings =
    scope.kind === 'tenant'
      ? // `set_config('role', …, true)` is SET LOCAL ROLE. The tenant id is a validated,
        // lower-cased UUID (see withTenant), so it can stand in the text as a literal.
        [`set_config('role', '${APP_ROLE}', true)`, `set_config('app.tenant_id', '${scope.tenantId}', true)`]
      : [`set_config('app.system_context', 'on', true)`];
  if (options.relaxedDurability) settings.push(RELAX_DURABILITY);
  return inTransaction(dataSource, `SELECT ${settings.join(', ')}`, (manager) =>
    ambient.run({ dataSource, scope, manager }, () => fn(manager)),
  );
}

/** The query runner's transaction bookkeeping, which `inTransaction` takes over. */
interface TransactionState {
  isTransactionActive: boolean;
  transactionDepth: number;
}

/**
 * A transaction whose begin and scope settings travel in one round trip (a simple-protocol
 * query of two statements), instead of TypeORM's `START TRANSACTION` followed by the
 * settings. Every statement of a transaction is a round trip to the database, and for the
 * intake pipeline's short transactions those round trips are most of the cost.
 *
 * The query runner is told that its transaction is active (as `startTransaction` would),
 * so entity operations inside (`save`) and nested `manager.transaction` calls use
 * savepoints instead of beginning or committing a transaction of their own.
 */
async function inTransaction<T>(
  dataSource: DataSource,
  settings: string,
  fn: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const state = runner as unknown as TransactionState;
  try {
    const connection = (await runner.connect()) as { query(text: string): Promise<unknown> };
    // Marked before the round trip: if the settings fail, the block is rolled back below.
    state.isTransactionActive = true;
    state.transactionDepth = 1;
    await connection.query(`START TRANSACTION; ${settings}`);
    const result = await fn(runner.manager);
    await runner.commitTransaction();
    return result;
  } catch (err) {
    if (state.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw err;
  } finally {
    await runner.release();
  }
}

/** Runs `fn` in a transaction restricted by row-level security to one tenant. */
export function withTenant<T>(
  dataSource: DataSource,
  tenantId: string,
  fn: (manager: EntityManager) => Promise<T>,
  options?: TransactionOptions,
): Promise<T> {
  // A malformed id would make the policy's ::uuid cast fail inside every statement.
  if (!UUID.test(tenantId)) return Promise.reject(new Error(`withTenant: not a tenant id: '${tenantId}'`));
  return run(dataSource, { kind: 'tenant', tenantId: tenantId.toLowerCase() }, fn, options);
}

/** Runs `fn` in a transaction that may cross tenants; use only where the tenant is not yet known or the caller is the operator. */
export function withSystemContext<T>(
  dataSource: DataSource,
  fn: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return run(dataSource, { kind: 'system' }, fn);
}

/**
 * One read across tenants in a single round trip, for hot paths (request authentication):
 * the system-context setting and the statement travel as one simple-protocol query, which
 * PostgreSQL runs as one implicit transaction, so the setting ends with it.
 *
 * The simple protocol takes no parameters: `sql` must be built from constants and values
 * the caller has validated against a strict pattern (hex, UUID), never from free input.
 */
export async function readInSystemContext<R>(dataSource: DataSource, sql: string): Promise<R[]> {
  const outer = ambient.getStore();
  if (outer && outer.dataSource === dataSource) {
    return withSystemContext(dataSource, (m) => m.query<R[]>(sql));
  }
  const runner = dataSource.createQueryRunner();
  try {
    const connection = (await runner.connect()) as { query(text: string): Promise<{ rows: R[] }[]> };
    const [, result] = await connection.query(`SELECT set_config('app.system_context', 'on', true); ${sql}`);
    return result.rows;
  } finally {
    await runner.release();
  }
}

/** Statement names by text: a statement is prepared once per connection under its name. */
const statementNames = new Map<string, string>();

/**
 * Runs a statement of the surrounding transaction (`m` as `withTenant` passes it) as a
 * named prepared statement: PostgreSQL parses and plans it once per pooled connection
 * instead of on every call, which for the long data-modifying statements every invoice
 * runs is much of their cost. Only for statements whose plan does not depend on the
 * parameters' values (primary-key lookups, inserts): a prepared statement may be run with
 * a generic plan. Returns the rows, as `m.query` does for a SELECT or RETURNING.
 */
export async function queryPrepared<R>(m: EntityManager, text: string, params: unknown[]): Promise<R[]> {
  const runner = m.queryRunner;
  if (!runner) throw new Error('queryPrepared needs the manager of a transaction');
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `einvoice_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    statementNames.set(text, name);
  }
  const connection = (await runner.connect()) as {
    query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
  };
  try {
    return (await connection.query({ name, text, values: params })).rows;
  } catch (err) {
    // Reported as m.query reports a failure: logged (without the parameters), then wrapped.
    m.connection.logger.logQueryError(err as Error, text, params, runner);
    throw new QueryFailedError(text, params, err as Error);
  }
}

/** The tenant of the surrounding `withTenant` transaction, if any. */
export function currentTenantScope(): string | undefined {
  const store = ambient.getStore();
  return store?.scope.kind === 'tenant' ? store.scope.tenantId : undefined;
}

/**
 * The injectable face of the two scopes, for services: they group repository calls (a state
 * change and its audit entry) into one transaction without touching the DataSource;
 * repositories called inside join it.
 */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  inTenant<T>(tenantId: string, fn: () => Promise<T>, options?: TransactionOptions): Promise<T> {
    return withTenant(this.dataSource, tenantId, () => fn(), options);
  }

  inSystemContext<T>(fn: () => Promise<T>): Promise<T> {
    return withSystemContext(this.dataSource, () => fn());
  }
}
