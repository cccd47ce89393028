import { describe, expect, it } from 'vitest';
import { FireHeap } from './fire-heap.js';

/** Removes and returns every entry due at or before `now`, earliest first. */
function drain(heap: FireHeap, now: number) {
  const result: Array<{ key: string; due: number }> = [];
  for (let top = heap.peek(); top && top.due <= now; top = heap.peek()) {
    result.push(top);
    heap.delete(top.key);
  }
  return result;
}

describe('FireHeap', () => {
  it('pops due entries earliest first and keeps the rest', () => {
    const heap = new FireHeap();
    heap.set('c', 30);
    heap.set('a', 10);
    heap.set('b', 20);
    heap.set('d', 40);
    expect(drain(heap, 25)).toEqual([
      { key: 'a', due: 10 },
      { key: 'b', due: 20 },
    ]);
    expect(heap.peek()).toEqual({ key: 'c', due: 30 });
    expect(heap.size).toBe(2);
  });

  it('moves a key when set again, instead of adding a second entry', () => {
    const heap = new FireHeap();
    heap.set('a', 10);
    heap.set('b', 20);
    heap.set('a', 30);
    expect(heap.size).toBe(2);
    expect(heap.peek()).toEqual({ key: 'b', due: 20 });
    heap.set('a', 5);
    expect(heap.peek()).toEqual({ key: 'a', due: 5 });
  });

  it('deletes from the middle and stays ordered', () => {
    const heap = new FireHeap();
    const dues = [50, 10, 40, 20, 30, 60, 5, 45];
    dues.forEach((due, i) => heap.set(`k${i}`, due));
    expect(heap.delete('k3')).toBe(true);
    expect(heap.delete('k3')).toBe(false);
    expect(heap.dueOf('k3')).toBeUndefined();
    expect(drain(heap, Infinity).map((entry) => entry.due)).toEqual([5, 10, 30, 40, 45, 50, 60]);
  });

  it('agrees with a sorted array under random operations', () => {
    const heap = new FireHeap();
    const model = new Map<string, number>();
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let step = 0; step < 5_000; step++) {
      const key = `k${Math.floor(random() * 200)}`;
      if (random() < 0.3) {
        expect(heap.delete(key)).toBe(model.delete(key));
      } else {
        const due = Math.floor(random() * 1_000_000);
        heap.set(key, due);
        model.set(key, due);
      }
    }
    const expected = [...model.values()].sort((a, b) => a - b);
    expect(drain(heap, Infinity).map((entry) => entry.due)).toEqual(expected);
  });
});
