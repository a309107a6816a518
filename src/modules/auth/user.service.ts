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

export interface UpdateUserInput {
  readonly displayName?: string;
  /** The complete new set of roles (replaces the old one). */
  readonly roles?: readonly string[];
  /** The language of the user's mails: `de` or `en`. */
  readonly lang?: string;
  /** Whether the user gets the daily digest of their open tasks. */
  readonly digest?: boolean;
}

/** What users set for themselves (`PATCH /api/v1/me/preferences`); admins set it through the user update too. */
export interface PreferencesInput {
  readonly lang?: string;
  readonly digest?: boolean;
}

const LANGS = ['de', 'en'] as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** At least one role, each a staff role; duplicates dropped. */
function staffRoles(input: readonly string[]): StaffRole[] {
  const roles = [...new Set(input)];
  if (
    roles.length === 0 ||
    !roles.every((r): r is StaffRole => (STAFF_ROLES as readonly string[]).includes(r))
  ) {
    throw new DomainError(AuthErrors.AUTH_INVALID_INPUT, { field: 'roles', allowed: [...STAFF_ROLES] });
  }
  return roles;
}

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
    const roles = staffRoles(input.roles);
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
   * themself, so a tenant is not left without the admin who could undo it; for the same
   * reason the tenant's last enabled admin cannot be disabled at all (by the operator, or
   * by two admins disabling each other at the same moment).
   */
  async setDisabled(tenantId: string, id: string, disabled: boolean, actor: string): Promise<User> {
    if (disabled && actor === `user:${id.toLowerCase()}`)
      throw new DomainError(AuthErrors.USER_CANNOT_DISABLE_SELF);
    return this.tx.inTenant(tenantId, async () => {
      if (disabled) await this.assertAdminRemains(tenantId, id);
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

  /** A user of the tenant by e-mail address (operator commands). */
  async getByEmail(tenantId: string, email: string): Promise<User> {
    const user = await this.users.findByEmail(tenantId, normaliseEmail(email));
    if (!user) throw new DomainError(AuthErrors.USER_NOT_FOUND, { email });
    return (await this.withLocks([user]))[0];
  }

  /**
   * Changes a user's display name and/or roles (the roles given replace the old ones). An
   * admin cannot take the admin role from themself, and the tenant's last enabled admin
   * keeps it: otherwise nobody could manage the tenant's users any more. Role changes
   * apply to open sessions at once (sessions read the roles from the user row).
   */
  async update(tenantId: string, id: string, input: UpdateUserInput, actor: string): Promise<User> {
    const roles = input.roles === undefined ? undefined : staffRoles(input.roles);
    const displayName = input.displayName?.trim();
    if (displayName !== undefined && (displayName.length === 0 || displayName.length > 200))
      throw new DomainError(AuthErrors.AUTH_INVALID_INPUT, { field: 'displayName' });
    if (input.lang !== undefined && !(LANGS as readonly string[]).includes(input.lang))
      throw new DomainError(AuthErrors.AUTH_INVALID_INPUT, { field: 'lang', allowed: [...LANGS] });
    const lang = input.lang as (typeof LANGS)[number] | undefined;
    const digest = input.digest;
    if (roles === undefined && displayName === undefined && lang === undefined && digest === undefined)
      throw new DomainError(AuthErrors.AUTH_INVALID_INPUT, { field: 'body' });

    const updated = await this.tx.inTenant(tenantId, async () => {
      const before = await this.users.findById(tenantId, id);
      if (!before) throw new DomainError(AuthErrors.USER_NOT_FOUND);
      const losesAdmin = roles !== undefined && before.roles.includes('admin') && !roles.includes('admin');
      if (losesAdmin && actor === `user:${before.id}`)
        throw new DomainError(AuthErrors.USER_CANNOT_DEMOTE_SELF);
      if (losesAdmin) await this.assertAdminRemains(tenantId, before.id);
      const user = (await this.users.update(tenantId, before.id, { displayName, roles, lang, digest }))!;
      await this.audit.record({
        tenantId,
        actor,
        action: 'user.updated',
        subject: `user:${user.id}`,
        data: {
          ...(displayName !== undefined
            ? { displayName: { from: before.displayName, to: user.displayName } }
            : {}),
          ...(roles !== undefined ? { roles: { from: before.roles, to: user.roles } } : {}),
          ...(lang !== undefined ? { lang: { from: before.lang, to: user.lang } } : {}),
          ...(digest !== undefined ? { digest: { from: before.digest, to: user.digest } } : {}),
        },
      });
      return user;
    });
    return (await this.withLocks([updated]))[0];
  }

  /** A user's own mail preferences (language, daily digest); audited like any user change. */
  async setPreferences(tenantId: string, userId: string, input: PreferencesInput): Promise<User> {
    return this.update(tenantId, userId, { lang: input.lang, digest: input.digest }, `user:${userId}`);
  }

  /**
   * An admin gives a user who forgot the password a new one-time password: generated,
   * returned once, to be replaced at the next sign-in. All the user's sessions end (the
   * reset may be because someone else knows the old password), and a sign-in lock on the
   * address is lifted, so the user can sign in with it at once. Not for the own account:
   * that is the password change, which asks for the current password.
   */
  async resetPassword(
    tenantId: string,
    id: string,
    actor: string,
  ): Promise<{ user: User; generatedPassword: string }> {
    if (actor === `user:${id.toLowerCase()}`)
      throw new DomainError(AuthErrors.USER_CANNOT_RESET_OWN_PASSWORD);
    const target = await this.users.findById(tenantId, id);
    if (!target) throw new DomainError(AuthErrors.USER_NOT_FOUND);
    const generatedPassword = generatePassword();
    const passwordHash = await this.hasher.hash(generatedPassword);
    // The lock is kept per address in the system context, outside the tenant transaction. It
    // is lifted first: failing afterwards would leave a reset whose password nobody saw.
    await this.throttle.clear(sha256Hex(target.email));
    const user = await this.tx.inTenant(tenantId, async () => {
      const reset = await this.users.resetPassword(tenantId, id, passwordHash);
      if (!reset) throw new DomainError(AuthErrors.USER_NOT_FOUND);
      await this.audit.record({
        tenantId,
        actor,
        action: 'user.password_reset',
        subject: `user:${reset.id}`,
      });
      return reset;
    });
    return { user: { ...user, lockedUntil: null }, generatedPassword };
  }

  /**
   * Refuses when `id` is the tenant's only enabled admin. Inside the caller's transaction:
   * the enabled admins stay locked until it ends.
   */
  private async assertAdminRemains(tenantId: string, id: string): Promise<void> {
    const admins = await this.users.lockEnabledAdmins(tenantId);
    if (admins.includes(id.toLowerCase()) && admins.length <= 1)
      throw new DomainError(AuthErrors.USER_LAST_ADMIN);
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
