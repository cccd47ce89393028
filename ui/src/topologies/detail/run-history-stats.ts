import type { RunInfo } from '@epoch/shared';
import { runDuration } from './run-timing.js';

export interface RunHistoryStats {
  /** Succeeded out of those that ended succeeded or failed; null when none did. */
  successRate: number | null;
  /** Of runs that ended (not skipped), in ms; null when none did. */
  p50: number | null;
  p95: number | null;
}

const ENDED_RUNNING = new Set(['SUCCESSFUL', 'COMPLETED', 'FAILED', 'CANCELLED']);
const SUCCEEDED = new Set(['SUCCESSFUL', 'COMPLETED']);

/** Success rate and duration percentiles of a topology's recent runs. Pure. */
export function runHistoryStats(runs: RunInfo[], now: number): RunHistoryStats {
  const judged = runs.filter((run) => SUCCEEDED.has(run.state) || run.state === 'FAILED');
  const durations = runs
    .filter((run) => ENDED_RUNNING.has(run.state))
    .map((run) => runDuration(run, now))
    .sort((a, b) => a - b);
  return {
    successRate:
      judged.length === 0 ? null : judged.filter((run) => SUCCEEDED.has(run.state)).length / judged.length,
    p50: percentile(durations, 0.5),
    p95: percentile(durations, 0.95),
  };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}
