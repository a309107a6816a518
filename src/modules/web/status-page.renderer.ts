import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { messagesFor } from './i18n/messages.js';
import { statusMessagesFor } from './i18n/status-messages.js';
import { PageRenderer } from './page.renderer.js';
import { type StatusPageInput, statusView } from './views/status.view.js';
import { pageLang } from './web-request.js';

/** Stylesheet of the validation report the status page embeds (served by the assets controller). */
const REPORT_STYLESHEET = '/assets/report.css';

/**
 * The status page of one invoice as a page of the UI, in the reader's language (`?lang=`,
 * cookie, Accept-Language). Returned as a string for the intake controller, which owns the
 * status link's route and also answers it as JSON.
 */
@Injectable()
export class StatusPageRenderer {
  constructor(private readonly pages: PageRenderer) {}

  render(req: Request, res: Response, input: StatusPageInput): string {
    const lang = pageLang(req, res, this.pages.secureCookies);
    // The page has no form, so it needs (and sets) no CSRF token.
    const ctx = { m: messagesFor(lang), csrfToken: '' };
    const doc = this.pages.document(req, ctx, {
      title: statusMessagesFor(lang).title,
      body: statusView(lang, input),
      stylesheets: [REPORT_STYLESHEET],
    });
    // The page shows an invoice's data: never kept by shared or browser caches.
    res.set('Cache-Control', 'no-store');
    res.type('text/html; charset=utf-8');
    return doc.value;
  }
}
