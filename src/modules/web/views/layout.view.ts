import { markup, type SafeHtml } from '../html.js';
import { CSRF_FIELD } from '../csrf.js';
import type { WebMessages } from '../i18n/messages.js';
import type { Lang } from '../../../common/errors/domain-error.js';
import { formatDateTime } from '../../validation/report/format.js';

export interface PageUser {
  readonly displayName: string;
  readonly tenantName: string;
  /** Admins see the administration pages in the navigation. */
  readonly admin?: boolean;
  /** Staff roles: auditors and treasury see the approval pages they may read. */
  readonly roles?: readonly string[];
  /** Still on the one-time password: every other page is refused, so none is offered. */
  readonly mustChangePassword?: boolean;
}

export interface PageInput {
  readonly m: WebMessages;
  /** The page's own name; the document title adds the product name. */
  readonly title: string;
  /** Link to this page in the other language (`?lang=` kept with the other query parameters). */
  readonly otherLanguageHref: string;
  readonly csrfToken: string;
  /** Set on pages of a signed-in user: navigation and the sign-out button. */
  readonly user?: PageUser;
  /** Path of the current page, to mark the navigation entry with `aria-current`. */
  readonly currentPath: string;
  readonly body: SafeHtml;
  /** Stylesheets a page needs besides the UI's own (e.g. `/assets/report.css`). */
  readonly stylesheets?: readonly string[];
}

/** A moment as every page shows it: the reader's format, German time with its zone named. */
export function timeOf(at: Date, lang: Lang): SafeHtml {
  return markup`<time datetime="${at.toISOString()}">${formatDateTime(at, lang)}</time>`;
}

/** The hidden CSRF field every form of the UI carries. */
export function csrfField(token: string): SafeHtml {
  return markup`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;
}

/**
 * The approval pages in the navigation: policies and groups for admins (auditors read them),
 * authorities for admins, auditors and the Kasse, substitutes for every staff member.
 */
function approvalNav(
  user: PageUser,
  m: WebMessages,
  navLink: (href: string, text: string) => SafeHtml,
): SafeHtml {
  const roles = new Set(user.roles ?? (user.admin ? ['admin'] : []));
  const reads = (...allowed: string[]) => user.admin === true || allowed.some((r) => roles.has(r));
  return markup`${
    reads('auditor') &&
    markup`<li>${navLink('/admin/policies', m.nav.policies)}</li>
<li>${navLink('/admin/groups', m.nav.groups)}</li>`
  }
${reads('auditor', 'treasury') && markup`<li>${navLink('/admin/limits', m.nav.limits)}</li>`}
${reads('auditor', 'treasury') && markup`<li>${navLink('/records', m.nav.records)}</li>`}
<li>${navLink('/substitutes', m.nav.substitutes)}</li>`;
}

/**
 * The page frame: `lang` on the root, a skip link as the first focusable element, the
 * landmarks header / nav / main / footer, and no inline script or style (strict CSP).
 */
export function layout(p: PageInput): SafeHtml {
  const { m } = p;
  const navLink = (href: string, text: string) =>
    markup`<a href="${href}"${p.currentPath === href ? markup` aria-current="page"` : ''}>${text}</a>`;
  return markup`<!doctype html>
<html lang="${m.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${m.pageTitle(p.title)}</title>
<link rel="stylesheet" href="/assets/web.css">
${(p.stylesheets ?? []).map((href) => markup`<link rel="stylesheet" href="${href}">\n`)}<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
</head>
<body>
<a class="skip-link" href="#main">${m.skipToContent}</a>
<header class="site-header">
<div class="wrap header-row">
<a class="brand" href="/">${m.appName}</a>
${
  p.user &&
  markup`<nav class="main-nav" aria-label="${m.mainNavigation}">
<ul>
${!p.user.mustChangePassword && markup`<li>${navLink('/inbox', m.inbox.title)}</li>`}
${
  p.user.admin &&
  !p.user.mustChangePassword &&
  markup`<li>${navLink('/admin/mailboxes', m.nav.mailboxes)}</li>
<li>${navLink('/admin/revalidation', m.nav.revalidation)}</li>
<li>${navLink('/admin/accounts', m.nav.accounts)}</li>
<li>${navLink('/admin/postings', m.nav.postings)}</li>
<li>${navLink('/admin/records/exports', m.nav.recordExports)}</li>`
}
${!p.user.mustChangePassword && approvalNav(p.user, m, navLink)}
${!p.user.mustChangePassword && markup`<li>${navLink('/preferences', m.nav.preferences)}</li>`}
<li>${navLink('/password', m.changePassword)}</li>
</ul>
</nav>
<div class="account">
<span class="account-name">${m.signedInAs(p.user.displayName, p.user.tenantName)}</span>
<form method="post" action="/logout" class="inline-form">
${csrfField(p.csrfToken)}
<button type="submit" class="button-secondary">${m.signOut}</button>
</form>
</div>`
}
<nav class="lang-nav" aria-label="${m.languageNavigation}">
<a href="${p.otherLanguageHref}" lang="${m.otherLanguage.lang}" hreflang="${m.otherLanguage.lang}">${m.otherLanguage.name}</a>
</nav>
</div>
</header>
<main id="main" class="wrap" tabindex="-1">
${p.body}
</main>
<footer class="site-footer">
<div class="wrap">
<p>${m.footer}</p>
</div>
</footer>
</body>
</html>
`;
}
