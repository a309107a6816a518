import { defineErrors } from '../errors/domain-error.js';

/** Refusals of the outbound-connection guard, as a tenant's admin sees them. */
export const NetErrors = defineErrors({
  OUTBOUND_ADDRESS_FORBIDDEN: {
    status: 422,
    de: 'Diese Adresse ist aus dem Netz der Plattform nicht erreichbar (lokale, private oder reservierte Adresse). Für Ziele im eigenen Netz kann der Betrieb sie freigeben.',
    en: "This address cannot be reached from the platform's network (a local, private or reserved address). The operator can allow targets in the own network.",
  },
});
