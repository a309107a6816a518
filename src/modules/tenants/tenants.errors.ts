import { defineErrors } from '../../common/errors/domain-error.js';

export const TenantErrors = defineErrors({
  TENANT_NOT_FOUND: { status: 404, de: 'Mandant nicht gefunden.', en: 'Tenant not found.' },
  TENANT_SLUG_TAKEN: {
    status: 409,
    de: 'Das Kürzel des Mandanten ist bereits vergeben.',
    en: 'The tenant slug is already taken.',
  },
  TENANT_INVALID: {
    status: 400,
    de: 'Die Angaben zum Mandanten sind ungültig.',
    en: 'The tenant data is invalid.',
  },
  TENANT_LEITWEG_ID_INVALID: {
    status: 400,
    de: 'Die Leitweg-ID ist ungültig (Aufbau oder Prüfziffer).',
    en: 'The Leitweg-ID is invalid (format or check digits).',
  },
  TENANT_RECEIVER_ID_TAKEN: {
    status: 409,
    de: 'Die Empfängerkennung ist bereits einem Mandanten zugeordnet.',
    en: 'The receiver id is already assigned to a tenant.',
  },
  TENANT_RECEIVER_ID_NOT_FOUND: {
    status: 404,
    de: 'Der Mandant hat diese Empfängerkennung nicht.',
    en: 'The tenant does not have this receiver id.',
  },
});
