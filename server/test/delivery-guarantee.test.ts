// A task's delivery guarantee when its leader is lost mid-call, on real ZooKeeper with a real receiver: the
// first node sends the call and goes away before the answer; the second adopts the run. AT_LEAST_ONCE sends
// the call again (same task id, next attempt); AT_MOST_ONCE never does, and says the delivery is in doubt.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { IN_DOUBT_MESSAGE } from '../src/execution/delivery-policy.js';
import { closedPort, startReceiver, type Receiver } from './http/receiver.js';
import { createTopology, finishedRun, runNow, useRealNodes, waitForTask } from './support/real-nodes.js';
import { call } from './support/test-node.js';

const realNode = useRealNodes();
const receivers: Receiver[] = [];
/** Answers held open: the first call of each test is never answered before its leader goes. */
const held: ServerResponse[] = [];

afterEach(async () => {
  for (const response of held.splice(0)) response.destroy();
  for (const receiver of receivers.splice(0)) await receiver.close();
});

/** A receiver that holds its first call unanswered and answers 200 to every later one. */
async function slowFirstReceiver(): Promise<Receiver> {
  let calls = 0;
  const receiver = await startReceiver((_request, response) => {
    if (++calls === 1) held.push(response);
    else response.end('ok');
  });
  receivers.push(receiver);
  return receiver;
}

const hook = (url: string, extra: Record<string, unknown> = {}) => ({
  type: 'HTTP',
  taskName: 'hook',
  url,
  timeoutSeconds: 60,
  ...extra,
});

/** Sends the call from a first node, stops that node mid-call, and lets a second one finish the run. */
async function loseLeaderMidCall(label: string, receiver: Receiver, delivery?: string) {
  const first = await realNode(label);
  await createTopology(first, 'pay', hook(`${receiver.url}/pay`, delivery ? { delivery } : {}));
  const runId = await runNow(first, 'pay');
  await waitForTask(first, 'pay', runId, 'hook', ['STARTING', 'RUNNING']);
  await expect.poll(() => receiver.received.length).toBe(1);
  // Gone before the answer, as a crash would: the call's fate is unknown to everyone but the receiver.
  await first.node.stop();
  const second = await realNode(label, { root: first.root });
  return { runId, run: await finishedRun(second, 'pay', runId) };
}

describe('delivery guarantee after a leader lost mid-call', () => {
  it('AT_LEAST_ONCE (the default) sends the call again, as the next attempt with the same task id', async () => {
    const receiver = await slowFirstReceiver();
    const { run } = await loseLeaderMidCall('at-least-once', receiver);
    expect(run).toMatchObject({ state: 'COMPLETED', tasks: { hook: { state: 'COMPLETED', attempts: 2 } } });
    const [firstCall, secondCall] = receiver.received;
    expect(receiver.received).toHaveLength(2);
    expect(secondCall!.headers['x-epoch-task-id']).toBe(firstCall!.headers['x-epoch-task-id']);
    expect([firstCall!.headers['x-epoch-attempt'], secondCall!.headers['x-epoch-attempt']]).toEqual([
      '1',
      '2',
    ]);
  });

  it('AT_MOST_ONCE never sends it again: the task ends UNKNOWN and the run FAILED, saying why', async () => {
    const receiver = await slowFirstReceiver();
    const { run } = await loseLeaderMidCall('at-most-once', receiver, 'AT_MOST_ONCE');
    expect(run).toMatchObject({
      state: 'FAILED',
      message: IN_DOUBT_MESSAGE,
      tasks: { hook: { state: 'UNKNOWN', attempts: 1, errorMessage: IN_DOUBT_MESSAGE } },
    });
    // The run is over: nothing is left that could send it later.
    expect(receiver.received).toHaveLength(1);
  });
});

describe('AT_MOST_ONCE retries', () => {
  const retries = { count: 2, delaySeconds: 0, backoffFactor: 1 };

  it('does not retry a call the receiver answered, even with a retryable status', async () => {
    const receiver = await startReceiver((_request, response) => response.writeHead(503).end('busy'));
    receivers.push(receiver);
    const node = await realNode('at-most-once-503');
    await createTopology(node, 'pay', hook(`${receiver.url}/pay`, { delivery: 'AT_MOST_ONCE', retries }));
    const run = await finishedRun(node, 'pay', await runNow(node, 'pay'));
    expect(run).toMatchObject({ state: 'FAILED', tasks: { hook: { attempts: 1, httpStatus: 503 } } });
    expect(receiver.received).toHaveLength(1);
  });

  it('retries a call that never reached the receiver (connection refused)', async () => {
    const node = await realNode('at-most-once-refused');
    const url = `http://127.0.0.1:${await closedPort()}/pay`;
    await createTopology(node, 'pay', hook(url, { delivery: 'AT_MOST_ONCE', retries }));
    const run = await finishedRun(node, 'pay', await runNow(node, 'pay'));
    expect(run).toMatchObject({ state: 'FAILED', tasks: { hook: { attempts: 3 } } });
    expect(run.tasks.hook?.errorMessage).toMatch(/connection refused/);
  });
});

it('refuses an unknown delivery guarantee, naming the field, and stores nothing', async () => {
  const node = await realNode('delivery-bad-input');
  const result = await call(node, 'POST', '/apis/v1/topologies', {
    json: {
      name: 'bad',
      task: hook('https://hooks.example.com/x', { delivery: 'EXACTLY_ONCE' }),
      trigger: { type: 'CRON', timeSpec: '0 0 0 1 1 ? 2099' },
    },
  });
  expect(result.status).toBe(400);
  expect(JSON.stringify(result.body)).toMatch(/task\.delivery/);
  expect((await call(node, 'GET', '/apis/v1/topologies/bad')).status).toBe(404);
});
