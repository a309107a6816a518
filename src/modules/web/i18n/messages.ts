/**
 * Every text of the web UI, once per language. Both `de.ts` and `en.ts` are typed by
 * `WebMessages`, so a text missing in one language is a compile error, not a blank.
 */
import type { Lang } from '../../../common/errors/domain-error.js';
import { de } from './de.js';
import { en } from './en.js';

export interface WebMessages {
  readonly lang: Lang;
  /** BCP 47 locale for numbers and dates. */
  readonly appName: string;
  readonly pageTitle: (page: string) => string;
  readonly skipToContent: string;
  readonly mainNavigation: string;
  /** Entries of the main navigation that have no page texts of their own here. */
  readonly nav: {
    readonly mailboxes: string;
    readonly revalidation: string;
    readonly accounts: string;
    readonly preferences: string;
    readonly policies: string;
    readonly groups: string;
    readonly limits: string;
    readonly substitutes: string;
    readonly records: string;
    readonly recordExports: string;
    readonly postings: string;
  };
  readonly languageNavigation: string;
  /** The link to the other language, written in that language. */
  readonly otherLanguage: { readonly lang: Lang; readonly name: string; readonly label: string };
  readonly signedInAs: (name: string, tenant: string) => string;
  readonly signOut: string;
  readonly changePassword: string;
  readonly footer: string;
  readonly login: {
    readonly title: string;
    readonly intro: string;
    readonly email: string;
    readonly emailHint: string;
    readonly password: string;
    readonly submit: string;
    readonly errorSummaryTitle: string;
    readonly emailMissing: string;
    readonly passwordMissing: string;
    readonly invalidCredentials: string;
    readonly locked: string;
    readonly rateLimited: string;
    readonly formExpired: string;
    readonly signedOut: string;
    readonly sessionExpired: string;
    readonly tenant: string;
    readonly tenantRequired: string;
  };
  readonly inbox: {
    readonly title: string;
    readonly empty: string;
    readonly emptyHint: string;
  };
  readonly password: {
    readonly title: string;
    /** Shown after signing in with a generated first-login password. */
    readonly firstLogin: string;
    readonly current: string;
    readonly new: string;
    readonly newHint: string;
    readonly repeat: string;
    readonly submit: string;
    readonly currentMissing: string;
    readonly currentWrong: string;
    readonly tooShort: string;
    readonly mismatch: string;
    readonly changed: string;
  };
  readonly signOutPage: {
    readonly title: string;
    readonly question: string;
    readonly cancel: string;
  };
  readonly error: {
    readonly title: string;
    readonly formExpired: string;
    readonly backToStart: string;
  };
}

const MESSAGES: Readonly<Record<Lang, WebMessages>> = { de, en };

export function messagesFor(lang: Lang): WebMessages {
  return MESSAGES[lang];
}
