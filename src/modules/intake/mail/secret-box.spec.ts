import { SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  const box = SecretBox.fromBase64(SecretBox.generateKey());

  it('round-trips a secret and never stores it in the clear', () => {
    const sealed = box.seal('imap-passwort-ß');
    expect(sealed).not.toContain('imap');
    expect(box.open(sealed)).toBe('imap-passwort-ß');
    expect(box.seal('x')).not.toBe(box.seal('x'));
  });

  it('detects tampering and a wrong key', () => {
    const sealed = box.seal('secret');
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3], 'base64url');
    flipped[0] ^= 1;
    expect(() => box.open([...parts.slice(0, 3), flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => SecretBox.fromBase64(SecretBox.generateKey()).open(sealed)).toThrow();
    expect(() => SecretBox.fromBase64('c2hvcnQ=')).toThrow(/32 bytes/);
  });
});
