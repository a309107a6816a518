import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/**
 * Password hashing behind one small adapter: argon2id with the OWASP-recommended minimum
 * (19 MiB, 2 passes, 1 lane). Parameters travel inside each PHC hash string, so raising
 * them later keeps old hashes verifiable.
 */
@Injectable()
export class PasswordHasher {
  private static readonly OPTIONS = {
    type: argon2.argon2id,
    memoryCost: 19_456,
    timeCost: 2,
    parallelism: 1,
  } as const;
  private dummy: Promise<string> | undefined;

  hash(password: string): Promise<string> {
    return argon2.hash(password, PasswordHasher.OPTIONS);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false; // a malformed stored hash never authenticates
    }
  }

  /**
   * Spends the time of one verification without a user, so a login with an unknown e-mail
   * takes as long as one with a wrong password (no account enumeration by timing).
   */
  async burn(password: string): Promise<void> {
    this.dummy ??= this.hash(randomBytes(16).toString('hex'));
    await this.verify(await this.dummy, password);
  }
}

/** A readable random password for first logins: 20 characters, about 119 bits. */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(40);
  let out = '';
  for (const b of bytes) {
    // 56 symbols: reject bytes ≥ 224 to avoid modulo bias.
    if (b < 224) out += alphabet[b % alphabet.length];
    if (out.length === 20) break;
  }
  return out.length === 20 ? out : generatePassword();
}
