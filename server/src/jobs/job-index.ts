import type { Job } from '@epoch/shared';
import type { CollectionRef } from './job-store.js';

export const collectionKey = ({ database, collection }: CollectionRef): string => `${database}/${collection}`;

/**
 * Which segment holds each pending job, per collection: what lets a create tell a new id from a known one, and a
 * read or delete find its job, without listing a collection. The leader's only per-job memory for jobs beyond
 * the look-ahead window: an id and a reference to a segment name its jobs share (about 100 bytes a job).
 */
export class JobIndex {
  private readonly collections = new Map<string, Map<string, string>>();

  locate(ref: CollectionRef, id: string): string | undefined {
    return this.collections.get(collectionKey(ref))?.get(id);
  }

  /** Records where jobs now live and which left; a collection left with none is forgotten. */
  apply(
    ref: CollectionRef,
    placed: readonly { job: Job; segment: string }[],
    removed: readonly string[],
  ): void {
    const key = collectionKey(ref);
    const ids = this.collections.get(key) ?? new Map<string, string>();
    for (const id of removed) ids.delete(id);
    for (const { job, segment } of placed) ids.set(job.id, segment);
    if (ids.size > 0) this.collections.set(key, ids);
    else this.collections.delete(key);
  }

  /** Replaces what is known of a collection with what its segments hold. */
  load(ref: CollectionRef, segments: readonly { name: string; jobs: readonly Job[] }[]): void {
    const ids = new Map<string, string>();
    for (const { name, jobs } of segments) for (const job of jobs) ids.set(job.id, name);
    if (ids.size > 0) this.collections.set(collectionKey(ref), ids);
    else this.collections.delete(collectionKey(ref));
  }

  pending(ref: CollectionRef): number {
    return this.collections.get(collectionKey(ref))?.size ?? 0;
  }

  /** How many of a collection's pending jobs each segment holds, by segment name. */
  segmentCounts(ref: CollectionRef): Map<string, number> {
    const counts = new Map<string, number>();
    for (const segment of this.collections.get(collectionKey(ref))?.values() ?? [])
      counts.set(segment, (counts.get(segment) ?? 0) + 1);
    return counts;
  }

  /** Pending jobs in every collection. */
  total(): number {
    let count = 0;
    for (const ids of this.collections.values()) count += ids.size;
    return count;
  }

  clear(): void {
    this.collections.clear();
  }
}
