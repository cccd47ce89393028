import type { Job } from '@epoch/shared';
import type { Logger } from 'pino';
import { NextTickBatches } from '../batching/next-tick-batches.js';
import type { Clock } from '../time/clock.js';
import type { ZkOp } from '../zk/zk-client.js';
import type { DeliveryRecord } from './delivery-records.js';
import { collectionKey } from './job-index.js';
import type { CollectionRef, JobStore, Settlement } from './job-store.js';

/** A claimed segment as this leader knows it: its version, and the jobs not yet settled. */
interface ClaimedSegment {
  ref: CollectionRef;
  name: string;
  version: number;
  jobs: Map<string, Job>;
}

interface Settled {
  record: DeliveryRecord;
  segment: string;
}

const RETRY_MS = 1_000;
/** Records per settling multi-op: a record is under 100 bytes, the multi's limit 1 MB. */
const RECORDS_PER_WRITE = 5_000;

/**
 * The claimed side of delivery: which claimed segment holds each job in flight, and the writes that record
 * deliveries while shrinking those segments — both in one multi-op, so a job is claimed or recorded, never
 * neither. Deliveries that end together share a write.
 */
export class JobSettlements {
  private readonly segments = new Map<string, ClaimedSegment>();
  private readonly queues = new Map<string, NextTickBatches<Settled>>();

  constructor(
    private readonly deps: {
      store: JobStore;
      fence: () => ZkOp;
      clock: Clock;
      logger: Logger;
      signal: AbortSignal;
      onSettled: (ref: CollectionRef, records: DeliveryRecord[]) => void;
    },
  ) {}

  /** A claimed segment written by this leader (version 0) or found at takeover. */
  track(ref: CollectionRef, name: string, version: number, jobs: readonly Job[]): void {
    const key = `${collectionKey(ref)}/${name}`;
    const known = this.segments.get(key);
    if (known) for (const job of jobs) known.jobs.set(job.id, job);
    else this.segments.set(key, { ref, name, version, jobs: new Map(jobs.map((job) => [job.id, job])) });
  }

  settle(ref: CollectionRef, segment: string, record: DeliveryRecord): void {
    this.queueOf(ref).push({ record, segment });
  }

  private queueOf(ref: CollectionRef): NextTickBatches<Settled> {
    const key = collectionKey(ref);
    let queue = this.queues.get(key);
    if (!queue) {
      const created: NextTickBatches<Settled> = new NextTickBatches(
        (batch) => this.write(ref, batch, created),
        {
          maxInFlight: 1,
          take: (waiting) => Math.min(waiting.length, RECORDS_PER_WRITE),
        },
      );
      queue = created;
      this.queues.set(key, queue);
    }
    return queue;
  }

  private async write(ref: CollectionRef, batch: Settled[], queue: NextTickBatches<Settled>): Promise<void> {
    if (this.deps.signal.aborted) return;
    const prefix = `${collectionKey(ref)}/`;
    const touched = new Map<string, ClaimedSegment>();
    for (const { segment } of batch) touched.set(segment, this.segments.get(prefix + segment)!);
    const done = new Set(batch.map(({ record }) => record.id));
    const settlement: Settlement = {
      records: batch.map(({ record }) => record),
      claimed: [...touched.values()].map(({ name, version, jobs }) => ({
        name,
        version,
        remaining: [...jobs.values()].filter((job) => !done.has(job.id)),
      })),
    };
    try {
      await this.deps.store.settle(ref, settlement, this.deps.fence());
    } catch (error) {
      if (this.deps.signal.aborted) return;
      // Nothing was written: the same records go again, with whatever has settled meanwhile.
      this.deps.logger.warn(
        { err: error, records: batch.length },
        'recording job deliveries failed; retrying',
      );
      await new Promise<void>((resolve) =>
        this.deps.clock.setTimer(this.deps.clock.now() + RETRY_MS, resolve),
      );
      queue.requeue(batch);
      return;
    }
    for (const claimed of touched.values()) {
      for (const id of done) claimed.jobs.delete(id);
      claimed.version++;
      if (claimed.jobs.size === 0) this.segments.delete(prefix + claimed.name);
    }
    this.deps.onSettled(ref, settlement.records);
  }
}
