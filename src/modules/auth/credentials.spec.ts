import { newApiKey, newSessionToken, parseApiKey, secretMatches, sha256Hex } from './credentials.js';
import { generatePassword } from './password-hasher.js';

describe('credentials', () => {
  it('creates API keys that parse back to their prefix and match their stored hash', () => {
    const { key, prefix, secretHash } = newApiKey();
    const parsed = parseApiKey(key);
    expect(parsed?.prefix).toBe(prefix);
    expect(secretMatches(parsed!.secret, secretHash)).toBe(true);
    expect(
      secretMatches(
        parsed!.secret.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
        secretHash,
      ),
    ).toBe(false);
  });

  it('never stores the secret itself', () => {
    const { key, secretHash } = newApiKey();
    expect(key).not.toContain(secretHash);
    expect(secretHash).toBe(sha256Hex(parseApiKey(key)!.secret));
  });

  it.each([
    '',
    'eik_',
    'eik_abc_def',
    `eis_${'a'.repeat(43)}`,
    `eik_0123456789ab_${'a'.repeat(42)}`,
    'Bearer x',
  ])('rejects the malformed key %j', (key) => {
    expect(parseApiKey(key)).toBeUndefined();
  });

  it('creates distinct session tokens', () => {
    const a = newSessionToken();
    expect(a).toMatch(/^eis_[A-Za-z0-9_-]{43}$/);
    expect(newSessionToken()).not.toBe(a);
  });

  it('generates 20-character passwords without ambiguous characters', () => {
    for (let i = 0; i < 50; i++) expect(generatePassword()).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
  });
});
