import type { Job } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { JobIndex } from './job-index.js';

const ref = { database: 'shop', collection: 'carts' };
const job = (id: string): Job => ({ id, trigger_ms: 0, meta: null, route: 'r' });

describe('job index', () => {
  it('keeps the jobs per segment as jobs are loaded, placed, moved and removed', () => {
    const index = new JobIndex();
    index.load(ref, [
      { name: 's1', jobs: [job('a'), job('b')] },
      { name: 's2', jobs: [job('c')] },
    ]);
    expect(index.segmentCounts(ref)).toEqual(
      new Map([
        ['s1', 2],
        ['s2', 1],
      ]),
    );
    // b moves to s2 (a segment rewritten), c leaves (fired or deleted), d arrives in s3.
    index.apply(
      ref,
      [
        { job: job('b'), segment: 's2' },
        { job: job('d'), segment: 's3' },
      ],
      ['c'],
    );
    expect(index.segmentCounts(ref)).toEqual(
      new Map([
        ['s1', 1],
        ['s2', 1],
        ['s3', 1],
      ]),
    );
    expect(index.pending(ref)).toBe(3);
    index.apply(ref, [], ['a', 'b', 'd']);
    expect(index.segmentCounts(ref)).toEqual(new Map());
    expect(index.total()).toBe(0);
  });
});
