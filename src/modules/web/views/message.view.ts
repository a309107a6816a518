import { markup, type SafeHtml } from '../html.js';
import type { WebMessages } from '../i18n/messages.js';
import { csrfField } from './layout.view.js';

/** `GET /logout`: signing out changes state, so it takes a form post, never a link. */
export function signOutView(m: WebMessages, csrfToken: string): SafeHtml {
  return markup`<h1>${m.signOutPage.title}</h1>
<form method="post" action="/logout">
${csrfField(csrfToken)}
<p>${m.signOutPage.question}</p>
<button type="submit" class="button">${m.signOut}</button>
<a class="cancel-link" href="/inbox">${m.signOutPage.cancel}</a>
</form>
`;
}
