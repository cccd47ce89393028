import type { LeafTask } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { atMostOnce, mayRetry } from './delivery-policy.js';
import type { AttemptResult } from '../runners/task-runner.js';

const http = (delivery?: 'AT_LEAST_ONCE' | 'AT_MOST_ONCE'): LeafTask => ({
  type: 'HTTP',
  taskName: 'hook',
  method: 'POST',
  url: 'https://hooks.example.com/x',
  headers: {},
  retries: { count: 2, delaySeconds: 1, backoffFactor: 2 },
  ...(delivery && { delivery }),
});
const failed = (extra: Partial<AttemptResult> = {}): AttemptResult => ({
  state: 'FAILED',
  retryable: true,
  ...extra,
});

describe('atMostOnce', () => {
  it('holds for HTTP tasks that ask for it only', () => {
    expect(atMostOnce(http('AT_MOST_ONCE'))).toBe(true);
    expect(atMostOnce(http('AT_LEAST_ONCE'))).toBe(false);
    expect(atMostOnce(http())).toBe(false);
  });
});

describe('mayRetry', () => {
  it('retries retryable failures within the count, at least once by default', () => {
    expect(mayRetry(http(), failed({ errorMessage: 'HTTP 503' }), 1)).toBe(true);
    expect(mayRetry(http(), failed(), 2)).toBe(true);
    expect(mayRetry(http(), failed(), 3)).toBe(false);
    expect(mayRetry(http(), failed({ retryable: false }), 1)).toBe(false);
    expect(mayRetry(http(), { state: 'COMPLETED', retryable: false }, 1)).toBe(false);
    expect(mayRetry({ ...http(), retries: undefined }, failed(), 1)).toBe(false);
  });

  it('sends an AT_MOST_ONCE call again only when the first never reached the receiver', () => {
    expect(mayRetry(http('AT_MOST_ONCE'), failed({ unsent: true }), 1)).toBe(true);
    // An answer (5xx), a timeout or a reset: the receiver may have acted on it.
    expect(mayRetry(http('AT_MOST_ONCE'), failed({ errorMessage: 'HTTP 503' }), 1)).toBe(false);
    expect(mayRetry(http('AT_MOST_ONCE'), failed({ unsent: false }), 1)).toBe(false);
  });
});
