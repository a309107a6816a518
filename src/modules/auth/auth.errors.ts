import { defineErrors } from '../../common/errors/domain-error.js';

export const AuthErrors = defineErrors({
  AUTH_REQUIRED: { status: 401, de: 'Anmeldung erforderlich.', en: 'Authentication required.' },
  AUTH_INVALID_CREDENTIALS: {
    status: 401,
    de: 'E-Mail-Adresse oder Passwort ist falsch.',
    en: 'E-mail address or password is wrong.',
  },
  AUTH_LOCKED: {
    status: 423,
    de: 'Das Konto ist nach zu vielen Fehlversuchen vorübergehend gesperrt.',
    en: 'The account is temporarily locked after too many failed attempts.',
  },
  AUTH_TENANT_REQUIRED: {
    status: 409,
    de: 'Diese Anmeldedaten gelten für Konten in mehreren Organisationen: Bitte geben Sie die Organisation an (tenant).',
    en: 'These credentials fit accounts in several organisations: please name the organisation (tenant).',
  },
  AUTH_INVALID_API_KEY: {
    status: 401,
    de: 'Der API-Schlüssel ist ungültig oder widerrufen.',
    en: 'The API key is invalid or revoked.',
  },
  AUTH_SESSION_INVALID: {
    status: 401,
    de: 'Die Sitzung ist abgelaufen oder ungültig.',
    en: 'The session has expired or is invalid.',
  },
  AUTH_FORBIDDEN: {
    status: 403,
    de: 'Für diese Aktion fehlt die Berechtigung.',
    en: 'You are not allowed to do this.',
  },
  AUTH_PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    de: 'Bitte ändern Sie zuerst das Einmal-Passwort (POST /api/v1/auth/password oder /password).',
    en: 'Please replace the one-time password first (POST /api/v1/auth/password or /password).',
  },
  AUTH_CSRF_REJECTED: {
    status: 403,
    de: 'Die Anfrage kam nicht von dieser Anwendung (Origin/Referer oder CSRF-Token fehlen oder passen nicht).',
    en: 'The request did not come from this application (Origin/Referer or CSRF token missing or wrong).',
  },
  AUTH_INVALID_INPUT: { status: 400, de: 'Die Eingaben sind ungültig.', en: 'The input is invalid.' },
  AUTH_PASSWORD_TOO_WEAK: {
    status: 400,
    de: 'Das Passwort muss mindestens 12 Zeichen lang sein.',
    en: 'The password must be at least 12 characters long.',
  },
  AUTH_PASSWORD_TRIVIAL: {
    status: 400,
    de: 'Das Passwort besteht aus Wiederholungen oder einfachen Folgen (wie 111111, 123456 oder qwertz). Bitte wählen Sie ein anderes.',
    en: 'The password consists of repetitions or simple sequences (such as 111111, 123456 or qwerty). Please choose another one.',
  },
  AUTH_PASSWORD_PERSONAL: {
    status: 400,
    de: 'Das Passwort darf nicht im Wesentlichen aus Ihrer E-Mail-Adresse oder dem Namen Ihrer Organisation bestehen.',
    en: 'The password must not consist essentially of your e-mail address or the name of your organisation.',
  },
  AUTH_PASSWORD_COMMON: {
    status: 400,
    de: 'Dieses Passwort gehört zu den häufigsten, aus Datenlecks bekannten Passwörtern. Bitte wählen Sie ein anderes.',
    en: 'This password is one of the most common passwords known from data breaches. Please choose another one.',
  },
  USER_EMAIL_TAKEN: {
    status: 409,
    de: 'Diese E-Mail-Adresse ist bereits vergeben.',
    en: 'This e-mail address is already in use.',
  },
  USER_NOT_FOUND: { status: 404, de: 'Benutzer nicht gefunden.', en: 'User not found.' },
  USER_CANNOT_DISABLE_SELF: {
    status: 409,
    de: 'Das eigene Konto kann nicht deaktiviert werden.',
    en: 'You cannot disable your own account.',
  },
  USER_LAST_ADMIN: {
    status: 409,
    de: 'Die Organisation braucht mindestens ein aktives Konto mit der Rolle admin: Dieses Konto kann die Rolle nicht verlieren und nicht deaktiviert werden.',
    en: 'The organisation needs at least one enabled account with the admin role: this account cannot lose the role or be disabled.',
  },
  USER_CANNOT_DEMOTE_SELF: {
    status: 409,
    de: 'Die eigene Rolle admin kann nicht entfernt werden.',
    en: 'You cannot take the admin role from yourself.',
  },
  USER_CANNOT_RESET_OWN_PASSWORD: {
    status: 409,
    de: 'Das eigene Passwort wird über die Passwortänderung geändert, nicht zurückgesetzt.',
    en: 'Change your own password through the password change, not a reset.',
  },
  API_KEY_NOT_FOUND: { status: 404, de: 'API-Schlüssel nicht gefunden.', en: 'API key not found.' },
});
