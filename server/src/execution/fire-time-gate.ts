import type { Clock } from '../time/clock.js';

/** About one write batch's worth (see WriteBatcher's maxOps). */
export const RELEASE_SLICE = 200;

/**
 * Holds items until their fire time, with one timer per distinct fire time however many items
 * share it, and releases them in the order they were held. Held items can be dropped one by one,
 * by a predicate, or all at once.
 *
 * A fire time shared by many items is released a slice per macrotask: what the first slice starts
 * (its writes, its calls) gets going while the rest are still being released, instead of after all
 * of them. Items not yet released can still be dropped.
 *
 * Not a NextTickBatches: it waits for a time rather than the next tick, its items stay droppable by key until
 * released, and they are released one by one as independent fires, not handed over as one batch.
 */
export class FireTimeGate<T> {
  private readonly held = new Map<number, Map<string, T>>();
  private readonly timers = new Map<number, () => void>();

  constructor(
    private readonly clock: Clock,
    private readonly release: (item: T, fireTime: number) => void,
  ) {}

  hold(fireTime: number, key: string, item: T): void {
    let items = this.held.get(fireTime);
    if (!items) {
      items = new Map();
      this.held.set(fireTime, items);
      this.timers.set(
        fireTime,
        this.clock.setTimer(fireTime, () => this.open(fireTime)),
      );
    }
    items.set(key, item);
  }

  has(fireTime: number, key: string): boolean {
    return this.held.get(fireTime)?.has(key) ?? false;
  }

  /** Drops every held item `matches` accepts; returns them. */
  dropWhere(matches: (item: T) => boolean): T[] {
    const dropped: T[] = [];
    for (const [fireTime, items] of this.held) {
      for (const [key, item] of items) {
        if (!matches(item)) continue;
        items.delete(key);
        dropped.push(item);
      }
      if (items.size === 0) this.forget(fireTime);
    }
    return dropped;
  }

  clear(): void {
    for (const fireTime of [...this.held.keys()]) this.forget(fireTime);
  }

  private open(fireTime: number): void {
    this.timers.delete(fireTime);
    this.releaseSlice(fireTime);
  }

  private releaseSlice(fireTime: number): void {
    const items = this.held.get(fireTime);
    if (!items) return;
    let released = 0;
    for (const [key, item] of items) {
      if (released++ === RELEASE_SLICE) {
        setImmediate(() => this.releaseSlice(fireTime));
        return;
      }
      items.delete(key);
      this.release(item, fireTime);
    }
    if (this.held.get(fireTime) === items && items.size === 0) this.held.delete(fireTime);
  }

  private forget(fireTime: number): void {
    this.timers.get(fireTime)?.();
    this.timers.delete(fireTime);
    this.held.delete(fireTime);
  }
}
