import type { LeafTask } from '@epoch/shared';
import type { AttemptResult } from '../runners/task-runner.js';

/** The task's error and the run's message when an AT_MOST_ONCE call's fate is unknown. */
export const IN_DOUBT_MESSAGE = 'delivery in doubt: leader lost during the call; not resent (AT_MOST_ONCE)';

/** A task whose receiver must never see the same call twice. */
export const atMostOnce = (task: LeafTask): boolean =>
  task.type === 'HTTP' && task.delivery === 'AT_MOST_ONCE';

/**
 * Whether a failed attempt may be followed by another under the task's retries. An AT_MOST_ONCE call may be
 * sent again only when the first one certainly never reached its receiver (no connection was made): after
 * an answer, a timeout or a reset, the receiver may have acted on it.
 */
export function mayRetry(task: LeafTask, result: AttemptResult, attempt: number): boolean {
  const retries = task.retries;
  if (result.state !== 'FAILED' || !result.retryable || !retries || attempt > retries.count) return false;
  return !atMostOnce(task) || result.unsent === true;
}
