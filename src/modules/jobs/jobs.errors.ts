import { defineErrors } from '../../common/errors/domain-error.js';

export const JobsErrors = defineErrors({
  JOB_NOT_FOUND: {
    status: 404,
    de: 'Es gibt keinen fehlgeschlagenen Auftrag mit dieser Kennung.',
    en: 'There is no failed job with this id.',
  },
  AUDIT_VERIFICATION_NOT_FOUND: {
    status: 404,
    de: 'Es gibt keine Prüfung des Protokolls mit dieser Kennung.',
    en: 'There is no audit verification with this id.',
  },
});
