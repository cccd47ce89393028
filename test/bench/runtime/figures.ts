// One runtime's figures from what was triggered, what the leader recorded and what the engine says. Pure.
import { percentile } from '../schedule/stats.js';
import type { Triggered } from './drive.js';
import type { RunTimes } from './run-events.js';

const DONE_STATES: ReadonlySet<string> = new Set(['COMPLETED', 'SUCCESSFUL']);

export interface Spread {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export interface RuntimeFigures {
  runs: number;
  completed: number;
  /** Runs that did not end COMPLETED, with why. */
  notCompleted: { topologyId: string; runId?: string; state?: string; why?: string }[];
  /** First trigger to the last container start, ms. */
  windowMs: number;
  /** Containers started per second over that window. */
  launchesPerSecond: number;
  /** Trigger to the container's start as the engine reports it (State.StartedAt). */
  launchToRunning: Spread;
  /** Trigger to the leader recording the task RUNNING (the run API's view). */
  launchToRunningRecorded: Spread;
  /** Trigger to the leader recording the run's end. */
  total: Spread;
}

export function runtimeFigures(
  triggered: Triggered[],
  timesOf: (topologyId: string, runId: string) => RunTimes,
  containerStarts: Map<string, number>,
): RuntimeFigures {
  const toStart: number[] = [];
  const toRecorded: number[] = [];
  const toEnd: number[] = [];
  const notCompleted: RuntimeFigures['notCompleted'] = [];
  let lastStart = Number.NaN;
  for (const run of triggered) {
    const times = run.runId === undefined ? {} : timesOf(run.topologyId, run.runId);
    const started = containerStarts.get(`${run.topologyId}/${run.runId}`);
    if (started !== undefined) {
      toStart.push(started - run.triggeredAt);
      lastStart = Number.isNaN(lastStart) ? started : Math.max(lastStart, started);
    }
    if (times.running !== undefined) toRecorded.push(times.running - run.triggeredAt);
    if (times.ended !== undefined) toEnd.push(times.ended - run.triggeredAt);
    if (run.error !== undefined || !DONE_STATES.has(times.state ?? '')) {
      notCompleted.push({
        topologyId: run.topologyId,
        runId: run.runId,
        state: times.state,
        why: run.error ?? times.message,
      });
    }
  }
  const firstTrigger = Math.min(...triggered.map((run) => run.triggeredAt));
  const windowMs = lastStart - firstTrigger;
  return {
    runs: triggered.length,
    completed: triggered.length - notCompleted.length,
    notCompleted,
    windowMs,
    launchesPerSecond: toStart.length / (windowMs / 1000),
    launchToRunning: spread(toStart),
    launchToRunningRecorded: spread(toRecorded),
    total: spread(toEnd),
  };
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}
