import type { Job } from '@epoch/shared';
import type { CollectionRef } from './job-store.js';

export const collectionKey = ({ database, collection }: CollectionRef): string => `${database}/${collection}`;

interface Collection {
  /** Each pending job's segment, by id. */
  ids: Map<string, string>;
  /**
   * Jobs per segment, kept as jobs come and go so that the Jobs page's counts (job-collection-stats.ts) cost a
   * look at each segment, not a walk over a million ids on the leader that fires them.
   */
  perSegment: Map<string, number>;
}

/**
 * Which segment holds each pending job, per collection: what lets a create tell a new id from a known one, and a
 * read or delete find its job, without listing a collection. The leader's only per-job memory for jobs beyond
 * the look-ahead window: an id and a reference to a segment name its jobs share (about 100 bytes a job).
 */
export class JobIndex {
  private readonly collections = new Map<string, Collection>();

  locate(ref: CollectionRef, id: string): string | undefined {
    return this.collections.get(collectionKey(ref))?.ids.get(id);
  }

  /** Records where jobs now live and which left; a collection left with none is forgotten. */
  apply(
    ref: CollectionRef,
    placed: readonly { job: Job; segment: string }[],
    removed: readonly string[],
  ): void {
    const key = collectionKey(ref);
    const known = this.collections.get(key) ?? { ids: new Map(), perSegment: new Map() };
    for (const id of removed) forget(known, id);
    for (const { job, segment } of placed) {
      forget(known, job.id);
      known.ids.set(job.id, segment);
      known.perSegment.set(segment, (known.perSegment.get(segment) ?? 0) + 1);
    }
    if (known.ids.size > 0) this.collections.set(key, known);
    else this.collections.delete(key);
  }

  /** Replaces what is known of a collection with what its segments hold. */
  load(ref: CollectionRef, segments: readonly { name: string; jobs: readonly Job[] }[]): void {
    const known: Collection = { ids: new Map(), perSegment: new Map() };
    for (const { name, jobs } of segments)
      for (const job of jobs) {
        forget(known, job.id);
        known.ids.set(job.id, name);
        known.perSegment.set(name, (known.perSegment.get(name) ?? 0) + 1);
      }
    if (known.ids.size > 0) this.collections.set(collectionKey(ref), known);
    else this.collections.delete(collectionKey(ref));
  }

  pending(ref: CollectionRef): number {
    return this.collections.get(collectionKey(ref))?.ids.size ?? 0;
  }

  /** How many pending jobs segment `name` holds (0 when none, or unknown). */
  segmentCount(ref: CollectionRef, name: string): number {
    return this.collections.get(collectionKey(ref))?.perSegment.get(name) ?? 0;
  }

  /** How many of a collection's pending jobs each segment holds, by segment name. */
  segmentCounts(ref: CollectionRef): ReadonlyMap<string, number> {
    return new Map(this.collections.get(collectionKey(ref))?.perSegment);
  }

  /** The pending ids of a collection that start with `prefix`. */
  idsWithPrefix(ref: CollectionRef, prefix: string): string[] {
    const ids: string[] = [];
    for (const id of this.collections.get(collectionKey(ref))?.ids.keys() ?? [])
      if (id.startsWith(prefix)) ids.push(id);
    return ids;
  }

  /** Pending jobs in every collection. */
  total(): number {
    let count = 0;
    for (const { ids } of this.collections.values()) count += ids.size;
    return count;
  }

  clear(): void {
    this.collections.clear();
  }
}

/** Drops a job from where the index had it, if anywhere. */
function forget(known: Collection, id: string): void {
  const segment = known.ids.get(id);
  if (segment === undefined) return;
  known.ids.delete(id);
  const left = known.perSegment.get(segment)! - 1;
  if (left > 0) known.perSegment.set(segment, left);
  else known.perSegment.delete(segment);
}
