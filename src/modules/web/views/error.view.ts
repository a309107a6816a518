import type { Lang } from '../../../common/errors/domain-error.js';
import type { ErrorPageInput } from '../../../common/errors/error-pages.js';
import { markup, type SafeHtml } from '../html.js';
import { errorMessagesFor, errorWords } from '../i18n/error-messages.js';

/** Codes whose message says no more than the page's own words. */
const GENERIC_CODES = new Set(['NOT_FOUND', 'FORBIDDEN', 'INTERNAL_ERROR', 'SERVICE_UNAVAILABLE']);

/**
 * An error page: the status in words, what to do, the specific message when there is one,
 * the stable code and the request reference (to quote to the operators), and a way home.
 */
export function errorPageView(lang: Lang, e: ErrorPageInput, reference?: string): SafeHtml {
  const m = errorMessagesFor(lang);
  const words = errorWords(m, e.status);
  const specific = !GENERIC_CODES.has(e.code) && e.message;
  return markup`<div class="error-page">
<p class="status-kicker">${m.kicker(e.status)}</p>
<h1>${words.title}</h1>
${specific && markup`<p class="error-specific">${e.message}</p>`}
<p>${words.explanation}</p>
<dl class="error-facts">
<div><dt>${m.code}</dt><dd><code>${e.code}</code></dd></div>
${reference && markup`<div><dt>${m.reference}</dt><dd><code>${reference}</code></dd></div>`}
</dl>
<p><a class="button-link" href="/">${m.home}</a></p>
</div>
`;
}

export function errorPageTitle(lang: Lang, status: number): string {
  return errorWords(errorMessagesFor(lang), status).title;
}
