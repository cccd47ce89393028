import type { Job } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import {
  decodeSegment,
  encodeSegment,
  formatSegmentName,
  parseSegmentName,
  planSegments,
} from './job-segments.js';

const job = (id: string, trigger: number, meta: Job['meta'] = { order: id }): Job => ({
  id,
  trigger_ms: trigger,
  route: 'orders',
  meta,
});

describe('job segments', () => {
  it('round-trips jobs, sorted by fire time then id, meta of any JSON shape', () => {
    const jobs = [
      job('b', 20),
      job('a', 20, null),
      job('c', 10, [1, 'two', { three: 3.5 }]),
      job('d', 5, 'text'),
    ];
    expect(decodeSegment(encodeSegment(jobs), '/p')).toEqual([jobs[3], jobs[2], jobs[1], jobs[0]]);
  });

  it('refuses bytes that are not a segment, naming the znode', () => {
    expect(() => decodeSegment(Buffer.from('{'), '/jobs/x')).toThrow(/\/jobs\/x.*not JSON/);
    expect(() => decodeSegment(Buffer.from('{"formatVersion":9,"data":[]}'), '/p')).toThrow(
      /formatVersion 9/,
    );
    expect(() => decodeSegment(Buffer.from('{"formatVersion":1,"data":[["a","1","r",null]]}'), '/p')).toThrow(
      /not a job segment/,
    );
  });

  it('names segments by their range of fire times, sortable as text', () => {
    const name = formatSegmentName({
      first: 1_700_000_000_000,
      last: 1_700_000_060_000,
      tag: 'abcdef012345',
    });
    expect(name).toBe('0001700000000000-0001700000060000-abcdef012345');
    expect(parseSegmentName(name)).toEqual({
      first: 1_700_000_000_000,
      last: 1_700_000_060_000,
      tag: 'abcdef012345',
    });
    expect(formatSegmentName({ first: 9, last: 9, tag: 'aaaaaaaa' }) < name).toBe(true);
    expect(parseSegmentName('lock')).toBeNull();
  });

  it('splits jobs into fire-time ranges no larger than the limit, each job whole', () => {
    const jobs = Array.from({ length: 1000 }, (_, i) => job(`job-${i}`, 1000 - i));
    let tags = 0;
    const segments = planSegments(jobs, 8 * 1024, () => `0000000${tags++}`);
    expect(segments.length).toBeGreaterThan(4);
    for (const segment of segments) {
      expect(encodeSegment(segment.jobs).length).toBeLessThanOrEqual(8 * 1024);
      expect(parseSegmentName(segment.name)).toMatchObject({
        first: segment.jobs[0]!.trigger_ms,
        last: segment.jobs.at(-1)!.trigger_ms,
      });
    }
    const flattened = segments.flatMap((segment) => segment.jobs.map((j) => j.trigger_ms));
    expect(flattened).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(planSegments([], 1024)).toEqual([]);
  });

  it('stores a typical timer in well under 250 bytes', () => {
    const jobs = Array.from({ length: 2000 }, (_, i) =>
      job(`5f0c8a4e-2b1d-4c7a-9e3f-${String(i).padStart(12, '0')}`, 1_767_225_600_000 + i, {
        paymentId: `pay_${i}`,
        action: 'expire',
      }),
    );
    expect(encodeSegment(jobs).length / jobs.length).toBeLessThan(120);
  });
});
