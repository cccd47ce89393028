// What became of fired jobs, packed many to a znode like pending jobs, named by the range of their fire times so
// that expiry removes whole znodes from a listing.
import type { JobDelivery } from '@epoch/shared';
import { CorruptNodeError, envelopeData } from '../zk/versioned-json.js';
import { formatSegmentName, newSegmentTag } from './job-segments.js';

export interface DeliveryRecord extends JobDelivery {
  id: string;
}

/** `[id, firedAt, state, httpStatus, attempts, resent, message]`, state 1 for DELIVERED, 0 for FAILED. */
type RecordTuple = [string, number, 0 | 1, number | null, number, 0 | 1, string | null];

const FORMAT_VERSION = 1;
/** A failure's message is kept this long at most: records are many. */
const MESSAGE_MAX = 200;

const tupleOf = (record: DeliveryRecord): RecordTuple => [
  record.id,
  record.firedAt,
  record.state === 'DELIVERED' ? 1 : 0,
  record.httpStatus,
  record.attempts,
  record.resent ? 1 : 0,
  record.message?.slice(0, MESSAGE_MAX) ?? null,
];

export function encodeRecords(records: readonly DeliveryRecord[]): Buffer {
  return Buffer.from(JSON.stringify({ formatVersion: FORMAT_VERSION, data: records.map(tupleOf) }));
}

export function decodeRecords(bytes: Buffer, path: string): DeliveryRecord[] {
  const data = envelopeData(bytes, path, FORMAT_VERSION);
  if (!Array.isArray(data) || !data.every(isTuple))
    throw new CorruptNodeError(path, 'not a delivery record segment');
  return data.map(([id, firedAt, state, httpStatus, attempts, resent, message]) => ({
    id,
    firedAt,
    state: state === 1 ? 'DELIVERED' : 'FAILED',
    httpStatus,
    attempts,
    resent: resent === 1,
    ...(message !== null && { message }),
  }));
}

const isTuple = (value: unknown): value is RecordTuple =>
  Array.isArray(value) && value.length === 7 && typeof value[0] === 'string' && typeof value[1] === 'number';

/** The znode name of records fired between their earliest and latest `firedAt`. */
export function recordSegmentName(records: readonly DeliveryRecord[], tag = newSegmentTag()): string {
  const times = records.map((record) => record.firedAt);
  return formatSegmentName({ first: Math.min(...times), last: Math.max(...times), tag });
}
