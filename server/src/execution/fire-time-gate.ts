import type { Clock } from '../time/clock.js';

/**
 * Holds items until their fire time, with one timer per distinct fire time however many items
 * share it, and releases them in the order they were held. Held items can be dropped one by one,
 * by a predicate, or all at once.
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
    const items = this.held.get(fireTime);
    this.timers.delete(fireTime);
    this.held.delete(fireTime);
    for (const item of items?.values() ?? []) this.release(item, fireTime);
  }

  private forget(fireTime: number): void {
    this.timers.get(fireTime)?.();
    this.timers.delete(fireTime);
    this.held.delete(fireTime);
  }
}
