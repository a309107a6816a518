/**
 * The texts of the admin's postings page, once per language (typed by one interface so a
 * text missing in one language is a compile error).
 */
import type { Lang } from '../../../common/errors/domain-error.js';

export interface PostingsPageMessages {
  readonly title: string;
  readonly intro: string;
  readonly overdueTitle: string;
  readonly overdueIntro: (hours: number, total: number) => string;
  readonly overdueCaption: string;
  readonly overdueEmpty: (hours: number) => string;
  readonly unmatchedTitle: string;
  readonly unmatchedIntro: string;
  readonly unmatchedCaption: string;
  readonly unmatchedEmpty: string;
  readonly columns: {
    readonly invoice: string;
    readonly creditor: string;
    readonly amount: string;
    readonly kind: string;
    readonly created: string;
    readonly name: string;
    readonly vatId: string;
    readonly iban: string;
    readonly postings: string;
    readonly last: string;
    readonly matchesNow: string;
  };
  readonly kinds: { readonly posting: string; readonly reversal: string };
  readonly none: string;
  readonly noMatch: string;
}

const de: PostingsPageMessages = {
  title: 'Buchungen',
  intro:
    'Freigegebene Rechnungen werden als Buchungen an das Finanzverfahren übergeben, das sie abholt und mit seiner Buchungsnummer quittiert.',
  overdueTitle: 'Nicht quittierte Buchungen',
  overdueIntro: (hours, total) =>
    `${total} ${total === 1 ? 'Buchung ist' : 'Buchungen sind'} seit mehr als ${hours} Stunden nicht vom Finanzverfahren quittiert.`,
  overdueCaption: 'Buchungen ohne Quittung, älteste zuerst',
  overdueEmpty: (hours) => `Alle Buchungen, die älter als ${hours} Stunden sind, sind quittiert.`,
  unmatchedTitle: 'Kreditoren ohne Zuordnung',
  unmatchedIntro:
    'Für diese Lieferanten fand sich beim Erstellen der Buchung keine Kreditorennummer in den Kreditorenstammdaten des Finanzverfahrens (Abgleich über USt-IdNr., IBAN, Name).',
  unmatchedCaption: 'Lieferanten von Buchungen ohne Kreditorennummer',
  unmatchedEmpty: 'Alle Buchungen tragen eine Kreditorennummer.',
  columns: {
    invoice: 'Rechnung',
    creditor: 'Kreditor',
    amount: 'Betrag',
    kind: 'Art',
    created: 'Erstellt',
    name: 'Name',
    vatId: 'USt-IdNr.',
    iban: 'IBAN',
    postings: 'Buchungen',
    last: 'Zuletzt',
    matchesNow: 'Kreditorennummer heute',
  },
  kinds: { posting: 'Buchung', reversal: 'Generalumkehr' },
  none: '–',
  noMatch: 'keine',
};

const en: PostingsPageMessages = {
  title: 'Postings',
  intro:
    'Approved invoices are handed to the finance system as postings, which it pulls and acknowledges with its booking id.',
  overdueTitle: 'Unacknowledged postings',
  overdueIntro: (hours, total) =>
    `${total} ${total === 1 ? 'posting has' : 'postings have'} not been acknowledged by the finance system for more than ${hours} hours.`,
  overdueCaption: 'Postings without acknowledgement, oldest first',
  overdueEmpty: (hours) => `Every posting older than ${hours} hours has been acknowledged.`,
  unmatchedTitle: 'Unmatched creditors',
  unmatchedIntro:
    "For these suppliers the finance system's creditor master had no creditor number when the posting was created (matched by VAT id, IBAN, name).",
  unmatchedCaption: 'Suppliers of postings without a creditor number',
  unmatchedEmpty: 'Every posting carries a creditor number.',
  columns: {
    invoice: 'Invoice',
    creditor: 'Creditor',
    amount: 'Amount',
    kind: 'Kind',
    created: 'Created',
    name: 'Name',
    vatId: 'VAT id',
    iban: 'IBAN',
    postings: 'Postings',
    last: 'Latest',
    matchesNow: 'Creditor number today',
  },
  kinds: { posting: 'Posting', reversal: 'Reversal' },
  none: '–',
  noMatch: 'none',
};

export function postingsMessagesFor(lang: Lang): PostingsPageMessages {
  return lang === 'en' ? en : de;
}
