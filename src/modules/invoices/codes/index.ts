/**
 * Code texts, not codes: the names of the codes an invoice carries (document type, payment
 * means, VAT category, unit) in German and English, for the invoice page and its PDF.
 */
import type { Lang } from '../../../common/errors/domain-error.js';
import { labelOf, textOf } from './code-texts.js';
import { DOCUMENT_TYPES } from './document-types.js';
import { PAYMENT_MEANS } from './payment-means.js';
import { UNITS } from './units.js';
import { VAT_CATEGORIES } from './vat-categories.js';

export { CREDIT_NOTE_TYPES, DOCUMENT_TYPES } from './document-types.js';
export { PAYMENT_MEANS } from './payment-means.js';
export { UNITS } from './units.js';
export { VAT_CATEGORIES } from './vat-categories.js';
export { labelOf, textOf, type CodeTexts } from './code-texts.js';

/** BT-3: `Rechnung (380)`; an unknown code as written. */
export const documentTypeLabel = (code: string | null | undefined, lang: Lang): string =>
  labelOf(DOCUMENT_TYPES, code, lang);

/** BT-81: `SEPA-Überweisung (58)`. */
export const paymentMeansLabel = (code: string | null | undefined, lang: Lang): string =>
  labelOf(PAYMENT_MEANS, code, lang);

/** BT-118 / BT-151: `Steuerbefreit (E)`. */
export const vatCategoryLabel = (code: string | null | undefined, lang: Lang): string =>
  labelOf(VAT_CATEGORIES, code, lang);

/** BT-130: the unit's name (`Stunde`), the code as written when the list does not name it. */
export function unitLabel(code: string | null | undefined, lang: Lang): string {
  if (code === null || code === undefined || code.trim() === '') return '';
  return textOf(UNITS, code, lang) ?? code.trim();
}
