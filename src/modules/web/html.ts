/**
 * Typed HTML templates without a template engine. `markup` is a tagged template whose
 * interpolated values are escaped unless they are themselves `SafeHtml` (the result of
 * another `markup` call), so user data can only ever reach a page as text. Attribute values
 * must be quoted in the template; the escaping covers both quote characters.
 * The tag is not called `html` on purpose: Prettier reformats `html`-tagged templates as
 * HTML documents and breaks fragments such as `<input${attrs}>`.
 */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** What may be interpolated: `false`, `null` and `undefined` render nothing (for `cond && markup`…). */
export type HtmlValue = SafeHtml | string | number | false | null | undefined | readonly HtmlValue[];

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? c);
}

function render(value: HtmlValue): string {
  if (value === false || value === null || value === undefined) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(value));
}

export function markup(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Renders boolean HTML attributes: `attr('required', true)` → ` required`. */
export function flag(name: string, on: boolean): SafeHtml {
  return new SafeHtml(on ? ` ${name}` : '');
}
