import type { RunInfo, RunState, TaskRunState } from '@epoch/shared';
import { hasBegun, TERMINAL_TASK_STATES } from '../runs/state-machines.js';

export interface RunOutcome {
  runState: Exclude<RunState, 'RUNNING'>;
  /** The run's tasks that ended (one entry per task); tasks never started are not among them. */
  taskStates: TaskRunState[];
}

/**
 * What a published run adds to the run and task counters: nothing until it ends. A run's end is
 * written, and published, exactly once (by the leader whose compare-and-set ended it; a SKIPPED run
 * when its fire is claimed), so no memory of earlier events is needed. Its tasks are counted with it:
 * a task that ended under an earlier leader is counted by the one that ends the run, so the cluster's
 * sum counts every task once.
 */
export function runOutcome(run: RunInfo): RunOutcome | null {
  if (!hasBegun(run) || run.state === 'RUNNING') return null;
  return {
    runState: run.state,
    taskStates: Object.values(run.tasks)
      .map((task) => task.state)
      .filter((state) => TERMINAL_TASK_STATES.has(state)),
  };
}
