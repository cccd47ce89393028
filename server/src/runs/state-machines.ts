import type { RunInfo, RunState, RunType, StoredRunState, TaskRunState, Trigger } from '@epoch/shared';

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
 * A run's life. A fire is claimed by creating its run: RUNNING when claimed at its time, CLAIMED when claimed
 * ahead of it (its write off the fire's critical path). At the fire time a claimed run `begin`s, or is
 * `skipped` (overlap, schedule changed, or missed while no leader acted), or is `withdrawn` — its record
 * removed, since its topology was paused and a pause records no runs.
 */
export type RunEvent = 'begin' | 'succeeded' | 'failed' | 'cancelled' | 'skipped' | 'withdrawn';

/** Not a state: the record is gone. */
const REMOVED = 'REMOVED';

const RUN_TRANSITIONS: Record<
  StoredRunState,
  Partial<Record<RunEvent, StoredRunState | 'BY_TRIGGER' | typeof REMOVED>>
> = {
  CLAIMED: { begin: 'RUNNING', skipped: 'SKIPPED', withdrawn: REMOVED },
  // Epoch: a scheduled cron run ends SUCCESSFUL; an instant or AT run ends COMPLETED.
  RUNNING: { succeeded: 'BY_TRIGGER', failed: 'FAILED', cancelled: 'CANCELLED' },
  SUCCESSFUL: {},
  COMPLETED: {},
  FAILED: {},
  SKIPPED: {},
  CANCELLED: {},
};

/** Claimed or running: in the index of unfinished runs, adopted by a new leader, never pruned. */
export function isUnfinished(state: StoredRunState): boolean {
  return state === 'CLAIMED' || state === 'RUNNING';
}

/** A run that has begun (or ended): one the API shows. */
export type BegunRun = RunInfo & { state: RunState };

/** Begun (or ended): a run the API shows. A claimed run is a promise of one, not a run yet. */
export function hasBegun<T extends { state: StoredRunState }>(run: T): run is T & { state: RunState } {
  return run.state !== 'CLAIMED';
}

export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';
}

export function nextTaskState(state: TaskRunState, event: TaskEvent): TaskRunState {
  const next = TASK_TRANSITIONS[state][event];
  if (!next) throw new IllegalTransitionError(`task: no transition from ${state} on ${event}`);
  return next;
}

export function nextRunState(
  state: StoredRunState,
  event: Exclude<RunEvent, 'withdrawn'>,
  run: { runType: RunType; triggerType: Trigger['type'] },
): StoredRunState {
  const next = RUN_TRANSITIONS[state][event];
  if (!next || next === REMOVED)
    throw new IllegalTransitionError(`run: no transition from ${state} on ${event}`);
  if (next !== 'BY_TRIGGER') return next;
  return run.runType === 'SCHEDULED' && run.triggerType === 'CRON' ? 'SUCCESSFUL' : 'COMPLETED';
}

/** Checks that a run in `state` may be withdrawn (its record removed); throws if not. */
export function assertWithdrawable(state: StoredRunState): void {
  if (RUN_TRANSITIONS[state].withdrawn !== REMOVED)
    throw new IllegalTransitionError(`run: no transition from ${state} on withdrawn`);
}
