import type { Logger } from 'pino';
import { EgressDeniedError } from '../egress/egress-denied-error.js';
import type { Clock } from '../time/clock.js';
import type { RetryPolicy } from './notification-settings.js';

/** One notification to one target; `context` names it in the logs. */
export interface Delivery {
  context: Record<string, unknown>;
  send(signal: AbortSignal): Promise<void>;
}

interface Job {
  delivery: Delivery;
  attempt: number;
}

// Sends at once: a burst of failures must not open hundreds of SMTP connections.
const CONCURRENCY = 4;
// Waiting deliveries kept while a channel is down; beyond this the oldest are dropped (and logged).
const MAX_WAITING = 1_000;

/**
 * Sends notifications in the background, retrying each failure with exponential backoff and logging
 * every failed attempt. Nothing waits on it, so a slow or broken channel never holds up a run.
 */
export class DeliveryQueue {
  private readonly waiting: Job[] = [];
  private inFlight = 0;
  private readonly retryTimers = new Set<() => void>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly policy: RetryPolicy,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  enqueue(delivery: Delivery): void {
    this.push({ delivery, attempt: 1 });
  }

  /** Drops what waits, cancels retries and aborts sends that can be aborted. */
  stop(): void {
    this.stopping.abort();
    for (const cancel of this.retryTimers) cancel();
    this.retryTimers.clear();
    this.waiting.length = 0;
  }

  private push(job: Job): void {
    if (this.stopping.signal.aborted) return;
    if (this.waiting.length >= MAX_WAITING) {
      const dropped = this.waiting.shift()!;
      this.logger.error(
        dropped.delivery.context,
        'notification queue full; dropping the oldest notification',
      );
    }
    this.waiting.push(job);
    this.pump();
  }

  private pump(): void {
    while (this.inFlight < CONCURRENCY && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.inFlight++;
      void this.attempt(job).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async attempt({ delivery, attempt }: Job): Promise<void> {
    const { attempts, baseDelayMs } = this.policy;
    try {
      await delivery.send(this.stopping.signal);
      this.logger.info({ ...delivery.context, attempt }, 'notification sent');
    } catch (error) {
      if (this.stopping.signal.aborted) return;
      if (error instanceof EgressDeniedError) {
        this.logger.error({ ...delivery.context, err: error, attempt }, 'notification refused; not retried');
        return;
      }
      if (attempt >= attempts) {
        this.logger.error({ ...delivery.context, err: error, attempt }, 'notification failed; giving up');
        return;
      }
      const retryInMs = baseDelayMs * 2 ** (attempt - 1);
      this.logger.warn(
        { ...delivery.context, err: error, attempt, retryInMs },
        'notification failed; retrying',
      );
      const cancel = this.clock.setTimer(this.clock.now() + retryInMs, () => {
        this.retryTimers.delete(cancel);
        this.push({ delivery, attempt: attempt + 1 });
      });
      this.retryTimers.add(cancel);
    }
  }
}
