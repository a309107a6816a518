import { DomainError } from '../../../common/errors/domain-error.js';
import { AuthErrors } from '../auth.errors.js';

/**
 * Small explicit request-body checks (no validation library): each names the first bad
 * field in the error details, and unknown fields are ignored.
 */
export function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DomainError(AuthErrors.AUTH_INVALID_INPUT, { field: 'body' });
  }
  return body as Record<string, unknown>;
}

export function requiredString(body: Record<string, unknown>, field: string, max = 1000): string {
  const v = body[field];
  if (typeof v !== 'string' || v.trim().length === 0 || v.length > max) {
    throw new DomainError(AuthErrors.AUTH_INVALID_INPUT, { field });
  }
  return v;
}

export function optionalString(body: Record<string, unknown>, field: string, max = 1000): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length > max)
    throw new DomainError(AuthErrors.AUTH_INVALID_INPUT, { field });
  return v;
}

export function stringArray(body: Record<string, unknown>, field: string): string[] {
  const v = body[field];
  if (!Array.isArray(v) || v.length === 0 || v.length > 20 || !v.every((x) => typeof x === 'string')) {
    throw new DomainError(AuthErrors.AUTH_INVALID_INPUT, { field });
  }
  return v;
}

export function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new DomainError(AuthErrors.AUTH_INVALID_INPUT, { field });
  return v;
}
