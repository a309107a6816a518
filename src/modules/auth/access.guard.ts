import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { CommonErrors } from '../../common/errors/common.errors.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import {
  ACCESS_METADATA,
  type AccessRule,
  FORM_BODY,
  PASSWORD_CHANGE_ROUTE,
  type Principal,
  SESSION_COOKIE,
  WEB_PAGES,
} from './auth.contract.js';
import { AuthErrors } from './auth.errors.js';
import { AuthService } from './auth.service.js';
import { API_KEY_PREFIX, SESSION_TOKEN_PREFIX } from './credentials.js';
import { isStateChange, originAllowed } from './request-origin.js';

export type RequestWithPrincipal = Request & { principal?: Principal };

type Credential = { kind: 'api-key' | 'session'; value: string; from: 'header' | 'cookie' };

/**
 * The credential a request carries: `Authorization: Bearer …` wins over the session cookie.
 * `cookieOnly` (the staff web UI): only the session cookie counts.
 */
export function credentialOf(req: Request, cookieOnly = false): Credential | undefined {
  const header = req.headers.authorization;
  if (typeof header === 'string' && !cookieOnly) {
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

/** Whether a request has a body at all (a POST without one sends `Content-Length: 0` or nothing). */
function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length'] ?? '0');
  return Number.isFinite(length) && length > 0;
}

/**
 * The global access guard: implements `@Public()`, `@Authenticated()` and `@Roles()` of
 * `auth.contract.ts`. Without a credential a protected route answers 401; with a valid
 * credential lacking the role, 403. Routes without any declaration never get here: the
 * boot-time check (`RouteAccessCheck`) refuses to start; should one slip through, it is
 * denied.
 *
 * In the same place, because each needs to know how the request authenticated:
 * - web pages (`@WebPages()`) see only the staff session cookie, never an API key;
 * - a staff session with the generated first-login password reaches only the routes
 *   marked `@PasswordChangeRoute()` (and public ones) until the password is replaced;
 * - state changes that ride on the cookie must come from this application's origin
 *   (`request-origin.ts`);
 * - a route that reads `@Body()` takes only JSON unless it is a browser form
 *   (`@FormBody()`): 415 otherwise, so a cross-site form cannot post to it.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, targets);
    const req = ctx.switchToHttp().getRequest<RequestWithPrincipal>();
    if (!rule) throw new DomainError(AuthErrors.AUTH_FORBIDDEN);

    const webPage = this.reflector.getAllAndOverride<boolean | undefined>(WEB_PAGES, targets) === true;
    const credential = credentialOf(req, webPage);
    const principal = credential ? await this.authenticate(credential) : undefined;
    if (principal) req.principal = principal;

    if (rule.kind !== 'public') {
      const p = this.requirePrincipal(credential, principal);
      if (
        p.mustChangePassword === true &&
        this.reflector.getAllAndOverride<boolean | undefined>(PASSWORD_CHANGE_ROUTE, targets) !== true
      ) {
        throw new DomainError(AuthErrors.AUTH_PASSWORD_CHANGE_REQUIRED);
      }
      if (rule.kind === 'roles' && !p.roles.some((r) => rule.roles.includes(r)))
        throw new DomainError(AuthErrors.AUTH_FORBIDDEN);
    }

    // On public routes (sign-in, sign-out) the cookie authorises nothing: a cookie jar's
    // stale session must not block a client's next sign-in; a foreign Origin is still refused.
    const cookieAuthenticated = credential?.from === 'cookie' && rule.kind !== 'public';
    if (
      isStateChange(req) &&
      credential?.from !== 'header' &&
      !originAllowed(req, this.config.publicBaseUrl, cookieAuthenticated)
    ) {
      throw new DomainError(AuthErrors.AUTH_CSRF_REJECTED);
    }
    if (this.readsJsonBody(ctx) && hasBody(req) && !req.is(['application/json', 'application/*+json'])) {
      throw new DomainError(CommonErrors.UNSUPPORTED_MEDIA_TYPE, { accepted: ['application/json'] });
    }
    return true;
  }

  /** A handler with a `@Body()` parameter that is not a browser form. */
  private readsJsonBody(ctx: ExecutionContext): boolean {
    const handler = ctx.getHandler();
    if (this.reflector.getAllAndOverride<boolean | undefined>(FORM_BODY, [handler, ctx.getClass()]))
      return false;
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, ctx.getClass(), handler.name) ?? {}) as Record<
      string,
      unknown
    >;
    return Object.keys(args).some((k) => k.split(':')[0] === String(RouteParamtypes.BODY));
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
