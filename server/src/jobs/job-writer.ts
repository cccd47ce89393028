import { NextTickBatches } from '../batching/next-tick-batches.js';
import type { ZkOp } from '../zk/zk-client.js';
import { encodeSegment } from './job-segments.js';
import { collectionKey, type JobIndex } from './job-index.js';
import {
  MULTI_MAX_BYTES,
  type CollectionRef,
  type JobStore,
  type SegmentWrite,
  type StoredSegment,
} from './job-store.js';
import {
  planJobWrites,
  type JobRequest,
  type JobRequestResult,
  type PlannedJobWrites,
} from './plan-job-writes.js';

/** Told of every change that landed: where jobs now are, which left (claimed ones among them). */
export type JobChangeListener = (ref: CollectionRef, change: PlannedJobWrites) => void;

interface Waiting {
  request: JobRequest;
  resolve: (result: JobRequestResult) => void;
  reject: (error: unknown) => void;
}

/** Jobs one batch may carry: a few bulk requests. */
const BATCH_JOBS = 30_000;

/** The ids a request names. */
function idsOf(request: JobRequest): string[] {
  switch (request.kind) {
    case 'create':
      return request.jobs.map((job) => job.id);
    case 'upsert':
      return [request.job.id];
    case 'remove':
      return [request.id];
    case 'claim':
      return request.ids;
    case 'merge':
      return [];
  }
}

/**
 * The one writer of each collection's segments. Requests to a collection are handled one batch at a time
 * (those that arrive meanwhile join the next batch), so a create never races another for the same id, and a
 * thousand single creates a second cost a few multi-ops, not a thousand.
 */
export class JobWriter {
  private readonly queues = new Map<string, NextTickBatches<Waiting>>();

  constructor(
    private readonly store: JobStore,
    private readonly index: JobIndex,
    private readonly fence: () => ZkOp,
  ) {}

  private onChange: JobChangeListener = () => {};

  /** The dispatcher follows every change; it is made after the writer, with the term. */
  follow(listener: JobChangeListener): void {
    this.onChange = listener;
  }

  submit(ref: CollectionRef, request: JobRequest): Promise<JobRequestResult> {
    return new Promise((resolve, reject) => this.queueOf(ref).push({ request, resolve, reject }));
  }

  private queueOf(ref: CollectionRef): NextTickBatches<Waiting> {
    const key = collectionKey(ref);
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new NextTickBatches((batch) => this.handle(ref, batch), {
        maxInFlight: 1,
        take: (waiting) => {
          let jobs = 0;
          const count = waiting.findIndex((item) => (jobs += idsOf(item.request).length) > BATCH_JOBS);
          return count === -1 ? waiting.length : count;
        },
      });
      this.queues.set(key, queue);
    }
    return queue;
  }

  private async handle(ref: CollectionRef, batch: Waiting[]): Promise<void> {
    try {
      const requests = batch.map((item) => item.request);
      const segments = await this.readTouched(ref, requests);
      const plan = planJobWrites(requests, (id) => this.index.locate(ref, id), segments);
      try {
        for (const multi of packed(plan.writes)) await this.store.apply(ref, multi, this.fence());
      } catch (error) {
        // Some of the batch may have landed: what the index says of this collection is no longer known.
        await this.reload(ref);
        throw error;
      }
      this.index.apply(ref, plan.placed, plan.removed);
      this.onChange(ref, plan);
      batch.forEach((item, i) => item.resolve(plan.results[i]!));
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }

  /** The stored segments holding any id the batch names, each read once. */
  private async readTouched(ref: CollectionRef, requests: JobRequest[]): Promise<Map<string, StoredSegment>> {
    const names = new Set<string>();
    for (const request of requests) {
      if (request.kind === 'merge') for (const name of request.segments) names.add(name);
      for (const id of idsOf(request)) {
        const segment = this.index.locate(ref, id);
        if (segment !== undefined) names.add(segment);
      }
    }
    const read = await Promise.all([...names].map((name) => this.store.readSegment(ref, name)));
    return new Map(read.flatMap((segment) => (segment ? [[segment.name, segment] as const] : [])));
  }

  private async reload(ref: CollectionRef): Promise<void> {
    const names = await this.store.segmentNames(ref);
    const segments = await Promise.all(names.map((name) => this.store.readSegment(ref, name)));
    this.index.load(
      ref,
      segments.filter((segment) => segment !== null),
    );
  }
}

/** Writes grouped into multi-ops under ZooKeeper's request limit, in order. */
function packed(writes: SegmentWrite[]): SegmentWrite[][] {
  const multis: SegmentWrite[][] = [];
  let current: SegmentWrite[] = [];
  let bytes = 0;
  for (const write of writes) {
    const size = encodeSegment(write.jobs).length;
    if (current.length > 0 && bytes + size > MULTI_MAX_BYTES) {
      multis.push(current);
      current = [];
      bytes = 0;
    }
    current.push(write);
    bytes += size;
  }
  if (current.length > 0) multis.push(current);
  return multis;
}
