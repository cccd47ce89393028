// HttpTaskRunner against a real HTTP server on a local port: what the receiver gets, and how each answer (or
// lack of one) becomes an attempt result.
import { afterEach, describe, expect, it } from 'vitest';
import {
  HttpTaskRunner,
  RESPONSE_BODY_MAX_CHARS,
  type HttpTaskRunnerOptions,
} from '../../src/runners/http/http-task-runner.js';
import { TRUNCATION_MARK } from '../../src/runners/http/truncate-text.js';
import { verifyEpochSignature } from '../../src/runners/http/signature.js';
import { EgressPolicy } from '../../src/egress/egress-policy.js';
import { systemClock } from '../../src/time/clock.js';
import { LOOPBACK_ALLOWED } from '../support/test-node.js';
import { attemptContext, httpTask, RUN_ID } from './http-fixtures.js';
import { closedPort, signatureInput, startReceiver, type Handler, type Receiver } from './receiver.js';

let receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
  receivers = [];
});

async function receiver(handler: Handler): Promise<Receiver> {
  const started = await startReceiver(handler);
  receivers.push(started);
  return started;
}

const answer =
  (status: number, body = '', headers: Record<string, string> = {}): Handler =>
  (_request, response) => {
    response.writeHead(status, headers).end(body);
  };
const neverAnswer: Handler = () => undefined;

const runner = (options: Partial<HttpTaskRunnerOptions> = {}) =>
  new HttpTaskRunner({
    defaultTimeoutSeconds: 10,
    userAgent: 'Epoch/test',
    egress: new EgressPolicy(LOOPBACK_ALLOWED),
    clock: systemClock,
    ...options,
  });

describe('HttpTaskRunner: what the receiver gets', () => {
  it('sends method, path, task headers, X-Epoch-* headers and the exact JSON body; 200 completes', async () => {
    const hook = await receiver(answer(200, '{"ok":true}', { 'content-type': 'application/json' }));
    const result = await runner().run(
      httpTask({
        url: `${hook.url}/hooks/billing?team=payments`,
        headers: { 'X-Team': 'payments', 'x-epoch-task-id': 'forged' },
        body: { invoice: 42, note: 'ünïcødé ✓', lines: [1, 2] },
      }),
      attemptContext(),
    );

    expect(result).toMatchObject({
      state: 'COMPLETED',
      retryable: false,
      httpStatus: 200,
      responseBody: '{"ok":true}',
    });
    expect(result.errorMessage).toBeUndefined();
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(hook.received).toHaveLength(1);
    const [request] = hook.received;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/hooks/billing?team=payments');
    expect(request?.rawBody.toString('utf8')).toBe('{"invoice":42,"note":"ünïcødé ✓","lines":[1,2]}');
    expect(request?.headers).toMatchObject({
      'x-team': 'payments',
      'content-type': 'application/json',
      'user-agent': 'Epoch/test',
      // The task's own x-epoch-task-id lost: Epoch's headers always win.
      'x-epoch-task-id': `billing-${RUN_ID}-notify`,
      'x-epoch-topology-id': 'billing',
      'x-epoch-run-id': RUN_ID,
      'x-epoch-attempt': '1',
      'x-epoch-fire-time': '2026-11-22T10:00:00.000Z',
    });
  });

  it('sends a string body as is, as text/plain unless the task names a Content-Type', async () => {
    const hook = await receiver(answer(204));
    const form = await runner().run(
      httpTask({
        url: `${hook.url}/form`,
        method: 'PUT',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=1&b=%20',
      }),
      attemptContext(),
    );
    const plain = await runner().run(
      httpTask({ url: `${hook.url}/plain`, body: '{not json' }),
      attemptContext(),
    );

    expect(form).toMatchObject({ state: 'COMPLETED', httpStatus: 204, responseBody: '' });
    expect(plain.state).toBe('COMPLETED');
    const [formRequest, plainRequest] = hook.received;
    expect(formRequest?.method).toBe('PUT');
    expect(formRequest?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(formRequest?.rawBody.toString()).toBe('a=1&b=%20');
    expect(plainRequest?.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(plainRequest?.rawBody.toString()).toBe('{not json');
  });

  it('sends no body with GET, even when the task has one', async () => {
    const hook = await receiver(answer(200, 'pong'));
    const result = await runner().run(
      httpTask({ url: `${hook.url}/ping`, method: 'GET', body: { x: 1 } }),
      attemptContext(),
    );

    expect(result).toMatchObject({ state: 'COMPLETED', responseBody: 'pong' });
    expect(hook.received[0]?.method).toBe('GET');
    expect(hook.received[0]?.rawBody).toHaveLength(0);
    expect(hook.received[0]?.headers['content-type']).toBeUndefined();
  });

  it('sends the same X-Epoch-Task-Id on attempts 1 and 2 of a fire, so receivers can deduplicate', async () => {
    const hook = await receiver(answer(503));
    const hookTask = httpTask({ url: `${hook.url}/hook`, body: { n: 1 } });
    await runner().run(hookTask, attemptContext({ attempt: 1 }));
    await runner().run(hookTask, attemptContext({ attempt: 2 }));

    const [first, second] = hook.received;
    expect(first?.headers['x-epoch-task-id']).toBe(`billing-${RUN_ID}-notify`);
    expect(second?.headers['x-epoch-task-id']).toBe(first?.headers['x-epoch-task-id']);
    expect([first?.headers['x-epoch-attempt'], second?.headers['x-epoch-attempt']]).toEqual(['1', '2']);
    expect(second?.headers['x-epoch-fire-time']).toBe(first?.headers['x-epoch-fire-time']);
  });
});

describe('HttpTaskRunner: signatures', () => {
  const secret = 'whsec_test_3f9a';

  it('signs so the receiver can verify the request, and reject a tampered body, path or task id, or an old timestamp', async () => {
    const hook = await receiver(answer(200));
    const result = await runner({ signingSecret: secret }).run(
      httpTask({ url: `${hook.url}/signed?batch=7`, body: { amount: 100, currency: 'EUR' } }),
      attemptContext(),
    );

    expect(result.state).toBe('COMPLETED');
    const request = hook.received[0];
    if (!request) throw new Error('the receiver got nothing');
    const seen = signatureInput(hook.url, request);
    const nowSeconds = Math.floor(Date.now() / 1000);
    expect(seen.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(Math.abs(Number(seen.timestamp) - nowSeconds)).toBeLessThanOrEqual(2);
    expect(seen.url).toBe(`${hook.url}/signed?batch=7`);
    expect(verifyEpochSignature(secret, seen, nowSeconds)).toBe(true);

    const tampered = Buffer.from(request.rawBody.toString().replace('100', '900'));
    expect(verifyEpochSignature(secret, { ...seen, body: tampered }, nowSeconds)).toBe(false);
    expect(verifyEpochSignature(secret, { ...seen, url: `${hook.url}/other?batch=7` }, nowSeconds)).toBe(
      false,
    );
    expect(verifyEpochSignature(secret, { ...seen, taskId: 'another-task' }, nowSeconds)).toBe(false);
    expect(verifyEpochSignature(secret, seen, nowSeconds + 301)).toBe(false);
    expect(verifyEpochSignature('another-secret', seen, nowSeconds)).toBe(false);
  });

  it('sends no signature headers without a secret', async () => {
    const hook = await receiver(answer(200));
    await runner().run(httpTask({ url: `${hook.url}/unsigned`, body: 'x' }), attemptContext());

    expect(hook.received[0]?.headers).not.toHaveProperty('x-epoch-timestamp');
    expect(hook.received[0]?.headers).not.toHaveProperty('x-epoch-signature');
  });
});

describe('HttpTaskRunner: status codes', () => {
  it.each([
    { status: 500, retryable: true },
    { status: 503, retryable: true },
    { status: 408, retryable: true },
    { status: 429, retryable: true },
    { status: 404, retryable: false },
    { status: 400, retryable: false },
  ])('$status fails, retryable: $retryable, with status and body recorded', async ({ status, retryable }) => {
    const hook = await receiver(answer(status, `error ${status}`));
    const result = await runner().run(httpTask({ url: `${hook.url}/hook` }), attemptContext());

    expect(result).toEqual({
      state: 'FAILED',
      retryable,
      httpStatus: status,
      responseBody: `error ${status}`,
      errorMessage: `HTTP ${status} from POST ${hook.url}/hook`,
      durationMs: expect.any(Number),
    });
  });

  it('with successCodes [202], a 200 fails and a 202 completes', async () => {
    const hook = await receiver((request, response) =>
      response.writeHead(request.path === '/ok' ? 200 : 202).end(),
    );
    const accepted = await runner().run(
      httpTask({ url: `${hook.url}/accepted`, successCodes: [202] }),
      attemptContext(),
    );
    const ok = await runner().run(httpTask({ url: `${hook.url}/ok`, successCodes: [202] }), attemptContext());

    expect(accepted).toMatchObject({ state: 'COMPLETED', httpStatus: 202 });
    expect(ok).toMatchObject({
      state: 'FAILED',
      retryable: false,
      httpStatus: 200,
      errorMessage: `HTTP 200 from POST ${hook.url}/ok (expected 202)`,
    });
  });

  it('does not follow a 302: a failure unless listed in successCodes', async () => {
    const hook = await receiver(answer(302, '', { location: '/elsewhere' }));
    const redirected = await runner().run(httpTask({ url: `${hook.url}/moved` }), attemptContext());
    const listed = await runner().run(
      httpTask({ url: `${hook.url}/moved`, successCodes: [200, 302] }),
      attemptContext(),
    );

    expect(redirected).toMatchObject({
      state: 'FAILED',
      retryable: false,
      httpStatus: 302,
      errorMessage: `HTTP 302 from POST ${hook.url}/moved (redirect to /elsewhere not followed)`,
    });
    expect(listed).toMatchObject({ state: 'COMPLETED', httpStatus: 302 });
    expect(hook.received.map((request) => request.path)).toEqual(['/moved', '/moved']);
  });
});

describe('HttpTaskRunner: no answer', () => {
  it('fails retryable after timeoutSeconds when the server never answers', async () => {
    const hook = await receiver(neverAnswer);
    const result = await runner().run(
      httpTask({ url: `${hook.url}/slow`, timeoutSeconds: 1 }),
      attemptContext(),
    );

    expect(result).toMatchObject({
      state: 'FAILED',
      retryable: true,
      errorMessage: `timed out after 1 s waiting for POST ${hook.url}/slow`,
    });
    expect(result.httpStatus).toBeUndefined();
    expect(result.durationMs).toBeGreaterThanOrEqual(950);
    expect(result.durationMs).toBeLessThan(2000);
  });

  it('counts reading the body against the timeout: headers then a stalled body still time out', async () => {
    const hook = await receiver((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('partial…');
    });
    const result = await runner().run(
      httpTask({ url: `${hook.url}/trickle`, timeoutSeconds: 1 }),
      attemptContext(),
    );

    expect(result).toMatchObject({
      state: 'FAILED',
      retryable: true,
      httpStatus: 200,
      errorMessage: `timed out after 1 s reading the response body of POST ${hook.url}/trickle`,
    });
    expect(result.durationMs).toBeLessThan(2000);
  });

  it('fails retryable with a clear message when the connection is refused', async () => {
    const port = await closedPort();
    const result = await runner().run(httpTask({ url: `http://127.0.0.1:${port}/hook` }), attemptContext());

    expect(result).toMatchObject({
      state: 'FAILED',
      retryable: true,
      errorMessage: `connection refused (ECONNREFUSED) to POST http://127.0.0.1:${port}/hook`,
    });
    expect(result.httpStatus).toBeUndefined();
  });

  it('fails for good, sending nothing, when the URL is not usable', async () => {
    const result = await runner().run(
      { ...httpTask({ url: 'http://localhost/' }), url: 'ftp://files/x' },
      attemptContext(),
    );

    expect(result).toMatchObject({
      state: 'FAILED',
      retryable: false,
      errorMessage: 'invalid URL: ftp://files/x',
    });
  });
});

describe('HttpTaskRunner: cancellation and limits', () => {
  it('ends CANCELLED quickly when the run is cancelled mid-request', async () => {
    const hook = await receiver(neverAnswer);
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(), 200);
    const result = await runner().run(
      httpTask({ url: `${hook.url}/slow` }),
      attemptContext({ signal: cancel.signal }),
    );

    expect(result).toMatchObject({
      state: 'CANCELLED',
      retryable: false,
      errorMessage: `cancelled while calling POST ${hook.url}/slow`,
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(150);
    expect(result.durationMs).toBeLessThan(1000);
    expect(hook.received).toHaveLength(1);
  });

  it('sends nothing when the run is already cancelled', async () => {
    const hook = await receiver(answer(200));
    const result = await runner().run(
      httpTask({ url: `${hook.url}/hook` }),
      attemptContext({ signal: AbortSignal.abort() }),
    );

    expect(result.state).toBe('CANCELLED');
    expect(hook.received).toHaveLength(0);
  });

  it('truncates a 1 MB response to the stored limit without waiting for the rest of it', async () => {
    // 1 MB sent and the response never ended: only stopping early can finish before the timeout.
    const hook = await receiver((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('x'.repeat(1024 * 1024));
    });
    const result = await runner().run(httpTask({ url: `${hook.url}/huge` }), attemptContext());

    expect(result).toMatchObject({ state: 'COMPLETED', httpStatus: 200 });
    expect(result.responseBody).toHaveLength(RESPONSE_BODY_MAX_CHARS);
    expect(result.responseBody).toBe(
      'x'.repeat(RESPONSE_BODY_MAX_CHARS - TRUNCATION_MARK.length) + TRUNCATION_MARK,
    );
    expect(result.durationMs).toBeLessThan(2000);
  });
});
