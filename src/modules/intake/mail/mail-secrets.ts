import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import { SecretBox } from './secret-box.js';

/**
 * The key for mailbox passwords: MAIL_SECRET_KEY, or — for the zero-configuration start —
 * a key generated once into the data directory (file mode 0600).
 */
@Injectable()
export class MailSecrets {
  private box: SecretBox | undefined;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  private get(): SecretBox {
    if (this.box) return this.box;
    const configured = this.config.get('MAIL_SECRET_KEY');
    if (configured) return (this.box = SecretBox.fromBase64(configured));
    const file = join(this.config.dataDir, 'mail-secret.key');
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, SecretBox.generateKey() + '\n', { mode: 0o600, flag: 'wx' });
    }
    return (this.box = SecretBox.fromBase64(readFileSync(file, 'utf8').trim()));
  }

  seal(plain: string): string {
    return this.get().seal(plain);
  }

  open(sealed: string): string {
    return this.get().open(sealed);
  }
}
