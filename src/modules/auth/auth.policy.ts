/** Small rules shared by login, user creation and password change. */

/** E-mail addresses are compared and stored in lower case, without surrounding blanks. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** Length beats composition rules (NIST SP 800-63B); generated passwords have 20 characters. */
export const MIN_PASSWORD_LENGTH = 12;
