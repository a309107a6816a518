import { defineErrors } from '../../common/errors/domain-error.js';

export const InvoicesErrors = defineErrors({
  INVOICE_NOT_FOUND: {
    status: 404,
    de: 'Rechnung nicht gefunden.',
    en: 'Invoice not found.',
  },
  INVOICE_NOT_REVALIDATABLE: {
    status: 409,
    de: 'Nur Rechnungen, die aus einem internen Grund abgelehnt wurden (z. B. fehlende XML-Schemata), können erneut geprüft werden.',
    en: 'Only invoices rejected for an internal reason (such as missing XML schemas) can be validated again.',
  },
});
