// Task logs through the API, read from real containers on the real Docker Engine.
import { once } from 'node:events';
import { get, type IncomingMessage } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import type { LogOptions } from '../../src/runners/container/runtime/container-runtime.js';
import { call, waitUntil } from '../support/test-node.js';
import {
  containerTask,
  createTopology,
  expectRejected,
  finishedRun,
  runNow,
  useRealNodes,
  waitForTask,
  type RealNode,
} from '../support/real-nodes.js';

const realNode = useRealNodes();

const logPath = (topologyId: string, runId: string, taskName: string) =>
  `/apis/v1/topologies/${topologyId}/runs/${runId}/tasks/${taskName}/log`;

async function readLog(
  node: RealNode,
  path: string,
): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(`${node.url}${path}`);
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('GET …/tasks/{taskName}/log and …/log/stream', () => {
  it('points at its own stream, which returns what the container printed on stdout and stderr, or its tail', async () => {
    const node = await realNode('log');
    await createTopology(
      node,
      'printer',
      containerTask('main', ['sh', '-c', 'echo out-1; echo err-1 >&2; sleep 0.1; echo out-2']),
    );
    const runId = await runNow(node, 'printer');
    await finishedRun(node, 'printer', runId);

    const located = await call(node, 'GET', logPath('printer', runId, 'main'));
    expect(located.status).toBe(200);
    expect(located.body.data).toBe(`${node.url}${logPath('printer', runId, 'main')}/stream`);

    const whole = await readLog(node, `${logPath('printer', runId, 'main')}/stream`);
    expect(whole.status).toBe(200);
    expect(whole.type).toBe('text/plain; charset=utf-8');
    expect(whole.text.split('\n').sort()).toEqual(['', 'err-1', 'out-1', 'out-2']);
    expect(whole.text.indexOf('out-1')).toBeLessThan(whole.text.indexOf('out-2'));
    expect((await readLog(node, `${logPath('printer', runId, 'main')}/stream?tail=1`)).text).toBe('out-2\n');

    // Removing the container (by hand, or retention) takes the log with it.
    for (const container of await node.runtime.listByLabel({ topologyId: 'printer' }))
      await node.runtime.remove(container.name);
    const gone = await call(node, 'GET', `${logPath('printer', runId, 'main')}/stream`);
    expect(gone.status).toBe(404);
    expect(gone.body.message).toBe(
      'Log no longer available: the container of attempt 1 of task main was removed',
    );
  });

  it('reads the last 10,000 lines unless asked for a tail or all of it', async () => {
    const node = await realNode('log-tail');
    await createTopology(node, 'counter', containerTask('main', ['seq', '10005']));
    const runId = await runNow(node, 'counter');
    await finishedRun(node, 'counter', runId);
    const stream = `${logPath('counter', runId, 'main')}/stream`;
    const lines = async (query: string) =>
      (await readLog(node, `${stream}${query}`)).text.trimEnd().split('\n');

    const bounded = await lines('');
    expect(bounded).toHaveLength(10_000);
    expect([bounded[0], bounded.at(-1)]).toEqual(['6', '10005']);
    const whole = await lines('?tail=all');
    expect(whole).toHaveLength(10_005);
    expect(whole[0]).toBe('1');
    expect(await lines('?tail=20000')).toEqual(whole);
    expect(await lines('?tail=2')).toEqual(['10004', '10005']);
  });

  it('follows a running container, line by line as printed, and ends when it exits', async () => {
    const node = await realNode('log-follow');
    await createTopology(
      node,
      'ticker',
      containerTask('main', ['sh', '-c', 'for i in 1 2 3; do echo line$i; sleep 0.3; done']),
    );
    const runId = await runNow(node, 'ticker');
    await waitForTask(node, 'ticker', runId, 'main', ['RUNNING']);

    const response = await fetch(`${node.url}${logPath('ticker', runId, 'main')}/stream?follow=true`);
    expect(response.status).toBe(200);
    const arrivals: Array<{ at: number; text: string }> = [];
    const decoder = new TextDecoder();
    for await (const bytes of response.body!) arrivals.push({ at: Date.now(), text: decoder.decode(bytes) });

    expect(arrivals.map((arrival) => arrival.text).join('')).toBe('line1\nline2\nline3\n');
    // Printed 0.3 s apart, they arrived as printed, not all at the end.
    const ended = Date.now();
    const lineArrival = (line: string) => arrivals.find((arrival) => arrival.text.includes(line))!.at;
    expect(lineArrival('line3') - lineArrival('line1')).toBeGreaterThanOrEqual(250);
    // It stayed open through the last `sleep`, until the process exited.
    expect(ended - lineArrival('line3')).toBeGreaterThanOrEqual(200);
    await waitUntil(
      async () => (await node.runtime.listByLabel({ topologyId: 'ticker' }))[0]?.state === 'exited',
      5_000,
    );
  });

  it('closes the engine stream when the client goes away', async () => {
    const node = await realNode('log-abort');
    await createTopology(node, 'sleeper', containerTask('main', ['sleep', '30']));
    const runId = await runNow(node, 'sleeper');
    await waitForTask(node, 'sleeper', runId, 'main', ['RUNNING']);
    const logs = vi.spyOn(node.runtime, 'logs');

    // node:http rather than fetch: an aborted fetch leaves a spare connection that holds up the server's close.
    const request = get(`${node.url}${logPath('sleeper', runId, 'main')}/stream?follow=true`);
    const [response] = (await once(request, 'response')) as [IncomingMessage];
    expect(response.statusCode).toBe(200);
    const signal = (logs.mock.calls[0]?.[1] as LogOptions).signal!;
    expect(signal.aborted).toBe(false);
    request.destroy();

    await waitUntil(() => signal.aborted, 5_000);
  });

  it('reads the latest attempt by default, any earlier one on request, and 404s past the last', async () => {
    const node = await realNode('log-attempts');
    // Docker sets HOSTNAME to the container's short id: each attempt prints its own.
    await createTopology(
      node,
      'flaky',
      containerTask('main', ['sh', '-c', 'echo $HOSTNAME; exit 1'], {
        retries: { count: 1, delaySeconds: 0 },
      }),
    );
    const runId = await runNow(node, 'flaky');
    const run = await finishedRun(node, 'flaky', runId);
    expect(run.tasks.main).toMatchObject({ state: 'FAILED', attempts: 2 });
    const stream = `${logPath('flaky', runId, 'main')}/stream`;

    const latest = await readLog(node, stream);
    expect(latest.text).toBe(`${run.tasks.main!.upstreamId!.slice(0, 12)}\n`);
    expect((await readLog(node, `${stream}?attempt=2`)).text).toBe(latest.text);
    const first = await readLog(node, `${stream}?attempt=1`);
    expect(first.text).toMatch(/^[0-9a-f]{12}\n$/);
    expect(first.text).not.toBe(latest.text);
    const beyond = await call(node, 'GET', `${stream}?attempt=3`);
    expect(beyond.status).toBe(404);
    expect(beyond.body.message).toBe(`Task main of run ${runId} has no attempt 3: it has had 2 so far`);
  });

  it('answers 404 for an HTTP task, pointing at httpStatus and responseBody in the run', async () => {
    const node = await realNode('log-http');
    await createTopology(node, 'hook', { type: 'HTTP', taskName: 'call', url: 'http://127.0.0.1:9/hook' });
    const runId = await runNow(node, 'hook');
    await finishedRun(node, 'hook', runId);

    for (const path of [logPath('hook', runId, 'call'), `${logPath('hook', runId, 'call')}/stream`]) {
      const result = await call(node, 'GET', path);
      expect(result.status).toBe(404);
      expect(result.body.message).toBe(
        'Task call is an HTTP task: it has no container log. Its outcome is in the run, ' +
          'in tasks.call.httpStatus and tasks.call.responseBody',
      );
    }
  });

  it('answers 404 naming the unknown topology, run or task, and 400 naming each bad query field', async () => {
    const node = await realNode('log-bad');
    await createTopology(node, 'known', containerTask('main', ['true']));
    const runId = await runNow(node, 'known');
    await finishedRun(node, 'known', runId);

    for (const [path, message] of [
      [logPath('nope', runId, 'main'), 'Topology not found: nope'],
      [
        logPath('known', 'EIR-2030-01-01-00-00-00-000', 'main'),
        'No run EIR-2030-01-01-00-00-00-000 of topology known',
      ],
      [logPath('known', runId, 'other'), `No task other in run ${runId} of topology known`],
    ] as const) {
      for (const suffix of ['', '/stream']) {
        const result = await call(node, 'GET', `${path}${suffix}`);
        expect(result.status).toBe(404);
        expect(result.body.message).toBe(message);
      }
    }
    for (const [query, field] of [
      ['follow=maybe', 'query.follow'],
      ['follow=true&follow=false', 'query.follow'],
      ['tail=-1', 'query.tail'],
      ['tail=1.5', 'query.tail'],
      ['tail=ALL', 'query.tail'],
      ['tail=last', 'query.tail'],
      ['attempt=0', 'query.attempt'],
      ['attempt=first', 'query.attempt'],
    ] as const) {
      await expectRejected(node, 'GET', `${logPath('known', runId, 'main')}/stream?${query}`, {
        status: 400,
        field,
      });
    }
  });
});
