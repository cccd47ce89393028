/** The last `capacity` keys seen, oldest forgotten first: a bounded "already done" memory. */
export class RecentKeys {
  private readonly keys = new Set<string>();
  /** The remembered keys in the order they came, as a ring: `next` is where the oldest is, once full. */
  private readonly order: string[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  /** True the first time a key is seen (while remembered), false after. */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    // Not the Set's own order: finding its first live entry means skipping every deleted one before it.
    if (this.order.length < this.capacity) {
      this.order.push(key);
      return true;
    }
    this.keys.delete(this.order[this.next]!);
    this.order[this.next] = key;
    this.next = (this.next + 1) % this.capacity;
    return true;
  }
}
