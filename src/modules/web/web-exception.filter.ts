import { type ArgumentsHost, Catch, type ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/errors/domain-error.js';
import { mapError } from '../../common/errors/http-error.mapper.js';
import { SESSION_COOKIE } from '../auth/auth.contract.js';
import { sessionCookieOptions } from '../auth/session-cookie.js';
import { AppConfig } from '../../config/app-config.js';
import { PageRenderer } from './page.renderer.js';
import { ErrorPageRenderer } from './error-page.renderer.js';
import { redirect, safeLocalPath } from './web-request.js';

/**
 * Errors of the web UI's routes answer as pages, not JSON: a browser without a session is
 * sent to the sign-in page (with the page it wanted as `next`), problems of the sign-in
 * form (rate limit, expired form) show on the form, anything else is an error page in the
 * request's language (the same pages the global filter shows browsers). Declared with `@UseFilters` on the web controller only.
 */
@Catch()
@Injectable()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Web');

  constructor(
    private readonly pages: PageRenderer,
    private readonly config: AppConfig,
    private readonly errorPages: ErrorPageRenderer,
  ) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const code = err instanceof DomainError ? err.code : undefined;
    const next = req.method === 'GET' ? safeLocalPath(req.originalUrl) : undefined;
    const loginUrl = (extra: Record<string, string>) =>
      `/login?${new URLSearchParams({ ...extra, ...(next && next !== '/' ? { next } : {}) }).toString()}`;

    if (code === 'AUTH_REQUIRED') return redirect(res, loginUrl({}));
    // A generated first-login password is replaced before anything else.
    if (code === 'AUTH_PASSWORD_CHANGE_REQUIRED') return redirect(res, '/password?first=1');
    if (code === 'AUTH_SESSION_INVALID') {
      res.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.config));
      return redirect(res, loginUrl({ expired: '1' }));
    }

    const ctx = this.pages.context(req, res);
    const body = req.body as Record<string, unknown> | undefined;
    if (
      req.method === 'POST' &&
      req.path === '/login' &&
      (code === 'RATE_LIMITED' || code === 'WEB_CSRF_INVALID')
    ) {
      const text = code === 'RATE_LIMITED' ? ctx.m.login.rateLimited : ctx.m.login.formExpired;
      return this.pages.sendLogin(
        req,
        res,
        (err as DomainError).status,
        {
          email: typeof body?.email === 'string' ? body.email : '',
          next: safeLocalPath(body?.next),
          problems: [{ text }],
        },
        ctx,
      );
    }

    const mapped = mapError(err, ctx.m.lang);
    if (mapped.unexpected)
      this.logger.error({ err, path: req.path, method: req.method }, 'web request failed');
    const message = code === 'WEB_CSRF_INVALID' ? ctx.m.error.formExpired : mapped.body.error.message;
    this.errorPages.send(req, res, { status: mapped.status, code: mapped.body.error.code, message });
  }
}
