import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError } from '../../common/errors/domain-error.js';
import { ACCESS_METADATA, type AccessRule, type Principal, SESSION_COOKIE } from './auth.contract.js';
import { AuthErrors } from './auth.errors.js';
import { AuthService } from './auth.service.js';
import { API_KEY_PREFIX, SESSION_TOKEN_PREFIX } from './credentials.js';

export type RequestWithPrincipal = Request & { principal?: Principal };

type Credential = { kind: 'api-key' | 'session'; value: string; from: 'header' | 'cookie' };

/** The credential a request carries: `Authorization: Bearer …` wins over the session cookie. */
export function credentialOf(req: Request): Credential | undefined {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const value = m?.[1];
    if (value?.startsWith(API_KEY_PREFIX)) return { kind: 'api-key', value, from: 'header' };
    if (value?.startsWith(SESSION_TOKEN_PREFIX)) return { kind: 'session', value, from: 'header' };
    // Anything else in the header is a bad credential, not "no credential".
    return { kind: 'api-key', value: value ?? '', from: 'header' };
  }
  const cookies = (req as Request & { cookies?: Record<string, unknown> }).cookies;
  const cookie = cookies?.[SESSION_COOKIE];
  return typeof cookie === 'string' && cookie.length > 0
    ? { kind: 'session', value: cookie, from: 'cookie' }
    : undefined;
}

/**
 * The global access guard: implements `@Public()`, `@Authenticated()` and `@Roles()` of
 * `auth.contract.ts`. Without a credential a protected route answers 401; with a valid
 * credential lacking the role, 403. Routes without any declaration never get here: the
 * boot-time check (`RouteAccessCheck`) refuses to start; should one slip through, it is
 * denied.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    const req = ctx.switchToHttp().getRequest<RequestWithPrincipal>();
    if (!rule) throw new DomainError(AuthErrors.AUTH_FORBIDDEN);

    const credential = credentialOf(req);
    const principal = credential ? await this.authenticate(credential) : undefined;
    if (principal) req.principal = principal;

    switch (rule.kind) {
      case 'public':
        // Public routes ignore a bad credential (a stale cookie must not block the login page).
        return true;
      case 'authenticated':
        this.requirePrincipal(credential, principal);
        return true;
      case 'roles': {
        const p = this.requirePrincipal(credential, principal);
        if (!p.roles.some((r) => rule.roles.includes(r))) throw new DomainError(AuthErrors.AUTH_FORBIDDEN);
        return true;
      }
    }
  }

  private authenticate(credential: Credential): Promise<Principal | undefined> {
    return credential.kind === 'api-key'
      ? this.auth.authenticateApiKey(credential.value)
      : this.auth.authenticateSession(credential.value);
  }

  private requirePrincipal(credential: Credential | undefined, principal: Principal | undefined): Principal {
    if (principal) return principal;
    if (!credential) throw new DomainError(AuthErrors.AUTH_REQUIRED);
    throw new DomainError(
      credential.kind === 'api-key' ? AuthErrors.AUTH_INVALID_API_KEY : AuthErrors.AUTH_SESSION_INVALID,
    );
  }
}
