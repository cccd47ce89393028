import type { LeafTask } from '@epoch/shared';

export interface AttemptContext {
  topologyId: string;
  runId: string;
  taskName: string;
  /** `<topologyId>-<runId>-<taskName>`: the same for every attempt of one task of one run. */
  taskId: string;
  /** 1-based. */
  attempt: number;
  /** A new leader continuing an attempt a previous leader started: adopt the work, never start it again. */
  resume: boolean;
  fireTime: number;
  /** Aborted when the run is cancelled or the task times out; `signal.reason` says which. */
  signal: AbortSignal;
  /** Called once the work really started (container running, request sent), with its upstream id if any. */
  onStarted(upstreamId?: string): void;
}

export interface AttemptResult {
  state: 'COMPLETED' | 'FAILED' | 'CANCELLED';
  /** A FAILED attempt that another attempt could fix (exit code, 5xx, timeout), under the task's retries. */
  retryable: boolean;
  /** An HTTP call that certainly never reached its receiver: an AT_MOST_ONCE task may send it again. */
  unsent?: boolean;
  errorMessage?: string;
  upstreamId?: string;
  exitCode?: number;
  httpStatus?: number;
  responseBody?: string;
}

/** Runs one attempt of one kind of leaf task. */
export interface TaskRunner<T extends LeafTask = LeafTask> {
  run(task: T, context: AttemptContext): Promise<AttemptResult>;
}

/** The reason a task signal aborts on its timeout, so runners can tell it from a cancel. */
export class TaskTimeoutError extends Error {
  override readonly name = 'TaskTimeoutError';
  constructor(readonly seconds: number) {
    super(`timed out after ${seconds} s`);
  }
}
