// The Jobs page's numbers, per collection: pending jobs by due time, and delivery records by outcome.
import type { Job, JobCollections, JobDueHistogram } from '@epoch/shared';
import pMap from 'p-map';
import { READ_CONCURRENCY } from '../store/topology-store.js';
import type { Clock } from '../time/clock.js';
import type { DeliveryRecord } from './delivery-records.js';
import { collectionKey, type JobIndex } from './job-index.js';
import { parseSegmentName } from './job-segments.js';
import type { CollectionRef, JobStore } from './job-store.js';

type DueBucket = keyof JobDueHistogram;

/** Upper bounds of the buckets, in ms from now, in order; a job falls in the first whose bound it is under. */
const DUE_BOUNDS: [DueBucket, number][] = [
  ['overdue', 0],
  ['underMinute', 60_000],
  ['underTenMinutes', 10 * 60_000],
  ['underHour', 3_600_000],
  ['underDay', 24 * 3_600_000],
  ['later', Infinity],
];

export function dueBucket(triggerMs: number, now: number): DueBucket {
  return DUE_BOUNDS.find(([, bound]) => triggerMs - now < bound)![0];
}

export const emptyHistogram = (): JobDueHistogram => ({
  overdue: 0,
  underMinute: 0,
  underTenMinutes: 0,
  underHour: 0,
  underDay: 0,
  later: 0,
});

/**
 * Pending jobs by due time, exact. A segment's name carries the range of its fire times and the index knows how
 * many jobs it holds, so a segment whose whole range falls in one bucket is counted without reading it; only the
 * few whose range straddles a bucket's edge are read. Counting from names alone would be wrong by whole segments
 * (one bulk create can put a job due now and one due next year in the same segment), and keeping every job's
 * fire time in the index would cost the leader memory per job for a page people look at now and then.
 */
export async function dueHistogram(
  segments: ReadonlyMap<string, number>,
  read: (name: string) => Promise<readonly Job[] | null>,
  now: number,
): Promise<JobDueHistogram> {
  const histogram = emptyHistogram();
  const straddling: { name: string; count: number; first: number | null }[] = [];
  for (const [name, count] of segments) {
    const range = parseSegmentName(name);
    if (range && dueBucket(range.first, now) === dueBucket(range.last, now))
      histogram[dueBucket(range.first, now)] += count;
    else straddling.push({ name, count, first: range?.first ?? null });
  }
  await pMap(
    straddling,
    async ({ name, count, first }) => {
      const jobs = await read(name);
      // Rewritten since the index was read (a job deleted, the rest renamed): its earliest time is the best guess.
      if (!jobs) histogram[dueBucket(first ?? now, now)] += count;
      else for (const job of jobs) histogram[dueBucket(job.trigger_ms, now)]++;
    },
    { concurrency: READ_CONCURRENCY },
  );
  return histogram;
}

interface Outcomes {
  delivered: number;
  failed: number;
}

export interface JobCollectionStatsDeps {
  store: Pick<JobStore, 'collections' | 'readSegment' | 'recordNames' | 'readRecords'>;
  index: Pick<JobIndex, 'pending' | 'segmentCounts'>;
  clock: Clock;
  recordsKeepMs: number;
  /** Resolves once this leader's index is loaded. */
  ready: () => Promise<void>;
}

/**
 * Delivered and failed counts are read from the record segments rather than kept as counters: counters would
 * start again at every leader change and would have to forget what expires. A record segment is written once and
 * only ever removed whole (job-store.ts settle, removeRecords), so its counts are remembered by name and each is
 * read once; a page load then lists the record folders and reads only segments written since the last one.
 */
export class JobCollectionStats {
  private outcomes = new Map<string, Outcomes>();

  constructor(private readonly deps: JobCollectionStatsDeps) {}

  async summarize(): Promise<JobCollections> {
    const { store, index, clock, recordsKeepMs } = this.deps;
    await this.deps.ready();
    const now = clock.now();
    const refs = (await store.collections()).sort(
      (a, b) => a.database.localeCompare(b.database) || a.collection.localeCompare(b.collection),
    );
    const seen = new Map<string, Outcomes>();
    const collections = [];
    for (const ref of refs) {
      const due = await dueHistogram(
        index.segmentCounts(ref),
        async (name) => (await store.readSegment(ref, name))?.jobs ?? null,
        now,
      );
      const outcomes = await this.countRecords(ref, now - recordsKeepMs, seen);
      collections.push({ ...ref, pending: index.pending(ref), ...outcomes, due });
    }
    this.outcomes = seen;
    return { generatedAt: now, recordsKeepMs, collections };
  }

  /** Records of segments not yet expired (the sweep removes a segment once its newest is older than the keep). */
  private async countRecords(
    ref: CollectionRef,
    keptSince: number,
    seen: Map<string, Outcomes>,
  ): Promise<Outcomes> {
    const total: Outcomes = { delivered: 0, failed: 0 };
    const names = (await this.deps.store.recordNames(ref)).filter(
      (name) => (parseSegmentName(name)?.last ?? Infinity) >= keptSince,
    );
    await pMap(
      names,
      async (name) => {
        const key = `${collectionKey(ref)}/${name}`;
        const outcomes = this.outcomes.get(key) ?? tally(await this.deps.store.readRecords(ref, name));
        seen.set(key, outcomes);
        total.delivered += outcomes.delivered;
        total.failed += outcomes.failed;
      },
      { concurrency: READ_CONCURRENCY },
    );
    return total;
  }
}

function tally(records: readonly DeliveryRecord[] | null): Outcomes {
  const outcomes: Outcomes = { delivered: 0, failed: 0 };
  for (const record of records ?? []) outcomes[record.state === 'DELIVERED' ? 'delivered' : 'failed']++;
  return outcomes;
}
