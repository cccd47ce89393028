import type { Job, JobDelivery } from '@epoch/shared';
import type { DeliveryRecord } from './delivery-records.js';
import { byFireTime, parseSegmentName } from './job-segments.js';
import type { CollectionRef, JobStore } from './job-store.js';

/** Where a page ended: the last item's time (fire time, or fired-at for records) and id. */
export interface JobCursor {
  at: number;
  id: string;
}

export const encodeCursor = (cursor: JobCursor): string =>
  Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');

/** Null when the text is not a cursor this server gave. */
export function decodeCursor(text: string): JobCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string')
      return { at: value[0], id: value[1] };
  } catch {
    // Not base64url JSON: not ours.
  }
  return null;
}

const after = (at: number, id: string, cursor: JobCursor | null) =>
  !cursor || at > cursor.at || (at === cursor.at && id > cursor.id);

export interface Page<T> {
  items: T[];
  /** Absent on the last page. */
  next?: string;
}

/**
 * Pending jobs in fire-time order, a page at a time. The cursor is a fire time and id, not a position, so pages
 * stay right while segments are merged, renamed or shrink between requests. Reads only the segments whose range
 * reaches past the cursor, until the page is full.
 */
export async function listPending(
  store: Pick<JobStore, 'segmentNames' | 'readSegment'>,
  ref: CollectionRef,
  cursor: JobCursor | null,
  limit: number,
): Promise<Page<Job>> {
  const names = (await store.segmentNames(ref))
    .map((name) => ({ name, range: parseSegmentName(name) }))
    .filter(({ range }) => range && (!cursor || range.last >= cursor.at))
    .sort((a, b) => a.range!.first - b.range!.first);
  const found: Job[] = [];
  for (const { name, range } of names) {
    // Segments overlap in time: stop only once the page is full and no later segment can come before its end.
    if (found.length > limit && range!.first > found[limit - 1]!.trigger_ms) break;
    const segment = await store.readSegment(ref, name);
    for (const job of segment?.jobs ?? []) if (after(job.trigger_ms, job.id, cursor)) found.push(job);
    found.sort(byFireTime);
  }
  return paged(found, limit, (job) => ({ at: job.trigger_ms, id: job.id }));
}

/** Delivery records of one state, in the order they fired, a page at a time. */
export async function listRecords(
  store: Pick<JobStore, 'recordNames' | 'readRecords'>,
  ref: CollectionRef,
  state: JobDelivery['state'],
  cursor: JobCursor | null,
  limit: number,
): Promise<Page<DeliveryRecord>> {
  const names = (await store.recordNames(ref))
    .map((name) => ({ name, range: parseSegmentName(name) }))
    .filter(({ range }) => range && (!cursor || range.last >= cursor.at))
    .sort((a, b) => a.range!.first - b.range!.first);
  const order = (a: DeliveryRecord, b: DeliveryRecord) => a.firedAt - b.firedAt || (a.id < b.id ? -1 : 1);
  const found: DeliveryRecord[] = [];
  for (const { name, range } of names) {
    if (found.length > limit && range!.first > found[limit - 1]!.firedAt) break;
    for (const record of (await store.readRecords(ref, name)) ?? [])
      if (record.state === state && after(record.firedAt, record.id, cursor)) found.push(record);
    found.sort(order);
  }
  return paged(found, limit, (record) => ({ at: record.firedAt, id: record.id }));
}

function paged<T>(found: T[], limit: number, cursorOf: (item: T) => JobCursor): Page<T> {
  const items = found.slice(0, limit);
  return found.length > limit ? { items, next: encodeCursor(cursorOf(items[items.length - 1]!)) } : { items };
}
