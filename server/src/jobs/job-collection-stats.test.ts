import type { Job } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/support/manual-clock.js';
import type { DeliveryRecord } from './delivery-records.js';
import { dueBucket, dueHistogram, emptyHistogram, JobCollectionStats } from './job-collection-stats.js';
import { JobIndex } from './job-index.js';
import { formatSegmentName } from './job-segments.js';
import type { CollectionRef, StoredSegment } from './job-store.js';

const NOW = Date.UTC(2030, 0, 1);
const MINUTE = 60_000;
const job = (id: string, trigger: number): Job => ({ id, trigger_ms: trigger, meta: null, route: 'r' });
const segmentName = (jobs: Job[], tag: string) =>
  formatSegmentName({ first: jobs[0]!.trigger_ms, last: jobs[jobs.length - 1]!.trigger_ms, tag });

describe('due buckets', () => {
  it('puts each job in the first bucket whose bound it is under', () => {
    expect(dueBucket(NOW - 1, NOW)).toBe('overdue');
    expect(dueBucket(NOW, NOW)).toBe('underMinute');
    expect(dueBucket(NOW + MINUTE - 1, NOW)).toBe('underMinute');
    expect(dueBucket(NOW + MINUTE, NOW)).toBe('underTenMinutes');
    expect(dueBucket(NOW + 59 * MINUTE, NOW)).toBe('underHour');
    expect(dueBucket(NOW + 23 * 60 * MINUTE, NOW)).toBe('underDay');
    expect(dueBucket(NOW + 24 * 60 * MINUTE, NOW)).toBe('later');
  });

  it('counts a segment within one bucket from its name, and reads only those that straddle an edge', async () => {
    const inside = [job('a', NOW + 1_000), job('b', NOW + 2_000), job('c', NOW + 3_000)];
    const straddling = [job('d', NOW - 5_000), job('e', NOW + 30 * MINUTE), job('f', Date.UTC(2031, 0, 1))];
    const segments = new Map([
      [segmentName(inside, 'aaaaaaaa'), 3],
      [segmentName(straddling, 'bbbbbbbb'), 3],
    ]);
    const read: string[] = [];
    const histogram = await dueHistogram(
      segments,
      async (name) => {
        read.push(name);
        return straddling;
      },
      NOW,
    );
    expect(read).toEqual([segmentName(straddling, 'bbbbbbbb')]);
    expect(histogram).toEqual({ ...emptyHistogram(), overdue: 1, underMinute: 3, underHour: 1, later: 1 });
  });

  it('counts a straddling segment that is gone by its earliest time', async () => {
    const name = formatSegmentName({ first: NOW - 1, last: NOW + 5 * MINUTE, tag: 'cccccccc' });
    expect(await dueHistogram(new Map([[name, 7]]), async () => null, NOW)).toEqual({
      ...emptyHistogram(),
      overdue: 7,
    });
  });
});

describe('collection stats', () => {
  const ref: CollectionRef = { database: 'shop', collection: 'carts' };
  const record = (id: string, state: DeliveryRecord['state']): DeliveryRecord => ({
    id,
    firedAt: NOW - MINUTE,
    state,
    httpStatus: state === 'DELIVERED' ? 200 : 500,
    attempts: 1,
    resent: false,
  });

  it('counts pending from the index and records kept by outcome, reading each record segment once', async () => {
    const pending = [job('p1', NOW + 1_000), job('p2', NOW + 2 * 60 * MINUTE)];
    const pendingName = segmentName(pending, 'dddddddd');
    const keep = 60 * MINUTE;
    const fresh = formatSegmentName({ first: NOW - 2 * MINUTE, last: NOW - MINUTE, tag: 'eeeeeeee' });
    const expired = formatSegmentName({ first: NOW - 3 * keep, last: NOW - 2 * keep, tag: 'ffffffff' });
    const records = new Map([
      [fresh, [record('x', 'DELIVERED'), record('y', 'DELIVERED'), record('z', 'FAILED')]],
      [expired, [record('old', 'DELIVERED')]],
    ]);
    const recordReads: string[] = [];
    const index = new JobIndex();
    index.load(ref, [{ name: pendingName, jobs: pending }]);
    const stats = new JobCollectionStats({
      store: {
        collections: async () => [ref, { database: 'a-first', collection: 'empty' }],
        readSegment: async (_ref, name): Promise<StoredSegment | null> =>
          name === pendingName ? { name, jobs: pending, version: 0 } : null,
        recordNames: async ({ collection }) => (collection === 'carts' ? [...records.keys()] : []),
        readRecords: async (_ref, name) => {
          recordReads.push(name);
          return records.get(name) ?? null;
        },
      },
      index,
      clock: new ManualClock(NOW),
      recordsKeepMs: keep,
      ready: async () => {},
    });

    const first = await stats.summarize();
    expect(first).toEqual({
      generatedAt: NOW,
      recordsKeepMs: keep,
      collections: [
        {
          database: 'a-first',
          collection: 'empty',
          pending: 0,
          delivered: 0,
          failed: 0,
          due: emptyHistogram(),
        },
        {
          ...ref,
          pending: 2,
          delivered: 2,
          failed: 1,
          due: { ...emptyHistogram(), underMinute: 1, underDay: 1 },
        },
      ],
    });
    await stats.summarize();
    expect(recordReads).toEqual([fresh]);
  });
});
