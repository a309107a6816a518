import { markup, type SafeHtml } from '../html.js';

export interface FormProblem {
  /** The id of the field the problem belongs to; none for a problem of the whole form. */
  readonly field?: string;
  readonly text: string;
}

/**
 * The error summary of a form: first on the page and focused (`autofocus` on a
 * `tabindex="-1"` region: no script needed), each entry linking to its field.
 */
export function errorSummary(title: string, problems: readonly FormProblem[], firstField: string): SafeHtml {
  if (problems.length === 0) return markup``;
  return markup`<div class="error-summary" id="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h2 id="error-summary-title">${title}</h2>
<ul>
${problems.map((p) => markup`<li><a href="#${p.field ?? firstField}">${p.text}</a></li>`)}
</ul>
</div>`;
}

export interface FieldInput {
  readonly name: string;
  readonly label: string;
  readonly type: 'email' | 'password' | 'text';
  readonly autocomplete: string;
  readonly value?: string;
  readonly hint?: string;
  readonly problem?: FormProblem;
}

/** A labelled input; with a problem it carries `aria-invalid` and the message via `aria-describedby`. */
export function field(f: FieldInput): SafeHtml {
  const describedBy = [f.hint ? `${f.name}-hint` : '', f.problem ? `${f.name}-error` : '']
    .filter(Boolean)
    .join(' ');
  return markup`<div class="field${f.problem ? ' field-error' : ''}">
<label for="${f.name}">${f.label}</label>
${f.hint && markup`<p class="hint" id="${f.name}-hint">${f.hint}</p>`}
${f.problem && markup`<p class="error-message" id="${f.name}-error">${f.problem.text}</p>`}
<input id="${f.name}" name="${f.name}" type="${f.type}" autocomplete="${f.autocomplete}" required${
    f.type === 'email' ? markup` spellcheck="false" autocapitalize="off"` : ''
  }${describedBy ? markup` aria-describedby="${describedBy}"` : ''}${
    f.problem ? markup` aria-invalid="true"` : ''
  } value="${f.value ?? ''}">
</div>`;
}
