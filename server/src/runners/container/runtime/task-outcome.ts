// How a container task ended, as Epoch's task state and the message users read. Pure: the caller gathers the
// facts (an exit from watch(), a typed launch error, a container it can no longer find) and records the result.
import type { TaskRunState } from '@epoch/shared';
import type { ContainerExit } from './container-runtime.js';

export type TaskEnd =
  | (Pick<ContainerExit, 'exitCode' | 'oomKilled' | 'memoryLimitMb' | 'error'> & {
      kind: 'exited';
      /** Epoch stopped it (kill() found it running): the exit is the kill's, not the task's. */
      cancelled: boolean;
    })
  | { kind: 'pull-failed'; image: string; reason: string }
  | { kind: 'start-failed'; containerName: string; reason: string }
  | { kind: 'vanished'; containerName: string };

export interface TaskOutcome {
  state: Extract<TaskRunState, 'COMPLETED' | 'FAILED' | 'CANCELLED'>;
  errorMessage?: string;
}

/** What the runtimes report as the exit code of a task that ended without a process's exit. */
const NO_EXIT_CODE = -1;

export function taskOutcome(end: TaskEnd): TaskOutcome {
  switch (end.kind) {
    case 'exited':
      return exitOutcome(end);
    case 'pull-failed':
      return failed(`image ${end.image} could not be pulled: ${end.reason}`);
    case 'start-failed':
      return failed(`container ${end.containerName} could not be started: ${end.reason}`);
    case 'vanished':
      return failed(`container ${end.containerName} disappeared`);
  }
}

function exitOutcome(end: Extract<TaskEnd, { kind: 'exited' }>): TaskOutcome {
  if (end.cancelled) return { state: 'CANCELLED' };
  if (end.oomKilled) {
    const limit = end.memoryLimitMb === undefined ? '' : ` (limit ${end.memoryLimitMb} MB)`;
    return failed(`killed: out of memory${limit}`);
  }
  if (end.exitCode === 0) return { state: 'COMPLETED' };
  // No process ran to give a code (Swarm never placed or started the task): the engine's reason says it all.
  if (end.exitCode === NO_EXIT_CODE && end.error) return failed(end.error);
  return failed(`exited with code ${end.exitCode}${end.error ? `: ${end.error}` : ''}`);
}

function failed(errorMessage: string): TaskOutcome {
  return { state: 'FAILED', errorMessage };
}
