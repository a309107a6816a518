import { loadConfig } from '../../config/app-config.js';
import { sessionCookieOptions } from './session-cookie.js';

describe('session cookie options', () => {
  it('are HttpOnly and SameSite=Lax, and Secure exactly when the public URL is https', () => {
    expect(sessionCookieOptions(loadConfig({ PUBLIC_BASE_URL: 'https://rechnung.example.de' }))).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      path: '/',
    });
    expect(sessionCookieOptions(loadConfig({})).secure).toBe(false);
  });
});
