import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error.js';
import { TransactionRunner } from '../../database/tenant-transaction.js';
import { AuditService } from '../audit/audit.service.js';
import { API_CLIENT_ROLES, type ApiClientRole } from './auth.contract.js';
import { AuthErrors } from './auth.errors.js';
import { ApiKeyRepository, type ApiKey } from './api-key.repository.js';
import { newApiKey } from './credentials.js';
import { UserRepository } from './user.repository.js';

export interface CreateApiKeyInput {
  readonly name: string;
  readonly role: string;
  /** Required for role `approver`, refused for every other: the staff member the key acts as. */
  readonly userId?: string;
}

@Injectable()
export class ApiKeyService {
  constructor(
    private readonly apiKeys: ApiKeyRepository,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly users: UserRepository,
  ) {}

  /** Creates a key; the returned `key` is shown once and never stored. */
  async create(
    tenantId: string,
    input: CreateApiKeyInput,
    actor: string,
  ): Promise<{ apiKey: ApiKey; key: string }> {
    const name = input.name.trim();
    if (name.length === 0 || name.length > 200)
      throw new DomainError(AuthErrors.AUTH_INVALID_INPUT, { field: 'name' });
    if (!(API_CLIENT_ROLES as readonly string[]).includes(input.role)) {
      throw new DomainError(AuthErrors.AUTH_INVALID_INPUT, { field: 'role', allowed: [...API_CLIENT_ROLES] });
    }
    const role = input.role as ApiClientRole;
    if ((role === 'approver') !== (input.userId !== undefined))
      throw new DomainError(AuthErrors.AUTH_INVALID_INPUT, { field: 'userId' });
    const { key, prefix, secretHash } = newApiKey();
    const apiKey = await this.tx.inTenant(tenantId, async () => {
      if (input.userId !== undefined) {
        const user = await this.users.findById(tenantId, input.userId).catch(() => undefined);
        if (!user) throw new DomainError(AuthErrors.AUTH_INVALID_INPUT, { field: 'userId' });
      }
      const created = await this.apiKeys.create(tenantId, {
        name,
        role,
        prefix,
        secretHash,
        createdBy: actor,
        userId: input.userId ?? null,
      });
      await this.audit.record({
        tenantId,
        actor,
        action: 'api_key.created',
        subject: `api-key:${created.id}`,
        data: { name, role, prefix, ...(input.userId ? { userId: input.userId } : {}) },
      });
      return created;
    });
    return { apiKey, key };
  }

  list(tenantId: string): Promise<ApiKey[]> {
    return this.apiKeys.list(tenantId);
  }

  async get(tenantId: string, id: string): Promise<ApiKey> {
    const key = await this.apiKeys.findById(tenantId, id);
    if (!key) throw new DomainError(AuthErrors.API_KEY_NOT_FOUND);
    return key;
  }

  async revoke(tenantId: string, id: string, actor: string): Promise<ApiKey> {
    return this.tx.inTenant(tenantId, async () => {
      const before = await this.apiKeys.findById(tenantId, id);
      if (!before) throw new DomainError(AuthErrors.API_KEY_NOT_FOUND);
      const revoked = (await this.apiKeys.revoke(tenantId, id))!;
      if (!before.revokedAt) {
        await this.audit.record({ tenantId, actor, action: 'api_key.revoked', subject: `api-key:${id}` });
      }
      return revoked;
    });
  }

  /** Operator: revoke by id without knowing the tenant. */
  async revokeAnyTenant(id: string, actor: string): Promise<ApiKey> {
    const tenantId = await this.apiKeys.findTenantOf(id);
    if (!tenantId) throw new DomainError(AuthErrors.API_KEY_NOT_FOUND);
    return this.revoke(tenantId, id, actor);
  }

  /** Operator: every key of the installation. */
  listAll(): Promise<ApiKey[]> {
    return this.apiKeys.listAll();
  }
}
