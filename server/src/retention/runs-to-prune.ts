import type { RunInfo } from '@epoch/shared';
import { isUnfinished } from '../runs/state-machines.js';

export interface RetentionPolicy {
  /** Finished runs that are not SKIPPED kept per topology, newest first (Epoch keeps 5). */
  keepRuns: number;
  /** SKIPPED runs kept per topology apart from `keepRuns`, so a stream of skips never evicts real history. */
  keepSkippedRuns: number;
  /** Finished runs older than this are removed even within their count. */
  maxAgeMs: number;
}

/**
 * The finished runs a retention pass removes; a claimed or running run is never removed. SKIPPED runs are counted
 * apart from the others: each kind keeps its own newest runs. Pure.
 */
export function runsToPrune(runs: RunInfo[], now: number, policy: RetentionPolicy): RunInfo[] {
  const finished = runs.filter((run) => !isUnfinished(run.state)).sort((a, b) => b.updated - a.updated);
  const beyond = (kept: RunInfo[], keep: number): RunInfo[] =>
    kept.filter((run, index) => index >= keep || now - run.updated > policy.maxAgeMs);
  return [
    ...beyond(
      finished.filter((run) => run.state !== 'SKIPPED'),
      policy.keepRuns,
    ),
    ...beyond(
      finished.filter((run) => run.state === 'SKIPPED'),
      policy.keepSkippedRuns,
    ),
  ];
}
