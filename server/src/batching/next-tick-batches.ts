export interface NextTickBatchesOptions<T> {
  /** Batches being handled at once; more items wait and join a later batch. Unbounded when absent. */
  maxInFlight?: number;
  /** How many of the waiting items (oldest first) the next batch takes; at least one. All when absent. */
  take?: (waiting: readonly T[]) => number;
}

/**
 * Coalescing: what one macrotask pushes goes to `handle` as one batch, on the next tick, so a burst of work
 * costs a few handler calls (multi-ops, thread messages, run writes) instead of one each. At most
 * `maxInFlight` batches are handled at once; items pushed meanwhile wait and go together in the next batch,
 * which is gathered on the next tick after one ends. `handle` settles its items itself and must not reject.
 */
export class NextTickBatches<T> {
  private waiting: T[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly maxInFlight: number;

  constructor(
    private readonly handle: (batch: T[]) => void | Promise<void>,
    private readonly options: NextTickBatchesOptions<T> = {},
  ) {
    this.maxInFlight = options.maxInFlight ?? Infinity;
  }

  push(item: T): void {
    this.waiting.push(item);
    this.schedule();
  }

  /** Puts items back ahead of the waiting ones: a batch, or part of one, that must go again. */
  requeue(items: T[]): void {
    this.waiting = [...items, ...this.waiting];
    this.schedule();
  }

  /** Hands over what is waiting now, as far as the in-flight bound allows, without waiting for the next tick. */
  flush(): void {
    while (this.waiting.length > 0 && this.inFlight < this.maxInFlight) {
      const count = this.options.take ? Math.max(1, this.options.take(this.waiting)) : this.waiting.length;
      // In place: a burst queues tens of thousands of items, and a copy of the rest per batch adds up.
      this.run(this.waiting.splice(0, count));
    }
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private run(batch: T[]): void {
    const handled = this.handle(batch);
    if (!(handled instanceof Promise)) return;
    this.inFlight++;
    void handled.finally(() => {
      this.inFlight--;
      if (this.waiting.length > 0) this.schedule();
    });
  }
}
