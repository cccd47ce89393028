// What a batch of job requests to one collection writes: pure, so each rule is a table test. A job never moves
// between segments: an update rewrites its own segment (renamed when the new fire time leaves its range), so
// every segment write stands alone, and no multi-op has to carry two halves of a move.
import type { Job, JobBulkResult } from '@epoch/shared';
import { isDeepStrictEqual } from 'node:util';
import {
  byFireTime,
  formatSegmentName,
  newSegmentTag,
  parseSegmentName,
  planSegments,
} from './job-segments.js';
import type { SegmentWrite, StoredSegment } from './job-store.js';

export type JobRequest =
  /** Epoch's create: an identical job again is ok, a different one with the same id a conflict. */
  | { kind: 'create'; jobs: Job[] }
  /** timeMachine's POST: creates, or replaces the job of that id. */
  | { kind: 'upsert'; job: Job }
  | { kind: 'remove'; id: string }
  /** The dispatcher takes due jobs out of the pending segments into claimed ones, in the same multi-op. */
  | { kind: 'claim'; ids: string[] }
  /** Small segments (single creates, a few jobs each) rewritten as few: ZooKeeper holds fewer znodes. */
  | { kind: 'merge'; segments: string[] };

export type JobRequestResult =
  | JobBulkResult[]
  | { kind: 'upserted' }
  | { kind: 'removed'; found: boolean }
  /** Each claimed job with the claimed segment it went to. */
  | { kind: 'claimed'; jobs: { job: Job; segment: string }[] }
  | { kind: 'merged'; jobs: number };

export interface PlannedJobWrites {
  writes: SegmentWrite[];
  /** One per request, in order. */
  results: JobRequestResult[];
  /** Where each job written now lives (created or rewritten in place). */
  placed: { job: Job; segment: string }[];
  /** Ids no longer pending: deleted, or claimed (those are in `claimed` too). */
  removed: string[];
  /** Jobs claimed for delivery, in the claimed segments written. */
  claimed: Job[];
}

interface Found {
  job: Job;
  /** The stored segment it is in; absent for a job created by this batch. */
  segment?: string;
}

/**
 * `locate` says which stored segment holds an id (the index); `segments` are those segments, read for this
 * batch. Requests apply in order, each seeing the ones before it.
 */
export function planJobWrites(
  requests: readonly JobRequest[],
  locate: (id: string) => string | undefined,
  segments: ReadonlyMap<string, StoredSegment>,
  tag: () => string = newSegmentTag,
): PlannedJobWrites {
  const created = new Map<string, Job>();
  const claimed: Job[] = [];
  // Claim results learn their segments once every claim of the batch is packed.
  const claimResults: { result: { jobs: { job: Job; segment: string }[] }; ids: Set<string> }[] = [];
  const edited = new Map<string, Map<string, Job | null>>();
  // Each touched segment's jobs by id, made on first use: a claim of thousands must not scan a segment each.
  const storedById = new Map<string, Map<string, Job>>();
  const storedJob = (segment: string, id: string): Job | undefined => {
    let jobs = storedById.get(segment);
    if (!jobs) {
      jobs = new Map(segments.get(segment)?.jobs.map((job) => [job.id, job]));
      storedById.set(segment, jobs);
    }
    return jobs.get(id);
  };
  const find = (id: string): Found | undefined => {
    const fresh = created.get(id);
    if (fresh) return { job: fresh };
    const segment = locate(id);
    const edit = segment === undefined ? undefined : edited.get(segment)?.get(id);
    if (segment === undefined || edit === null) return undefined;
    const job = edit ?? storedJob(segment, id);
    return job && { job, segment };
  };
  const edit = (segment: string, id: string, job: Job | null) => {
    const edits = edited.get(segment) ?? new Map<string, Job | null>();
    edits.set(id, job);
    edited.set(segment, edits);
  };

  const results = requests.map((request): JobRequestResult => {
    switch (request.kind) {
      case 'create':
        return request.jobs.map((job) => {
          const existing = find(job.id);
          if (!existing) {
            created.set(job.id, job);
            return { id: job.id, status: 'ok' };
          }
          return isDeepStrictEqual(existing.job, job)
            ? { id: job.id, status: 'ok' }
            : { id: job.id, status: 'conflict', error: 'a different job with this id is pending' };
        });
      case 'upsert': {
        const existing = find(request.job.id);
        if (existing?.segment !== undefined) edit(existing.segment, request.job.id, request.job);
        else created.set(request.job.id, request.job);
        return { kind: 'upserted' };
      }
      case 'remove': {
        const existing = find(request.id);
        if (existing?.segment !== undefined) edit(existing.segment, request.id, null);
        else if (existing) created.delete(request.id);
        return { kind: 'removed', found: existing !== undefined };
      }
      case 'claim': {
        // Only stored jobs are claimed: the dispatcher learns of a job once its segment is written.
        const jobs = request.ids.flatMap((id) => {
          const existing = find(id);
          if (existing?.segment === undefined) return [];
          edit(existing.segment, id, null);
          return [existing.job];
        });
        // Not push(...jobs): a catch-up claim can name more jobs than a call may have arguments.
        for (const job of jobs) claimed.push(job);
        const result = { kind: 'claimed' as const, jobs: [] as { job: Job; segment: string }[] };
        claimResults.push({ result, ids: new Set(jobs.map((job) => job.id)) });
        return result;
      }
      case 'merge': {
        let moved = 0;
        for (const name of request.segments)
          for (const job of segments.get(name)?.jobs ?? []) {
            // As earlier requests of the batch left it: a job deleted or claimed is not moved.
            const current = find(job.id);
            if (current?.segment !== name) continue;
            edit(name, job.id, null);
            created.set(job.id, current.job);
            moved++;
          }
        return { kind: 'merged', jobs: moved };
      }
    }
  });

  const writes: SegmentWrite[] = [];
  const placed: PlannedJobWrites['placed'] = [];
  const removed: string[] = [];
  for (const [name, edits] of edited) {
    const stored = segments.get(name)!;
    const jobs = stored.jobs.flatMap((job) => {
      const change = edits.get(job.id);
      if (change === null) removed.push(job.id);
      return change === null ? [] : [change ?? job];
    });
    const rewrite = rewriteOf(stored, jobs, tag);
    writes.push(rewrite);
    for (const job of jobs)
      if (rewrite.name !== name || edits.has(job.id)) placed.push({ job, segment: rewrite.name });
  }
  for (const segment of planSegments([...created.values()], undefined, tag)) {
    writes.push({ kind: 'create', ...segment });
    for (const job of segment.jobs) placed.push({ job, segment: segment.name });
  }
  for (const segment of planSegments(claimed, undefined, tag)) {
    writes.push({ kind: 'claim', ...segment });
    for (const job of segment.jobs)
      claimResults.find(({ ids }) => ids.has(job.id))?.result.jobs.push({ job, segment: segment.name });
  }
  return { writes, results, placed, removed, claimed };
}

/** Kept under its name while its jobs stay within the range the name gives; renamed otherwise. */
function rewriteOf(stored: StoredSegment, jobs: Job[], tag: () => string): SegmentWrite {
  const range = parseSegmentName(stored.name);
  const sorted = [...jobs].sort(byFireTime);
  const first = sorted[0]?.trigger_ms;
  const last = sorted.at(-1)?.trigger_ms;
  const fits = first === undefined || (range !== null && first >= range.first && last! <= range.last);
  if (fits) return { kind: 'replace', name: stored.name, version: stored.version, jobs: sorted };
  return {
    kind: 'rename',
    from: stored.name,
    version: stored.version,
    name: formatSegmentName({ first: first!, last: last!, tag: tag() }),
    jobs: sorted,
  };
}
