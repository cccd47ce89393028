import { createTransport, type Transporter } from 'nodemailer';
import type { MailMessage } from './mail-message.js';
import type { SmtpSettings } from './notification-settings.js';

export interface MailChannel {
  send(to: string[], message: MailMessage): Promise<void>;
  close(): void;
}

// nodemailer waits minutes by default; a notification that cannot get through soon is retried instead.
const CONNECTION_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 30_000;

/** Mail over SMTP with nodemailer: one connection per mail, as notifications are few. */
export class SmtpMailChannel implements MailChannel {
  private readonly transport: Transporter;

  constructor(
    smtp: SmtpSettings,
    private readonly from: string,
  ) {
    this.transport = createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      greetingTimeout: CONNECTION_TIMEOUT_MS,
      socketTimeout: SOCKET_TIMEOUT_MS,
    });
  }

  async send(to: string[], message: MailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, to, subject: message.subject, text: message.text });
  }

  close(): void {
    this.transport.close();
  }
}
