import { defineErrors } from '../../../common/errors/domain-error.js';

/** Callback administration and delivery; a delivery failure never carries what the target answered. */
export const PeppolCallbackErrors = defineErrors({
  CALLBACK_NOT_FOUND: {
    status: 404,
    de: 'Für diesen Zugangspunkt ist keine Callback-Adresse eingerichtet.',
    en: 'No callback address is set up for this access point.',
  },
  CALLBACK_DELIVERY_FAILED: {
    status: 502,
    de: 'Die Antwort konnte nicht an die Callback-Adresse zugestellt werden (nicht erreichbar oder kein 2xx-Status).',
    en: 'The response could not be delivered to the callback address (unreachable, or no 2xx status).',
  },
});
