// Fire lag percentiles and the exactly-once bookkeeping: expected fire slots against sink arrivals.
import { runIdFor } from '@epoch/shared';
import type { Arrival } from '../../harness/http-sink.js';

export interface LagStats {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export function lagStats(arrivals: Arrival[]): LagStats {
  const lags = arrivals.map((arrival) => arrival.at - arrival.fireTime).sort((a, b) => a - b);
  return {
    count: lags.length,
    p50: percentile(lags, 50),
    p99: percentile(lags, 99),
    max: lags.at(-1) ?? NaN,
  };
}

export interface FireAccounting {
  expected: number;
  /** Expected fires with at least one arrival. */
  arrived: number;
  /** Expected fires with no arrival. */
  missing: number;
  /** Arrivals beyond the first for one run id or for one topology + fire time (across all arrivals). */
  duplicates: number;
  /** Arrivals of the expected fires only (first per fire), for lag statistics. */
  inWindow: Arrival[];
  /** The expected fires with no arrival. */
  missingFires: Array<{ topologyId: string; fireTime: number }>;
  /** Arrivals whose run id is not the one derived from their fire time (never expected). */
  idMismatches: number;
}

const fireKey = (topologyId: string, fireTime: number) => `${topologyId}@${fireTime}`;

/** What a result keeps of the accounting (not the arrival lists). */
export type FireCounts = Omit<FireAccounting, 'inWindow' | 'missingFires'>;

export function fireCounts({ inWindow: _, missingFires: __, ...counts }: FireAccounting): FireCounts {
  return counts;
}

/** Matches expected fire slots (topology + fire time) against every arrival the sink recorded. */
export function accountFires(
  expected: Iterable<{ topologyId: string; fireTime: number }>,
  arrivals: Arrival[],
): FireAccounting {
  const byFire = new Map<string, Arrival>();
  const runIds = new Set<string>();
  let duplicates = 0;
  for (const arrival of arrivals) {
    const key = fireKey(arrival.topologyId, arrival.fireTime);
    const runKey = `${arrival.topologyId}/${arrival.runId}`;
    if (byFire.has(key) || runIds.has(runKey)) duplicates++;
    else byFire.set(key, arrival);
    runIds.add(runKey);
  }
  const result: FireAccounting = {
    expected: 0,
    arrived: 0,
    missing: 0,
    duplicates,
    inWindow: [],
    missingFires: [],
    idMismatches: 0,
  };
  for (const { topologyId, fireTime } of expected) {
    result.expected++;
    const arrival = byFire.get(fireKey(topologyId, fireTime));
    if (arrival) {
      result.arrived++;
      result.inWindow.push(arrival);
      if (arrival.runId !== runIdFor('SCHEDULED', fireTime)) result.idMismatches++;
    } else {
      result.missing++;
      result.missingFires.push({ topologyId, fireTime });
    }
  }
  return result;
}

/** Every `first + k·period` in [from, to), for a fire that repeats every `period` ms from `first`. */
export function* periodicFires(first: number, period: number, from: number, to: number): Generator<number> {
  let fire = first + Math.ceil((from - first) / period) * period;
  for (; fire < to; fire += period) yield fire;
}

/** Evenly spread picks, for sampled checks. */
export function sample<T>(items: T[], size: number): T[] {
  if (items.length <= size) return items;
  const step = items.length / size;
  return Array.from({ length: size }, (_, index) => items[Math.floor(index * step)] as T);
}

export const ms = (value: number) =>
  Number.isFinite(value) ? `${Math.round(value).toLocaleString('en-US')} ms` : '–';
export const secs = (value: number) => (Number.isFinite(value) ? `${(value / 1000).toFixed(2)} s` : '–');
export const count = (value: number) => Math.round(value).toLocaleString('en-US');
export const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

export function describeFires(accounting: FireAccounting, lag: LagStats): string {
  return (
    `expected ${count(accounting.expected)}, arrived ${count(accounting.arrived)}, missing ${count(accounting.missing)}, ` +
    `duplicates ${count(accounting.duplicates)}; lag p50 ${ms(lag.p50)} p99 ${ms(lag.p99)} max ${ms(lag.max)}` +
    (accounting.idMismatches ? `; RUN IDS NOT FROM THE FIRE TIME: ${count(accounting.idMismatches)}` : '') +
    (accounting.missing
      ? `\n    missing e.g. ${accounting.missingFires
          .slice(0, 5)
          .map((fire) => `${fire.topologyId} at ${new Date(fire.fireTime).toISOString()}`)
          .join('; ')}`
      : '')
  );
}
