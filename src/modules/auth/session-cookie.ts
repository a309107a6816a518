import type { CookieOptions } from 'express';
import type { AppConfig } from '../../config/app-config.js';

/**
 * Options of the session cookie (`SESSION_COOKIE`): not readable by scripts, not sent on
 * cross-site sub-requests or form posts, Secure whenever the public URL is https. No
 * max-age: the browser forgets it when closed; the server enforces the idle expiry.
 */
export function sessionCookieOptions(config: AppConfig): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.publicBaseUrl.startsWith('https:'),
    path: '/',
  };
}
