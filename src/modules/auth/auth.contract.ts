/**
 * What every module may rely on from `auth` (the module implements it).
 *
 * Every route declares who may call it: `@Public()`, `@Roles(...)` (staff roles or API
 * client roles) or `@Authenticated()` (any signed-in principal). A boot-time check refuses
 * to start when a route declares none of them. The global guard puts the caller on
 * `request.principal`; `@CurrentPrincipal()` reads it in controllers.
 */
import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';

export const STAFF_ROLES = ['admin', 'approver', 'treasury', 'auditor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * `approver`: a client (a mobile app, a portal) that acts as one named staff member, with that
 * person's rights: a decision is always made by a person (approval_limits, separation of duties).
 */
export const API_CLIENT_ROLES = ['supplier', 'access-point', 'finance', 'approver'] as const;
export type ApiClientRole = (typeof API_CLIENT_ROLES)[number];

export type Role = StaffRole | ApiClientRole;

export interface Principal {
  readonly kind: 'user' | 'api-client';
  readonly id: string;
  readonly tenantId: string;
  readonly roles: readonly Role[];
  readonly displayName: string;
  /** A staff session whose password is still the generated one-time password. */
  readonly mustChangePassword?: boolean;
}

/** Cookie that carries the staff session token (HttpOnly, SameSite=Lax, Secure behind TLS). */
export const SESSION_COOKIE = 'einvoice_session';

export const ACCESS_METADATA = 'einvoice:access';
export type AccessRule = { kind: 'public' } | { kind: 'authenticated' } | { kind: 'roles'; roles: Role[] };

export const Public = () => SetMetadata(ACCESS_METADATA, { kind: 'public' } satisfies AccessRule);
export const Authenticated = () =>
  SetMetadata(ACCESS_METADATA, { kind: 'authenticated' } satisfies AccessRule);
export const Roles = (...roles: Role[]) =>
  SetMetadata(ACCESS_METADATA, { kind: 'roles', roles } satisfies AccessRule);

/**
 * Marks a route that a staff member may use while the generated first-login password is
 * still theirs (changing it, the form for it). Everything else answers
 * `AUTH_PASSWORD_CHANGE_REQUIRED` until it is replaced; public routes stay public.
 */
export const PASSWORD_CHANGE_ROUTE = 'einvoice:password-change-route';
export const PasswordChangeRoute = () => SetMetadata(PASSWORD_CHANGE_ROUTE, true);

/**
 * Marks the controllers of the staff web UI: their pages accept only the staff session
 * cookie; an `Authorization` header (an API key) is ignored there, as if there were none.
 */
export const WEB_PAGES = 'einvoice:web-pages';
export const WebPages = () => SetMetadata(WEB_PAGES, true);

/**
 * A route whose `@Body()` is a browser form (urlencoded), not JSON. Every other route that
 * reads `@Body()` accepts only `application/json` bodies (415 otherwise), so that a
 * cross-site form cannot post to it.
 */
export const FORM_BODY = 'einvoice:form-body';
export const FormBody = () => SetMetadata(FORM_BODY, true);

export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const req = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
  return req.principal;
});
