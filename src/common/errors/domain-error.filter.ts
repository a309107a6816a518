import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { resolveLang } from '../i18n/lang.js';
import { mapError } from './http-error.mapper.js';

/**
 * The global exception filter: every error leaves as `{ error: { code, message } }` in
 * the caller's language. A controller that must answer with HTML (the web UI) declares
 * its own filter with `@UseFilters`, which Nest prefers over this global one.
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

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
    res.status(mapped.status).json(mapped.body);
  }
}
