/**
 * Gathers what one macrotask produces into one message: a burst of calls or results crosses between threads
 * in a few postMessage calls instead of one each (each costs a serialisation and a wake-up of the other side).
 */
export class BatchedSender<T> {
  private batch: T[] = [];

  constructor(private readonly send: (batch: T[]) => void) {}

  push(item: T): void {
    if (this.batch.length === 0) setImmediate(() => this.flush());
    this.batch.push(item);
  }

  /** Sends what is waiting now. */
  flush(): void {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    this.send(batch);
  }
}
