/**
 * The texts of the UI's error pages, once per language: a heading and a sentence per kind
 * of failure, written for the person in front of the browser (what happened, what now).
 */
import type { Lang } from '../../../common/errors/domain-error.js';

export interface ErrorPageWords {
  readonly title: string;
  readonly explanation: string;
}

export interface ErrorMessages {
  readonly kicker: (status: number) => string;
  readonly notFound: ErrorPageWords;
  readonly forbidden: ErrorPageWords;
  readonly internal: ErrorPageWords;
  readonly unavailable: ErrorPageWords;
  readonly other: ErrorPageWords;
  readonly code: string;
  readonly reference: string;
  readonly home: string;
}

const de: ErrorMessages = {
  kicker: (status) => `Fehler ${status}`,
  notFound: {
    title: 'Seite nicht gefunden',
    explanation:
      'Diese Seite gibt es nicht oder nicht mehr. Bitte prüfen Sie die Adresse oder den Link, dem Sie gefolgt sind.',
  },
  forbidden: {
    title: 'Kein Zugriff',
    explanation: 'Für diese Seite fehlt Ihnen die Berechtigung.',
  },
  internal: {
    title: 'Ein Fehler ist aufgetreten',
    explanation:
      'Bei der Bearbeitung Ihrer Anfrage ist bei uns ein Fehler aufgetreten. Bitte versuchen Sie es später erneut. Wenn der Fehler bleibt, nennen Sie dem Betrieb die Anfragenummer unten.',
  },
  unavailable: {
    title: 'Vorübergehend nicht verfügbar',
    explanation: 'Der Dienst ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Minuten erneut.',
  },
  other: {
    title: 'Die Anfrage konnte nicht bearbeitet werden',
    explanation: 'Bitte prüfen Sie Ihre Eingabe und versuchen Sie es erneut.',
  },
  code: 'Fehlercode',
  reference: 'Anfragenummer',
  home: 'Zur Startseite',
};

const en: ErrorMessages = {
  kicker: (status) => `Error ${status}`,
  notFound: {
    title: 'Page not found',
    explanation:
      'This page does not exist or no longer exists. Please check the address or the link you followed.',
  },
  forbidden: {
    title: 'Access denied',
    explanation: 'You are not allowed to see this page.',
  },
  internal: {
    title: 'Something went wrong',
    explanation:
      'An error occurred on our side while handling your request. Please try again later. If the error persists, give the operators the request reference below.',
  },
  unavailable: {
    title: 'Temporarily unavailable',
    explanation: 'The service cannot be reached right now. Please try again in a few minutes.',
  },
  other: {
    title: 'The request could not be handled',
    explanation: 'Please check your input and try again.',
  },
  code: 'Error code',
  reference: 'Request reference',
  home: 'Go to the start page',
};

const MESSAGES: Readonly<Record<Lang, ErrorMessages>> = { de, en };

export function errorMessagesFor(lang: Lang): ErrorMessages {
  return MESSAGES[lang];
}

/** The words for a status: 404, 403, 5xx have their own, the rest share one. */
export function errorWords(e: ErrorMessages, status: number): ErrorPageWords {
  if (status === 404) return e.notFound;
  if (status === 403) return e.forbidden;
  if (status === 503) return e.unavailable;
  if (status >= 500) return e.internal;
  return e.other;
}
