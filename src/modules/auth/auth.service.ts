import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { TransactionRunner } from '../../database/tenant-transaction.js';
import { AuditService } from '../audit/audit.service.js';
import { TenantService } from '../tenants/tenant.service.js';
import type { Principal } from './auth.contract.js';
import { AuthErrors } from './auth.errors.js';
import { newSessionToken, parseApiKey, secretMatches, sha256Hex } from './credentials.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionRepository } from './session.repository.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { type LoginCandidate, UserRepository } from './user.repository.js';
import { normaliseEmail } from './auth.policy.js';
import { assertAcceptablePassword } from './password-policy.js';

/** How often an API key's last use is written at most (the repository's condition says the same). */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface LoginMeta {
  readonly ip?: string | null;
  readonly userAgent?: string | null;
}

export interface LoginResult {
  /** The session token: goes into the session cookie (or an `Authorization: Bearer` header). */
  readonly token: string;
  readonly principal: Principal;
  readonly expiresAt: Date;
  readonly mustChangePassword: boolean;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly apiKeys: ApiKeyRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly tx: TransactionRunner,
    private readonly tenants: TenantService,
    private readonly throttle: LoginThrottleRepository,
  ) {}

  private readonly revokedKeyAudited = new Map<string, number>();

  private get idleMs(): number {
    return this.config.get('SESSION_IDLE_MINUTES') * 60_000;
  }

  /**
   * Signs a staff member in by e-mail and password. Failures are counted per address,
   * whether an account has it or not, and every answer short of success is the same for
   * an existing and an unknown address: 401, or 423 while the address is locked — for the
   * right password too, or the lock would not slow guessing down. An address may have an
   * account in several tenants: the password decides which; should it fit more than one,
   * the caller names the tenant (`tenant`: slug or id).
   */
  async login(
    emailInput: string,
    password: string,
    meta: LoginMeta = {},
    tenantRef?: string,
  ): Promise<LoginResult> {
    const email = normaliseEmail(emailInput);
    const ip = meta.ip ?? null;
    const emailKey = sha256Hex(email);
    const all = email ? await this.users.findLoginCandidates(email) : [];
    const candidates = tenantRef
      ? all.filter((c) => c.tenantSlug === tenantRef || c.tenantId === tenantRef)
      : all;

    const lockedUntil = await this.throttle.lockedUntil(emailKey);
    if (lockedUntil) {
      // As long as a password check: the answer's timing must not tell either.
      await this.hasher.burn(password);
      await this.auditEach(
        candidates,
        'auth.login_refused_locked',
        { ip, lockedUntil: lockedUntil.toISOString() },
        email,
      );
      throw new DomainError(AuthErrors.AUTH_LOCKED, { lockedUntil: lockedUntil.toISOString() });
    }

    const matching: LoginCandidate[] = [];
    if (candidates.length === 0) await this.hasher.burn(password);
    for (const c of candidates) if (await this.hasher.verify(c.passwordHash, password)) matching.push(c);

    if (matching.length === 0) {
      const lockedNow = await this.throttle.recordFailure(
        emailKey,
        this.config.get('LOGIN_MAX_FAILURES'),
        this.config.get('LOGIN_LOCK_MINUTES'),
      );
      await this.auditEach(
        candidates,
        lockedNow ? 'auth.account_locked' : 'auth.login_failed',
        lockedNow ? { ip, lockedUntil: lockedNow.toISOString() } : { ip, reason: 'wrong-password' },
        email,
      );
      if (lockedNow) throw new DomainError(AuthErrors.AUTH_LOCKED, { lockedUntil: lockedNow.toISOString() });
      throw new DomainError(AuthErrors.AUTH_INVALID_CREDENTIALS);
    }
    if (matching.length > 1) {
      // The caller knows the password of each of these accounts: naming their tenants tells
      // nothing that signing in to each would not.
      throw new DomainError(AuthErrors.AUTH_TENANT_REQUIRED, {
        tenants: matching.map((c) => ({ slug: c.tenantSlug, name: c.tenantName })),
      });
    }
    const user = matching[0];
    const actor = `user:${user.id}`;

    await this.throttle.clear(emailKey);
    const token = newSessionToken();
    const expiresAt = new Date(Date.now() + this.idleMs);
    const sessionId = await this.sessions.create(user.tenantId, {
      tokenHash: sha256Hex(token),
      userId: user.id,
      expiresAt,
      ip,
      userAgent: meta.userAgent ?? null,
    });
    await this.audit.record({
      tenantId: user.tenantId,
      actor,
      action: 'auth.login',
      subject: actor,
      data: { ip, session: sessionId },
    });
    return {
      token,
      expiresAt,
      mustChangePassword: user.mustChangePassword,
      principal: {
        kind: 'user',
        id: user.id,
        tenantId: user.tenantId,
        roles: user.roles,
        displayName: user.displayName,
      },
    };
  }

  /** An audit entry in the tenant of each account concerned, or one without tenant when there is none. */
  private async auditEach(
    users: readonly LoginCandidate[],
    action: string,
    data: Record<string, unknown>,
    email: string,
  ): Promise<void> {
    if (users.length === 0) {
      await this.audit.record({
        tenantId: null,
        actor: 'anonymous',
        action,
        data: { ...data, email, reason: 'unknown-user' },
      });
      return;
    }
    for (const u of users) {
      await this.audit.record({
        tenantId: u.tenantId,
        actor: `user:${u.id}`,
        action,
        subject: `user:${u.id}`,
        data,
      });
    }
  }

  /**
   * A staff member changes their own password (required after a generated first-login
   * password). The current password is checked like a login attempt, failures count
   * towards the lock-out, and every other session of the user ends.
   */
  async changePassword(
    principal: Principal,
    currentPassword: string,
    newPassword: string,
    currentToken?: string,
  ): Promise<void> {
    if (principal.kind !== 'user') throw new DomainError(AuthErrors.AUTH_FORBIDDEN);
    const user = await this.users.findById(principal.tenantId, principal.id);
    if (!user) throw new DomainError(AuthErrors.AUTH_SESSION_INVALID);
    assertAcceptablePassword(newPassword, {
      email: user.email,
      tenantName: (await this.tenants.get(principal.tenantId)).name,
    });
    const actor = `user:${principal.id}`;
    const hash = await this.users.findPasswordHash(principal.tenantId, principal.id);
    if (!hash || !(await this.hasher.verify(hash, currentPassword))) {
      // Counts towards the address's lock-out like a failed sign-in.
      await this.throttle.recordFailure(
        sha256Hex(user.email),
        this.config.get('LOGIN_MAX_FAILURES'),
        this.config.get('LOGIN_LOCK_MINUTES'),
      );
      await this.audit.record({
        tenantId: principal.tenantId,
        actor,
        action: 'auth.password_change_failed',
        subject: actor,
      });
      throw new DomainError(AuthErrors.AUTH_INVALID_CREDENTIALS);
    }
    const newHash = await this.hasher.hash(newPassword);
    await this.tx.inTenant(principal.tenantId, async () => {
      await this.users.setPassword(principal.tenantId, principal.id, newHash);
      const ended = await this.sessions.deleteForUser(
        principal.tenantId,
        principal.id,
        currentToken ? sha256Hex(currentToken) : undefined,
      );
      await this.audit.record({
        tenantId: principal.tenantId,
        actor,
        action: 'user.password_changed',
        subject: actor,
        data: { otherSessionsEnded: ended },
      });
    });
  }

  /** Ends the session of this token; unknown or expired tokens are ignored (logout is idempotent). */
  async logout(token: string): Promise<void> {
    const ended = await this.sessions.deleteByTokenHash(sha256Hex(token));
    if (!ended) return;
    await this.audit.record({
      tenantId: ended.tenantId,
      actor: `user:${ended.userId}`,
      action: 'auth.logout',
      subject: `user:${ended.userId}`,
    });
  }

  /** Housekeeping for a periodic job: deletes expired sessions of all tenants. */
  async purgeExpiredSessions(): Promise<number> {
    await this.throttle.purgeStale();
    return this.sessions.deleteExpired();
  }

  /** The staff member of a session token, or undefined; moves the sliding expiry forward. */
  async authenticateSession(token: string): Promise<Principal | undefined> {
    const session = await this.sessions.findActive(sha256Hex(token));
    if (!session) return undefined;
    // Extend only once half the idle time has passed: one write per half period, not per request.
    const renewed = Date.now() + this.idleMs;
    if (renewed - session.expiresAt.getTime() > this.idleMs / 2) {
      await this.sessions.extend(session.tenantId, session.id, new Date(renewed));
    }
    return {
      kind: 'user',
      id: session.userId,
      tenantId: session.tenantId,
      roles: session.roles,
      displayName: session.displayName,
      mustChangePassword: session.mustChangePassword,
    };
  }

  /** The API client of a key, or undefined when the key is unknown, malformed or revoked. */
  async authenticateApiKey(key: string): Promise<Principal | undefined> {
    const parsed = parseApiKey(key);
    if (!parsed) return undefined;
    const found = await this.apiKeys.findForAuthentication(parsed.prefix);
    if (!found || !secretMatches(parsed.secret, found.secretHash)) return undefined;
    if (found.revokedAt) {
      // A revoked client that keeps calling would otherwise add an entry per request to a
      // log that can never shrink: record it once per key, process and quarter hour.
      const last = this.revokedKeyAudited.get(found.id) ?? 0;
      if (Date.now() - last < 15 * 60_000) return undefined;
      this.revokedKeyAudited.set(found.id, Date.now());
      if (this.revokedKeyAudited.size > 10_000) this.revokedKeyAudited.clear();
      await this.audit.record({
        tenantId: found.tenantId,
        actor: `api-key:${found.id}`,
        action: 'auth.revoked_api_key_used',
        subject: `api-key:${found.id}`,
      });
      return undefined;
    }
    // Use is recorded at most once a minute: skip the write (a transaction of its own) when
    // the row just read says it is recent.
    if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      await this.apiKeys.touchLastUsed(found.tenantId, found.id);
    }
    return {
      kind: 'api-client',
      id: found.id,
      tenantId: found.tenantId,
      roles: [found.role],
      displayName: found.name,
    };
  }
}
