/**
 * Turns anything thrown while handling a request into the one response shape
 * `{ error: { code, message, details? } }`. DomainErrors keep their code and status;
 * framework HTTP exceptions (unknown route, pipes, throttler) get a common code by
 * status; anything else is an internal error whose cause is logged, never shown.
 */
import { HttpException } from '@nestjs/common';
import { type DomainErrorSpec, DomainError, type Lang } from './domain-error.js';
import { CommonErrors } from './common.errors.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

export interface MappedError {
  status: number;
  body: ErrorBody;
  /** True when the cause is not the caller's fault and should be logged as an error. */
  unexpected: boolean;
}

function specForStatus(status: number): DomainErrorSpec {
  switch (status) {
    case 400:
      return CommonErrors.BAD_REQUEST;
    case 401:
      return CommonErrors.UNAUTHENTICATED;
    case 403:
      return CommonErrors.FORBIDDEN;
    case 404:
      return CommonErrors.NOT_FOUND;
    case 405:
      return CommonErrors.METHOD_NOT_ALLOWED;
    case 409:
      return CommonErrors.CONFLICT;
    case 413:
      return CommonErrors.PAYLOAD_TOO_LARGE;
    case 415:
      return CommonErrors.UNSUPPORTED_MEDIA_TYPE;
    case 429:
      return CommonErrors.RATE_LIMITED;
    case 503:
      return CommonErrors.SERVICE_UNAVAILABLE;
    default:
      return status >= 400 && status < 500
        ? { ...CommonErrors.BAD_REQUEST, status }
        : { ...CommonErrors.INTERNAL_ERROR, status: status >= 500 && status < 600 ? status : 500 };
  }
}

/** Body-parser errors carry a status and a `type` but are no HttpException. */
function statusOfForeignError(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const s =
    (err as { status?: unknown; statusCode?: unknown }).status ??
    (err as { statusCode?: unknown }).statusCode;
  return typeof s === 'number' && s >= 400 && s < 500 ? s : undefined;
}

export function mapError(err: unknown, lang: Lang): MappedError {
  if (err instanceof DomainError) {
    const body: ErrorBody = { error: { code: err.code, message: err.messages[lang] } };
    if (err.details) body.error.details = err.details;
    return { status: err.status, body, unexpected: err.status >= 500 };
  }
  const status = err instanceof HttpException ? err.getStatus() : statusOfForeignError(err);
  if (status !== undefined) {
    const spec = specForStatus(status);
    return {
      status,
      body: { error: { code: spec.code, message: spec[lang] } },
      unexpected: status >= 500,
    };
  }
  const spec = CommonErrors.INTERNAL_ERROR;
  return { status: 500, body: { error: { code: spec.code, message: spec[lang] } }, unexpected: true };
}
