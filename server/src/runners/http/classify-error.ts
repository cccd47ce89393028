import { EgressDeniedError } from '../../egress/egress-denied-error.js';
import type { AttemptVerdict } from './classify-response.js';

/** What the runner knew when the request (or reading the body) threw. */
export interface FailureContext {
  /** The run was cancelled: the caller's signal fired. */
  cancelled: boolean;
  /** The attempt's own deadline fired. */
  timedOut: boolean;
  timeoutSeconds: number;
  /** "POST http://host/path", as shown to users. */
  target: string;
  /** Whether a response had already started arriving. */
  stage: 'request' | 'response body';
}

/** Socket and DNS error codes (Node's and undici's), in words a user can act on. */
const NETWORK_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connect timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  UND_ERR_SOCKET: 'connection closed by the server',
  // undici's own idle limits (300 s by default) can end an attempt whose task timeout is longer.
  UND_ERR_HEADERS_TIMEOUT: "no response headers within the HTTP client's limit",
  UND_ERR_BODY_TIMEOUT: "response body stalled beyond the HTTP client's limit",
};

/**
 * Failures before a connection existed: nothing of the request can have reached the receiver. A refused
 * connect is certain; a reset or a closed socket may follow a request the server read, so they are not here.
 */
const NOT_CONNECTED: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Errors retrying cannot fix: the request itself is one undici refuses to send. The request builder keeps
 * these from happening; they are classified in case a URL or header slips through.
 */
const REQUEST_ERRORS: ReadonlySet<string> = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED']);

/**
 * Cancellation beats timeout (the run is over either way, and CANCELLED says why); any other failure to get an
 * answer is a network problem and worth a retry, except a request that could never be sent or that the egress
 * policy refused.
 */
export function classifyError(error: unknown, context: FailureContext): AttemptVerdict {
  const { target, stage } = context;
  if (context.cancelled) {
    return { state: 'CANCELLED', retryable: false, errorMessage: `cancelled while calling ${target}` };
  }
  if (context.timedOut) {
    const doing = stage === 'request' ? `waiting for ${target}` : `reading the response body of ${target}`;
    return {
      state: 'FAILED',
      retryable: true,
      errorMessage: `timed out after ${context.timeoutSeconds} s ${doing}`,
    };
  }
  if (error instanceof EgressDeniedError)
    return { state: 'FAILED', retryable: false, errorMessage: error.message, unsent: true };
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = errorCode(cause);
  const message = cause instanceof Error ? cause.message : String(cause);
  if (code !== undefined && REQUEST_ERRORS.has(code)) {
    return {
      state: 'FAILED',
      retryable: false,
      errorMessage: `invalid request (${message}) to ${target}`,
      unsent: true,
    };
  }
  const known = code === undefined ? undefined : NETWORK_ERRORS[code];
  const during = stage === 'request' ? '' : ' while reading the response body';
  return {
    state: 'FAILED',
    retryable: true,
    ...(stage === 'request' && code !== undefined && NOT_CONNECTED.has(code) && { unsent: true }),
    errorMessage: known
      ? `${known} (${code}) to ${target}${during}`
      : `network error (${code ? `${code}: ` : ''}${message}) to ${target}${during}`,
  };
}

/** Node sets `code` on socket errors; a failed happy-eyeballs connect wraps them in an AggregateError. */
function errorCode(error: unknown): string | undefined {
  const own = codeOf(error);
  if (own !== undefined || !(error instanceof AggregateError)) return own;
  return codeOf(error.errors[0]);
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
