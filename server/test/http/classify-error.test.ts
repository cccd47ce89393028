// classifyError: what the HTTP client threw, and which signal had fired → CANCELLED, timeout, or a network failure.
import { describe, expect, it } from 'vitest';
import { EgressDeniedError } from '../../src/egress/egress-denied-error.js';
import { classifyError, type FailureContext } from '../../src/runners/http/classify-error.js';

const TARGET = 'POST http://127.0.0.1:9/in';
const base: FailureContext = {
  cancelled: false,
  timedOut: false,
  timeoutSeconds: 10,
  target: TARGET,
  stage: 'request',
};

/** How fetch wraps a socket error (undici's request API throws it as is): both are understood. */
const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause });
const socketError = (code: string, message = `connect ${code}`) =>
  Object.assign(new Error(message), { code });
const abortError = new DOMException('This operation was aborted', 'AbortError');

describe('classifyError', () => {
  it.each([
    {
      name: 'refused by the egress policy: final, in its own words',
      error: new EgressDeniedError('localhost', '127.0.0.1'),
      context: {},
      expected: {
        unsent: true,
        state: 'FAILED',
        retryable: false,
        errorMessage: 'destination not allowed: localhost (127.0.0.1) by the egress policy',
      },
    },
    {
      name: 'cancelled',
      error: abortError,
      context: { cancelled: true },
      expected: { state: 'CANCELLED', retryable: false, errorMessage: `cancelled while calling ${TARGET}` },
    },
    {
      name: 'cancelled beats timed out',
      error: abortError,
      context: { cancelled: true, timedOut: true },
      expected: { state: 'CANCELLED', retryable: false, errorMessage: `cancelled while calling ${TARGET}` },
    },
    {
      name: 'timed out waiting',
      error: new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      context: { timedOut: true, timeoutSeconds: 10 },
      expected: {
        state: 'FAILED',
        retryable: true,
        errorMessage: `timed out after 10 s waiting for ${TARGET}`,
      },
    },
    {
      name: 'timed out reading the body',
      error: new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      context: { timedOut: true, timeoutSeconds: 3, stage: 'response body' as const },
      expected: {
        state: 'FAILED',
        retryable: true,
        errorMessage: `timed out after 3 s reading the response body of ${TARGET}`,
      },
    },
    {
      name: 'connection refused',
      error: fetchFailed(socketError('ECONNREFUSED')),
      context: {},
      expected: {
        unsent: true,
        state: 'FAILED',
        retryable: true,
        errorMessage: `connection refused (ECONNREFUSED) to ${TARGET}`,
      },
    },
    {
      name: 'refused on every address (happy eyeballs)',
      error: fetchFailed(new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')])),
      context: {},
      expected: {
        unsent: true,
        state: 'FAILED',
        retryable: true,
        errorMessage: `connection refused (ECONNREFUSED) to ${TARGET}`,
      },
    },
    {
      name: 'DNS',
      error: fetchFailed(socketError('ENOTFOUND', 'getaddrinfo ENOTFOUND hooks.invalid')),
      context: {},
      expected: {
        unsent: true,
        state: 'FAILED',
        retryable: true,
        errorMessage: `host not found (ENOTFOUND) to ${TARGET}`,
      },
    },
    {
      name: 'reset while reading the body',
      error: new TypeError('terminated', { cause: socketError('UND_ERR_SOCKET', 'other side closed') }),
      context: { stage: 'response body' as const },
      expected: {
        state: 'FAILED',
        retryable: true,
        errorMessage: `connection closed by the server (UND_ERR_SOCKET) to ${TARGET} while reading the response body`,
      },
    },
    {
      name: 'unknown network code',
      error: fetchFailed(socketError('CERT_HAS_EXPIRED', 'certificate has expired')),
      context: {},
      expected: {
        state: 'FAILED',
        retryable: true,
        errorMessage: `network error (CERT_HAS_EXPIRED: certificate has expired) to ${TARGET}`,
      },
    },
    {
      name: 'no code at all',
      error: new Error('boom'),
      context: {},
      expected: { state: 'FAILED', retryable: true, errorMessage: `network error (boom) to ${TARGET}` },
    },
    {
      name: 'a request undici refuses',
      error: fetchFailed(socketError('UND_ERR_INVALID_ARG', 'invalid connection header')),
      context: {},
      expected: {
        unsent: true,
        state: 'FAILED',
        retryable: false,
        errorMessage: `invalid request (invalid connection header) to ${TARGET}`,
      },
    },
  ])('$name', ({ error, context, expected }) => {
    expect(classifyError(error, { ...base, ...context })).toEqual(expected);
  });
});
