import type { Job } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { formatSegmentName } from './job-segments.js';
import type { StoredSegment } from './job-store.js';
import { planJobWrites, type JobRequest } from './plan-job-writes.js';

const job = (id: string, trigger: number, meta: Job['meta'] = null): Job => ({
  id,
  trigger_ms: trigger,
  route: 'r',
  meta,
});

const stored: StoredSegment = {
  name: formatSegmentName({ first: 100, last: 200, tag: 'aaaaaaaa' }),
  jobs: [job('a', 100), job('b', 150), job('c', 200)],
  version: 4,
};
const segments = new Map([[stored.name, stored]]);
const locate = (id: string) => (['a', 'b', 'c'].includes(id) ? stored.name : undefined);

let tags = 0;
const plan = (...requests: JobRequest[]) =>
  planJobWrites(requests, locate, segments, () => `bbbbbbb${tags++}`);

describe('planJobWrites', () => {
  it('creates new jobs in new segments and answers each item', () => {
    tags = 0;
    const result = plan({ kind: 'create', jobs: [job('x', 300), job('y', 250)] });
    expect(result.results).toEqual([
      [
        { id: 'x', status: 'ok' },
        { id: 'y', status: 'ok' },
      ],
    ]);
    expect(result.writes).toEqual([
      {
        kind: 'create',
        name: formatSegmentName({ first: 250, last: 300, tag: 'bbbbbbb0' }),
        jobs: [job('y', 250), job('x', 300)],
      },
    ]);
    expect(result.placed.map((p) => p.job.id)).toEqual(['y', 'x']);
  });

  it('takes an identical job again as ok, writing nothing, and refuses a different one with the same id', () => {
    const result = plan(
      { kind: 'create', jobs: [job('a', 100), job('b', 151)] },
      { kind: 'create', jobs: [job('n', 1), job('n', 1), job('n', 2)] },
    );
    expect(result.results).toEqual([
      [
        { id: 'a', status: 'ok' },
        { id: 'b', status: 'conflict', error: 'a different job with this id is pending' },
      ],
      [
        { id: 'n', status: 'ok' },
        { id: 'n', status: 'ok' },
        { id: 'n', status: 'conflict', error: 'a different job with this id is pending' },
      ],
    ]);
    expect(result.writes.map((w) => w.kind)).toEqual(['create']);
    expect(result.writes[0]!.jobs).toEqual([job('n', 1)]);
  });

  it('updates a stored job in its own segment, compare-and-set, keeping the name while the range holds', () => {
    const result = plan({ kind: 'upsert', job: job('b', 160, { v: 2 }) });
    expect(result.writes).toEqual([
      {
        kind: 'replace',
        name: stored.name,
        version: 4,
        jobs: [job('a', 100), job('b', 160, { v: 2 }), job('c', 200)],
      },
    ]);
    expect(result.placed).toEqual([{ job: job('b', 160, { v: 2 }), segment: stored.name }]);
  });

  it('renames the segment when an update leaves its range, re-placing all its jobs', () => {
    tags = 0;
    const result = plan({ kind: 'upsert', job: job('c', 900) });
    const name = formatSegmentName({ first: 100, last: 900, tag: 'bbbbbbb0' });
    expect(result.writes).toEqual([
      {
        kind: 'rename',
        from: stored.name,
        version: 4,
        name,
        jobs: [job('a', 100), job('b', 150), job('c', 900)],
      },
    ]);
    expect(result.placed.map((p) => [p.job.id, p.segment])).toEqual([
      ['a', name],
      ['b', name],
      ['c', name],
    ]);
  });

  it('removes stored jobs (the segment goes with its last) and says whether each was there', () => {
    const result = plan(
      { kind: 'remove', id: 'a' },
      { kind: 'remove', id: 'a' },
      { kind: 'remove', id: 'nope' },
      { kind: 'remove', id: 'b' },
      { kind: 'remove', id: 'c' },
    );
    expect(result.results).toEqual([
      { kind: 'removed', found: true },
      { kind: 'removed', found: false },
      { kind: 'removed', found: false },
      { kind: 'removed', found: true },
      { kind: 'removed', found: true },
    ]);
    expect(result.writes).toEqual([{ kind: 'replace', name: stored.name, version: 4, jobs: [] }]);
    expect(result.removed).toEqual(['a', 'b', 'c']);
  });

  it('sees earlier requests of the batch: created then removed writes nothing; removed then created is new', () => {
    const createdThenRemoved = plan({ kind: 'upsert', job: job('z', 5) }, { kind: 'remove', id: 'z' });
    expect(createdThenRemoved.writes).toEqual([]);
    expect(createdThenRemoved.results[1]).toEqual({ kind: 'removed', found: true });

    const removedThenCreated = plan({ kind: 'remove', id: 'a' }, { kind: 'create', jobs: [job('a', 120)] });
    expect(removedThenCreated.results[1]).toEqual([{ id: 'a', status: 'ok' }]);
    expect(removedThenCreated.writes.map((w) => w.kind)).toEqual(['replace', 'create']);
  });

  it('claims stored jobs into a claimed segment in the same plan, skipping ids no longer pending', () => {
    tags = 0;
    const result = plan({ kind: 'remove', id: 'c' }, { kind: 'claim', ids: ['a', 'c', 'gone'] });
    const claimedIn = formatSegmentName({ first: 100, last: 100, tag: 'bbbbbbb0' });
    expect(result.results[1]).toEqual({
      kind: 'claimed',
      jobs: [{ job: job('a', 100), segment: claimedIn }],
    });
    expect(result.writes).toEqual([
      { kind: 'replace', name: stored.name, version: 4, jobs: [job('b', 150)] },
      {
        kind: 'claim',
        name: formatSegmentName({ first: 100, last: 100, tag: 'bbbbbbb0' }),
        jobs: [job('a', 100)],
      },
    ]);
    expect(result.removed).toEqual(['a', 'c']);
    expect(result.claimed).toEqual([job('a', 100)]);
  });

  it('claims 200,000 jobs of one segment in one request: no argument-count limit, no scan per id', () => {
    const many = Array.from({ length: 200_000 }, (_, i) => job(`j${i}`, 1_000 + i));
    const big: StoredSegment = {
      name: formatSegmentName({ first: 1_000, last: 200_999, tag: 'cccccccc' }),
      jobs: many,
      version: 0,
    };
    const result = planJobWrites(
      [{ kind: 'claim', ids: many.map((one) => one.id) }],
      () => big.name,
      new Map([[big.name, big]]),
      () => 'dddddddd',
    );
    expect(result.claimed).toHaveLength(200_000);
  });

  it('merges small segments into one, leaving out what earlier requests deleted or claimed', () => {
    tags = 0;
    const other: StoredSegment = {
      name: formatSegmentName({ first: 300, last: 300, tag: 'cccccccc' }),
      jobs: [job('d', 300)],
      version: 0,
    };
    const both = new Map([...segments, [other.name, other]]);
    const where = (id: string) => (id === 'd' ? other.name : locate(id));
    const result = planJobWrites(
      [
        { kind: 'remove', id: 'b' },
        { kind: 'merge', segments: [stored.name, other.name] },
      ],
      where,
      both,
      () => `bbbbbbb${tags++}`,
    );
    expect(result.results[1]).toEqual({ kind: 'merged', jobs: 3 });
    const merged = formatSegmentName({ first: 100, last: 300, tag: 'bbbbbbb0' });
    expect(result.writes).toEqual([
      { kind: 'replace', name: stored.name, version: 4, jobs: [] },
      { kind: 'replace', name: other.name, version: 0, jobs: [] },
      { kind: 'create', name: merged, jobs: [job('a', 100), job('c', 200), job('d', 300)] },
    ]);
    expect(result.placed.map((p) => [p.job.id, p.segment])).toEqual([
      ['a', merged],
      ['c', merged],
      ['d', merged],
    ]);
  });
});
