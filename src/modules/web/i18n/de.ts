import type { WebMessages } from './messages.js';

export const de: WebMessages = {
  lang: 'de',
  appName: 'E-Rechnungseingang',
  pageTitle: (page) => `${page} – E-Rechnungseingang`,
  skipToContent: 'Zum Inhalt springen',
  mainNavigation: 'Hauptnavigation',
  nav: {
    mailboxes: 'Postfächer',
    revalidation: 'Erneut prüfen',
    accounts: 'Kontenplan',
    preferences: 'Benachrichtigungen',
    policies: 'Richtlinien',
    groups: 'Gruppen',
    limits: 'Befugnisse',
    postings: 'Buchungen',
    substitutes: 'Vertretung',
    records: 'Akten',
    recordExports: 'DMS-Export',
  },
  languageNavigation: 'Sprache',
  otherLanguage: { lang: 'en', name: 'English', label: 'Switch to English' },
  signedInAs: (name, tenant) => `Angemeldet als ${name} (${tenant})`,
  signOut: 'Abmelden',
  changePassword: 'Passwort ändern',
  footer: 'einvoice-intake – Eingang, Prüfung und Freigabe von E-Rechnungen (XRechnung, ZUGFeRD)',
  login: {
    title: 'Anmelden',
    intro: 'Melden Sie sich mit Ihrer dienstlichen E-Mail-Adresse und Ihrem Passwort an.',
    email: 'E-Mail-Adresse',
    emailHint: 'Zum Beispiel name@musterstadt.example',
    password: 'Passwort',
    submit: 'Anmelden',
    errorSummaryTitle: 'Es ist ein Problem aufgetreten',
    emailMissing: 'Geben Sie Ihre E-Mail-Adresse ein.',
    passwordMissing: 'Geben Sie Ihr Passwort ein.',
    invalidCredentials: 'E-Mail-Adresse oder Passwort ist nicht korrekt.',
    locked:
      'Ihr Konto ist nach zu vielen Fehlversuchen vorübergehend gesperrt. Versuchen Sie es später erneut oder wenden Sie sich an Ihre Administration.',
    rateLimited: 'Zu viele Anmeldeversuche. Bitte warten Sie eine Minute und versuchen Sie es dann erneut.',
    formExpired: 'Das Formular ist abgelaufen. Bitte senden Sie es erneut.',
    signedOut: 'Sie wurden abgemeldet.',
    sessionExpired: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
    tenant: 'Organisation',
    tenantRequired:
      'Ihre Anmeldedaten gelten für Konten in mehreren Organisationen. Wählen Sie, bei welcher Sie sich anmelden.',
  },
  inbox: {
    title: 'Posteingang',
    empty: 'Keine Rechnungen in Ihrem Posteingang',
    emptyHint:
      'Neue Rechnungen erscheinen hier, sobald sie Ihnen zur Prüfung oder Freigabe zugewiesen werden.',
  },
  password: {
    title: 'Passwort ändern',
    firstLogin:
      'Sie haben sich mit einem Erstpasswort angemeldet. Bitte vergeben Sie jetzt ein eigenes Passwort.',
    current: 'Bisheriges Passwort',
    new: 'Neues Passwort',
    newHint:
      'Mindestens 12 Zeichen; nicht Ihre E-Mail-Adresse oder der Name Ihrer Organisation, kein häufiges Passwort und keine einfache Folge wie 123456.',
    repeat: 'Neues Passwort wiederholen',
    submit: 'Passwort speichern',
    currentMissing: 'Geben Sie Ihr bisheriges Passwort ein.',
    currentWrong: 'Das bisherige Passwort ist nicht korrekt.',
    tooShort: 'Das neue Passwort muss mindestens 12 Zeichen lang sein.',
    mismatch: 'Die beiden neuen Passwörter stimmen nicht überein.',
    changed: 'Ihr Passwort wurde geändert. Andere Sitzungen wurden beendet.',
  },
  signOutPage: {
    title: 'Abmelden',
    question: 'Möchten Sie sich abmelden?',
    cancel: 'Zurück zum Posteingang',
  },
  error: {
    title: 'Fehler',
    formExpired:
      'Das Formular ist abgelaufen oder ungültig. Bitte laden Sie die Seite neu und versuchen Sie es erneut.',
    backToStart: 'Zur Startseite',
  },
};
