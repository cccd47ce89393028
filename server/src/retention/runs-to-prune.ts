import type { RunInfo } from '@epoch/shared';

export interface RetentionPolicy {
  /** Finished runs kept per topology, newest first (Epoch keeps 5). */
  keepRuns: number;
  /** Finished runs older than this are removed even within `keepRuns`. */
  maxAgeMs: number;
}

/** The finished runs a retention pass removes; a RUNNING run is never removed. Pure. */
export function runsToPrune(runs: RunInfo[], now: number, policy: RetentionPolicy): RunInfo[] {
  const finished = runs.filter((run) => run.state !== 'RUNNING').sort((a, b) => b.updated - a.updated);
  return finished.filter((run, index) => index >= policy.keepRuns || now - run.updated > policy.maxAgeMs);
}
