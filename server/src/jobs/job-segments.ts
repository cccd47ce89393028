// Pending jobs are packed many to a znode ("segment"), sorted by fire time; the segment's name carries the range
// of fire times it holds, so the leader finds what is due soon from a listing, without reading the rest.
import type { Job } from '@epoch/shared';
import { randomBytes } from 'node:crypto';
import { CorruptNodeError, envelopeData } from '../zk/versioned-json.js';

/**
 * A segment's largest encoding. Well below ZooKeeper's 1 MB request limit, so that a few fit one multi-op, and
 * small enough that rewriting one (a job updated or deleted, fired jobs compacted away) stays cheap.
 */
export const SEGMENT_MAX_BYTES = 256 * 1024;

/** `[id, trigger_ms, route, meta]`: the field names are not repeated a million times. */
type StoredTuple = [string, number, string, Job['meta']];

export interface SegmentName {
  /** The earliest and latest fire time it holds, epoch ms. */
  first: number;
  last: number;
  /** Tells apart segments of the same range. */
  tag: string;
}

const TIME_DIGITS = 16;
const NAME = /^(\d{16})-(\d{16})-([0-9a-f]{8,32})$/;

export const newSegmentTag = (): string => randomBytes(6).toString('hex');

/** Zero-padded, so names sort by their first fire time. */
export function formatSegmentName({ first, last, tag }: SegmentName): string {
  return `${String(first).padStart(TIME_DIGITS, '0')}-${String(last).padStart(TIME_DIGITS, '0')}-${tag}`;
}

export function parseSegmentName(name: string): SegmentName | null {
  const match = NAME.exec(name);
  return match ? { first: Number(match[1]), last: Number(match[2]), tag: match[3]! } : null;
}

export const byFireTime = (a: Job, b: Job): number =>
  a.trigger_ms - b.trigger_ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const tupleOf = (job: Job): StoredTuple => [job.id, job.trigger_ms, job.route, job.meta];

const FORMAT_VERSION = 1;

/**
 * Epoch's versioned envelope (versioned-json.ts), checked by hand rather than by a schema: a takeover reads
 * every pending job, a million of them at the volume this store is built for.
 */
export function encodeSegment(jobs: readonly Job[]): Buffer {
  return Buffer.from(
    JSON.stringify({ formatVersion: FORMAT_VERSION, data: [...jobs].sort(byFireTime).map(tupleOf) }),
  );
}

export function decodeSegment(bytes: Buffer, path: string): Job[] {
  const data = envelopeData(bytes, path, FORMAT_VERSION);
  if (!Array.isArray(data) || !data.every(isTuple)) throw new CorruptNodeError(path, 'not a job segment');
  return data.map(([id, trigger, route, meta]) => ({ id, trigger_ms: trigger, route, meta }));
}

const isTuple = (value: unknown): value is StoredTuple =>
  Array.isArray(value) &&
  value.length === 4 &&
  typeof value[0] === 'string' &&
  typeof value[1] === 'number' &&
  typeof value[2] === 'string';

export interface PlannedSegment {
  name: string;
  jobs: Job[];
}

/**
 * Splits jobs into segments of at most `maxBytes` each, in fire-time order, so that each holds a narrow range of
 * fire times. A job is never split: one larger than `maxBytes` (impossible with the 4 KB meta limit) gets a
 * segment of its own.
 */
export function planSegments(
  jobs: readonly Job[],
  maxBytes = SEGMENT_MAX_BYTES,
  tag: () => string = newSegmentTag,
): PlannedSegment[] {
  const sorted = [...jobs].sort(byFireTime);
  const segments: PlannedSegment[] = [];
  let current: Job[] = [];
  // The envelope, then each tuple and its comma.
  const envelope = encodeSegment([]).length;
  let bytes = envelope;
  const close = () => {
    if (current.length === 0) return;
    const name = formatSegmentName({
      first: current[0]!.trigger_ms,
      last: current[current.length - 1]!.trigger_ms,
      tag: tag(),
    });
    segments.push({ name, jobs: current });
    current = [];
    bytes = envelope;
  };
  for (const job of sorted) {
    const size = Buffer.byteLength(JSON.stringify(tupleOf(job))) + 1;
    if (current.length > 0 && bytes + size > maxBytes) close();
    current.push(job);
    bytes += size;
  }
  close();
  return segments;
}
