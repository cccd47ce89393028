// Reports every finished task of this cluster once, without polling each task: one engine event stream, plus a
// periodic reconcile that lists this cluster's work and reports finished tasks the stream missed — exits while
// no watch ran, or while the stream was reconnecting. Every (re)connection starts with a reconcile, so nothing
// falls into the gap between an exit and the stream being back. What the events, the list and an exit are comes
// from the engine's adapter (an ExitSource): Docker containers, or Swarm services.
import { setTimeout as sleep } from 'node:timers/promises';
import { addAbortSignal, type Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { ContainerExit, ContainerWatch, ExitListener } from './container-runtime.js';
import { statusCodeOf } from './docker/docker-errors.js';
import { jsonLines } from './docker/json-lines.js';

/** What one engine event says about a task. */
export interface ExitEvent {
  /** The id reports and claims are keyed by (a container's, a service's). */
  id: string;
  /** `oom`: the task ran out of memory, its exit follows; `exit`: it may have finished. */
  kind: 'exit' | 'oom';
  /** The event's own facts, for a task removed before it could be inspected. */
  exitFromEvent?: (oomKilled: boolean) => ContainerExit;
}

export interface ListedTask {
  id: string;
  /** False only when the task is certainly still running: the reconcile inspects the others. */
  maybeFinished: boolean;
}

export interface ExitSource {
  /** Newline-delimited JSON events of this cluster's tasks. */
  openEvents(signal: AbortSignal): Promise<NodeJS.ReadableStream>;
  readEvent(event: unknown): ExitEvent | undefined;
  /** Every task of this cluster, whatever its state. */
  list(signal: AbortSignal): Promise<ListedTask[]>;
  /** The task's exit, or null while it has not finished; rejects with the engine's 404 when it is gone. */
  exitOf(id: string, oomKilled: boolean, signal: AbortSignal): Promise<ContainerExit | null>;
}

export interface ExitWatchOptions {
  source: ExitSource;
  reconcileIntervalMs: number;
  /** Delay before reconnecting a dropped event stream, doubling up to the maximum. */
  reconnectBackoff: { initialMs: number; maxMs: number };
  logger: Logger;
}

// An engine may send an exit event before its own state shows the end (a Swarm manager learns a task's end
// from its node a moment after the container died): an event's task is looked at again, briefly, before the
// reconcile is left to find it.
const EVENT_SETTLE_ATTEMPTS = 10;
const EVENT_SETTLE_DELAY_MS = 200;

export function watchExits(
  options: ExitWatchOptions,
  signal: AbortSignal,
  onExit: ExitListener,
): ContainerWatch {
  return new ExitWatch(options, signal, onExit).start();
}

class ExitWatch {
  /** Tasks reported, or being reported, by this watch → the number of reconcile lists started before. */
  private readonly claimed = new Map<string, number>();
  private readonly oomKilled = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private listsStarted = 0;
  private streamConnected = false;
  private reconcileChain: Promise<void> = Promise.resolve();
  private queuedReconcile: Promise<void> | undefined;
  private deliveries: Promise<void> = Promise.resolve();
  private resolveReady: () => void = () => {};

  constructor(
    private readonly options: ExitWatchOptions,
    private readonly signal: AbortSignal,
    private readonly onExit: ExitListener,
  ) {}

  start(): ContainerWatch {
    const ready = new Promise<void>((resolve, reject) => {
      this.resolveReady = resolve;
      if (this.signal.aborted) reject(this.signal.reason);
      this.signal.addEventListener('abort', () => reject(this.signal.reason), { once: true });
    });
    // A caller that never awaits `ready` must not see an unhandled rejection when it stops the watch.
    ready.catch(() => {});
    const done = Promise.all([this.followEvents(), this.reconcilePeriodically()]).then(() => this.settle());
    return { ready, done };
  }

  private async followEvents(): Promise<void> {
    const { source, reconnectBackoff, logger } = this.options;
    let backoffMs = reconnectBackoff.initialMs;
    while (!this.signal.aborted) {
      try {
        const stream = await source.openEvents(this.signal);
        addAbortSignal(this.signal, stream as Readable);
        this.streamConnected = true;
        backoffMs = reconnectBackoff.initialMs;
        void this.reconcile();
        for await (const event of jsonLines(stream)) this.onEvent(source.readEvent(event));
        logger.warn('engine event stream ended; reconnecting');
      } catch (error) {
        if (this.signal.aborted) break;
        logger.warn({ err: error, retryInMs: backoffMs }, 'engine event stream failed; reconnecting');
      } finally {
        this.streamConnected = false;
      }
      if (!(await this.pause(backoffMs))) break;
      backoffMs = Math.min(backoffMs * 2, reconnectBackoff.maxMs);
    }
  }

  private async reconcilePeriodically(): Promise<void> {
    while (await this.pause(this.options.reconcileIntervalMs)) await this.reconcile();
  }

  /** Resolves false, at once, when the watch stops meanwhile. */
  private async pause(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.signal });
      return true;
    } catch {
      return false;
    }
  }

  private onEvent(event: ExitEvent | undefined): void {
    if (event === undefined) return;
    if (event.kind === 'oom') this.oomKilled.add(event.id);
    else this.track(this.report(event.id, event));
  }

  /** Runs reconciles one after another; a request while one is queued joins that one. */
  private reconcile(): Promise<void> {
    if (this.queuedReconcile === undefined) {
      const run = this.reconcileChain.then(() => {
        this.queuedReconcile = undefined;
        return this.reconcileOnce();
      });
      this.queuedReconcile = run;
      this.reconcileChain = run;
    }
    return this.queuedReconcile;
  }

  private async reconcileOnce(): Promise<void> {
    if (this.signal.aborted) return;
    const streamWasConnected = this.streamConnected;
    const list = ++this.listsStarted;
    try {
      // Every state, not only finished ones: the engine's list can still show a task running after its exit
      // event, and a claim is only forgotten once its task is gone altogether.
      const tasks = await this.options.source.list(this.signal);
      this.forgetRemoved(new Set(tasks.map((task) => task.id)), list);
      const finished = tasks.filter((task) => task.maybeFinished);
      await Promise.all(finished.map((task) => this.track(this.report(task.id))));
      if (streamWasConnected) this.resolveReady();
    } catch (error) {
      if (!this.signal.aborted) {
        this.options.logger.warn({ err: error }, 'reconciling exits failed');
      }
    }
  }

  /**
   * Drops claims of tasks that are gone, so a long-lived watch does not grow without bound. Only claims made
   * before this list started: a task created and finished since may be claimed but not listed yet.
   */
  private forgetRemoved(listed: Set<string>, list: number): void {
    for (const [id, claimedBefore] of this.claimed) {
      if (claimedBefore < list && !listed.has(id)) this.claimed.delete(id);
    }
  }

  private async report(id: string, event?: ExitEvent): Promise<void> {
    if (this.claimed.has(id)) return;
    this.claimed.set(id, this.listsStarted);
    let exit: ContainerExit | null;
    try {
      exit = await this.exitOf(id, event !== undefined);
    } catch (error) {
      if (statusCodeOf(error) === 404 && event?.exitFromEvent) {
        exit = event.exitFromEvent(this.oomKilled.has(id));
      } else {
        // Unclaimed, so the next reconcile tries again.
        this.claimed.delete(id);
        if (!this.signal.aborted) {
          this.options.logger.warn({ err: error, id }, 'inspecting an exit failed');
        }
        return;
      }
    }
    this.oomKilled.delete(id);
    if (exit === null) {
      // Not finished (it was started again, or is being started): its real exit comes later.
      this.claimed.delete(id);
      return;
    }
    this.deliver(exit);
  }

  private async exitOf(id: string, afterEvent: boolean): Promise<ContainerExit | null> {
    const attempts = afterEvent ? EVENT_SETTLE_ATTEMPTS : 1;
    for (let attempt = 1; ; attempt++) {
      const exit = await this.options.source.exitOf(id, this.oomKilled.has(id), this.signal);
      if (exit !== null || attempt >= attempts || !(await this.pause(EVENT_SETTLE_DELAY_MS))) return exit;
    }
  }

  /** One listener call at a time, in order, and none once the watch is stopped. */
  private deliver(exit: ContainerExit): void {
    this.deliveries = this.deliveries.then(async () => {
      if (this.signal.aborted) return;
      try {
        await this.onExit(exit);
      } catch (error) {
        this.options.logger.error({ err: error, containerId: exit.containerId }, 'exit listener failed');
      }
    });
  }

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }

  private async settle(): Promise<void> {
    await Promise.all(this.inFlight);
    await this.reconcileChain;
    await this.deliveries;
  }
}
