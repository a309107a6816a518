import { markup, type SafeHtml } from '../html.js';
import type { WebMessages } from '../i18n/messages.js';
import { errorSummary, field, type FormProblem } from './form.view.js';
import { csrfField } from './layout.view.js';

export type LoginField = 'email' | 'password';

export interface LoginProblem extends FormProblem {
  readonly field?: LoginField;
}

export interface LoginViewInput {
  readonly m: WebMessages;
  readonly csrfToken: string;
  readonly email: string;
  /** Local path to go to after signing in. */
  readonly next?: string;
  /** A status message without fault (signed out, session expired). */
  readonly notice?: string;
  readonly problems: readonly LoginProblem[];
  /** The address and password fit accounts in these tenants: the user chooses one. */
  readonly tenants?: readonly { readonly slug: string; readonly name: string }[];
}

/** The sign-in form; problems first, in a focused error summary. */
export function loginView(v: LoginViewInput): SafeHtml {
  const { m } = v;
  const problem = (f: LoginField) => v.problems.find((p) => p.field === f);
  return markup`<h1>${m.login.title}</h1>
${errorSummary(m.login.errorSummaryTitle, v.problems, 'email')}
${v.notice && markup`<div class="notice" role="status"><p>${v.notice}</p></div>`}
<p>${m.login.intro}</p>
<form method="post" action="/login" class="login-form" novalidate>
${csrfField(v.csrfToken)}
${v.next && markup`<input type="hidden" name="next" value="${v.next}">`}
${field({ name: 'email', label: m.login.email, type: 'email', autocomplete: 'username', value: v.email, hint: m.login.emailHint, problem: problem('email') })}
${field({ name: 'password', label: m.login.password, type: 'password', autocomplete: 'current-password', problem: problem('password') })}
${
  v.tenants?.length &&
  markup`<fieldset class="field"><legend>${m.login.tenant}</legend>
${v.tenants.map((t, i) => markup`<div><input type="radio" id="tenant-${i}" name="tenant" value="${t.slug}"${i === 0 ? markup` checked` : ''}> <label for="tenant-${i}">${t.name}</label></div>`)}
</fieldset>`
}
<button type="submit" class="button">${m.login.submit}</button>
</form>
`;
}
