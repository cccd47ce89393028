import type { RunInfo } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { runHistoryStats } from './run-history-stats.js';

const run = (state: RunInfo['state'], seconds: number): RunInfo => ({
  topologyId: 't',
  runId: `ESR-${state}-${seconds}`,
  state,
  runType: 'SCHEDULED',
  created: 0,
  updated: seconds * 1000,
  tasks: { main: { taskId: 'x', state: 'COMPLETED', startedAt: 0, finishedAt: seconds * 1000 } },
});

describe('runHistoryStats', () => {
  it('rates successes among runs that succeeded or failed, and takes percentiles of ended runs', () => {
    const runs = [
      run('SUCCESSFUL', 1),
      run('SUCCESSFUL', 2),
      run('FAILED', 3),
      run('SKIPPED', 0),
      run('CANCELLED', 4),
      ...Array.from({ length: 15 }, (_, i) => run('COMPLETED', 10 + i)),
    ];
    const stats = runHistoryStats(runs, 100_000);
    expect(stats.successRate).toBeCloseTo(17 / 18);
    // 19 ended runs: 1, 2, 3, 4 and 10…24 s; nearest rank 10 and 19.
    expect(stats.p50).toBe(15_000);
    expect(stats.p95).toBe(24_000);
  });

  it('says nothing rather than 0 % when no run has ended', () => {
    expect(runHistoryStats([run('SKIPPED', 0)], 0)).toEqual({ successRate: null, p50: null, p95: null });
  });
});
