import { defineErrors } from '../../common/errors/domain-error.js';

export const WebErrors = defineErrors({
  WEB_CSRF_INVALID: {
    status: 403,
    de: 'Das Formular ist abgelaufen oder ungültig. Bitte laden Sie die Seite neu.',
    en: 'The form has expired or is invalid. Please reload the page.',
  },
});
