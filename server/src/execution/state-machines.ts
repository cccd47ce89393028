import type { RunState, RunType, TaskRunState, Trigger } from '@epoch/shared';

/**
 * Run and task lifecycles as transition tables (Epoch's diagrams, plus cancel, retry and timeout).
 * Executors feed events; a transition missing from a table is a bug, not a state.
 */
export type TaskEvent =
  | 'launch' // handed to the runtime
  | 'started' // the runtime reports it running
  | 'succeeded'
  | 'failed' // failed for good: no retry left, timed out, could not start
  | 'retry' // failed, a retry is due: back to PENDING until it launches again
  | 'cancelled'
  | 'lost'; // the runtime cannot say what happened (yet)

const TASK_TRANSITIONS: Record<TaskRunState, Partial<Record<TaskEvent, TaskRunState>>> = {
  PENDING: { launch: 'STARTING', cancelled: 'CANCELLED', failed: 'FAILED' },
  STARTING: {
    launch: 'STARTING', // sent again by a new leader: an HTTP call the previous one may have made
    started: 'RUNNING',
    succeeded: 'COMPLETED',
    failed: 'FAILED',
    retry: 'PENDING',
    cancelled: 'CANCELLED',
    lost: 'UNKNOWN',
  },
  // started again: a new leader adopting the running work records what it found.
  RUNNING: {
    started: 'RUNNING',
    succeeded: 'COMPLETED',
    failed: 'FAILED',
    retry: 'PENDING',
    cancelled: 'CANCELLED',
    lost: 'UNKNOWN',
  },
  UNKNOWN: {
    started: 'RUNNING',
    succeeded: 'COMPLETED',
    failed: 'FAILED',
    retry: 'PENDING',
    cancelled: 'CANCELLED',
  },
  COMPLETED: {},
  FAILED: {},
  CANCELLED: {},
};

export const TERMINAL_TASK_STATES: ReadonlySet<TaskRunState> = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

/**
 * `skipped`: a run claimed ahead of its fire time and never launched, whose fire was then skipped
 * (paused, overlap, schedule changed, or missed while no leader acted).
 */
export type RunEvent = 'succeeded' | 'failed' | 'cancelled' | 'skipped';

const RUN_TRANSITIONS: Record<RunState, Partial<Record<RunEvent, RunState | 'BY_TRIGGER'>>> = {
  // Epoch: a scheduled cron run ends SUCCESSFUL; an instant or AT run ends COMPLETED.
  RUNNING: { succeeded: 'BY_TRIGGER', failed: 'FAILED', cancelled: 'CANCELLED', skipped: 'SKIPPED' },
  SUCCESSFUL: {},
  COMPLETED: {},
  FAILED: {},
  SKIPPED: {},
  CANCELLED: {},
};

export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';
}

export function nextTaskState(state: TaskRunState, event: TaskEvent): TaskRunState {
  const next = TASK_TRANSITIONS[state][event];
  if (!next) throw new IllegalTransitionError(`task: no transition from ${state} on ${event}`);
  return next;
}

export function nextRunState(
  state: RunState,
  event: RunEvent,
  run: { runType: RunType; triggerType: Trigger['type'] },
): RunState {
  const next = RUN_TRANSITIONS[state][event];
  if (!next) throw new IllegalTransitionError(`run: no transition from ${state} on ${event}`);
  if (next !== 'BY_TRIGGER') return next;
  return run.runType === 'SCHEDULED' && run.triggerType === 'CRON' ? 'SUCCESSFUL' : 'COMPLETED';
}
