import { describe, expect, it } from 'vitest';
import { runsOverBudget, type RetainedRun } from './runs-over-budget.js';

const run = (topologyId: string, updated: number): RetainedRun => ({
  topologyId,
  runId: `r${updated}`,
  updated,
});

describe('runsOverBudget', () => {
  const finished = [run('a', 5), run('b', 1), run('a', 3), run('c', 4), run('b', 2)];

  it('removes nothing within the budget', () => {
    expect(runsOverBudget(finished, 0, 5)).toEqual([]);
    expect(runsOverBudget(finished, 2, 7)).toEqual([]);
  });

  it('removes the oldest finished runs across topologies, down to the budget', () => {
    expect(runsOverBudget(finished, 0, 3).map((r) => r.runId)).toEqual(['r1', 'r2']);
  });

  it('counts running runs against the budget but never removes them', () => {
    expect(runsOverBudget(finished, 2, 5).map((r) => r.runId)).toEqual(['r1', 'r2']);
    // More running than the budget: every finished run goes, the running ones stay.
    expect(runsOverBudget(finished, 9, 5)).toHaveLength(5);
  });
});
