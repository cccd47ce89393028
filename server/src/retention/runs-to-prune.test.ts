import type { RunInfo, RunState } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { runsToPrune } from './runs-to-prune.js';

const DAY = 86_400_000;
const run = (runId: string, state: RunState, updated: number): RunInfo => ({
  topologyId: 't',
  runId,
  state,
  tasks: {},
  runType: 'SCHEDULED',
  created: updated,
  updated,
});

describe('runsToPrune', () => {
  const now = 100 * DAY;
  it.each([
    {
      name: 'keeps the newest finished runs up to the count',
      runs: [run('a', 'SUCCESSFUL', now - 3), run('b', 'FAILED', now - 2), run('c', 'CANCELLED', now - 1)],
      policy: { keepRuns: 2, keepSkippedRuns: 2, maxAgeMs: 30 * DAY },
      pruned: ['a'],
    },
    {
      name: 'counts skipped runs apart: newer skips never push real runs out',
      runs: [
        run('real1', 'SUCCESSFUL', now - 10),
        run('real2', 'FAILED', now - 9),
        run('skip1', 'SKIPPED', now - 4),
        run('skip2', 'SKIPPED', now - 3),
        run('skip3', 'SKIPPED', now - 2),
        run('skip4', 'SKIPPED', now - 1),
      ],
      policy: { keepRuns: 2, keepSkippedRuns: 2, maxAgeMs: 30 * DAY },
      pruned: ['skip2', 'skip1'],
    },
    {
      name: 'applies the maximum age to skipped runs too',
      runs: [run('skip-old', 'SKIPPED', now - 31 * DAY), run('skip-new', 'SKIPPED', now - 1)],
      policy: { keepRuns: 2, keepSkippedRuns: 5, maxAgeMs: 30 * DAY },
      pruned: ['skip-old'],
    },
    {
      name: 'never removes a running run, and does not count it',
      runs: [
        run('a', 'RUNNING', now - 50 * DAY),
        run('b', 'SUCCESSFUL', now - 2),
        run('c', 'SUCCESSFUL', now - 1),
      ],
      policy: { keepRuns: 2, keepSkippedRuns: 2, maxAgeMs: 30 * DAY },
      pruned: [],
    },
    {
      name: 'removes finished runs older than the maximum age within the count',
      runs: [run('old', 'COMPLETED', now - 31 * DAY), run('new', 'COMPLETED', now - DAY)],
      policy: { keepRuns: 10, keepSkippedRuns: 2, maxAgeMs: 30 * DAY },
      pruned: ['old'],
    },
  ])('$name', ({ runs, policy, pruned }) => {
    expect(runsToPrune(runs, now, policy).map((r) => r.runId)).toEqual(pruned);
  });
});
