import type { Job, JobRoute } from '@epoch/shared';
import pMap from 'p-map';
import type { Logger } from 'pino';
import { FireHeap } from '../scheduling/fire-heap.js';
import { READ_CONCURRENCY } from '../store/topology-store.js';
import type { Clock } from '../time/clock.js';
import type { ZkOp } from '../zk/zk-client.js';
import type { DeliveryRecord } from './delivery-records.js';
import { deliverJob, type JobCaller } from './job-delivery.js';
import { collectionKey, type JobIndex } from './job-index.js';
import type { JobRouteStore } from './job-route-store.js';
import { parseSegmentName } from './job-segments.js';
import { PendingSegments } from './pending-segments.js';
import { JobSettlements } from './job-settlements.js';
import type { CollectionRef, JobStore, SegmentWrite } from './job-store.js';
import type { JobWriter } from './job-writer.js';
import type { PlannedJobWrites } from './plan-job-writes.js';

export interface JobDispatchSettings {
  /** Pending segments whose earliest job is due within this are held in memory. */
  lookaheadMs: number;
  /** Jobs are claimed this long before their time, so their claim is written when the time comes. */
  claimAheadMs: number;
  /** Delivery records older than this are removed. */
  recordsKeepMs: number;
  /**
   * Claimed jobs not yet recorded, at most: after an outage or a takeover everything overdue is due at once, and
   * claiming it all in one go would hold it all in flight and rewrite every segment in one batch. The rest is
   * claimed as these settle.
   */
  maxInFlight: number;
}

export interface JobDispatcherDeps {
  store: JobStore;
  writer: JobWriter;
  routes: Pick<JobRouteStore, 'get'>;
  caller: JobCaller;
  clock: Clock;
  logger: Logger;
  fence: () => ZkOp;
  settings: JobDispatchSettings;
  /** The pending segments and their job counts: the index, loaded at takeover and kept by the writer. */
  index: Pick<JobIndex, 'segmentCounts' | 'segmentCount'>;
  /** Told of every delivery recorded: the metrics. */
  onDelivered?: (job: Job, record: DeliveryRecord) => void;
}

interface Held {
  ref: CollectionRef;
  job: Job;
}

interface InFlight extends Held {
  /** The claimed segment it is in until its delivery is recorded. */
  segment: string;
  resent: boolean;
}

export const DEFAULT_JOB_DISPATCH: JobDispatchSettings = {
  lookaheadMs: 10 * 60_000,
  claimAheadMs: 1_000,
  recordsKeepMs: 24 * 3_600_000,
  maxInFlight: 20_000,
};

/** How often the window is looked at even when nothing is due. */
const SCAN_MS = 1_000;
const ROUTE_CACHE_MS = 5_000;
/** How often small pending segments are looked for, to merge. */
const MERGE_MS = 5_000;
/** How often expired delivery records are looked for. */
const SWEEP_MS = 60_000;
/** How soon claiming is tried again while maxInFlight are claimed. */
const FULL_RETRY_MS = 100;
/** Jobs one claim names; the writer batches several. */
const CLAIM_CHUNK = 2_000;

const keyOf = (ref: CollectionRef, id: string) => `${collectionKey(ref)}/${id}`;

/**
 * The leader's delivery of one-shot jobs, for one term. Pending segments coming due within the look-ahead are
 * read into a heap; jobs within the claim-ahead are moved, by the collection's writer, from their pending
 * segment into a claimed one; at their time they are called; their delivery record is written as the claimed
 * segment shrinks (JobSettlements). A new leader finds the claimed segments: jobs due before it took over may
 * have been sent, and are sent again, marked as a re-send, with the same Idempotency-Key.
 */
export class JobDispatcher {
  private readonly pending = new FireHeap();
  private readonly held = new Map<string, Held>();
  private readonly segments: PendingSegments;
  private readonly claimedHeap = new FireHeap();
  private readonly inFlight = new Map<string, InFlight>();
  private readonly routeCache = new Map<string, { at: number; route: Promise<JobRoute | null> }>();
  private readonly settlements: JobSettlements;
  private cancelTick: (() => void) | null = null;
  private cancelFire: (() => void) | null = null;
  private claiming = false;
  private nextSweep = 0;
  private nextMerge = 0;

  constructor(
    private readonly deps: JobDispatcherDeps,
    private readonly signal: AbortSignal,
  ) {
    this.segments = new PendingSegments((ref, name) => deps.index.segmentCount(ref, name));
    this.settlements = new JobSettlements({
      store: deps.store,
      fence: deps.fence,
      clock: deps.clock,
      logger: deps.logger,
      signal,
      onSettled: (ref, records) => {
        for (const record of records) {
          const flight = this.inFlight.get(keyOf(ref, record.id));
          this.inFlight.delete(keyOf(ref, record.id));
          if (flight) this.deps.onDelivered?.(flight.job, record);
        }
      },
    });
    signal.addEventListener('abort', () => {
      this.cancelTick?.();
      this.cancelFire?.();
    });
  }

  /** At takeover, once the index is loaded: learns every pending segment and takes back what was claimed. */
  async start(refs: CollectionRef[]): Promise<void> {
    const now = this.deps.clock.now();
    for (const ref of refs) {
      for (const name of this.deps.index.segmentCounts(ref).keys()) this.segments.set(ref, name, false);
      const claimed = await pMap(
        await this.deps.store.claimedNames(ref),
        (name) => this.deps.store.readClaimed(ref, name),
        {
          concurrency: READ_CONCURRENCY,
        },
      );
      for (const segment of claimed) {
        if (!segment) continue;
        this.settlements.track(ref, segment.name, segment.version, segment.jobs);
        // A job due before this leader took over may have been sent by the last one.
        for (const job of segment.jobs)
          this.holdClaimed({ ref, job, segment: segment.name, resent: job.trigger_ms <= now });
      }
    }
    this.deps.writer.follow(this.onChange);
    this.tick();
  }

  /** Jobs held in memory: pending ones read within the look-ahead, and claimed ones. */
  inMemory(): number {
    return this.held.size + this.inFlight.size;
  }

  /** Pending segments known to this leader. */
  segmentCount(): number {
    return this.segments.count();
  }

  /** The state of a job this leader is delivering, if it is. */
  isInFlight(ref: CollectionRef, id: string): boolean {
    return this.inFlight.has(keyOf(ref, id));
  }

  private readonly onChange = (ref: CollectionRef, change: PlannedJobWrites): void => {
    if (this.signal.aborted) return;
    const window = this.deps.clock.now() + this.deps.settings.lookaheadMs;
    for (const write of change.writes) this.followWrite(ref, write, window);
    const claimed = new Set(change.claimed.map((job) => job.id));
    for (const id of change.removed) if (!claimed.has(id)) this.dropPending(ref, id);
    // A loaded segment's jobs are all held, whatever their time; the others wait for the loader to read them.
    for (const { job, segment } of change.placed)
      if (this.segments.isLoaded(ref, segment)) this.holdPending(ref, job);
      else this.dropPending(ref, job.id);
    this.tick();
  };

  /** A segment written now counts as read when it comes within the window: its jobs are all in `placed`. */
  private followWrite(ref: CollectionRef, write: SegmentWrite, window: number): void {
    const written = (name: string) =>
      this.segments.set(ref, name, (parseSegmentName(name)?.first ?? Infinity) <= window);
    switch (write.kind) {
      case 'create':
        written(write.name);
        return;
      case 'rename':
        this.segments.remove(ref, write.from);
        written(write.name);
        return;
      case 'replace':
        if (write.jobs.length === 0) this.segments.remove(ref, write.name);
        return;
      case 'claim':
        this.settlements.track(ref, write.name, 0, write.jobs);
    }
  }

  private holdPending(ref: CollectionRef, job: Job): void {
    const key = keyOf(ref, job.id);
    this.held.set(key, { ref, job });
    this.pending.set(key, job.trigger_ms);
  }

  private dropPending(ref: CollectionRef, id: string): void {
    const key = keyOf(ref, id);
    this.held.delete(key);
    this.pending.delete(key);
  }

  private holdClaimed(flight: InFlight): void {
    const key = keyOf(flight.ref, flight.job.id);
    this.inFlight.set(key, flight);
    this.claimedHeap.set(key, flight.job.trigger_ms);
  }

  /** Reads what comes into the window, claims what is due, and sets the next wake-up. */
  private tick(): void {
    if (this.signal.aborted) return;
    this.cancelTick?.();
    this.cancelTick = null;
    void this.advance()
      .catch((error: unknown) => {
        if (!this.signal.aborted)
          this.deps.logger.error({ err: error }, 'delivering jobs: a step failed; retrying');
      })
      .finally(() => this.arm());
  }

  private async advance(): Promise<void> {
    const now = this.deps.clock.now();
    await this.loadWindow(now + this.deps.settings.lookaheadMs);
    await this.claimDue(now + this.deps.settings.claimAheadMs);
    this.armFire();
    if (now >= this.nextMerge) {
      this.nextMerge = now + MERGE_MS;
      for (const { ref, segments } of this.segments.merges())
        this.deps.writer.submit(ref, { kind: 'merge', segments }).catch((error: unknown) => {
          if (!this.signal.aborted)
            this.deps.logger.warn({ err: error }, 'merging small job segments failed');
        });
    }
    if (now >= this.nextSweep) {
      // A short keep (tests, benchmarks) is swept as often as it needs.
      this.nextSweep = now + Math.min(SWEEP_MS, Math.max(100, this.deps.settings.recordsKeepMs / 2));
      // Beside delivery, not in its way: a sweep may list many collections.
      this.sweepRecords(now - this.deps.settings.recordsKeepMs).catch((error: unknown) => {
        if (!this.signal.aborted)
          this.deps.logger.warn({ err: error }, 'removing expired job records failed');
      });
    }
  }

  /** Removes record segments whose newest record is older than `before`: whole znodes, from their names. */
  private async sweepRecords(before: number): Promise<void> {
    const { store, fence } = this.deps;
    for (const ref of await store.collections()) {
      let kept = 0;
      for (const name of await store.recordNames(ref)) {
        const range = parseSegmentName(name);
        if (range && range.last < before) await store.removeRecords(ref, name, fence());
        else kept++;
      }
      // Nothing pending, claimed or kept: the collection's folders go too (ZooKeeper refuses if any came back).
      if (kept === 0 && this.segments.count(ref) === 0) await store.removeIfEmpty(ref, fence());
    }
  }

  private async loadWindow(until: number): Promise<void> {
    await pMap(
      this.segments.toLoad(until),
      async ({ ref, name }) => {
        const segment = await this.deps.store.readSegment(ref, name);
        if (this.signal.aborted) return;
        this.segments.markLoaded(ref, name);
        for (const job of segment?.jobs ?? []) this.holdPending(ref, job);
      },
      { concurrency: READ_CONCURRENCY },
    );
  }

  private async claimDue(until: number): Promise<void> {
    if (this.claiming) return;
    this.claiming = true;
    try {
      const byCollection = new Map<string, { ref: CollectionRef; jobs: Job[] }>();
      let room = this.deps.settings.maxInFlight - this.inFlight.size;
      for (
        let top = this.pending.peek();
        top && top.due <= until && room > 0;
        top = this.pending.peek(), room--
      ) {
        this.pending.delete(top.key);
        const held = this.held.get(top.key)!;
        this.held.delete(top.key);
        const entry = byCollection.get(collectionKey(held.ref)) ?? { ref: held.ref, jobs: [] };
        entry.jobs.push(held.job);
        byCollection.set(collectionKey(held.ref), entry);
      }
      const claims = [...byCollection.values()].flatMap(({ ref, jobs }) =>
        chunked(jobs, CLAIM_CHUNK).map((part) => ({ ref, jobs: part })),
      );
      await Promise.all(
        claims.map(async ({ ref, jobs }) => {
          try {
            const result = await this.deps.writer.submit(ref, {
              kind: 'claim',
              ids: jobs.map((job) => job.id),
            });
            if (!('kind' in result) || result.kind !== 'claimed') return;
            for (const { job, segment } of result.jobs)
              this.holdClaimed({ ref, job, segment, resent: false });
          } catch (error) {
            // Not claimed: still pending, tried again at the next tick.
            for (const job of jobs) this.holdPending(ref, job);
            throw error;
          }
        }),
      );
    } finally {
      this.claiming = false;
    }
  }

  private arm(): void {
    if (this.signal.aborted) return;
    const { clock, settings } = this.deps;
    let next = clock.now() + SCAN_MS;
    const top = this.pending.peek();
    // With maxInFlight claimed, what is due waits for settlements, looked at again shortly, not at once.
    if (this.inFlight.size >= settings.maxInFlight) next = clock.now() + FULL_RETRY_MS;
    else if (top) next = Math.min(next, top.due - settings.claimAheadMs);
    this.cancelTick?.();
    this.cancelTick = clock.setTimer(next, () => this.tick());
  }

  private armFire(): void {
    this.cancelFire?.();
    this.cancelFire = null;
    const top = this.claimedHeap.peek();
    if (top) this.cancelFire = this.deps.clock.setTimer(top.due, () => this.fireDue());
  }

  private fireDue(): void {
    if (this.signal.aborted) return;
    const now = this.deps.clock.now();
    for (let top = this.claimedHeap.peek(); top && top.due <= now; top = this.claimedHeap.peek()) {
      this.claimedHeap.delete(top.key);
      void this.deliver(this.inFlight.get(top.key)!);
    }
    this.armFire();
  }

  private async deliver(flight: InFlight): Promise<void> {
    const { ref, job, segment, resent } = flight;
    const route = await this.routeOf(ref.database, job.route).catch(() => undefined);
    const record =
      route === undefined
        ? null
        : await deliverJob(this.deps.caller, this.deps.clock, ref, job, route, {
            resent,
            signal: this.signal,
          });
    if (this.signal.aborted) return;
    if (!record) {
      // The route could not be read (ZooKeeper): try again shortly, still claimed.
      this.claimedHeap.set(keyOf(ref, job.id), this.deps.clock.now() + SCAN_MS);
      this.armFire();
      return;
    }
    this.settlements.settle(ref, segment, { id: job.id, ...record });
  }

  private routeOf(database: string, id: string): Promise<JobRoute | null> {
    const key = `${database}/${id}`;
    const now = this.deps.clock.now();
    const cached = this.routeCache.get(key);
    if (cached && now - cached.at < ROUTE_CACHE_MS) return cached.route;
    const route = this.deps.routes.get(database, id);
    this.routeCache.set(key, { at: now, route });
    route.catch(() => this.routeCache.delete(key));
    return route;
  }
}

function chunked<T>(items: T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let from = 0; from < items.length; from += size) parts.push(items.slice(from, from + size));
  return parts;
}
