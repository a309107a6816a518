import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { MAILER, type Mailer } from '../intake/mail/mailer.js';
import { NotificationRepository, type StoredNotification } from './notification.repository.js';
import {
  type DigestNotice,
  renderDigestMail,
  renderTaskMail,
  type RenderedMail,
  type TaskNotice,
} from './templates.js';

/**
 * Sends recorded staff notifications through the application's one mailer, in the
 * recipient's language as it is when the mail goes out. At least once: the notification is
 * marked sent only after the SMTP server took the mail, so a crash in between sends it
 * again; a notification already marked sent is never sent again.
 */
@Injectable()
export class StaffNotifier {
  private readonly log = new Logger(StaffNotifier.name);

  constructor(
    private readonly repo: NotificationRepository,
    private readonly config: AppConfig,
    @Inject(MAILER) private readonly mailer: Mailer,
  ) {}

  /** Sends one notification unless it was sent; throws when the mailer fails (the job retries). */
  async send(tenantId: string, notificationId: string): Promise<'sent' | 'skipped' | 'done-before'> {
    const n = await this.repo.tx(tenantId, (m) => this.repo.notification(m, notificationId));
    if (!n || n.sent) return 'done-before';
    if (n.recipient.disabled) {
      await this.repo.tx(tenantId, (m) => this.repo.markSent(m, n.id, 'recipient disabled'));
      return 'skipped';
    }
    const mail = this.render(n);
    await this.mailer.send({
      to: n.recipient.email,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      // RFC 3834: no auto-replies (out-of-office) to these.
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Einvoice-Notification': n.kind },
    });
    await this.repo.tx(tenantId, (m) => this.repo.markSent(m, n.id));
    this.log.log(`notification ${n.id} (${n.kind}) sent to user ${n.recipient.id}`);
    return 'sent';
  }

  render(n: StoredNotification): RenderedMail {
    const lang = n.recipient.lang === 'en' ? 'en' : 'de';
    const base = this.config.publicBaseUrl;
    if (n.kind === 'digest')
      return renderDigestMail(n.data as unknown as DigestNotice, lang, n.recipient.displayName, base);
    return renderTaskMail(n.kind, n.data as unknown as TaskNotice, lang, n.recipient.displayName, base);
  }
}
