// Reports every finished container of this cluster once, without polling each task: one engine event stream
// (`die`, and `oom` so an OOM kill is known even when the container is gone before it can be inspected), plus a
// periodic reconcile that lists finished containers and reports those the stream missed — exits while no watch
// ran, or while the stream was reconnecting. Every (re)connection starts with a reconcile, so nothing falls into
// the gap between an exit and the stream being back.
import { setTimeout as sleep } from 'node:timers/promises';
import { addAbortSignal, type Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import type { Logger } from 'pino';
import type { ContainerExit, ContainerWatch, ExitListener } from '../container-runtime.js';
import { labelFilters } from '../labels.js';
import { exitFromInspect } from './container-state.js';
import { statusCodeOf } from './docker-errors.js';
import { jsonLines } from './json-lines.js';

export interface ExitWatchOptions {
  docker: Dockerode;
  cluster: string;
  reconcileIntervalMs: number;
  /** Delay before reconnecting a dropped event stream, doubling up to the maximum. */
  reconnectBackoff: { initialMs: number; maxMs: number };
  logger: Logger;
}

interface DockerEvent {
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

// `created` too: a container the engine failed to start never dies, and its failure is an exit to report.
const MAYBE_FINISHED = new Set(['exited', 'dead', 'created']);

export function watchExits(
  options: ExitWatchOptions,
  signal: AbortSignal,
  onExit: ExitListener,
): ContainerWatch {
  return new ExitWatch(options, signal, onExit).start();
}

class ExitWatch {
  /** Containers reported, or being reported, by this watch → the number of reconcile lists started before. */
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
    const { docker, reconnectBackoff, logger } = this.options;
    let backoffMs = reconnectBackoff.initialMs;
    while (!this.signal.aborted) {
      try {
        const stream = await docker.getEvents({
          filters: {
            type: ['container'],
            event: ['die', 'oom'],
            label: labelFilters(this.options.cluster),
          },
          abortSignal: this.signal,
        });
        addAbortSignal(this.signal, stream as Readable);
        this.streamConnected = true;
        backoffMs = reconnectBackoff.initialMs;
        void this.reconcile();
        for await (const event of jsonLines(stream)) this.onEvent(event as DockerEvent);
        logger.warn('docker event stream ended; reconnecting');
      } catch (error) {
        if (this.signal.aborted) break;
        logger.warn({ err: error, retryInMs: backoffMs }, 'docker event stream failed; reconnecting');
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

  private onEvent(event: DockerEvent): void {
    const containerId = event.Actor?.ID;
    if (containerId === undefined) return;
    if (event.Action === 'oom') this.oomKilled.add(containerId);
    if (event.Action === 'die') {
      this.track(this.report(containerId, () => this.exitFromEvent(containerId, event)));
    }
  }

  /** The die event's own facts, for a container removed before it could be inspected. */
  private exitFromEvent(containerId: string, event: DockerEvent): ContainerExit {
    const { exitCode, name, ...attributes } = event.Actor?.Attributes ?? {};
    return {
      containerId,
      name: name ?? containerId,
      exitCode: Number(exitCode ?? -1),
      oomKilled: this.oomKilled.has(containerId),
      labels: Object.fromEntries(Object.entries(attributes).filter(([key]) => key.startsWith('io.epoch.'))),
    };
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
      // Every state, not only finished ones: the engine's list can still show a container running after its
      // die event, and a claim is only forgotten once its container is gone altogether.
      const containers = await this.options.docker.listContainers({
        all: true,
        filters: { label: labelFilters(this.options.cluster) },
        abortSignal: this.signal,
      });
      this.forgetRemoved(new Set(containers.map((container) => container.Id)), list);
      const finished = containers.filter((container) => MAYBE_FINISHED.has(container.State));
      await Promise.all(finished.map((container) => this.track(this.report(container.Id))));
      if (streamWasConnected) this.resolveReady();
    } catch (error) {
      if (!this.signal.aborted) {
        this.options.logger.warn({ err: error }, 'reconciling container exits failed');
      }
    }
  }

  /**
   * Drops claims of containers that are gone, so a long-lived watch does not grow without bound. Only claims
   * made before this list started: a container created and finished since may be claimed but not listed yet.
   */
  private forgetRemoved(listed: Set<string>, list: number): void {
    for (const [containerId, claimedBefore] of this.claimed) {
      if (claimedBefore < list && !listed.has(containerId)) this.claimed.delete(containerId);
    }
  }

  private async report(containerId: string, fromEvent?: () => ContainerExit): Promise<void> {
    if (this.claimed.has(containerId)) return;
    this.claimed.set(containerId, this.listsStarted);
    let exit: ContainerExit | null;
    try {
      exit = exitFromInspect(
        await this.options.docker.getContainer(containerId).inspect({ abortSignal: this.signal }),
      );
    } catch (error) {
      if (statusCodeOf(error) === 404 && fromEvent) {
        exit = fromEvent();
      } else {
        // Unclaimed, so the next reconcile tries again.
        this.claimed.delete(containerId);
        if (!this.signal.aborted) {
          this.options.logger.warn({ err: error, containerId }, 'inspecting an exit failed');
        }
        return;
      }
    }
    this.oomKilled.delete(containerId);
    if (exit === null) {
      // Not finished (it was started again, or is being started): its real exit comes later.
      this.claimed.delete(containerId);
      return;
    }
    this.deliver(exit);
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
