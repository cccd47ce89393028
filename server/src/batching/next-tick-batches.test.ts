import { describe, expect, it } from 'vitest';
import { NextTickBatches } from './next-tick-batches.js';

const nextTick = () => new Promise((resolve) => setImmediate(resolve));

describe('NextTickBatches', () => {
  it('hands what one macrotask pushes to the handler as one batch, on the next tick', async () => {
    const batches: number[][] = [];
    const batcher = new NextTickBatches<number>((batch) => void batches.push(batch));
    batcher.push(1);
    batcher.push(2);
    expect(batches).toEqual([]);
    await nextTick();
    batcher.push(3);
    await nextTick();
    expect(batches).toEqual([[1, 2], [3]]);
  });

  it('keeps at most maxInFlight batches going; what waits meanwhile goes together next', async () => {
    const batches: number[][] = [];
    const ends: Array<() => void> = [];
    const batcher = new NextTickBatches<number>(
      (batch) => {
        batches.push(batch);
        return new Promise<void>((resolve) => ends.push(resolve));
      },
      { maxInFlight: 1 },
    );
    batcher.push(1);
    await nextTick();
    batcher.push(2);
    await nextTick();
    batcher.push(3);
    await nextTick();
    expect(batches).toEqual([[1]]);
    ends[0]!();
    await nextTick();
    await nextTick();
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('cuts batches where take says, and puts requeued items ahead of newer ones', async () => {
    const batches: string[][] = [];
    const batcher = new NextTickBatches<string>((batch) => void batches.push(batch), { take: () => 2 });
    for (const item of ['a', 'b', 'c']) batcher.push(item);
    await nextTick();
    expect(batches).toEqual([['a', 'b'], ['c']]);
    batcher.push('new');
    batcher.requeue(['again']);
    await nextTick();
    expect(batches.at(-1)).toEqual(['again', 'new']);
  });

  it('flushes at once on request', () => {
    const batches: number[][] = [];
    const batcher = new NextTickBatches<number>((batch) => void batches.push(batch));
    batcher.push(1);
    batcher.flush();
    expect(batches).toEqual([[1]]);
  });
});
