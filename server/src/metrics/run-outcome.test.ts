import type { RunInfo, RunState, RunTaskInfo } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { runOutcome } from './run-outcome.js';

const run = (state: RunState, tasks: Record<string, RunTaskInfo['state']>): RunInfo => ({
  topologyId: 't',
  runId: 'EIR-1',
  state,
  runType: 'INSTANT',
  created: 0,
  updated: 0,
  tasks: Object.fromEntries(
    Object.entries(tasks).map(([name, taskState]) => [name, { taskId: name, state: taskState }]),
  ),
});

describe('runOutcome', () => {
  it('counts nothing while the run is going, even for tasks already ended', () => {
    expect(runOutcome(run('RUNNING', { first: 'COMPLETED', second: 'RUNNING' }))).toBeNull();
  });

  it('counts an ended run with its ended tasks, not those that never started', () => {
    expect(runOutcome(run('FAILED', { first: 'COMPLETED', second: 'FAILED', third: 'PENDING' }))).toEqual({
      runState: 'FAILED',
      taskStates: ['COMPLETED', 'FAILED'],
    });
  });

  it('counts a skipped run and none of its tasks', () => {
    expect(runOutcome(run('SKIPPED', { only: 'PENDING' }))).toEqual({ runState: 'SKIPPED', taskStates: [] });
  });

  it('counts cancelled tasks', () => {
    expect(runOutcome(run('CANCELLED', { only: 'CANCELLED' }))).toEqual({
      runState: 'CANCELLED',
      taskStates: ['CANCELLED'],
    });
  });
});
