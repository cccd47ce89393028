// Did every fire of every-second topologies happen exactly once? Read back from the run records (through the
// API) and the receiver's log of calls.
import { runIdFor, type RunInfo } from '@epoch/shared';
import type { EpochProcess } from '../../harness/epoch-process.js';
import type { Arrival } from '../../harness/http-sink.js';
import { IN_DOUBT_MESSAGE } from '../../../server/src/execution/delivery-policy.js';
import { runsOf } from './epoch-cluster.js';

export interface FireAccounting {
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
  runs: RunInfo[];
}

export interface AccountingOptions {
  /** Topologies whose task is AT_MOST_ONCE. */
  atMostOnce?: ReadonlySet<string>;
}

/** Every second in [from, to] (ms, on whole seconds) is a fire of each topology. */
export async function accountFires(
  node: EpochProcess,
  topologyIds: string[],
  window: { from: number; to: number },
  arrivals: Arrival[],
  options: AccountingOptions = {},
): Promise<FireAccounting> {
  const result: FireAccounting = {
    expected: 0,
    missing: [],
    states: {},
    duplicateDeliveries: [],
    unrecordedDeliveries: [],
    resent: 0,
    repeatedAtMostOnce: [],
    inDoubt: 0,
    inDoubtMislabelled: [],
    runs: [],
  };
  const deliveries = new Map<string, Arrival[]>();
  for (const arrival of arrivals) {
    const list = deliveries.get(arrival.taskId) ?? [];
    list.push(arrival);
    deliveries.set(arrival.taskId, list);
  }
  for (const topologyId of topologyIds) {
    const runs = await runsOf(node, topologyId);
    result.runs.push(...runs);
    const byId = new Map(runs.map((run) => [run.runId, run]));
    for (let fire = window.from; fire <= window.to; fire += 1000) {
      result.expected++;
      const run = byId.get(runIdFor('SCHEDULED', fire));
      if (!run) {
        result.missing.push(`${topologyId} ${new Date(fire).toISOString()}`);
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
  }
  return result;
}

/** Whole seconds: the first fire strictly after `ms`. */
export const nextSecond = (ms: number): number => Math.floor(ms / 1000) * 1000 + 1000;
