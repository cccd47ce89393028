import type { TopologyDetails } from '@epoch/shared';
import type { Logger } from 'pino';
import type { EgressPolicy } from '../egress/egress-policy.js';
import type { EventBus } from '../events/event-bus.js';
import type { Clock } from '../time/clock.js';
import { DeliveryQueue } from './delivery-queue.js';
import { SmtpMailChannel } from './mail-channel.js';
import type { NotificationSettings } from './notification-settings.js';
import { Notifier } from './notifier.js';
import { UndiciWebhookChannel } from './webhook-channel.js';

export interface CreateNotifierOptions {
  settings: NotificationSettings;
  bus: EventBus;
  topologies: { get(id: string): Promise<TopologyDetails | null> };
  clock: Clock;
  logger: Logger;
  userAgent: string;
  egress: EgressPolicy;
}

/** The notifier on its real channels: nodemailer over SMTP and undici through the egress policy. */
export function createNotifier(options: CreateNotifierOptions): Notifier {
  const { settings, logger } = options;
  return new Notifier({
    bus: options.bus,
    topologies: options.topologies,
    mail: settings.smtp && new SmtpMailChannel(settings.smtp, settings.mailFrom),
    webhooks: new UndiciWebhookChannel(options.userAgent, options.egress),
    queue: new DeliveryQueue(settings.retry, options.clock, logger),
    settings,
    logger,
  });
}
