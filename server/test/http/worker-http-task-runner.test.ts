// WorkerHttpTaskRunner against a real HTTP server: the calls are made on a real worker thread (started from
// this TypeScript source), and what crosses the thread boundary — task, identity, cancellation, results — is
// what the receiver and the caller see.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyEpochSignature } from '../../src/runners/http/signature.js';
import { WorkerHttpTaskRunner } from '../../src/runners/http/worker-http-task-runner.js';
import { LOOPBACK_ALLOWED } from '../support/test-node.js';
import { attemptContext, FIRE_TIME, httpTask, RUN_ID } from './http-fixtures.js';
import { signatureInput, startReceiver, type Handler, type Receiver } from './receiver.js';

const SECRET = 'a-signing-secret-of-some-length';

let receivers: Receiver[] = [];
let runners: WorkerHttpTaskRunner[] = [];
afterEach(async () => {
  await Promise.all(runners.map((runner) => runner.close()));
  await Promise.all(receivers.map((receiver) => receiver.close()));
  receivers = [];
  runners = [];
});

async function receiver(handler: Handler): Promise<Receiver> {
  const started = await startReceiver(handler);
  receivers.push(started);
  return started;
}

function runner(): WorkerHttpTaskRunner {
  const started = new WorkerHttpTaskRunner(
    { defaultTimeoutSeconds: 10, userAgent: 'Epoch/test', signingSecret: SECRET, egress: LOOPBACK_ALLOWED },
    pino({ level: 'silent' }),
  );
  runners.push(started);
  return started;
}

describe('WorkerHttpTaskRunner', () => {
  it('makes each call on the worker and brings its own result back, signed, with the identity headers', async () => {
    const hook = await receiver((request, response) => {
      response
        .writeHead(request.path === '/fail' ? 500 : 200)
        .end(`for ${request.headers['x-epoch-topology-id']}`);
    });
    const http = runner();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        http.run(
          httpTask({ url: `${hook.url}/${i === 7 ? 'fail' : 'ok'}`, body: { i } }),
          attemptContext({ topologyId: `t${i}`, attempt: 2 }),
        ),
      ),
    );

    results.forEach((result, i) => {
      expect(result.responseBody).toBe(`for t${i}`);
      expect(result.state).toBe(i === 7 ? 'FAILED' : 'COMPLETED');
    });
    expect(results[7]).toMatchObject({ httpStatus: 500, retryable: true });
    expect(hook.received).toHaveLength(50);
    const first = hook.received.find((request) => request.headers['x-epoch-topology-id'] === 't0');
    expect(first?.headers).toMatchObject({
      'x-epoch-task-id': `t0-${RUN_ID}-notify`,
      'x-epoch-attempt': '2',
      'x-epoch-fire-time': new Date(FIRE_TIME).toISOString(),
    });
    expect(first?.rawBody.toString()).toBe('{"i":0}');
    if (!first) throw new Error('the receiver got nothing from t0');
    expect(verifyEpochSignature(SECRET, signatureInput(hook.url, first), Date.now() / 1000)).toBe(true);
  });

  it('cancels a call in flight when the run is cancelled', async () => {
    const hook = await receiver(() => undefined);
    const cancel = new AbortController();
    const call = runner().run(
      httpTask({ url: `${hook.url}/slow` }),
      attemptContext({ topologyId: 'slow', signal: cancel.signal }),
    );
    await expect.poll(() => hook.received.length).toBe(1);
    cancel.abort();

    expect(await call).toMatchObject({
      state: 'CANCELLED',
      errorMessage: `cancelled while calling POST ${hook.url}/slow`,
    });
  });

  it('makes every call of a burst bigger than the worker handles at once, cancels included, in order', async () => {
    const hook = await receiver((_request, response) => response.writeHead(204).end());
    const http = runner();
    const cancelled = 250;
    const calls = Array.from({ length: 300 }, (_, i) => {
      const cancel = new AbortController();
      const call = http.run(
        httpTask({ url: hook.url }),
        attemptContext({ topologyId: `b${i}`, signal: cancel.signal }),
      );
      // Aborted after its call was queued: the cancel crosses right behind the call.
      if (i === cancelled) cancel.abort();
      return call;
    });
    const results = await Promise.all(calls);

    results.forEach((result, i) => expect(result.state).toBe(i === cancelled ? 'CANCELLED' : 'COMPLETED'));
    const seen = new Set(hook.received.map((request) => request.headers['x-epoch-topology-id']));
    expect(seen.size).toBe(hook.received.length);
    for (let i = 0; i < 300; i++) if (i !== cancelled) expect(seen.has(`b${i}`)).toBe(true);
  });

  it('sends nothing for a run already cancelled', async () => {
    const hook = await receiver((_request, response) => response.writeHead(200).end());
    const result = await runner().run(
      httpTask({ url: hook.url }),
      attemptContext({ topologyId: 'gone', signal: AbortSignal.abort() }),
    );

    expect(result.state).toBe('CANCELLED');
    expect(hook.received).toHaveLength(0);
  });

  it('lets a call in flight finish on close, then refuses new calls', async () => {
    const hook = await receiver((_request, response) => {
      setTimeout(() => response.writeHead(204).end(), 300);
    });
    const http = runner();
    const call = http.run(httpTask({ url: hook.url }), attemptContext({ topologyId: 'late' }));
    await expect.poll(() => hook.received.length).toBe(1);
    await http.close();

    expect(await call).toMatchObject({ state: 'COMPLETED', httpStatus: 204 });
    expect(
      await http.run(httpTask({ url: hook.url }), attemptContext({ topologyId: 'after' })),
    ).toMatchObject({
      state: 'FAILED',
      errorMessage: 'the HTTP client is closed',
    });
    expect(hook.received).toHaveLength(1);
  });

  it('fails the calls of a worker that died, retryably, and makes later calls on a new one', async () => {
    const hook = await receiver((request, response) => {
      if (request.path !== '/hang') response.writeHead(200).end();
    });
    const http = runner();
    const hanging = http.run(httpTask({ url: `${hook.url}/hang` }), attemptContext({ topologyId: 'hang' }));
    await expect.poll(() => hook.received.length).toBe(1);
    // What a crash of the thread looks like from the main thread.
    await (Reflect.get(http, 'thread') as { worker: { terminate(): Promise<number> } }).worker.terminate();

    expect(await hanging).toMatchObject({
      state: 'FAILED',
      retryable: true,
      errorMessage: expect.stringMatching(/HTTP worker stopped .* may or may not have been sent/),
    });
    expect(
      await http.run(httpTask({ url: `${hook.url}/ok` }), attemptContext({ topologyId: 'next' })),
    ).toMatchObject({
      state: 'COMPLETED',
    });
  });
});
