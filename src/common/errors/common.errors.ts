import { defineErrors } from './domain-error.js';

/** Codes for failures that belong to no domain (routing, framework, rate limits). */
export const CommonErrors = defineErrors({
  BAD_REQUEST: { status: 400, de: 'Die Anfrage ist ungültig.', en: 'The request is invalid.' },
  UNAUTHENTICATED: { status: 401, de: 'Bitte melden Sie sich an.', en: 'Please sign in.' },
  FORBIDDEN: {
    status: 403,
    de: 'Dafür fehlt Ihnen die Berechtigung.',
    en: 'You are not allowed to do this.',
  },
  NOT_FOUND: { status: 404, de: 'Nicht gefunden.', en: 'Not found.' },
  METHOD_NOT_ALLOWED: { status: 405, de: 'Methode nicht erlaubt.', en: 'Method not allowed.' },
  CONFLICT: {
    status: 409,
    de: 'Konflikt mit dem aktuellen Zustand.',
    en: 'Conflict with the current state.',
  },
  PAYLOAD_TOO_LARGE: { status: 413, de: 'Die Anfrage ist zu groß.', en: 'The request is too large.' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    de: 'Dieses Format wird nicht unterstützt.',
    en: 'This media type is not supported.',
  },
  RATE_LIMITED: {
    status: 429,
    de: 'Zu viele Anfragen. Bitte versuchen Sie es später erneut.',
    en: 'Too many requests. Please try again later.',
  },
  INTERNAL_ERROR: {
    status: 500,
    de: 'Ein interner Fehler ist aufgetreten.',
    en: 'An internal error occurred.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    de: 'Der Dienst ist vorübergehend nicht verfügbar.',
    en: 'The service is temporarily unavailable.',
  },
});
