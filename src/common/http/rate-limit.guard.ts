import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config.js';
import { ACCESS_METADATA, type AccessRule } from '../../modules/auth/auth.contract.js';
import { DomainError } from '../errors/domain-error.js';
import { CommonErrors } from '../errors/common.errors.js';
import { FixedWindowCounter, LOGIN_RATE_LIMIT, SKIP_RATE_LIMIT } from './rate-limit.js';

const MINUTE = 60_000;

/** Global guard applying the limits described in `rate-limit.ts`. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly publicLimit: FixedWindowCounter;
  private readonly loginLimit: FixedWindowCounter;

  constructor(
    private readonly reflector: Reflector,
    config: AppConfig,
  ) {
    this.publicLimit = new FixedWindowCounter(config.get('RATE_LIMIT_PER_MINUTE'), MINUTE);
    this.loginLimit = new FixedWindowCounter(config.get('LOGIN_RATE_LIMIT_PER_MINUTE'), MINUTE);
  }

  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(SKIP_RATE_LIMIT, targets)) return true;
    const access = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, targets);
    const login = this.reflector.getAllAndOverride<boolean>(LOGIN_RATE_LIMIT, targets) === true;
    if (access?.kind !== 'public' && !login) return true;

    const req = ctx.switchToHttp().getRequest<Request>();
    // `req.ip` honours TRUST_PROXY, so behind a proxy this is the client, not the proxy.
    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const now = Date.now();
    let wait = access?.kind === 'public' ? this.publicLimit.hit(client, now) : 0;
    if (login) wait = Math.max(wait, this.loginLimit.hit(client, now));
    if (wait > 0) {
      ctx.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(wait));
      throw new DomainError(CommonErrors.RATE_LIMITED);
    }
    return true;
  }
}
