import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error.js';
import { TransactionRunner } from '../../database/tenant-transaction.js';
import { AuditService } from '../audit/audit.service.js';
import { TenantService } from '../tenants/tenant.service.js';
import { STAFF_ROLES, type StaffRole } from './auth.contract.js';
import { AuthErrors } from './auth.errors.js';
import { normaliseEmail } from './auth.policy.js';
import { sha256Hex } from './credentials.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { generatePassword, PasswordHasher } from './password-hasher.js';
import { assertAcceptablePassword } from './password-policy.js';
import { UserEmailTakenError, UserRepository, type User } from './user.repository.js';

export interface CreateUserInput {
  readonly email: string;
  readonly displayName?: string;
  readonly roles: readonly string[];
  /** Omitted: a random password is generated, returned once, and must be changed at first login. */
  readonly password?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

@Injectable()
export class UserService {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly tenants: TenantService,
    private readonly throttle: LoginThrottleRepository,
  ) {}

  async create(
    tenantId: string,
    input: CreateUserInput,
    actor: string,
  ): Promise<{ user: User; generatedPassword?: string }> {
    const email = normaliseEmail(input.email);
    if (!EMAIL.test(email) || email.length > 254) {
      throw new DomainError(AuthErrors.AUTH_INVALID_INPUT, { field: 'email' });
    }
    const roles = [...new Set(input.roles)];
    if (
      roles.length === 0 ||
      !roles.every((r): r is StaffRole => (STAFF_ROLES as readonly string[]).includes(r))
    ) {
      throw new DomainError(AuthErrors.AUTH_INVALID_INPUT, { field: 'roles', allowed: [...STAFF_ROLES] });
    }
    const displayName = (input.displayName ?? '').trim() || email.split('@')[0];
    if (displayName.length > 200)
      throw new DomainError(AuthErrors.AUTH_INVALID_INPUT, { field: 'displayName' });
    const generatedPassword = input.password === undefined ? generatePassword() : undefined;
    const password = input.password ?? generatedPassword!;
    // A generated password is random; one given by the admin or operator is checked.
    if (input.password !== undefined)
      assertAcceptablePassword(password, { email, tenantName: (await this.tenants.get(tenantId)).name });

    const passwordHash = await this.hasher.hash(password);
    try {
      const user = await this.tx.inTenant(tenantId, async () => {
        const created = await this.users.create(tenantId, {
          email,
          displayName,
          passwordHash,
          roles,
          mustChangePassword: generatedPassword !== undefined,
        });
        await this.audit.record({
          tenantId,
          actor,
          action: 'user.created',
          subject: `user:${created.id}`,
          data: { email, roles },
        });
        return created;
      });
      return generatedPassword ? { user, generatedPassword } : { user };
    } catch (err) {
      if (err instanceof UserEmailTakenError) throw new DomainError(AuthErrors.USER_EMAIL_TAKEN);
      throw err;
    }
  }

  async list(tenantId: string): Promise<User[]> {
    return this.withLocks(await this.users.list(tenantId));
  }

  async get(tenantId: string, id: string): Promise<User> {
    const user = await this.users.findById(tenantId, id);
    if (!user) throw new DomainError(AuthErrors.USER_NOT_FOUND);
    return (await this.withLocks([user]))[0];
  }

  /**
   * Disables (or enables again) a staff account of the tenant. A disabled account cannot
   * sign in — it answers like an unknown one — and its open sessions end at once. The row
   * stays: audit entries and decisions keep their author. An admin cannot disable
   * themself, so a tenant is not left without the admin who could undo it.
   */
  async setDisabled(tenantId: string, id: string, disabled: boolean, actor: string): Promise<User> {
    if (disabled && actor === `user:${id}`) throw new DomainError(AuthErrors.USER_CANNOT_DISABLE_SELF);
    return this.tx.inTenant(tenantId, async () => {
      const user = await this.users.setDisabled(tenantId, id, disabled);
      if (!user) throw new DomainError(AuthErrors.USER_NOT_FOUND);
      await this.audit.record({
        tenantId,
        actor,
        action: disabled ? 'user.disabled' : 'user.enabled',
        subject: `user:${id}`,
      });
      return user;
    });
  }

  /** Every user of the installation (operator). */
  async listAll(): Promise<User[]> {
    return this.withLocks(await this.users.listAll());
  }

  /** Sign-in locks are kept per address (`login_throttle`), not per user row. */
  private async withLocks(users: User[]): Promise<User[]> {
    const locks = await this.throttle.lockedUntilOf(users.map((u) => sha256Hex(u.email)));
    return users.map((u) => ({ ...u, lockedUntil: locks.get(sha256Hex(u.email)) ?? null }));
  }
}
