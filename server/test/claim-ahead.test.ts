// Fires are claimed (their run written to ZooKeeper) a few seconds before their time and launched at it.
// These tests hold a claimed fire between its claim and its time, and change the world in between.
import { runIdFor, type RunInfo } from '@epoch/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from './http/receiver.js';
import { finishedRun, postTopology, runsOf, useRealNodes, type RealNode } from './support/real-nodes.js';
import { call, waitUntil } from './support/test-node.js';

const realTimeNode = useRealNodes();
let receiver: Receiver;
/** When each call arrived, by path. */
let arrivals: Array<{ path: string; at: number; attempt: string }>;

beforeAll(async () => {
  receiver = await startReceiver((request, response) => {
    arrivals.push({
      path: request.path,
      at: Date.now(),
      attempt: String(request.headers['x-epoch-attempt']),
    });
    response.end('ok');
  });
});
beforeEach(() => {
  arrivals = [];
});
afterAll(async () => {
  await receiver?.close();
});

/** A whole second 2.5–3.5 s away: inside the claim-ahead window (3.5 s). */
const soon = () => Math.ceil((Date.now() + 2_500) / 1000) * 1000;

/** A topology calling the receiver at `/<path>` once, at `at`. */
const callOnceAt = (name: string, at: number, path = name, extra: Record<string, unknown> = {}) => ({
  name,
  task: { type: 'HTTP', taskName: 'hook', url: `${receiver.url}/${path}` },
  trigger: { type: 'AT', time: at },
  ...extra,
});

async function onceAt(
  node: RealNode,
  name: string,
  at: number,
  extra: Record<string, unknown> = {},
): Promise<string> {
  await postTopology(node, callOnceAt(name, at, name, extra));
  return runIdFor('SCHEDULED', at);
}

/** Updates a topology through Epoch's full-document PUT, expecting success. */
async function replaceTopology(node: RealNode, body: Record<string, unknown>): Promise<void> {
  const result = await call(node, 'PUT', '/apis/v1/topologies', { json: body });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
}

/** Waits until the fire is claimed, and checks it is still ahead of its time with nothing sent. */
async function claimedAhead(node: RealNode, name: string, runId: string, at: number): Promise<RunInfo> {
  let run: RunInfo | undefined;
  await waitUntil(async () => (run = (await node.runStore.get(name, runId))?.value) !== undefined, 5_000);
  expect(Date.now()).toBeLessThan(at);
  // Nothing launched: the run is CLAIMED, not begun, its task PENDING.
  expect(run).toMatchObject({ state: 'CLAIMED', tasks: { hook: { state: 'PENDING' } } });
  expect(arrivals).toEqual([]);
  return run!;
}

const afterFireTime = (at: number) => new Promise((resolve) => setTimeout(resolve, at - Date.now() + 500));

describe('fires claimed ahead of their time (real ZooKeeper)', () => {
  it('are launched at their time, not at their claim, and not listed before it', async () => {
    const node = await realTimeNode('ahead');
    const at = soon();
    const runId = await onceAt(node, 'ahead', at);
    await claimedAhead(node, 'ahead', runId, at);
    expect(await runsOf(node, 'ahead')).toEqual([]);
    const summary = await call(node, 'GET', '/apis/v1/topology-summaries');
    expect(summary.body.data).toMatchObject([{ nextFireTime: at, lastRun: null }]);

    expect((await finishedRun(node, 'ahead', runId)).state).toBe('COMPLETED');
    expect(arrivals).toHaveLength(1);
    expect(arrivals[0]!.at).toBeGreaterThanOrEqual(at);
    expect((await runsOf(node, 'ahead')).map((run) => run.runId)).toEqual([runId]);
  });

  it('are claimed at their time instead when claim-ahead is 0 (EPOCH_CLAIM_AHEAD_MS)', async () => {
    const node = await realTimeNode('at-its-time', { claimAheadMs: 0 });
    const at = soon();
    const runId = await onceAt(node, 'on-time', at);
    while (Date.now() < at - 250) {
      expect(await node.runStore.get('on-time', runId)).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    expect((await finishedRun(node, 'on-time', runId)).state).toBe('COMPLETED');
    expect(arrivals).toHaveLength(1);
    expect(arrivals[0]!.at).toBeGreaterThanOrEqual(at);
  });

  it('are removed, nothing sent, when the topology is paused before their time: a pause records no runs', async () => {
    const node = await realTimeNode('ahead-paused');
    const at = soon();
    const runId = await onceAt(node, 'paused', at);
    await claimedAhead(node, 'paused', runId, at);
    expect((await call(node, 'PUT', '/apis/v1/topologies/paused/pause')).status).toBe(200);
    await afterFireTime(at);
    await waitUntil(async () => (await node.runStore.get('paused', runId)) === null);
    expect(await runsOf(node, 'paused')).toEqual([]);
    expect(await node.runStore.listActive()).toEqual([]);
    expect(arrivals).toEqual([]);
  });

  it('are recorded SKIPPED when the schedule changes so that their time is no fire of it', async () => {
    const node = await realTimeNode('ahead-changed');
    const at = soon();
    const runId = await onceAt(node, 'moved', at);
    await claimedAhead(node, 'moved', runId, at);
    await replaceTopology(node, callOnceAt('moved', at + 3_600_000));
    await afterFireTime(at);
    expect(await finishedRun(node, 'moved', runId)).toMatchObject({
      state: 'SKIPPED',
      message: 'Skipped: schedule changed before its fire time',
    });
    expect(arrivals).toEqual([]);
  });

  it('run with the topology as changed before their time when the time is still a fire of it', async () => {
    const node = await realTimeNode('ahead-edited');
    const at = soon();
    const runId = await onceAt(node, 'edited', at);
    await claimedAhead(node, 'edited', runId, at);
    await replaceTopology(node, callOnceAt('edited', at, 'edited-v2'));
    expect((await finishedRun(node, 'edited', runId)).state).toBe('COMPLETED');
    expect(arrivals.map((arrival) => arrival.path)).toEqual(['/edited-v2']);
  });

  it('are launched once, at their time, by a new leader when the claiming one went away', async () => {
    const first = await realTimeNode('ahead-failover');
    const at = soon();
    const runId = await onceAt(first, 'handover', at);
    await claimedAhead(first, 'handover', runId, at);
    await first.node.stop();
    const second = await realTimeNode('ahead-failover', { root: first.root });
    expect(Date.now()).toBeLessThan(at);
    expect(await finishedRun(second, 'handover', runId)).toMatchObject({
      state: 'COMPLETED',
      tasks: { hook: { state: 'COMPLETED', attempts: 1 } },
    });
    expect(arrivals).toHaveLength(1);
    expect(arrivals[0]).toMatchObject({ path: '/handover', attempt: '1' });
    expect(arrivals[0]!.at).toBeGreaterThanOrEqual(at);
  });

  it('are removed by a new leader when the topology was paused meanwhile: a pause records no runs', async () => {
    const first = await realTimeNode('ahead-paused-failover');
    const at = soon();
    const runId = await onceAt(first, 'paused-handover', at);
    await claimedAhead(first, 'paused-handover', runId, at);
    expect((await call(first, 'PUT', '/apis/v1/topologies/paused-handover/pause')).status).toBe(200);
    await first.node.stop();
    await afterFireTime(at);
    const second = await realTimeNode('ahead-paused-failover', { root: first.root });
    await waitUntil(async () => (await second.runStore.get('paused-handover', runId)) === null);
    expect(await second.runStore.listActive()).toEqual([]);
    expect(arrivals).toEqual([]);
  });

  it('are missed fires when no leader came before their time: the misfire policy decides', async () => {
    const first = await realTimeNode('ahead-missed');
    const at = soon();
    const skipped = await onceAt(first, 'missed-skip', at, { misfirePolicy: 'SKIP' });
    const runOnce = await onceAt(first, 'missed-run-once', at, { misfirePolicy: 'RUN_ONCE' });
    await claimedAhead(first, 'missed-skip', skipped, at);
    await claimedAhead(first, 'missed-run-once', runOnce, at);
    await first.node.stop();
    // Later than a fire may be and still be on time (5 s): a misfire.
    await new Promise((resolve) => setTimeout(resolve, at + 6_000 - Date.now()));
    const second = await realTimeNode('ahead-missed', { root: first.root });
    expect(await finishedRun(second, 'missed-skip', skipped)).toMatchObject({
      state: 'SKIPPED',
      message: expect.stringMatching(/^Skipped: missed by \d+ s \(misfire policy SKIP\)$/),
    });
    expect(await finishedRun(second, 'missed-run-once', runOnce)).toMatchObject({
      state: 'COMPLETED',
      tasks: { hook: { state: 'COMPLETED', attempts: 1 } },
    });
    expect(arrivals.map((arrival) => [arrival.path, arrival.attempt])).toEqual([['/missed-run-once', '1']]);
  });
});
