// classifyResponse: status (+ successCodes) → state, retryable, message.
import { describe, expect, it } from 'vitest';
import { classifyResponse } from '../../src/runners/http/classify-response.js';

const TARGET = 'POST https://hooks.example.com/in';

describe('classifyResponse', () => {
  it.each([
    // Default: any 2xx succeeds.
    { status: 200, codes: undefined, state: 'COMPLETED', retryable: false },
    { status: 201, codes: undefined, state: 'COMPLETED', retryable: false },
    { status: 204, codes: undefined, state: 'COMPLETED', retryable: false },
    { status: 299, codes: undefined, state: 'COMPLETED', retryable: false },
    // Redirects are not followed, and fail for good unless listed.
    { status: 301, codes: undefined, state: 'FAILED', retryable: false },
    { status: 304, codes: undefined, state: 'FAILED', retryable: false },
    // Client errors fail for good, except "not now" ones.
    { status: 400, codes: undefined, state: 'FAILED', retryable: false },
    { status: 401, codes: undefined, state: 'FAILED', retryable: false },
    { status: 404, codes: undefined, state: 'FAILED', retryable: false },
    { status: 408, codes: undefined, state: 'FAILED', retryable: true },
    { status: 409, codes: undefined, state: 'FAILED', retryable: false },
    { status: 429, codes: undefined, state: 'FAILED', retryable: true },
    // Server errors are worth retrying.
    { status: 500, codes: undefined, state: 'FAILED', retryable: true },
    { status: 502, codes: undefined, state: 'FAILED', retryable: true },
    { status: 599, codes: undefined, state: 'FAILED', retryable: true },
    // successCodes replace the 2xx rule, and can list anything.
    { status: 202, codes: [202], state: 'COMPLETED', retryable: false },
    { status: 200, codes: [202], state: 'FAILED', retryable: false },
    { status: 302, codes: [200, 302], state: 'COMPLETED', retryable: false },
    { status: 404, codes: [200, 404], state: 'COMPLETED', retryable: false },
    { status: 500, codes: [500], state: 'COMPLETED', retryable: false },
    { status: 503, codes: [202], state: 'FAILED', retryable: true },
  ] as const)(
    '$status with successCodes $codes → $state, retryable $retryable',
    ({ status, codes, state, retryable }) => {
      const verdict = classifyResponse({ status }, codes, TARGET);
      expect(verdict.state).toBe(state);
      expect(verdict.retryable).toBe(retryable);
      expect(verdict.errorMessage === undefined).toBe(state === 'COMPLETED');
    },
  );

  it.each([
    { head: { status: 500 }, codes: undefined, message: `HTTP 500 from ${TARGET}` },
    { head: { status: 200 }, codes: [201, 202], message: `HTTP 200 from ${TARGET} (expected 201, 202)` },
    {
      head: { status: 302, location: 'https://login.example.com/' },
      codes: undefined,
      message: `HTTP 302 from ${TARGET} (redirect to https://login.example.com/ not followed)`,
    },
    {
      head: { status: 307, location: null },
      codes: [200],
      message: `HTTP 307 from ${TARGET} (redirect not followed; expected 200)`,
    },
  ])('says $message', ({ head, codes, message }) => {
    expect(classifyResponse(head, codes, TARGET).errorMessage).toBe(message);
  });
});
