// Instant runs with overrides and re-runs against a real node (real ZooKeeper, real Docker Engine, real time):
// the overrides reach the container and the HTTP call, are recorded in the run, and bad ones write nothing.
import { randomBytes } from 'node:crypto';
import type { RunInfo } from '@epoch/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { SecretKeyRing } from '../../src/secrets/secret-key-ring.js';
import { startReceiver, type Receiver } from '../http/receiver.js';
import {
  containerTask,
  createTopology,
  expectRejected,
  finishedRun,
  runNow,
  runsOf,
  useRealNodes,
  type RealNode,
} from '../support/real-nodes.js';
import { call } from '../support/test-node.js';

const realNode = useRealNodes();
const receivers: Receiver[] = [];
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
});

const runPath = (topologyId: string) => `/apis/v1/topologies/${topologyId}/run`;
const rerunPath = (topologyId: string, runId: string) =>
  `/apis/v1/topologies/${topologyId}/runs/${runId}/rerun`;

async function runWith(node: RealNode, topologyId: string, overrides: unknown): Promise<string> {
  const result = await call(node, 'PUT', runPath(topologyId), { json: overrides });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return (result.body.data as { runId: string }).runId;
}

async function logOf(node: RealNode, topologyId: string, runId: string, taskName: string): Promise<string> {
  const located = await call(
    node,
    'GET',
    `/apis/v1/topologies/${topologyId}/runs/${runId}/tasks/${taskName}/log`,
  );
  expect(located.status).toBe(200);
  return (await fetch(located.body.data as string)).text();
}

/** An HTTP topology calling a fresh receiver with `method`. */
async function httpTopology(node: RealNode, name: string, method = 'POST'): Promise<Receiver> {
  const receiver = await startReceiver((_request, response) => response.end('ok'));
  receivers.push(receiver);
  await createTopology(node, name, {
    type: 'HTTP',
    taskName: 'call',
    method,
    url: `${receiver.url}/hook`,
    body: { from: 'topology' },
  });
  return receiver;
}

const printsX = () => containerTask('main', ['sh', '-c', 'echo "X=$X"'], { env: { X: '1' } });

describe('PUT /apis/v1/topologies/{id}/run with overrides', () => {
  it('runs the container with the env override, whose log shows it, and records the overrides in the run', async () => {
    const node = await realNode('env');
    await createTopology(node, 'printer', printsX());

    const runId = await runWith(node, 'printer', { env: { X: '42' } });

    expect(await finishedRun(node, 'printer', runId)).toMatchObject({ state: 'COMPLETED' });
    expect(await logOf(node, 'printer', runId, 'main')).toBe('X=42\n');
    const shown = await call(node, 'GET', `/apis/v1/topologies/printer/runs/${runId}`);
    expect((shown.body.data as RunInfo).overrides).toEqual({ env: { X: '42' } });
    // The topology is as it was: the next plain run prints its own value.
    const plain = await runNow(node, 'printer');
    await finishedRun(node, 'printer', plain);
    expect(await logOf(node, 'printer', plain, 'main')).toBe('X=1\n');
  });

  it('replaces the container args', async () => {
    const node = await realNode('args');
    await createTopology(node, 'printer', printsX());
    const runId = await runWith(node, 'printer', { args: ['echo', 'replaced'] });
    await finishedRun(node, 'printer', runId);
    expect(await logOf(node, 'printer', runId, 'main')).toBe('replaced\n');
  });

  it('sends the body override in the HTTP call', async () => {
    const node = await realNode('body');
    const receiver = await httpTopology(node, 'hook');
    const runId = await runWith(node, 'hook', { body: { from: 'override', n: 42 } });
    expect(await finishedRun(node, 'hook', runId)).toMatchObject({ state: 'COMPLETED' });
    expect(receiver.received.map((request) => JSON.parse(request.rawBody.toString()))).toEqual([
      { from: 'override', n: 42 },
    ]);
  });

  it('keeps Epoch clients working: no body (no content type), an empty body and {} run the tasks as defined', async () => {
    const node = await realNode('no-body');
    await createTopology(node, 'printer', printsX());
    const ids: string[] = [await runNow(node, 'printer')];
    const bare = await fetch(`${node.url}${runPath('printer')}`, { method: 'PUT', body: '' });
    expect(bare.status).toBe(200);
    ids.push(((await bare.json()) as { data: { runId: string } }).data.runId);
    const empty = await fetch(`${node.url}${runPath('printer')}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(empty.status).toBe(200);
    ids.push(((await empty.json()) as { data: { runId: string } }).data.runId);
    ids.push(await runWith(node, 'printer', {}));

    for (const runId of ids) {
      const run = await finishedRun(node, 'printer', runId);
      expect(run.state).toBe('COMPLETED');
      expect(run.overrides).toBeUndefined();
      expect(await logOf(node, 'printer', runId, 'main')).toBe('X=1\n');
    }
  });

  it('answers 400 naming each bad or inapplicable field, 404 for an unknown topology, and writes no run', async () => {
    const node = await realNode('bad', { secrets: new SecretKeyRing(randomBytes(32)) });
    await createTopology(
      node,
      'box',
      containerTask('main', ['true'], { secretEnv: { DB_PASSWORD: 's3cret' } }),
    );
    await httpTopology(node, 'hook');
    await httpTopology(node, 'getter', 'GET');

    const cases: Array<[string, unknown, string]> = [
      ['box', { env: { '1X': 'a' } }, 'env.1X: must be an environment name'],
      ['box', { env: { X: 42 } }, 'env.X'],
      ['box', { env: 'X=1' }, 'env'],
      ['box', { args: 'echo hi' }, 'args'],
      ['box', { args: ['x'.repeat(2049)] }, 'args: combined length must be at most 2048'],
      ['box', { body: 'x' }, 'body: applies to HTTP tasks'],
      ['box', { env: { DB_PASSWORD: 'mine' } }, 'env.DB_PASSWORD: is a secret of task main'],
      ['box', { environment: { X: '1' } }, 'environment'],
      ['box', [], '(root)'],
      ['hook', { args: ['x'] }, 'args: applies to container tasks'],
      ['hook', { env: { X: '1' } }, 'env: applies to container tasks'],
      ['hook', { body: 'y'.repeat(65_537) }, 'body: must be at most 65536'],
      ['getter', { body: 'x' }, 'body: applies to HTTP tasks that send a body'],
    ];
    for (const [topologyId, overrides, field] of cases)
      await expectRejected(node, 'PUT', runPath(topologyId), { status: 400, field }, { json: overrides });
    await expectRejected(node, 'PUT', runPath('box'), { status: 400, field: '' }, { rawBody: '{"env": ' });
    await expectRejected(
      node,
      'PUT',
      runPath('nope'),
      { status: 404, field: 'Topology not found: nope' },
      {
        json: { env: { X: '1' } },
      },
    );
    for (const topologyId of ['box', 'hook', 'getter']) expect(await runsOf(node, topologyId)).toEqual([]);
  });
});

describe('POST /apis/v1/topologies/{id}/runs/{runId}/rerun', () => {
  it('starts a new instant run of the topology as it is now, with the overrides of the run re-run', async () => {
    const node = await realNode('rerun');
    await createTopology(node, 'printer', containerTask('main', ['sh', '-c', 'echo "X=$X"; exit 3']));
    const failed = await runWith(node, 'printer', { env: { X: '42' } });
    expect(await finishedRun(node, 'printer', failed)).toMatchObject({ state: 'FAILED' });
    // Fixed since: the re-run runs the topology as it is now.
    const fixed = {
      name: 'printer',
      task: printsX(),
      trigger: { type: 'CRON', timeSpec: '0 0 0 1 1 ? 2099' },
    };
    expect((await call(node, 'PUT', '/apis/v1/topologies', { json: fixed })).status).toBe(200);

    const result = await call(node, 'POST', rerunPath('printer', failed));

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    const { runId } = result.body.data as { runId: string };
    expect(runId).toMatch(/^EIR-/);
    expect(runId).not.toBe(failed);
    expect(await finishedRun(node, 'printer', runId)).toMatchObject({
      state: 'COMPLETED',
      runType: 'INSTANT',
      rerunOf: failed,
      overrides: { env: { X: '42' } },
    });
    expect(await logOf(node, 'printer', runId, 'main')).toBe('X=42\n');
    // A run without overrides re-runs without any, also while it is running.
    await createTopology(node, 'sleeper', containerTask('main', ['sleep', '30']));
    const running = await runNow(node, 'sleeper');
    const again = await call(node, 'POST', rerunPath('sleeper', running));
    expect(again.status).toBe(200);
    const rerun = await node.runStore.get('sleeper', (again.body.data as { runId: string }).runId);
    expect(rerun?.value).toMatchObject({ runType: 'INSTANT', rerunOf: running });
    expect(rerun?.value.overrides).toBeUndefined();
    for (const runId of [running, rerun!.value.runId])
      expect(
        (await call(node, 'POST', `/apis/v1/topologies/sleeper/runs/${runId}/tasks/main/kill`)).status,
      ).toBe(200);
  });

  it('answers 404 naming the unknown topology or run, 409 when the overrides no longer fit, writing nothing', async () => {
    const node = await realNode('rerun-bad');
    await createTopology(node, 'printer', printsX());
    const runId = await runWith(node, 'printer', { args: ['echo', 'hi'] });
    await finishedRun(node, 'printer', runId);

    await expectRejected(node, 'POST', rerunPath('printer', 'EIR-2030-01-01-00-00-00-000'), {
      status: 404,
      field: 'No run EIR-2030-01-01-00-00-00-000 of topology printer',
    });
    await expectRejected(node, 'POST', rerunPath('nope', runId), {
      status: 404,
      field: 'Topology not found: nope',
    });
    // Now an HTTP topology: args no longer apply.
    const receiver = await startReceiver((_request, response) => response.end('ok'));
    receivers.push(receiver);
    const changed = {
      name: 'printer',
      task: { type: 'HTTP', taskName: 'main', url: `${receiver.url}/hook` },
      trigger: { type: 'CRON', timeSpec: '0 0 0 1 1 ? 2099' },
    };
    expect((await call(node, 'PUT', '/apis/v1/topologies', { json: changed })).status).toBe(200);
    await expectRejected(node, 'POST', rerunPath('printer', runId), {
      status: 409,
      field: `The overrides of run ${runId} no longer fit topology printer: args: applies to container tasks`,
    });
  });
});
