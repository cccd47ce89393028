import type { DeliveryRecord } from './delivery-records.js';
import { parseSegmentName } from './job-segments.js';
import type { CollectionRef, JobStore } from './job-store.js';

/**
 * A fired job's delivery record: record segments newest first until found. Reads grow with a collection's
 * records (kept EPOCH_JOB_RECORDS_KEEP): a look-up for people, not for a hot path.
 */
export async function findRecord(
  store: Pick<JobStore, 'recordNames' | 'readRecords'>,
  ref: CollectionRef,
  id: string,
): Promise<DeliveryRecord | null> {
  const newestFirst = (await store.recordNames(ref))
    .map((name) => ({ name, last: parseSegmentName(name)?.last ?? 0 }))
    .sort((a, b) => b.last - a.last);
  for (const { name } of newestFirst) {
    const found = (await store.readRecords(ref, name))?.find((record) => record.id === id);
    if (found) return found;
  }
  return null;
}
