import type { HttpTask } from '@epoch/shared';
import type { Agent } from 'undici';
import { egressAgent } from '../../egress/guarded-connector.js';
import type { EgressPolicy } from '../../egress/egress-policy.js';
import { buildHttpRequest, type AttemptIdentity } from './build-request.js';
import { classifyError, type FailureContext } from './classify-error.js';
import { classifyResponse, type AttemptVerdict } from './classify-response.js';
import { truncateText } from './truncate-text.js';
import { AttemptFailure, ResponseCollector } from './response-collector.js';

/** One attempt of one task of one run; the run executor owns retries, run state and persistence. */
export interface HttpAttemptContext extends AttemptIdentity {
  taskName: string;
  /** Aborted when the run is cancelled: the attempt ends CANCELLED. */
  signal: AbortSignal;
}

export interface HttpAttemptResult extends AttemptVerdict {
  httpStatus?: number;
  /** UTF-8 text of the response, at most RESPONSE_BODY_MAX_CHARS, ending in "…[truncated]" when cut. */
  responseBody?: string;
  durationMs: number;
}

export interface HttpTaskRunnerOptions {
  /** Signs every request (X-Epoch-Timestamp, X-Epoch-Signature) when set. */
  signingSecret?: string;
  /** For tasks without timeoutSeconds; timeMachine's fixed 10 s is the usual choice. */
  defaultTimeoutSeconds: number;
  userAgent: string;
  /** Every connection is judged by it, on the address it connects to. */
  egress: EgressPolicy;
  clock: { now(): number };
}

/** RunTaskInfo.responseBody's limit in the run schema. */
export const RESPONSE_BODY_MAX_CHARS = 2048;
// Enough to fill RESPONSE_BODY_MAX_CHARS with any UTF-8, and to drain small bodies so the connection is reused.
const RESPONSE_READ_MAX_BYTES = 64 * 1024;

/** Connections per origin: a burst of calls to one receiver queues here instead of opening thousands. */
const CONNECTIONS_PER_ORIGIN = 256;

export class HttpTaskRunner {
  // undici's dispatcher API: the engine under fetch and request(), without their per-call streams and signals.
  private readonly agent: Agent;

  constructor(private readonly options: HttpTaskRunnerOptions) {
    this.agent = egressAgent(options.egress, { connections: CONNECTIONS_PER_ORIGIN });
  }

  /** Every outcome of the call, cancellation included, is a result, never a rejection. */
  async run(task: HttpTask, context: HttpAttemptContext): Promise<HttpAttemptResult> {
    const { clock } = this.options;
    const startedAt = clock.now();
    const finish = (outcome: Omit<HttpAttemptResult, 'durationMs'>): HttpAttemptResult => ({
      ...outcome,
      durationMs: clock.now() - startedAt,
    });

    const built = buildHttpRequest(task, context, {
      userAgent: this.options.userAgent,
      signingSecret: this.options.signingSecret,
      now: startedAt,
    });
    if (!built.ok)
      return finish({ state: 'FAILED', retryable: false, errorMessage: built.errorMessage, unsent: true });
    const { request: plan } = built;
    if (context.signal.aborted)
      return finish(classifyError(context.signal.reason, this.failure(plan.target, 0, 'request', true)));

    // One deadline for the whole attempt, body included: a server trickling bytes cannot hold a run forever.
    const timeoutSeconds = task.timeoutSeconds ?? this.options.defaultTimeoutSeconds;
    const collector = new ResponseCollector(RESPONSE_READ_MAX_BYTES);
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      collector.abort(new Error(`timed out after ${timeoutSeconds} s`));
    }, timeoutSeconds * 1000);
    const cancel = () => collector.abort(new Error('cancelled'));
    context.signal.addEventListener('abort', cancel, { once: true });
    try {
      this.agent.dispatch(
        {
          origin: plan.origin,
          path: plan.path,
          method: plan.method,
          headers: plan.headers,
          body: plan.body ?? null,
        },
        collector,
      );
      const response = await collector.done;
      return finish({
        ...classifyResponse(response, task.successCodes, plan.target),
        httpStatus: response.status,
        responseBody: truncateText(response.text, RESPONSE_BODY_MAX_CHARS, response.complete),
      });
    } catch (thrown) {
      const failure = thrown instanceof AttemptFailure ? thrown : new AttemptFailure(thrown, 'request');
      return finish({
        ...classifyError(failure.error, {
          ...this.failure(plan.target, timeoutSeconds, failure.stage, context.signal.aborted),
          timedOut,
        }),
        ...(failure.httpStatus !== undefined && { httpStatus: failure.httpStatus }),
      });
    } finally {
      clearTimeout(deadline);
      context.signal.removeEventListener('abort', cancel);
    }
  }

  /** Closes idle connections; calls in flight finish first. Idempotent. */
  async close(): Promise<void> {
    if (!this.agent.closed) await this.agent.close();
  }

  private failure(
    target: string,
    timeoutSeconds: number,
    stage: 'request' | 'response body',
    cancelled: boolean,
  ): FailureContext {
    return { cancelled, timedOut: false, timeoutSeconds, target, stage };
  }
}
