import { defineErrors, type Lang } from '../../../common/errors/domain-error.js';
import { NetErrors } from '../../../common/net/net.errors.js';

/**
 * Mailbox administration, and the states a mailbox's connection can be in. The connection
 * codes are what `lastError` shows: stable, and never the text a server sent (a banner, an
 * error line), so an address that is not an IMAP server reveals nothing about itself.
 */
export const MailErrors = defineErrors({
  MAILBOX_NOT_FOUND: {
    status: 404,
    de: 'Postfach nicht gefunden.',
    en: 'Mailbox not found.',
  },
  MAILBOX_ALREADY_EXISTS: {
    status: 409,
    de: 'Für dieses Konto und diesen Ordner gibt es schon ein Postfach.',
    en: 'A mailbox for this account and folder exists already.',
  },
  MAILBOX_CONNECT_FAILED: {
    status: 502,
    de: 'Keine Verbindung zum IMAP-Server (Adresse, Port oder Verschlüsselung prüfen).',
    en: 'Could not connect to the IMAP server (check address, port and encryption).',
  },
  MAILBOX_TLS_FAILED: {
    status: 502,
    de: 'Die verschlüsselte Verbindung zum IMAP-Server ist fehlgeschlagen (Zertifikat prüfen).',
    en: "The encrypted connection to the IMAP server failed (check the server's certificate).",
  },
  MAILBOX_AUTH_FAILED: {
    status: 502,
    de: 'Der IMAP-Server hat Benutzername oder Passwort abgelehnt.',
    en: 'The IMAP server refused the user name or password.',
  },
  MAILBOX_SYNC_FAILED: {
    status: 502,
    de: 'Angemeldet, aber die Ordner konnten nicht gelesen oder angelegt werden.',
    en: 'Signed in, but the folders could not be read or created.',
  },
});

/** Codes a mailbox's `lastError` may hold. */
export type MailboxConnectionError =
  | 'OUTBOUND_ADDRESS_FORBIDDEN'
  | 'MAILBOX_CONNECT_FAILED'
  | 'MAILBOX_TLS_FAILED'
  | 'MAILBOX_AUTH_FAILED'
  | 'MAILBOX_SYNC_FAILED';

const TEXTS: Readonly<Record<string, { de: string; en: string }>> = { ...MailErrors, ...NetErrors };

/** What a mailbox's `lastError` code means, in one language; null for no error. */
export function mailboxErrorText(code: string | null, lang: Lang): string | null {
  if (!code) return null;
  return TEXTS[code]?.[lang] ?? code;
}
