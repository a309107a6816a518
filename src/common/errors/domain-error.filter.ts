import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { resolveLang } from '../i18n/lang.js';
import { type ErrorPages, wantsHtml } from './error-pages.js';
import { mapError } from './http-error.mapper.js';

/**
 * The global exception filter: every error leaves as `{ error: { code, message } }` in
 * the caller's language — or, for a browser asking for a page outside the machine paths
 * (`wantsHtml`), as an error page of the UI with the same status. A controller that must
 * answer with HTML in its own way (the web UI) declares its own filter with `@UseFilters`,
 * which Nest prefers over this global one.
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly pages?: ErrorPages) {}

  catch(err: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw err;
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const mapped = mapError(err, resolveLang(req));
    if (mapped.unexpected) {
      this.logger.error({ err, path: req.path, method: req.method }, 'request failed');
    }
    if (res.headersSent) return;
    if (this.pages && wantsHtml(req)) {
      const { code, message } = mapped.body.error;
      return this.pages.send(req, res, { status: mapped.status, code, message });
    }
    res.status(mapped.status).json(mapped.body);
  }
}
