import { collectionKey } from './job-index.js';
import { parseSegmentName } from './job-segments.js';
import type { CollectionRef } from './job-store.js';
import { pickMerges, type SegmentSize } from './pick-merges.js';

interface Known {
  first: number;
  /** Its jobs are held in memory (read, or written while within the look-ahead). */
  loaded: boolean;
}

/**
 * The leader's catalog of pending segments: names (which carry their fire-time range) and which are held in
 * memory. What the dispatcher reads as the look-ahead advances, and what it merges, by the job counts the index
 * keeps (`countOf`).
 */
export class PendingSegments {
  private readonly collections = new Map<string, { ref: CollectionRef; segments: Map<string, Known> }>();

  constructor(private readonly countOf: (ref: CollectionRef, name: string) => number) {}

  /** Adds or updates a segment; `loaded` when its jobs are (now) held in memory. */
  set(ref: CollectionRef, name: string, loaded: boolean): void {
    const first = parseSegmentName(name)?.first;
    if (first === undefined) return;
    const key = collectionKey(ref);
    const entry = this.collections.get(key) ?? { ref, segments: new Map<string, Known>() };
    entry.segments.set(name, { first, loaded });
    this.collections.set(key, entry);
  }

  remove(ref: CollectionRef, name: string): void {
    this.collections.get(collectionKey(ref))?.segments.delete(name);
  }

  markLoaded(ref: CollectionRef, name: string): void {
    const known = this.collections.get(collectionKey(ref))?.segments.get(name);
    if (known) known.loaded = true;
  }

  isLoaded(ref: CollectionRef, name: string): boolean {
    return this.collections.get(collectionKey(ref))?.segments.get(name)?.loaded ?? false;
  }

  /** Segments not yet held whose earliest job is due by `until`. */
  toLoad(until: number): { ref: CollectionRef; name: string }[] {
    const due: { ref: CollectionRef; name: string }[] = [];
    for (const { ref, segments } of this.collections.values())
      for (const [name, { first, loaded }] of segments)
        if (!loaded && first <= until) due.push({ ref, name });
    return due;
  }

  /** Groups of small neighbouring segments to merge, per collection. */
  merges(): { ref: CollectionRef; segments: string[] }[] {
    return [...this.collections.values()].flatMap(({ ref, segments }) => {
      const sizes: SegmentSize[] = [...segments].map(([name, { first }]) => ({
        name,
        first,
        count: this.countOf(ref, name),
      }));
      return pickMerges(sizes).map((group) => ({ ref, segments: group }));
    });
  }

  /** Segments of one collection, or of all. */
  count(ref?: CollectionRef): number {
    if (ref) return this.collections.get(collectionKey(ref))?.segments.size ?? 0;
    let count = 0;
    for (const { segments } of this.collections.values()) count += segments.size;
    return count;
  }
}
