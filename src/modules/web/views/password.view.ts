import { markup, type SafeHtml } from '../html.js';
import type { WebMessages } from '../i18n/messages.js';
import { errorSummary, field, type FormProblem } from './form.view.js';
import { csrfField } from './layout.view.js';

export type PasswordField = 'currentPassword' | 'newPassword' | 'repeatPassword';

export interface PasswordProblem extends FormProblem {
  readonly field?: PasswordField;
}

/**
 * Changing one's own password; after a generated first-login password the sign-in leads
 * here. `autocomplete="new-password"` lets password managers offer a strong one.
 */
export function passwordView(
  m: WebMessages,
  csrfToken: string,
  problems: readonly PasswordProblem[],
  notice?: string,
): SafeHtml {
  const p = m.password;
  const problem = (f: PasswordField) => problems.find((x) => x.field === f);
  return markup`<h1>${p.title}</h1>
${errorSummary(m.login.errorSummaryTitle, problems, 'currentPassword')}
${notice && markup`<div class="notice" role="status"><p>${notice}</p></div>`}
<form method="post" action="/password" class="login-form" novalidate>
${csrfField(csrfToken)}
${field({ name: 'currentPassword', label: p.current, type: 'password', autocomplete: 'current-password', problem: problem('currentPassword') })}
${field({ name: 'newPassword', label: p.new, type: 'password', autocomplete: 'new-password', hint: p.newHint, problem: problem('newPassword') })}
${field({ name: 'repeatPassword', label: p.repeat, type: 'password', autocomplete: 'new-password', problem: problem('repeatPassword') })}
<button type="submit" class="button">${p.submit}</button>
</form>
`;
}
