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
import { DataSource, type EntityManager } from 'typeorm';

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

async function run<T>(
  dataSource: DataSource,
  scope: Scope,
  fn: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const outer = ambient.getStore();
  if (outer && outer.dataSource === dataSource) {
    if (sameScope(outer.scope, scope)) return fn(outer.manager);
    throw new Error(`cannot open ${describe(scope)} inside a transaction of ${describe(outer.scope)}`);
  }
  return dataSource.transaction(async (manager) => {
    if (scope.kind === 'tenant') {
      // One round trip for both: `set_config('role', …, true)` is SET LOCAL ROLE.
      await manager.query(`SELECT set_config('role', $1, true), set_config('app.tenant_id', $2, true)`, [
        APP_ROLE,
        scope.tenantId,
      ]);
    } else {
      await manager.query(`SELECT set_config('app.system_context', 'on', true)`);
    }
    return ambient.run({ dataSource, scope, manager }, () => fn(manager));
  });
}

/** Runs `fn` in a transaction restricted by row-level security to one tenant. */
export function withTenant<T>(
  dataSource: DataSource,
  tenantId: string,
  fn: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  // A malformed id would make the policy's ::uuid cast fail inside every statement.
  if (!UUID.test(tenantId)) return Promise.reject(new Error(`withTenant: not a tenant id: '${tenantId}'`));
  return run(dataSource, { kind: 'tenant', tenantId: tenantId.toLowerCase() }, fn);
}

/** Runs `fn` in a transaction that may cross tenants; use only where the tenant is not yet known or the caller is the operator. */
export function withSystemContext<T>(
  dataSource: DataSource,
  fn: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return run(dataSource, { kind: 'system' }, fn);
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

  inTenant<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
    return withTenant(this.dataSource, tenantId, () => fn());
  }

  inSystemContext<T>(fn: () => Promise<T>): Promise<T> {
    return withSystemContext(this.dataSource, () => fn());
  }
}
