import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encrypts mailbox credentials at rest: AES-256-GCM, a fresh 96-bit nonce per value,
 * stored as `v1.<nonce>.<tag>.<ciphertext>` (base64url). The key never enters the database.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** From 32 bytes in base64 (MAIL_SECRET_KEY). */
  static fromBase64(key: string): SecretBox {
    const raw = Buffer.from(key, 'base64');
    if (raw.length !== 32) throw new Error('MAIL_SECRET_KEY must be 32 bytes, base64-encoded');
    return new SecretBox(raw);
  }

  static generateKey(): string {
    return randomBytes(32).toString('base64');
  }

  seal(plain: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', nonce, cipher.getAuthTag(), data]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(sealed: string): string {
    const [v, nonce, tag, data] = sealed.split('.');
    if (v !== 'v1' || !nonce || !tag || data === undefined) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(nonce, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}
