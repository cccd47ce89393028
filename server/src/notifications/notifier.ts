import type { TopologyDetails } from '@epoch/shared';
import type { Logger } from 'pino';
import type { EpochEvent, EventBus } from '../events/event-bus.js';
import type { DeliveryQueue } from './delivery-queue.js';
import type { MailChannel } from './mail-channel.js';
import { mailMessage } from './mail-message.js';
import type { NotificationSettings } from './notification-settings.js';
import { notificationTargets, type NotificationTarget } from './notification-targets.js';
import { RecentKeys } from './recent-keys.js';
import { runOutcome, summarizeRun, type RunSummary } from './run-summary.js';
import type { WebhookChannel } from './webhook-channel.js';
import { webhookPayload } from './webhook-payload.js';

export interface NotifierDeps {
  bus: EventBus;
  topologies: { get(id: string): Promise<TopologyDetails | null> };
  /** Null when no SMTP server is configured. */
  mail: MailChannel | null;
  webhooks: WebhookChannel;
  queue: DeliveryQueue;
  settings: NotificationSettings;
  logger: Logger;
}

// Runs finish once, but a run event seen twice (a re-published state) must not mail twice.
const REMEMBERED_RUNS = 10_000;

/**
 * Reports finished runs by mail and webhook. It listens to the event bus, where only the leader
 * publishes run changes, so only the leader sends; sending is queued, never awaited by the run.
 */
export class Notifier {
  private readonly notified = new RecentKeys(REMEMBERED_RUNS);
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: NotifierDeps) {}

  start(): void {
    this.unsubscribe = this.deps.bus.subscribe(this.onEvent);
  }

  stop(): void {
    this.unsubscribe?.();
    this.deps.queue.stop();
    this.deps.mail?.close();
    void this.deps.webhooks.close();
  }

  private readonly onEvent = (event: EpochEvent): void => {
    if (event.type !== 'RUN_CHANGED') return;
    const outcome = runOutcome(event.run);
    if (!outcome || !this.notified.add(`${event.run.topologyId}/${event.run.runId}`)) return;
    void this.notify(summarizeRun(event.run, outcome, this.deps.settings.uiUrl));
  };

  private async notify(summary: RunSummary): Promise<void> {
    const { run } = summary;
    const context = { topologyId: run.topologyId, runId: run.runId, state: run.state };
    let topology: TopologyDetails | null;
    try {
      topology = await this.deps.topologies.get(run.topologyId);
    } catch (error) {
      this.deps.logger.error({ ...context, err: error }, 'cannot read the topology; run not notified');
      return;
    }
    // Deleted since: its runs went with it, so there is nothing to report or link to.
    if (!topology) return;
    const { notify } = topology.topology;
    for (const target of notificationTargets(notify, this.deps.settings.defaults, summary.outcome)) {
      this.deliver(target, summary, context);
    }
  }

  private deliver(target: NotificationTarget, summary: RunSummary, context: Record<string, unknown>): void {
    const { queue, mail, webhooks, logger } = this.deps;
    if (target.channel === 'mail') {
      if (!mail) {
        logger.warn({ ...context, to: target.to }, 'mail notification skipped: SMTP_HOST is not set');
        return;
      }
      const message = mailMessage(summary);
      queue.enqueue({
        context: { ...context, channel: 'mail', to: target.to },
        send: () => mail.send(target.to, message),
      });
    } else {
      const body = webhookPayload(summary, target.format);
      queue.enqueue({
        // The origin only: webhook URLs (Slack's among them) carry their secret in the path.
        context: { ...context, channel: 'webhook', origin: new URL(target.url).origin },
        send: (signal) => webhooks.post(target.url, body, signal),
      });
    }
  }
}
