import type { HttpTask } from '@epoch/shared';
import { buildHttpRequest, type AttemptIdentity } from './build-request.js';
import { classifyError } from './classify-error.js';
import { classifyResponse, type AttemptVerdict } from './classify-response.js';
import { readLimitedBody, truncateText } from './read-limited-body.js';

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
  clock: { now(): number };
}

/** RunTaskInfo.responseBody's limit in the run schema. */
export const RESPONSE_BODY_MAX_CHARS = 2048;
// Enough to fill RESPONSE_BODY_MAX_CHARS with any UTF-8, and to drain small bodies so the connection is reused.
const RESPONSE_READ_MAX_BYTES = 64 * 1024;

export class HttpTaskRunner {
  constructor(private readonly options: HttpTaskRunnerOptions) {}

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
    if (!built.ok) return finish({ state: 'FAILED', retryable: false, errorMessage: built.errorMessage });
    const { request } = built;

    // One deadline for the whole attempt, body included: a server trickling bytes cannot hold a run forever.
    const timeoutSeconds = task.timeoutSeconds ?? this.options.defaultTimeoutSeconds;
    const deadline = AbortSignal.timeout(timeoutSeconds * 1000);
    const signal = AbortSignal.any([context.signal, deadline]);
    const failed = (error: unknown, stage: 'request' | 'response body', httpStatus?: number) =>
      finish({
        ...classifyError(error, {
          cancelled: context.signal.aborted,
          timedOut: deadline.aborted,
          timeoutSeconds,
          target: request.target,
          stage,
        }),
        ...(httpStatus !== undefined && { httpStatus }),
      });

    let response: Response;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        redirect: 'manual',
        signal,
      });
    } catch (error) {
      return failed(error, 'request');
    }

    try {
      const body = await readLimitedBody(response.body, RESPONSE_READ_MAX_BYTES);
      return finish({
        ...classifyResponse(
          { status: response.status, location: response.headers.get('location') },
          task.successCodes,
          request.target,
        ),
        httpStatus: response.status,
        responseBody: truncateText(body.text, RESPONSE_BODY_MAX_CHARS, body.complete),
      });
    } catch (error) {
      return failed(error, 'response body', response.status);
    }
  }
}
