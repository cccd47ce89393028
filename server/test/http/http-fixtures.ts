import { httpTaskSchema, type HttpTask } from '@epoch/shared';
import type { HttpAttemptContext } from '../../src/runners/http/http-task-runner.js';

export const FIRE_TIME = Date.parse('2026-11-22T10:00:00.000Z');
export const RUN_ID = 'ESR-2026-11-22-10-00-00-000';

/** A task as the API would store it: parsed by the shared schema, defaults applied. */
export const httpTask = (fields: Partial<HttpTask> & { url: string }): HttpTask =>
  httpTaskSchema.parse({ type: 'HTTP', taskName: 'notify', ...fields });

/** The first attempt of task `notify` of run RUN_ID of topology `billing` (or the one given), not cancelled. */
export function attemptContext(overrides: Partial<HttpAttemptContext> = {}): HttpAttemptContext {
  const topologyId = overrides.topologyId ?? 'billing';
  return {
    topologyId,
    runId: RUN_ID,
    taskName: 'notify',
    taskId: `${topologyId}-${RUN_ID}-notify`,
    attempt: 1,
    fireTime: FIRE_TIME,
    signal: new AbortController().signal,
    ...overrides,
  };
}
