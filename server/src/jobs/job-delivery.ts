import type { HttpTask, Job, JobDelivery, JobRoute } from '@epoch/shared';
import type { HttpAttemptContext, HttpAttemptResult } from '../runners/http/http-task-runner.js';
import type { Clock } from '../time/clock.js';
import type { CollectionRef } from './job-store.js';

/** What delivers: the HTTP task runner (its worker thread, egress policy and signing included). */
export interface JobCaller {
  run(task: HttpTask, context: HttpAttemptContext): Promise<HttpAttemptResult>;
}

export const JOB_HEADERS = {
  jobId: 'Epoch-Job-Id',
  collection: 'Epoch-Collection',
  idempotencyKey: 'Idempotency-Key',
} as const;

export const idempotencyKeyOf = (ref: CollectionRef, id: string): string =>
  `${ref.database}/${ref.collection}/${id}`;

/**
 * The call a job makes: its raw `meta` as the JSON body (what a timeMachine recipient receives), POSTed to its
 * route, with headers that let the recipient drop a re-send: the same `Idempotency-Key` every time.
 */
export function deliveryTask(ref: CollectionRef, job: Job, route: JobRoute): HttpTask {
  return {
    type: 'HTTP',
    taskName: 'deliver',
    method: 'POST',
    url: route.webhook_url,
    headers: {
      'Content-Type': 'application/json',
      [JOB_HEADERS.jobId]: job.id,
      [JOB_HEADERS.collection]: ref.collection,
      [JOB_HEADERS.idempotencyKey]: idempotencyKeyOf(ref, job.id),
    },
    secretHeaders: {},
    body: JSON.stringify(job.meta),
    ...(route.successCodes && { successCodes: route.successCodes }),
    timeoutSeconds: route.timeoutSeconds,
  };
}

/**
 * Calls until delivered, or until the route's retries are spent or the failure is one no retry can fix.
 * `route` null (deleted since the job was created) fails at once. Never rejects.
 */
export async function deliverJob(
  caller: JobCaller,
  clock: Clock,
  ref: CollectionRef,
  job: Job,
  route: JobRoute | null,
  options: { resent: boolean; signal: AbortSignal },
): Promise<JobDelivery> {
  const firedAt = clock.now();
  if (!route)
    return {
      firedAt,
      state: 'FAILED',
      httpStatus: null,
      attempts: 1,
      resent: options.resent,
      message: 'no such route',
    };
  const task = deliveryTask(ref, job, route);
  const retries = route.retries ?? { count: 0, delaySeconds: 0, backoffFactor: 1 };
  for (let attempt = 1; ; attempt++) {
    const result = await caller.run(task, {
      topologyId: `${ref.database}/${ref.collection}`,
      runId: job.id,
      taskId: idempotencyKeyOf(ref, job.id),
      taskName: task.taskName,
      attempt,
      fireTime: job.trigger_ms,
      signal: options.signal,
    });
    const delivered = result.state === 'COMPLETED';
    if (delivered || !result.retryable || attempt > retries.count || options.signal.aborted)
      return {
        firedAt,
        state: delivered ? 'DELIVERED' : 'FAILED',
        httpStatus: result.httpStatus ?? null,
        attempts: attempt,
        resent: options.resent,
        ...(!delivered && result.errorMessage && { message: result.errorMessage }),
      };
    const delayMs = retries.delaySeconds * 1000 * retries.backoffFactor ** (attempt - 1);
    await new Promise<void>((resolve) => clock.setTimer(clock.now() + delayMs, resolve));
  }
}
