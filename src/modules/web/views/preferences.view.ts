import type { Lang } from '../../../common/errors/domain-error.js';
import { flag, markup, type SafeHtml } from '../html.js';
import type { WebMessages } from '../i18n/messages.js';
import type { PreferencesPageMessages } from '../i18n/preferences.messages.js';
import { errorSummary, type FormProblem } from './form.view.js';
import { csrfField } from './layout.view.js';

export interface PreferencesForm {
  readonly lang: Lang;
  readonly digest: boolean;
  readonly digestHour: number;
}

/**
 * The user's own notification settings: the language of the mails (radio buttons in a
 * fieldset) and the daily digest (a checkbox), one form.
 */
export function preferencesView(
  m: WebMessages,
  pm: PreferencesPageMessages,
  csrfToken: string,
  form: PreferencesForm,
  problems: readonly FormProblem[],
  notice?: string,
): SafeHtml {
  const langProblem = problems.find((p) => p.field === 'lang-de');
  const langs: Lang[] = ['de', 'en'];
  return markup`<h1>${pm.title}</h1>
${errorSummary(m.login.errorSummaryTitle, problems, 'lang-de')}
${notice && markup`<div class="notice" role="status"><p>${notice}</p></div>`}
<p class="intro">${pm.intro}</p>
<form method="post" action="/preferences" class="preferences-form" novalidate>
${csrfField(csrfToken)}
<fieldset class="choices${langProblem ? ' field-error' : ''}" aria-describedby="lang-hint">
<legend>${pm.langLegend}</legend>
<p class="hint" id="lang-hint">${pm.langHint}</p>
${langProblem && markup`<p class="error-message">${langProblem.text}</p>`}
${langs.map(
  (l) => markup`<div class="choice">
<input type="radio" id="lang-${l}" name="lang" value="${l}"${flag('checked', form.lang === l)}>
<label for="lang-${l}" lang="${l}">${pm.langs[l]}</label>
</div>`,
)}
</fieldset>
<fieldset class="choices" aria-describedby="digest-hint">
<legend>${pm.digestLegend}</legend>
<p class="hint" id="digest-hint">${pm.digestHint}</p>
<div class="choice">
<input type="checkbox" id="digest" name="digest" value="on"${flag('checked', form.digest)}>
<label for="digest">${pm.digestLabel(form.digestHour)}</label>
</div>
</fieldset>
<button type="submit" class="button">${pm.submit}</button>
</form>
`;
}
