import { markup, type SafeHtml } from '../html.js';
import type { WebMessages } from '../i18n/messages.js';
import type { RevalidationCandidate } from '../../invoices/invoice-revalidation.js';
import { csrfField, timeOf } from './layout.view.js';

/** One invoice refused for an internal reason, as the admin page lists it. */
export type RevalidationRow = RevalidationCandidate;

// The page's own texts (kept beside it until the page joins the shared message catalogue).
const TEXTS = {
  de: {
    title: 'Erneut prüfen',
    intro:
      'Diese Rechnungen wurden aus einem internen Grund abgelehnt (z. B. weil die XML-Schemata fehlten), nicht wegen eines Fehlers der Rechnung. Eine erneute Prüfung zählt den früheren Versuch nicht als Dublette.',
    empty: 'Keine Rechnung wartet auf eine erneute Prüfung.',
    caption: 'Aus internem Grund abgelehnte Rechnungen',
    number: 'Rechnungsnummer',
    seller: 'Verkäufer',
    received: 'Eingegangen',
    cause: 'Grund',
    action: 'Aktion',
    button: 'Erneut prüfen',
    done: 'Die Rechnung wird erneut geprüft.',
  },
  en: {
    title: 'Validate again',
    intro:
      'These invoices were rejected for an internal reason (such as missing XML schemas), not for a fault of the invoice. Validating again does not count the earlier attempt as a duplicate.',
    empty: 'No invoice waits to be validated again.',
    caption: 'Invoices rejected for an internal reason',
    number: 'Invoice number',
    seller: 'Seller',
    received: 'Received',
    cause: 'Reason',
    action: 'Action',
    button: 'Validate again',
    done: 'The invoice is being validated again.',
  },
} as const;

export function revalidationTexts(m: WebMessages): (typeof TEXTS)['de' | 'en'] {
  return m.lang === 'de' ? TEXTS.de : TEXTS.en;
}

/** The admin page: the invoices refused for an internal reason, each with a button to validate it again. */
export function revalidationView(
  m: WebMessages,
  csrfToken: string,
  rows: readonly RevalidationRow[],
  done: boolean,
): SafeHtml {
  const t = revalidationTexts(m);
  const notice = done && markup`<div class="notice" role="status"><p>${t.done}</p></div>`;
  if (rows.length === 0) {
    return markup`<h1>${t.title}</h1>
${notice}
<section class="empty-state" aria-labelledby="revalidation-empty">
<h2 id="revalidation-empty">${t.empty}</h2>
<p>${t.intro}</p>
</section>
`;
  }
  return markup`<h1>${t.title}</h1>
${notice}
<p>${t.intro}</p>
<table class="data-table">
<caption>${t.caption}</caption>
<thead>
<tr><th scope="col">${t.number}</th><th scope="col">${t.seller}</th><th scope="col">${t.received}</th><th scope="col">${t.cause}</th><th scope="col">${t.action}</th></tr>
</thead>
<tbody>
${rows.map(
  (r) =>
    markup`<tr><th scope="row">${r.number ?? r.fileName ?? r.id}</th><td>${r.sellerName ?? '–'}</td><td>${timeOf(r.receivedAt, m.lang)}</td><td>${r.cause}</td><td><form method="post" action="/admin/revalidation/${r.id}">${csrfField(csrfToken)}<button type="submit" class="button" aria-label="${t.button}: ${r.number ?? r.fileName ?? r.id}">${t.button}</button></form></td></tr>`,
)}
</tbody>
</table>
`;
}
