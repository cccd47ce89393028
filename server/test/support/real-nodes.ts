// What the tests of scheduling and of the run, log and event endpoints share: nodes over one real ZooKeeper and
// the real Docker Engine (real time unless a test brings its clock), topologies on the BusyBox test image, and
// waiting for runs.
import type { RunInfo, RunTaskInfo } from '@epoch/shared';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '@epoch/test/harness/docker-images';
import { startZooKeeper, type ZooKeeperServer } from '@epoch/test/harness/zookeeper';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { systemClock, type Clock } from '../../src/time/clock.js';
import { isUnfinished } from '../../src/runs/state-machines.js';
import { call, startTestNode, waitUntil, type TestNode } from './test-node.js';

type NodeOptions<C extends Clock> = NonNullable<Parameters<typeof startTestNode<C>>[2]>;
import { zkSnapshot } from './zk-snapshot.js';

export type RealNode = TestNode<Clock>;

/**
 * Registers hooks: one ZooKeeper for the file, the test image, and every node closed after its test.
 * A node given the `root` of another is the same cluster, as a restarted or second server would be.
 * `defaults` apply to every node of the file, e.g. `{ runtime: 'swarm' }`.
 */
export function useRealNodes(
  defaults: Partial<NodeOptions<Clock>> = {},
): <C extends Clock = Clock>(label: string, options?: Partial<NodeOptions<C>>) => Promise<TestNode<C>> {
  let zookeeper: ZooKeeperServer | undefined;
  const nodes: RealNode[] = [];
  beforeAll(async () => {
    // One after the other: a failed image build must not leave a started ZooKeeper that nobody stops.
    await ensureBusyboxImage();
    zookeeper = await startZooKeeper();
  });
  afterAll(async () => {
    await zookeeper?.stop();
  });
  afterEach(async () => {
    for (const node of nodes.splice(0)) await node.close();
  });
  return async <C extends Clock = Clock>(label: string, options: Partial<NodeOptions<C>> = {}) => {
    const clock = (options.clock ?? defaults.clock ?? systemClock) as C;
    const node = await startTestNode(zookeeper!.connectionString, label, { ...defaults, ...options, clock });
    nodes.push(node);
    return node;
  };
}

/** A container task on the BusyBox image running `args`. */
export const containerTask = (taskName: string, args: string[], extra: Record<string, unknown> = {}) => ({
  type: 'CONTAINER_EXECUTION',
  taskName,
  executable: { type: 'DOCKER', url: BUSYBOX_IMAGE, dockerPullTimeout: '10 seconds' },
  resources: [
    { type: 'CPU', count: 1 },
    { type: 'MEMORY', sizeInMB: 64 },
  ],
  args,
  ...extra,
});

/** A cron that never fires during a test: runs come from instant runs only. */
export const NEVER = { type: 'CRON', timeSpec: '0 0 0 1 1 ? 2099' };

/** Creates a topology from its full JSON, expecting success. */
export async function postTopology(node: RealNode, body: Record<string, unknown>): Promise<void> {
  const result = await call(node, 'POST', '/apis/v1/topologies', { json: body });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
}

/** A topology that only runs when asked to. */
export const createTopology = (node: RealNode, name: string, task: unknown) =>
  postTopology(node, { name, task, trigger: NEVER });

/** A topology's runs in fire-time order. */
export async function runsOf(node: RealNode, topologyId: string): Promise<RunInfo[]> {
  const result = await call(node, 'GET', `/apis/v1/topologies/${topologyId}/runs?sort=runId&order=asc`);
  return result.body.data as RunInfo[];
}

export async function runNow(node: RealNode, topologyId: string): Promise<string> {
  const result = await call(node, 'PUT', `/apis/v1/topologies/${topologyId}/run`);
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return (result.body.data as { runId: string }).runId;
}

/** Waits until the run's task is in one of `states`; returns the run. */
export async function waitForTask(
  node: RealNode,
  topologyId: string,
  runId: string,
  taskName: string,
  states: RunTaskInfo['state'][],
): Promise<RunInfo> {
  let run: RunInfo | undefined;
  await waitUntil(async () => {
    run = (await node.runStore.get(topologyId, runId))?.value;
    const state = run?.tasks[taskName]?.state;
    return state !== undefined && states.includes(state);
  }, 20_000);
  return run!;
}

export async function finishedRun(node: RealNode, topologyId: string, runId: string): Promise<RunInfo> {
  let run: RunInfo | undefined;
  await waitUntil(async () => {
    run = (await node.runStore.get(topologyId, runId))?.value;
    return run !== undefined && !isUnfinished(run.state);
  }, 30_000);
  return run!;
}

/** Sends a bad request (`request`: its body) and asserts a 4xx whose message names `field`, with ZooKeeper exactly as before. */
export async function expectRejected(
  node: RealNode,
  method: string,
  path: string,
  expected: { status: number; field: string },
  request: Parameters<typeof call>[3] = {},
): Promise<void> {
  const before = await zkSnapshot(node.zk, node.paths.root);
  const result = await call(node, method, path, request);
  expect(result.status, JSON.stringify(result.body)).toBe(expected.status);
  expect(result.body.status).toBe('FAILED');
  expect(result.body.message).toContain(expected.field);
  expect(await zkSnapshot(node.zk, node.paths.root)).toEqual(before);
}
