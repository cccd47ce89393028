import type { HttpTask } from '@epoch/shared';
import type { EgressSettings } from '../../egress/egress-policy.js';
import type { AttemptIdentity } from './build-request.js';
import type { HttpAttemptResult } from './http-task-runner.js';

/**
 * What the HTTP worker is started with: the HttpTaskRunner's options, less the clock (the worker's is real), and
 * the egress policy as configured (a policy object does not cross threads).
 */
export interface HttpWorkerSettings {
  signingSecret?: string | undefined;
  defaultTimeoutSeconds: number;
  userAgent: string;
  egress: EgressSettings;
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
