/**
 * A binary min-heap of (key, due time) with an index from key to slot, so a topology's next fire
 * can be added, moved or removed in O(log n) and the scheduler arms one timer for the top.
 */
export class FireHeap {
  private readonly keys: string[] = [];
  private readonly due: number[] = [];
  private readonly slots = new Map<string, number>();

  get size(): number {
    return this.keys.length;
  }

  dueOf(key: string): number | undefined {
    const slot = this.slots.get(key);
    return slot === undefined ? undefined : this.due[slot];
  }

  /** The earliest entry, or undefined when empty. */
  peek(): { key: string; due: number } | undefined {
    const [key] = this.keys;
    return key === undefined ? undefined : { key, due: this.due[0]! };
  }

  /** Adds the key, or moves it to its new due time. */
  set(key: string, due: number): void {
    const slot = this.slots.get(key);
    if (slot === undefined) {
      this.keys.push(key);
      this.due.push(due);
      this.slots.set(key, this.keys.length - 1);
      this.up(this.keys.length - 1);
      return;
    }
    const previous = this.due[slot]!;
    this.due[slot] = due;
    if (due < previous) this.up(slot);
    else this.down(slot);
  }

  delete(key: string): boolean {
    const slot = this.slots.get(key);
    if (slot === undefined) return false;
    const last = this.keys.length - 1;
    this.swap(slot, last);
    this.keys.pop();
    this.due.pop();
    this.slots.delete(key);
    if (slot < this.keys.length) {
      this.up(slot);
      this.down(slot);
    }
    return true;
  }

  clear(): void {
    this.keys.length = 0;
    this.due.length = 0;
    this.slots.clear();
  }

  private up(slot: number): void {
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      if (this.due[parent]! <= this.due[slot]!) return;
      this.swap(slot, parent);
      slot = parent;
    }
  }

  private down(slot: number): void {
    const n = this.keys.length;
    for (;;) {
      const left = 2 * slot + 1;
      const right = left + 1;
      let smallest = slot;
      if (left < n && this.due[left]! < this.due[smallest]!) smallest = left;
      if (right < n && this.due[right]! < this.due[smallest]!) smallest = right;
      if (smallest === slot) return;
      this.swap(slot, smallest);
      slot = smallest;
    }
  }

  private swap(a: number, b: number): void {
    if (a === b) return;
    [this.keys[a], this.keys[b]] = [this.keys[b]!, this.keys[a]!];
    [this.due[a], this.due[b]] = [this.due[b]!, this.due[a]!];
    this.slots.set(this.keys[a]!, a);
    this.slots.set(this.keys[b]!, b);
  }
}
