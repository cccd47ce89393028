import type { TopologyDetails } from '@epoch/shared';
import type { Logger } from 'pino';
import type { Clock } from '../time/clock.js';
import { FireHeap } from './fire-heap.js';
import { TriggerCache } from './trigger-cache.js';
import type { CompiledTrigger } from './trigger-fires.js';

/** A topology with fires due in (after, now]: what they become is the handler's to decide. */
export interface DueFire {
  topology: TopologyDetails;
  trigger: CompiledTrigger;
  /** The last fire accounted for. */
  after: number;
  /** As of when the fires are judged: the fire time when handed over ahead of it. */
  now: number;
}

/** Decides what due fires become; returns the last fire it accounted for (null: none), to schedule on from. */
export type FireHandler = (due: DueFire) => number | null;

interface Entry {
  topology: TopologyDetails;
  trigger: CompiledTrigger;
  /** The last fire accounted for (or when scheduling began): the next fire is computed from it. */
  after: number;
}

/** Fires processed per macrotask, so a burst of due fires never blocks the event loop for long. */
const BATCH = 500;

export interface SchedulerOptions {
  /**
   * Fires are handed over this long before their time, so their runs are claimed (a ZooKeeper write)
   * ahead and launched when they are due. Plans are still made as of the fire time.
   */
  lookaheadMs?: number;
}

/**
 * The leader's one heap of next fire times and one timer. It decides *when*; `onDue` (the run
 * launcher) decides what due fires become. Next fires come from the previous scheduled fire,
 * never from "now", so the schedule does not drift. Followers keep it stopped: no state at all.
 */
export class Scheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly heap = new FireHeap();
  private readonly triggers = new TriggerCache();
  private cancelTimer: (() => void) | null = null;
  private armedFor: number | null = null;
  private running = false;
  private readonly lookaheadMs: number;

  constructor(
    private readonly clock: Clock,
    private readonly onDue: FireHandler,
    private readonly logger: Logger,
    options: SchedulerOptions = {},
  ) {
    this.lookaheadMs = options.lookaheadMs ?? 0;
  }

  get enabled(): boolean {
    return this.running;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Starts scheduling; idempotent. Fires missed before `after` are planned by the misfire policy. */
  start(topologies: Array<{ topology: TopologyDetails; after: number }>): void {
    if (this.running) return;
    this.running = true;
    for (const { topology, after } of topologies) this.put(topology, after);
    this.rearm();
  }

  /** Stops and forgets everything; idempotent. */
  stop(): void {
    this.running = false;
    this.entries.clear();
    this.heap.clear();
    this.triggers.clear();
    this.disarm();
  }

  /** Adds or replaces a topology; its next fire is the first after `after`. */
  upsert(topology: TopologyDetails, after: number): void {
    if (!this.running) return;
    this.put(topology, after);
    this.rearm();
  }

  remove(topologyId: string): void {
    if (!this.running) return;
    this.forget(topologyId);
    this.heap.delete(topologyId);
    this.rearm();
  }

  nextFireOf(topologyId: string): number | undefined {
    // A fire handed over ahead of its time is still the next one until it comes.
    const handedOver = this.entries.get(topologyId)?.after;
    if (handedOver !== undefined && handedOver > this.clock.now()) return handedOver;
    return this.heap.dueOf(topologyId);
  }

  /**
   * The topology as scheduled now, if `fireTime` is still one of its fires: a fire handed over
   * ahead of its time asks at its time, since a change or a delete may have come in between.
   */
  scheduledAt(topologyId: string, fireTime: number): TopologyDetails | null {
    const entry = this.entries.get(topologyId);
    return entry && entry.trigger.nextAfter(fireTime - 1) === fireTime ? entry.topology : null;
  }

  private put(topology: TopologyDetails, after: number): void {
    this.forget(topology.id);
    let trigger: CompiledTrigger;
    try {
      trigger = this.triggers.acquire(topology.topology.trigger);
    } catch (error) {
      // Stored topologies were validated on write; one that no longer compiles is reported, not retried.
      this.logger.error({ err: error, topologyId: topology.id }, 'cannot schedule topology');
      return;
    }
    const entry: Entry = { topology, trigger, after };
    this.entries.set(topology.id, entry);
    this.schedule(entry);
  }

  private forget(topologyId: string): void {
    const entry = this.entries.get(topologyId);
    if (!entry) return;
    this.entries.delete(topologyId);
    this.triggers.release(entry.topology.topology.trigger);
  }

  private schedule(entry: Entry): void {
    const next = entry.trigger.nextAfter(entry.after);
    if (next === null) this.heap.delete(entry.topology.id);
    else this.heap.set(entry.topology.id, next);
  }

  private rearm(): void {
    const top = this.heap.peek();
    if (top?.due === this.armedFor && this.cancelTimer) return;
    this.disarm();
    if (!top || !this.running) return;
    this.armedFor = top.due;
    this.cancelTimer = this.clock.setTimer(top.due - this.lookaheadMs, () => this.fireDue());
  }

  private disarm(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.armedFor = null;
  }

  private fireDue(): void {
    this.cancelTimer = null;
    this.armedFor = null;
    if (!this.running) return;
    const now = this.clock.now();
    for (let fired = 0; fired < BATCH; fired++) {
      const top = this.heap.peek();
      if (!top || top.due > now + this.lookaheadMs) break;
      // Early, the plan is the one the fire time will see; late, the misfire policy judges from now.
      this.fire(top.key, Math.max(now, top.due));
    }
    // Fires still due after a full batch re-arm an immediate timer: the event loop breathes in between.
    this.rearm();
  }

  private fire(topologyId: string, now: number): void {
    const entry = this.entries.get(topologyId);
    if (!entry) {
      this.heap.delete(topologyId);
      return;
    }
    let accounted: number | null;
    try {
      accounted = this.onDue({ topology: entry.topology, trigger: entry.trigger, after: entry.after, now });
    } catch (error) {
      // Never the same fires again: a handler that throws on them would throw forever.
      this.logger.error({ err: error, topologyId }, 'fire handler failed; its due fires are dropped');
      accounted = now;
    }
    if (accounted !== null) entry.after = accounted;
    this.schedule(entry);
  }
}
