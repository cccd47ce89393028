// Which expected jobs reached the sink, how many never did, how many came more than once; and their fire lag.
import { percentile } from '../schedule/stats.js';
import type { JobArrival } from './job-sink.js';

export interface DeliveryCount {
  expected: number;
  /** Calls received for expected keys, duplicates included. */
  arrived: number;
  /** Expected keys that never arrived. */
  lost: number;
  /** Calls beyond the first per key. */
  duplicates: number;
  /** Calls for keys not expected (never expected). */
  strangers: number;
  /** The first arrival of the last key to arrive, epoch ms. */
  lastFirstArrival: number;
}

export function countDeliveries(expectedKeys: Iterable<string>, arrivals: JobArrival[]): DeliveryCount {
  const seen = new Map<string, number>();
  for (const key of expectedKeys) seen.set(key, 0);
  let strangers = 0;
  let arrived = 0;
  let lastFirstArrival = Number.NaN;
  for (const arrival of arrivals) {
    const times = seen.get(arrival.key);
    if (times === undefined) {
      strangers++;
      continue;
    }
    arrived++;
    seen.set(arrival.key, times + 1);
    if (times === 0 && !(arrival.at <= lastFirstArrival)) lastFirstArrival = arrival.at;
  }
  let lost = 0;
  let duplicates = 0;
  for (const times of seen.values()) {
    if (times === 0) lost++;
    else duplicates += times - 1;
  }
  return { expected: seen.size, arrived, lost, duplicates, strangers, lastFirstArrival };
}

export interface Lag {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** Arrival minus trigger_ms, over the first arrival of each key. */
export function fireLag(arrivals: JobArrival[]): Lag {
  const first = new Map<string, JobArrival>();
  for (const arrival of arrivals) if (!first.has(arrival.key)) first.set(arrival.key, arrival);
  const lags = [...first.values()].map((arrival) => arrival.at - arrival.triggerMs).sort((a, b) => a - b);
  return {
    count: lags.length,
    p50: percentile(lags, 50),
    p99: percentile(lags, 99),
    max: lags.at(-1) ?? NaN,
  };
}
