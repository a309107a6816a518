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
import { UserRepository } from './user.repository.js';
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
  ) {}

  private readonly revokedKeyAudited = new Map<string, number>();

  private get idleMs(): number {
    return this.config.get('SESSION_IDLE_MINUTES') * 60_000;
  }

  async login(emailInput: string, password: string, meta: LoginMeta = {}): Promise<LoginResult> {
    const email = normaliseEmail(emailInput);
    const ip = meta.ip ?? null;
    const user = email ? await this.users.findLoginCandidate(email) : undefined;
    if (!user) {
      await this.hasher.burn(password);
      await this.audit.record({
        tenantId: null,
        actor: 'anonymous',
        action: 'auth.login_failed',
        data: { email, ip, reason: 'unknown-user' },
      });
      throw new DomainError(AuthErrors.AUTH_INVALID_CREDENTIALS);
    }
    const actor = `user:${user.id}`;
    // A locked account stays locked even for the right password: otherwise the lock would
    // not slow down guessing at all.
    if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
      await this.audit.record({
        tenantId: user.tenantId,
        actor,
        action: 'auth.login_refused_locked',
        subject: actor,
        data: { ip, lockedUntil: user.lockedUntil.toISOString() },
      });
      throw new DomainError(AuthErrors.AUTH_LOCKED, { lockedUntil: user.lockedUntil.toISOString() });
    }
    if (!(await this.hasher.verify(user.passwordHash, password))) {
      const { lockedUntil } = await this.users.recordFailedLogin(
        user.tenantId,
        user.id,
        this.config.get('LOGIN_MAX_FAILURES'),
        this.config.get('LOGIN_LOCK_MINUTES'),
      );
      const lockedNow = lockedUntil !== null && lockedUntil.getTime() > Date.now();
      await this.audit.record({
        tenantId: user.tenantId,
        actor,
        action: lockedNow ? 'auth.account_locked' : 'auth.login_failed',
        subject: actor,
        data: lockedNow ? { ip, lockedUntil: lockedUntil.toISOString() } : { ip, reason: 'wrong-password' },
      });
      if (lockedNow)
        throw new DomainError(AuthErrors.AUTH_LOCKED, { lockedUntil: lockedUntil.toISOString() });
      throw new DomainError(AuthErrors.AUTH_INVALID_CREDENTIALS);
    }

    await this.users.recordSuccessfulLogin(user.tenantId, user.id);
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
      await this.users.recordFailedLogin(
        principal.tenantId,
        principal.id,
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
  purgeExpiredSessions(): Promise<number> {
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
