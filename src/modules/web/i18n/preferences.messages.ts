/**
 * The texts of the own notification settings page, once per language (kept apart from
 * `de.ts` / `en.ts`; typed by one interface so a text missing in one language is a compile error).
 */
import type { Lang } from '../../../common/errors/domain-error.js';

export interface PreferencesPageMessages {
  readonly title: string;
  readonly intro: string;
  readonly langLegend: string;
  readonly langHint: string;
  readonly langs: Readonly<Record<Lang, string>>;
  readonly digestLegend: string;
  readonly digestLabel: (hour: number) => string;
  readonly digestHint: string;
  readonly submit: string;
  readonly saved: string;
  readonly langInvalid: string;
}

const de: PreferencesPageMessages = {
  title: 'Benachrichtigungen',
  intro:
    'Sie erhalten E-Mails, wenn Ihnen eine Rechnung zur Entscheidung zugewiesen wird, vor dem Ende einer Skonto-Frist und wenn eine Aufgabe eskaliert wird.',
  langLegend: 'Sprache der E-Mails',
  langHint: 'Gilt nur für E-Mails. Die Sprache dieser Seiten wählen Sie oben rechts.',
  langs: { de: 'Deutsch', en: 'Englisch (English)' },
  digestLegend: 'Tagesübersicht',
  digestLabel: (hour) => `Jeden Tag ab ${hour} Uhr eine Übersicht meiner offenen Aufgaben per E-Mail senden`,
  digestHint:
    'Mit der Zahl der offenen Aufgaben, dem Skonto, das in den nächsten 7 Tagen verloren gehen kann, und den zehn dringendsten Rechnungen. Aufgaben, die einer ganzen Rolle zugewiesen sind, erscheinen nur hier, nicht als einzelne E-Mail.',
  submit: 'Speichern',
  saved: 'Ihre Einstellungen sind gespeichert.',
  langInvalid: 'Bitte wählen Sie Deutsch oder Englisch.',
};

const en: PreferencesPageMessages = {
  title: 'Notifications',
  intro:
    'You get e-mails when an invoice is assigned to you for a decision, before a cash discount deadline ends, and when a task is escalated.',
  langLegend: 'Language of the e-mails',
  langHint: 'For e-mails only. The language of these pages is chosen at the top right.',
  langs: { de: 'German (Deutsch)', en: 'English' },
  digestLegend: 'Daily digest',
  digestLabel: (hour) => `Send me an overview of my open tasks by e-mail every day from ${hour}:00`,
  digestHint:
    'With the number of open tasks, the cash discount that may be lost within the next 7 days, and the ten most urgent invoices. Tasks assigned to a whole role appear only here, not as single e-mails.',
  submit: 'Save',
  saved: 'Your settings are saved.',
  langInvalid: 'Please choose German or English.',
};

export function preferencesMessagesFor(lang: Lang): PreferencesPageMessages {
  return lang === 'en' ? en : de;
}
