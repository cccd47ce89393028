// Fire lag percentiles, sampling and the figures' formats. Which fires arrived, once: ../../harness/fire-accounting.
import type { DeliveryAccounting } from '../../harness/fire-accounting.js';
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

export function describeFires(accounting: DeliveryAccounting, lag: LagStats): string {
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
