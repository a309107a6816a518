import type { Lang } from '../../../common/errors/domain-error.js';

/** The texts of a code list: code → [German, English]. Our own data, written from the public lists. */
export type CodeTexts = Readonly<Record<string, readonly [de: string, en: string]>>;

/** The text of a code in the reader's language; undefined for a code the list does not name. */
export function textOf(list: CodeTexts, code: string | null | undefined, lang: Lang): string | undefined {
  if (code === null || code === undefined) return undefined;
  const key = code.trim();
  const entry = Object.prototype.hasOwnProperty.call(list, key) ? list[key] : undefined;
  return entry ? entry[lang === 'de' ? 0 : 1] : undefined;
}

/**
 * A code as people read it: its text with the code after it (`Rechnung (380)`), or the code
 * alone when the list does not name it — never nothing and never a guess.
 */
export function labelOf(list: CodeTexts, code: string | null | undefined, lang: Lang): string {
  if (code === null || code === undefined || code.trim() === '') return '–';
  const text = textOf(list, code, lang);
  return text ? `${text} (${code.trim()})` : code.trim();
}
