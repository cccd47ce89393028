// Did every expected fire happen, once? One accounting for the benchmarks and the cluster suites: the fires
// expected in a window, matched against what the sink received (deliveries) and, for the cluster suites,
// against the run records the leader keeps.
//
// The rule for matching a delivery (or a run) to an expected fire, and why:
//
// - A fire is `topologyId` + its fire time in epoch ms, exactly. A delivery belongs to the fire its
//   X-Epoch-Fire-Time names, never to the fire nearest its arrival, and never to a fire time rounded to the
//   second. Epoch stamps a run with the time it was due and derives the run id (ESR-…-<ms>) and so the task id
//   from that stamp, to the millisecond: an exact match is the same identity the server uses. Rounding (or
//   matching by arrival second) would hide a scheduler that stamps the wrong time (say, when it launched),
//   fold two fires into one "duplicate", and move a late delivery onto the next second's fire, which would
//   then look delivered while the late one looked missing.
// - Expected fires lie in a half-open window [from, to): a fire at exactly `to` belongs to the next window.
//   Adjacent windows then neither share nor drop a boundary fire, and a window of n whole seconds holds n
//   fires of an every-second topology. Cron fires fall on whole seconds, so this boundary is hit every time
//   `to` is a whole second, i.e. always: the two accountings that existed before disagreed here (one counted
//   [from, to], the other [from, to)), and on `nextSecond` for a time already on a whole second.
// - `nextSecond(t)` is the first whole second strictly after t: a window opened "from the next fire" never
//   includes a fire due at the very millisecond it was computed, which may have started already (or not).
import { runIdFor, type RunInfo } from '@epoch/shared';
import { IN_DOUBT_MESSAGE } from '../../server/src/execution/delivery-policy.js';
import { runsOf } from '../cluster/support/epoch-cluster.js';
import type { EpochProcess } from './epoch-process.js';
import type { Arrival } from './http-sink.js';

/** One expected fire: a topology and the epoch ms it is due. */
export interface Fire {
  topologyId: string;
  fireTime: number;
}

/** Half-open, in epoch ms: [from, to). */
export interface FireWindow {
  from: number;
  to: number;
}

/** The first whole second strictly after `ms` (a whole second itself gives the next one). */
export const nextSecond = (ms: number): number => Math.floor(ms / 1000) * 1000 + 1000;

/** The identity of a fire (and of a delivery's fire): topology and exact fire time. */
export const fireKey = (topologyId: string, fireTime: number): string => `${topologyId}@${fireTime}`;

/** Every `first + k·period` in [from, to), for a fire that repeats every `period` ms from `first`. */
export function* periodicFires(first: number, period: number, from: number, to: number): Generator<number> {
  let fire = first + Math.ceil((from - first) / period) * period;
  for (; fire < to; fire += period) yield fire;
}

/** The fires of topologies that fire every whole second, in [from, to). */
export function everySecondFires(topologyIds: readonly string[], { from, to }: FireWindow): Fire[] {
  const times = [...periodicFires(0, 1000, from, to)];
  return topologyIds.flatMap((topologyId) => times.map((fireTime) => ({ topologyId, fireTime })));
}

// ---------------------------------------------------------------------------------------------------------
// Deliveries alone: what reached the sink (the scheduling benchmark, the soak).

export interface DeliveryAccounting {
  expected: number;
  /** Expected fires with at least one delivery. */
  arrived: number;
  /** Expected fires with no delivery. */
  missing: number;
  /** Deliveries beyond the first for one run id or one topology + fire time, whatever their attempt (across all). */
  duplicates: number;
  /** Deliveries of the expected fires only (first per fire), for lag statistics. */
  inWindow: Arrival[];
  /** The expected fires with no delivery. */
  missingFires: Fire[];
  /** Deliveries whose run id is not the one derived from their fire time (never expected). */
  idMismatches: number;
}

/** What a result keeps of the accounting (not the delivery lists). */
export type FireCounts = Omit<DeliveryAccounting, 'inWindow' | 'missingFires'>;

export function fireCounts({ inWindow: _, missingFires: __, ...counts }: DeliveryAccounting): FireCounts {
  return counts;
}

/** Matches expected fires against every delivery the sink recorded, by {@link fireKey}. */
export function accountDeliveries(
  expected: Iterable<Fire>,
  arrivals: readonly Arrival[],
): DeliveryAccounting {
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
  const result: DeliveryAccounting = {
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

// ---------------------------------------------------------------------------------------------------------
// Run records and deliveries together: what the leader recorded of each fire, and what each task's receiver
// got (the cluster suites, the failover benchmark).

export interface RunAccounting {
  /** Fires expected in the window, over all topologies. */
  expected: number;
  /** Fires with no run record at all: lost. */
  missing: string[];
  /** Runs by state (SUCCESSFUL, SKIPPED for misfires recorded, …). */
  states: Record<string, number>;
  /** Calls the receiver got for one (task, attempt) more than once: a task sent twice unrecorded. */
  duplicateDeliveries: string[];
  /** Calls for a task beyond the attempts its run records. */
  unrecordedDeliveries: string[];
  /** Attempts sent again by a new leader (recorded: attempt 2 of a run with no failure). */
  resent: number;
  /** AT_MOST_ONCE tasks the receiver got more than once, whatever the attempt: each a broken promise. */
  repeatedAtMostOnce: string[];
  /** AT_MOST_ONCE runs a new leader ended in doubt (task UNKNOWN, run FAILED with the in-doubt message). */
  inDoubt: number;
  /** Runs with a task left UNKNOWN that do not say so as the README promises. */
  inDoubtMislabelled: string[];
  /** Every run read, in the window or not. */
  runs: RunInfo[];
}

export interface AccountingOptions {
  /** Topologies whose task is AT_MOST_ONCE. */
  atMostOnce?: ReadonlySet<string>;
}

/**
 * Matches expected fires against run records (by the run id derived from the exact fire time, as the server
 * derives it) and each recorded task against the deliveries for its task id (derived from that run id).
 */
export function accountRuns(
  expected: Iterable<Fire>,
  runs: readonly RunInfo[],
  arrivals: readonly Arrival[],
  options: AccountingOptions = {},
): RunAccounting {
  const result: RunAccounting = {
    expected: 0,
    missing: [],
    states: {},
    duplicateDeliveries: [],
    unrecordedDeliveries: [],
    resent: 0,
    repeatedAtMostOnce: [],
    inDoubt: 0,
    inDoubtMislabelled: [],
    runs: [...runs],
  };
  const deliveries = new Map<string, Arrival[]>();
  for (const arrival of arrivals) {
    const list = deliveries.get(arrival.taskId) ?? [];
    list.push(arrival);
    deliveries.set(arrival.taskId, list);
  }
  const byRun = new Map(runs.map((run) => [`${run.topologyId}/${run.runId}`, run]));
  for (const { topologyId, fireTime } of expected) {
    result.expected++;
    const run = byRun.get(`${topologyId}/${runIdFor('SCHEDULED', fireTime)}`);
    if (!run) {
      result.missing.push(`${topologyId} ${new Date(fireTime).toISOString()}`);
      continue;
    }
    result.states[run.state] = (result.states[run.state] ?? 0) + 1;
    for (const task of Object.values(run.tasks)) {
      const calls = deliveries.get(task.taskId) ?? [];
      if (options.atMostOnce?.has(topologyId) && calls.length > 1)
        result.repeatedAtMostOnce.push(task.taskId);
      if (task.state === 'UNKNOWN') {
        if (run.state === 'FAILED' && run.message === IN_DOUBT_MESSAGE) result.inDoubt++;
        else result.inDoubtMislabelled.push(`${run.runId} (${run.state}: ${run.message})`);
      }
      const attempts = new Set<number>();
      for (const call of calls) {
        if (attempts.has(call.attempt)) result.duplicateDeliveries.push(`${task.taskId} #${call.attempt}`);
        attempts.add(call.attempt);
        if (call.attempt > (task.attempts ?? 0))
          result.unrecordedDeliveries.push(`${task.taskId} #${call.attempt}`);
      }
      if ((task.attempts ?? 0) > 1) result.resent++;
    }
  }
  return result;
}

/**
 * Every whole second in [from, to) is a fire of each topology (every-second cron): reads each topology's runs
 * from `node` (the leader answers, wherever asked) and accounts them with the sink's deliveries.
 */
export async function accountFires(
  node: EpochProcess,
  topologyIds: string[],
  window: FireWindow,
  arrivals: readonly Arrival[],
  options: AccountingOptions = {},
): Promise<RunAccounting> {
  const runs: RunInfo[] = [];
  for (const topologyId of topologyIds) runs.push(...(await runsOf(node, topologyId)));
  return accountRuns(everySecondFires(topologyIds, window), runs, arrivals, options);
}
