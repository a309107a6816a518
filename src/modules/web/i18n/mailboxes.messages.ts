/**
 * The texts of the admin's mailbox page, once per language (kept apart from `de.ts` /
 * `en.ts`; typed by one interface so a text missing in one language is a compile error).
 */
import type { Lang } from '../../../common/errors/domain-error.js';

export type MailboxNotice = 'disabled' | 'enabled' | 'removed';

export interface MailboxPageMessages {
  readonly title: string;
  readonly intro: string;
  readonly caption: string;
  readonly empty: string;
  readonly emptyHint: string;
  readonly columns: {
    readonly name: string;
    readonly server: string;
    readonly account: string;
    readonly state: string;
    readonly lastPoll: string;
    readonly lastError: string;
    readonly actions: string;
  };
  readonly active: string;
  readonly inactive: string;
  readonly never: string;
  readonly noError: string;
  readonly encrypted: string;
  readonly plain: string;
  readonly disable: string;
  readonly enable: string;
  readonly remove: string;
  /** The accessible name of a row's button: the visible text first, then which mailbox. */
  readonly actionFor: (action: string, mailbox: string) => string;
  readonly removeTitle: string;
  readonly removeQuestion: (mailbox: string) => string;
  readonly removeExplanation: string;
  readonly removeConfirm: string;
  readonly cancel: string;
  readonly notices: Readonly<Record<MailboxNotice, string>>;
}

const de: MailboxPageMessages = {
  title: 'Postfächer',
  intro:
    'Aus diesen IMAP-Postfächern werden Rechnungen abgeholt. Ein deaktiviertes Postfach wird nicht mehr abgerufen und kann wieder aktiviert werden; ein entferntes verschwindet aus der Liste, die daraus eingegangenen Rechnungen bleiben erhalten.',
  caption: 'IMAP-Postfächer des Rechnungseingangs',
  empty: 'Keine Postfächer eingerichtet',
  emptyHint: 'Postfächer werden über die Verwaltungs-API eingerichtet (POST /api/v1/admin/mailboxes).',
  columns: {
    name: 'Name',
    server: 'Server',
    account: 'Konto und Ordner',
    state: 'Status',
    lastPoll: 'Letzter Abruf',
    lastError: 'Letzter Fehler',
    actions: 'Aktionen',
  },
  active: 'Aktiv',
  inactive: 'Deaktiviert',
  never: 'Noch nie',
  noError: 'Keiner',
  encrypted: 'verschlüsselt',
  plain: 'unverschlüsselt',
  disable: 'Deaktivieren',
  enable: 'Aktivieren',
  remove: 'Entfernen',
  actionFor: (action, mailbox) => `${action}: ${mailbox}`,
  removeTitle: 'Postfach entfernen',
  removeQuestion: (mailbox) => `Soll das Postfach „${mailbox}“ entfernt werden?`,
  removeExplanation:
    'Es wird nicht mehr abgerufen, sein gespeichertes Passwort wird gelöscht. Die daraus eingegangenen Rechnungen und ihr Verlauf bleiben erhalten.',
  removeConfirm: 'Postfach entfernen',
  cancel: 'Abbrechen',
  notices: {
    disabled: 'Das Postfach wurde deaktiviert. Es wird nicht mehr abgerufen.',
    enabled: 'Das Postfach wurde aktiviert. Es wird wieder abgerufen.',
    removed: 'Das Postfach wurde entfernt.',
  },
};

const en: MailboxPageMessages = {
  title: 'Mailboxes',
  intro:
    'Invoices are collected from these IMAP mailboxes. A disabled mailbox is no longer checked and can be enabled again; a removed one disappears from the list, while the invoices received through it are kept.',
  caption: 'IMAP mailboxes of the invoice intake',
  empty: 'No mailboxes set up',
  emptyHint: 'Mailboxes are set up through the administration API (POST /api/v1/admin/mailboxes).',
  columns: {
    name: 'Name',
    server: 'Server',
    account: 'Account and folder',
    state: 'Status',
    lastPoll: 'Last checked',
    lastError: 'Last error',
    actions: 'Actions',
  },
  active: 'Active',
  inactive: 'Disabled',
  never: 'Never',
  noError: 'None',
  encrypted: 'encrypted',
  plain: 'unencrypted',
  disable: 'Disable',
  enable: 'Enable',
  remove: 'Remove',
  actionFor: (action, mailbox) => `${action}: ${mailbox}`,
  removeTitle: 'Remove mailbox',
  removeQuestion: (mailbox) => `Remove the mailbox “${mailbox}”?`,
  removeExplanation:
    'It will no longer be checked, and its stored password is deleted. The invoices received through it and their history are kept.',
  removeConfirm: 'Remove mailbox',
  cancel: 'Cancel',
  notices: {
    disabled: 'The mailbox was disabled. It is no longer checked.',
    enabled: 'The mailbox was enabled. It is checked again.',
    removed: 'The mailbox was removed.',
  },
};

const MESSAGES: Readonly<Record<Lang, MailboxPageMessages>> = { de, en };

export function mailboxMessagesFor(lang: Lang): MailboxPageMessages {
  return MESSAGES[lang];
}
