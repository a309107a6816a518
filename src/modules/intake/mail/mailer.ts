import { Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** An HTML alternative of `text` (staff notifications); every value in it escaped. */
  readonly html?: string;
  readonly headers?: Record<string, string>;
  readonly inReplyTo?: string;
  readonly attachments?: ReadonlyArray<{ filename: string; content: string; contentType: string }>;
}

/** The one adapter for sending mail: answers to suppliers and notifications to staff. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

export const MAILER = Symbol('MAILER');

/** Sends over SMTP (SMTP_URL). */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(url);
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: mail.headers,
      inReplyTo: mail.inReplyTo,
      references: mail.inReplyTo,
      attachments: mail.attachments?.map((a) => ({ ...a })),
    });
  }
}

/** Without SMTP_URL: answers are logged (an installation that receives by Peppol only needs no SMTP). */
export class LogMailer implements Mailer {
  private readonly log = new Logger('Mailer');

  async send(mail: OutgoingMail): Promise<void> {
    this.log.log(`SMTP_URL is not set; not sending "${mail.subject}" to ${mail.to}`);
  }
}
