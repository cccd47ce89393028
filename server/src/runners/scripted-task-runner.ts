import type { LeafTask } from '@epoch/shared';
import { TaskTimeoutError, type AttemptContext, type AttemptResult, type TaskRunner } from './task-runner.js';

/** What an attempt comes to, decided by the test; it may wait on the attempt's signal. */
export type AttemptScript = (context: AttemptContext) => AttemptResult | Promise<AttemptResult>;

/**
 * A task runner whose attempts end as the test says, for table tests of the execution: each attempt is
 * recorded, starts at once, and ends with the next scripted result (the last one repeats).
 */
export class ScriptedTaskRunner implements TaskRunner {
  readonly attempts: AttemptContext[] = [];
  /** The task each attempt was handed, as launched (overrides applied). */
  readonly tasks: LeafTask[] = [];
  private readonly scripts: AttemptScript[];

  constructor(...scripts: AttemptScript[]) {
    this.scripts = scripts.length > 0 ? scripts : [succeed];
  }

  async run(task: LeafTask, context: AttemptContext): Promise<AttemptResult> {
    const script = this.scripts[Math.min(this.attempts.length, this.scripts.length - 1)]!;
    this.attempts.push(context);
    this.tasks.push(task);
    context.onStarted(`upstream-${this.attempts.length}`);
    return script(context);
  }
}

export const succeed: AttemptScript = () => ({ state: 'COMPLETED', retryable: false });

export const failRetryably: AttemptScript = () => ({
  state: 'FAILED',
  retryable: true,
  errorMessage: 'exit code 1',
});

/** Runs until the attempt's signal aborts, then ends as the real runners do: timed out, or cancelled. */
export const untilAborted: AttemptScript = ({ signal }) =>
  new Promise((resolve) => {
    const end = () =>
      resolve(
        signal.reason instanceof TaskTimeoutError
          ? { state: 'FAILED', retryable: true, errorMessage: signal.reason.message }
          : { state: 'CANCELLED', retryable: false },
      );
    if (signal.aborted) end();
    else signal.addEventListener('abort', end, { once: true });
  });
