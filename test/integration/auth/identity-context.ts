/**
 * Builds tenants, staff and API clients through the real services of a running test app
 * (factories, not stubs), and small HTTP helpers for the identity tests.
 */
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { ApiClientRole, StaffRole } from '../../../src/modules/auth/auth.contract.js';
import { ApiKeyService } from '../../../src/modules/auth/api-key.service.js';
import { AuthService } from '../../../src/modules/auth/auth.service.js';
import { UserService } from '../../../src/modules/auth/user.service.js';
import { CSRF_COOKIE } from '../../../src/modules/web/csrf.js';
import { leitwegCheckDigits } from '../../../src/modules/tenants/leitweg-id.js';
import type { Tenant } from '../../../src/modules/tenants/tenant.repository.js';
import { TenantService } from '../../../src/modules/tenants/tenant.service.js';

export interface TenantFixture {
  tenant: Tenant;
  admin: { id: string; email: string; password: string; token: string };
  apiKey: { id: string; key: string };
}

export function randomLeitwegId(): string {
  const coarse = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
  const fine = randomBytes(3).toString('hex').toUpperCase();
  return `${coarse}-${fine}-${leitwegCheckDigits(coarse, fine)}`;
}

export class IdentityContext {
  constructor(private readonly app: INestApplication) {}

  get tenants(): TenantService {
    return this.app.get(TenantService);
  }
  get users(): UserService {
    return this.app.get(UserService);
  }
  get apiKeys(): ApiKeyService {
    return this.app.get(ApiKeyService);
  }
  get auth(): AuthService {
    return this.app.get(AuthService);
  }

  async newTenant(name = `Gemeinde ${randomBytes(3).toString('hex')}`): Promise<TenantFixture> {
    const tenant = await this.tenants.create(
      { name, kind: 'municipality', leitwegIds: [randomLeitwegId()] },
      'test',
    );
    const admin = await this.newUser(tenant.id, ['admin']);
    const apiKey = await this.newApiKey(tenant.id, 'supplier');
    return { tenant, admin, apiKey };
  }

  async newUser(
    tenantId: string,
    roles: StaffRole[],
  ): Promise<{ id: string; email: string; password: string; token: string }> {
    const email = `u-${randomBytes(5).toString('hex')}@example.org`;
    const password = `pw-${randomBytes(12).toString('hex')}`;
    const { user } = await this.users.create(tenantId, { email, roles, password }, 'test');
    const { token } = await this.auth.login(email, password);
    return { id: user.id, email, password, token };
  }

  async newApiKey(tenantId: string, role: ApiClientRole): Promise<{ id: string; key: string }> {
    const { apiKey, key } = await this.apiKeys.create(tenantId, { name: `client ${role}`, role }, 'test');
    return { id: apiKey.id, key };
  }
}

export async function call(
  base: string,
  method: string,
  path: string,
  opts: { bearer?: string; cookie?: string; body?: unknown } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted by shape in the tests
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  // A cookie-authenticated change needs proof that it comes from the application itself;
  // a client of its own (no browser, no Origin) shows it as a client would: the CSRF
  // cookie and the same token in a header (a cross-site page can send neither).
  if (opts.cookie && !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())) {
    const token = randomBytes(32).toString('base64url');
    headers.cookie = `${opts.cookie}; ${CSRF_COOKIE}=${token}`;
    headers['x-csrf-token'] = token;
  }
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    redirect: 'manual',
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body, headers: res.headers };
}
