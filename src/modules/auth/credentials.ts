/**
 * Bearer credentials. Session tokens (`eis_<43 base64url>`) and API keys
 * (`eik_<12 hex prefix>_<43 base64url secret>`) are long random strings, so only their
 * sha256 is stored: a fast hash suffices for secrets nobody can guess, and keeps request
 * authentication cheap. The API key's prefix is public and finds the row; the secret is
 * compared by hash in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_TOKEN_PREFIX = 'eis_';
export const API_KEY_PREFIX = 'eik_';

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

export function newSessionToken(): string {
  return SESSION_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function newApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `${API_KEY_PREFIX}${prefix}_${secret}`, prefix, secretHash: sha256Hex(secret) };
}

const API_KEY = /^eik_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export function parseApiKey(key: string): { prefix: string; secret: string } | undefined {
  const m = API_KEY.exec(key);
  return m ? { prefix: m[1], secret: m[2] } : undefined;
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(sha256Hex(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
