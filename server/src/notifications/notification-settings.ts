import type { WebhookFormat } from '@epoch/shared';
import type { Config } from '../config/config-schema.js';

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte; otherwise nodemailer upgrades with STARTTLS when the server offers it. */
  secure: boolean;
  user?: string;
  password?: string;
}

export interface WebhookTarget {
  url: string;
  format: WebhookFormat;
}

/** Where runs of topologies without `notify` are reported. */
export interface NotificationDefaults {
  emails: string[];
  webhook: WebhookTarget | null;
  onSuccess: boolean;
}

export interface RetryPolicy {
  /** Sends in all, the first included. */
  attempts: number;
  /** Wait before the first retry; each later one waits twice as long. */
  baseDelayMs: number;
}

export interface NotificationSettings {
  /** Null: no SMTP server, so mail notifications are skipped (and logged). */
  smtp: SmtpSettings | null;
  mailFrom: string;
  /** Base of the links to runs, no trailing slash. */
  uiUrl: string;
  defaults: NotificationDefaults;
  retry: RetryPolicy;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 5_000 };

export function notificationSettings(config: Config): NotificationSettings {
  return {
    smtp: config.smtpHost
      ? {
          host: config.smtpHost,
          port: config.smtpPort,
          secure: config.smtpSecure,
          user: config.smtpUser,
          password: config.smtpPassword,
        }
      : null,
    mailFrom: config.mailFrom,
    uiUrl: config.uiUrl,
    defaults: {
      emails: config.notifyEmails,
      webhook: config.notifyWebhookUrl
        ? { url: config.notifyWebhookUrl, format: config.notifyWebhookFormat }
        : null,
      onSuccess: config.notifyOnSuccess,
    },
    retry: DEFAULT_RETRY,
  };
}
