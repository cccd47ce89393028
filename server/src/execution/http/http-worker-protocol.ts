import type { HttpTask } from '@epoch/shared';
import type { AttemptIdentity } from './build-request.js';
import type { HttpAttemptResult } from './http-task-runner.js';

/** What the HTTP worker is started with: the HttpTaskRunner's options, less the clock (the worker's is real). */
export interface HttpWorkerSettings {
  signingSecret?: string | undefined;
  defaultTimeoutSeconds: number;
  userAgent: string;
}

/** Sent to the worker, in batches. */
export type HttpWorkerRequest =
  | {
      kind: 'call';
      id: number;
      task: HttpTask;
      identity: AttemptIdentity;
      taskName: string;
      cancelled: boolean;
    }
  | { kind: 'cancel'; id: number }
  /** Finish the calls in flight, close the connections and exit. */
  | { kind: 'close' };

/** Sent back, in batches: every call ends in exactly one result. */
export interface HttpWorkerReply {
  id: number;
  result: HttpAttemptResult;
}

/** An attempt that ended without an answer from the receiver, for reasons of the worker, not of the call. */
export function failedAttempt(errorMessage: string): HttpAttemptResult {
  return { state: 'FAILED', retryable: true, errorMessage, durationMs: 0 };
}
