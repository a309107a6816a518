import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ErrorPageInput, ErrorPages } from '../../common/errors/error-pages.js';
import { currentCorrelationId } from '../../common/logging/correlation.js';
import { messagesFor } from './i18n/messages.js';
import { PageRenderer } from './page.renderer.js';
import { errorPageTitle, errorPageView } from './views/error.view.js';
import { pageLang, sendHtml } from './web-request.js';

/**
 * Error pages of the UI (404, 403, 500 …) in the request's language. Used by the global
 * error filter for browsers and by the web UI's own filter.
 */
@Injectable()
export class ErrorPageRenderer implements ErrorPages {
  constructor(private readonly pages: PageRenderer) {}

  send(req: Request, res: Response, error: ErrorPageInput): void {
    const lang = pageLang(req, res, this.pages.secureCookies);
    // The request's reference helps the operators find a fault of ours in the log.
    const header = res.getHeader('x-request-id');
    const reference =
      error.status >= 500 ? (typeof header === 'string' ? header : currentCorrelationId()) : undefined;
    // No form on the page, so no CSRF token (and no cookie for it).
    const ctx = { m: messagesFor(lang), csrfToken: '' };
    const doc = this.pages.document(req, ctx, {
      title: errorPageTitle(lang, error.status),
      body: errorPageView(lang, error, reference),
    });
    sendHtml(res, error.status, doc.value);
  }
}
