import { describe, expect, it } from 'vitest';
import { concurrencyLimit } from './concurrency-limit.js';

describe('concurrencyLimit', () => {
  it('never runs more than its limit at once, runs every call, in order, and passes results and errors', async () => {
    const limit = concurrencyLimit(3);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const task = (i: number) => async () => {
      started.push(i);
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, i % 3));
      running--;
      if (i === 7) throw new Error('seven');
      return i * 2;
    };
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => limit(task(i))));
    expect(peak).toBe(3);
    expect(started).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(results[7]).toMatchObject({ status: 'rejected', reason: new Error('seven') });
    expect(results[19]).toEqual({ status: 'fulfilled', value: 38 });
    // A failed call freed its slot: more calls still run.
    expect(await limit(async () => 'after')).toBe('after');
  });
});
