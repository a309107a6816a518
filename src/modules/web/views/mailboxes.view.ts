import { markup, type SafeHtml } from '../html.js';
import type { WebMessages } from '../i18n/messages.js';
import type { MailboxPageMessages } from '../i18n/mailboxes.messages.js';
import { csrfField, timeOf } from './layout.view.js';

/** One mailbox as the admin's page shows it. */
export interface MailboxRow {
  readonly id: string;
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly username: string;
  readonly folder: string;
  readonly enabled: boolean;
  readonly lastPolledAt: Date | null;
  /** The meaning of the last error code in the page's language, or null. */
  readonly lastError: string | null;
}

function when(m: WebMessages, mm: MailboxPageMessages, at: Date | null): SafeHtml | string {
  return at ? timeOf(at, m.lang) : mm.never;
}

/** A state change is a form post with the CSRF field, never a link. */
function actionButton(csrfToken: string, href: string, text: string, label: string): SafeHtml {
  return markup`<form method="post" action="${href}" class="inline-form">
${csrfField(csrfToken)}
<button type="submit" class="button-secondary" aria-label="${label}">${text}</button>
</form>`;
}

/**
 * The admin's list of the tenant's mailboxes, with disable / enable and a way to remove each
 * (removing asks first, on a page of its own: no script).
 */
export function mailboxesView(
  m: WebMessages,
  mm: MailboxPageMessages,
  csrfToken: string,
  rows: readonly MailboxRow[],
  notice?: string,
): SafeHtml {
  const c = mm.columns;
  const status = notice && markup`<div class="notice" role="status"><p>${notice}</p></div>`;
  if (rows.length === 0) {
    return markup`<h1>${mm.title}</h1>
${status}
<p>${mm.intro}</p>
<section class="empty-state" aria-labelledby="mailboxes-empty">
<h2 id="mailboxes-empty">${mm.empty}</h2>
<p>${mm.emptyHint}</p>
</section>
`;
  }
  return markup`<h1>${mm.title}</h1>
${status}
<p>${mm.intro}</p>
<table class="data-table">
<caption>${mm.caption}</caption>
<thead>
<tr><th scope="col">${c.name}</th><th scope="col">${c.server}</th><th scope="col">${c.account}</th><th scope="col">${c.state}</th><th scope="col">${c.lastPoll}</th><th scope="col">${c.lastError}</th><th scope="col">${c.actions}</th></tr>
</thead>
<tbody>
${rows.map((r) => {
  const base = `/admin/mailboxes/${r.id}`;
  const toggle = r.enabled
    ? actionButton(csrfToken, `${base}/disable`, mm.disable, mm.actionFor(mm.disable, r.name))
    : actionButton(csrfToken, `${base}/enable`, mm.enable, mm.actionFor(mm.enable, r.name));
  return markup`<tr>
<th scope="row">${r.name}</th>
<td>${r.host}:${r.port} (${r.secure ? mm.encrypted : mm.plain})</td>
<td>${r.username} / ${r.folder}</td>
<td>${r.enabled ? mm.active : mm.inactive}</td>
<td>${when(m, mm, r.lastPolledAt)}</td>
<td>${r.lastError ?? mm.noError}</td>
<td>${toggle} <a href="${base}/remove" aria-label="${mm.actionFor(mm.remove, r.name)}">${mm.remove}</a></td>
</tr>`;
})}
</tbody>
</table>
`;
}

/** `GET /admin/mailboxes/:id/remove`: what removing means, and the form that does it. */
export function removeMailboxView(mm: MailboxPageMessages, csrfToken: string, row: MailboxRow): SafeHtml {
  return markup`<h1>${mm.removeTitle}</h1>
<form method="post" action="/admin/mailboxes/${row.id}/remove">
${csrfField(csrfToken)}
<p>${mm.removeQuestion(row.name)}</p>
<p>${mm.removeExplanation}</p>
<button type="submit" class="button">${mm.removeConfirm}</button>
<a class="cancel-link" href="/admin/mailboxes">${mm.cancel}</a>
</form>
`;
}
