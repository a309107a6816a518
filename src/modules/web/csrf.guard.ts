import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../../common/errors/domain-error.js';
import { csrfTokenMatches } from './csrf.js';
import { WebErrors } from './web.errors.js';

/** Refuses a form post whose CSRF field does not match its cookie (see `csrf.ts`). */
@Injectable()
export class CsrfGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<Request>();
    if (!csrfTokenMatches(req)) throw new DomainError(WebErrors.WEB_CSRF_INVALID);
    return true;
  }
}
