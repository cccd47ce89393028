// Runs through a real Epoch node whose container tasks are Swarm services, on real ZooKeeper and the real
// single-node swarm the vitest global setup made: the runtime contract suite proves the adapter call by call, this
// proves what users see of it — runs that settle (exit codes, OOM, timeouts, retries), logs through the API, kills,
// and a new leader adopting a running service instead of launching it again, or settling what ended meanwhile.
// A SIGKILLed leader process: test/cluster/swarm-adoption.test.ts.
import { busyboxImageId, memoryHog } from '@epoch/test/harness/docker-images';
import { servicesLabelled } from '@epoch/test/harness/swarm-mode';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { EPOCH_LABELS } from '../src/runners/container/runtime/labels.js';
import {
  containerTask as taskOnBusybox,
  createTopology,
  finishedRun,
  runNow,
  useRealNodes,
  waitForTask,
  type RealNode,
} from './support/real-nodes.js';
import { call, waitUntil } from './support/test-node.js';

const swarmUnavailable = inject('swarmUnavailable');
const realNode = useRealNodes({ runtime: 'swarm' });
const docker = new Dockerode();
/** Every cluster a test made, to prove after the suite that none of them left a service or container behind. */
const clusters = new Set<string>();
let imageId: string;

async function swarmNode(label: string, options: { root?: string } = {}): Promise<RealNode> {
  const node = await realNode(label, options);
  clusters.add(node.cluster);
  return node;
}

// By image id, as the contract suite does: Swarm resolves a tag through its registry, an id it never asks for.
const containerTask = (taskName: string, args: string[], extra: Record<string, unknown> = {}) =>
  taskOnBusybox(taskName, args, {
    executable: { type: 'DOCKER', url: imageId, dockerPullTimeout: '30 seconds' },
    ...extra,
  });

const sequence = (...tasks: unknown[]) => ({ type: 'COMPOSITE', compositionType: 'ALL', tasks });

/** A task's whole log through the API, by the endpoint the UI reads it from. */
async function logThroughApi(node: RealNode, topologyId: string, runId: string, taskName: string) {
  const located = await call(
    node,
    'GET',
    `/apis/v1/topologies/${topologyId}/runs/${runId}/tasks/${taskName}/log`,
  );
  expect(located.status, JSON.stringify(located.body)).toBe(200);
  const response = await fetch(located.body.data as string);
  expect(response.status).toBe(200);
  return response.text();
}

/** The services of one topology of a node's cluster, by the labels Epoch gave them. */
async function servicesOf(node: RealNode, topologyId: string): Promise<string[]> {
  const ofCluster = await servicesLabelled(`${EPOCH_LABELS.cluster}=${node.cluster}`);
  const ofTopology = await servicesLabelled(`${EPOCH_LABELS.topologyId}=${topologyId}`);
  return ofCluster.filter((name) => ofTopology.includes(name));
}

/** Containers Swarm made for a cluster's tasks, running or not. */
async function containersOf(cluster: string) {
  return docker.listContainers({
    all: true,
    filters: { label: [`${EPOCH_LABELS.cluster}=${cluster}`] },
  });
}

beforeAll(async () => {
  if (swarmUnavailable !== null) return;
  imageId = await busyboxImageId(docker);
});
beforeEach((context) => {
  if (swarmUnavailable !== null) context.skip(`no swarm to run services on: ${swarmUnavailable}`);
});
afterAll(async () => {
  // useRealNodes closed every node after its test, and closing removes the node's services.
  for (const cluster of clusters) {
    expect(await servicesLabelled(`${EPOCH_LABELS.cluster}=${cluster}`), `services of ${cluster}`).toEqual(
      [],
    );
    // Nothing of the cluster runs on out of Epoch's sight.
    const running = async () => (await containersOf(cluster)).filter(({ State }) => State === 'running');
    await waitUntil(async () => (await running()).length === 0, 10_000);
    // Before Docker 23 (moby#42789) Swarm keeps a removed replicated job's exited container. Epoch removes those
    // with the service (task-containers.ts), but not one still stopping from a kill then: this suite's are removed
    // so that its runs do not pile them up.
    for (const { Id } of await containersOf(cluster)) await docker.getContainer(Id).remove({ force: true });
  }
});

describe('runs on the swarm runtime', () => {
  it('runs a topology of two container tasks to COMPLETED, and both logs read through the API', async () => {
    const node = await swarmNode('two-tasks');
    await createTopology(
      node,
      'pair',
      sequence(
        containerTask('first', ['sh', '-c', 'echo first-out; echo first-err >&2']),
        containerTask('second', ['sh', '-c', 'echo second-out']),
      ),
    );
    const runId = await runNow(node, 'pair');

    const run = await finishedRun(node, 'pair', runId);

    expect(run).toMatchObject({
      state: 'COMPLETED',
      tasks: {
        first: { state: 'COMPLETED', exitCode: 0, attempts: 1 },
        second: { state: 'COMPLETED', exitCode: 0, attempts: 1 },
      },
    });
    expect((await logThroughApi(node, 'pair', runId, 'first')).split('\n').sort()).toEqual([
      '',
      'first-err',
      'first-out',
    ]);
    expect(await logThroughApi(node, 'pair', runId, 'second')).toBe('second-out\n');
    expect(await servicesOf(node, 'pair')).toHaveLength(2);
  });

  it('ends a run FAILED with the exit code of the task that failed, later tasks never started', async () => {
    const node = await swarmNode('exit-3');
    await createTopology(
      node,
      'fails',
      sequence(containerTask('main', ['sh', '-c', 'echo failing; exit 3']), containerTask('after', ['true'])),
    );
    const runId = await runNow(node, 'fails');

    const run = await finishedRun(node, 'fails', runId);

    expect(run).toMatchObject({
      state: 'FAILED',
      tasks: {
        main: { state: 'FAILED', exitCode: 3, errorMessage: 'exited with code 3', attempts: 1 },
        after: { state: 'PENDING' },
      },
    });
    expect(await logThroughApi(node, 'fails', runId, 'main')).toBe('failing\n');
    expect(await servicesOf(node, 'fails')).toHaveLength(1);
  });

  it('kills a running task: the run ends CANCELLED at once and its container is gone', async () => {
    const node = await swarmNode('kill');
    await createTopology(
      node,
      'victim',
      sequence(containerTask('first', ['sleep', '60']), containerTask('second', ['true'])),
    );
    const runId = await runNow(node, 'victim');
    await waitForTask(node, 'victim', runId, 'first', ['RUNNING']);
    const started = Date.now();

    const killed = await call(node, 'POST', `/apis/v1/topologies/victim/runs/${runId}/tasks/first/kill`);

    expect(killed.status, JSON.stringify(killed.body)).toBe(200);
    const run = await finishedRun(node, 'victim', runId);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run).toMatchObject({
      state: 'CANCELLED',
      tasks: { first: { state: 'CANCELLED' }, second: { state: 'PENDING' } },
    });
    // As a killed container is kept, exited, the service is kept with its exit until retention removes it.
    const services = await node.runtime.listByLabel({ topologyId: 'victim' });
    expect(services.map((service) => service.state)).toEqual(['exited']);
    expect(await node.runtime.listByLabel({ topologyId: 'victim', taskName: 'second' })).toEqual([]);
    // What the user killed no longer runs anywhere.
    await waitUntil(async () => {
      const containers = await containersOf(node.cluster);
      return containers.every((container) => container.State !== 'running');
    }, 10_000);
  });

  it('a new leader adopts the running service and settles the run once, launching nothing again', async () => {
    const first = await swarmNode('adopt');
    await createTopology(first, 'long', containerTask('main', ['sh', '-c', 'sleep 4; echo done']));
    const runId = await runNow(first, 'long');
    await waitForTask(first, 'long', runId, 'main', ['RUNNING']);
    const [launched] = await first.runtime.listByLabel({ topologyId: 'long' });
    // Epoch's RUNNING comes with the service; the handover is to happen while Swarm's task runs too.
    await waitUntil(async () => (await first.runtime.inspect(launched!.name))?.state === 'running');

    // The leader goes away mid-run, as a crash would: it stops acting, its service keeps running.
    await first.node.stop();
    expect((await first.runStore.get('long', runId))?.value.state).toBe('RUNNING');
    const second = await swarmNode('adopt', { root: first.root });
    expect(second.cluster).toBe(first.cluster);
    const run = await finishedRun(second, 'long', runId);

    expect(run).toMatchObject({
      state: 'COMPLETED',
      tasks: { main: { state: 'COMPLETED', exitCode: 0, attempts: 1 } },
    });
    // The same service, never removed and made again, and one Swarm task of it: Swarm ran the job once.
    const after = await second.runtime.listByLabel({ topologyId: 'long' });
    expect(after.map((service) => service.containerId)).toEqual([launched!.containerId]);
    expect(await servicesOf(second, 'long')).toHaveLength(1);
    expect(await docker.listTasks({ filters: { service: [launched!.containerId] } })).toHaveLength(1);
    expect(await logThroughApi(second, 'long', runId, 'main')).toBe('done\n');
    // Settled once: a second report of the exit (the watch's reconcile finds it again) writes nothing more.
    const settled = await second.runStore.get('long', runId);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await second.runStore.get('long', runId)).toEqual(settled);
  });

  it("follows a task's log through the API from its launch until it exits, missing no line", async () => {
    const node = await swarmNode('follow');
    await createTopology(
      node,
      'ticker',
      containerTask('main', ['sh', '-c', 'for i in 1 2 3; do echo line$i; sleep 0.3; done']),
    );
    const runId = await runNow(node, 'ticker');
    // Epoch's RUNNING comes with the service, before Swarm has started its task: the UI follows from here.
    await waitForTask(node, 'ticker', runId, 'main', ['RUNNING']);

    const response = await fetch(
      `${node.url}/apis/v1/topologies/ticker/runs/${runId}/tasks/main/log/stream?follow=true`,
    );

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('line1\nline2\nline3\n');
    expect((await finishedRun(node, 'ticker', runId)).state).toBe('COMPLETED');
  });

  it('runs each retry as a service of its own, each attempt with its own log', async () => {
    const node = await swarmNode('retry');
    await createTopology(
      node,
      'flaky',
      containerTask('main', ['sh', '-c', 'echo $HOSTNAME; exit 1'], {
        retries: { count: 1, delaySeconds: 0 },
      }),
    );
    const runId = await runNow(node, 'flaky');

    const run = await finishedRun(node, 'flaky', runId);

    expect(run.tasks.main).toMatchObject({ state: 'FAILED', exitCode: 1, attempts: 2 });
    expect(await servicesOf(node, 'flaky')).toHaveLength(2);
    const stream = `/apis/v1/topologies/flaky/runs/${runId}/tasks/main/log/stream`;
    const attempt = async (n: number) => (await fetch(`${node.url}${stream}?attempt=${n}`)).text();
    const [first, second] = [await attempt(1), await attempt(2)];
    expect(first).toMatch(/^\w+\n$/);
    expect(second).toMatch(/^\w+\n$/);
    expect(first).not.toBe(second);
  });

  it('ends a task killed for memory FAILED, naming the limit', async () => {
    const node = await swarmNode('oom');
    await createTopology(
      node,
      'hog',
      containerTask('main', memoryHog(16), {
        resources: [
          { type: 'CPU', count: 1 },
          { type: 'MEMORY', sizeInMB: 16 },
        ],
      }),
    );

    const run = await finishedRun(node, 'hog', await runNow(node, 'hog'));

    expect(run).toMatchObject({
      state: 'FAILED',
      message: 'Task failed: killed: out of memory (limit 16 MB)',
      tasks: {
        main: { state: 'FAILED', exitCode: 137, errorMessage: 'killed: out of memory (limit 16 MB)' },
      },
    });
  });

  it('kills a task at its timeout and retries it, each attempt a service that no longer runs', async () => {
    const node = await swarmNode('timeout');
    await createTopology(
      node,
      'slow',
      containerTask('main', ['sleep', '30'], { timeoutSeconds: 1, retries: { count: 1, delaySeconds: 0 } }),
    );
    const started = Date.now();

    const run = await finishedRun(node, 'slow', await runNow(node, 'slow'));

    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.tasks.main).toMatchObject({
      state: 'FAILED',
      attempts: 2,
      errorMessage: 'timed out after 1 s',
    });
    const services = await node.runtime.listByLabel({ topologyId: 'slow' });
    expect(services.map((service) => service.state)).toEqual(['exited', 'exited']);
  });

  it('settles from what Swarm kept a run whose service ended, or vanished, while no leader ran', async () => {
    const first = await swarmNode('leaderless');
    await createTopology(first, 'ends', containerTask('main', ['sh', '-c', 'sleep 1; exit 4']));
    await createTopology(first, 'lost', containerTask('main', ['sleep', '60']));
    const [ends, lost] = [await runNow(first, 'ends'), await runNow(first, 'lost')];
    await waitForTask(first, 'ends', ends, 'main', ['RUNNING']);
    await waitForTask(first, 'lost', lost, 'main', ['RUNNING']);
    await first.node.stop();
    // Meanwhile one task ends on its own and the other's service is removed by hand.
    await waitUntil(
      async () => (await first.runtime.listByLabel({ topologyId: 'ends' }))[0]?.state === 'exited',
    );
    for (const { name } of await first.runtime.listByLabel({ topologyId: 'lost' })) {
      await first.runtime.kill(name);
      await first.runtime.remove(name);
    }

    const second = await swarmNode('leaderless', { root: first.root });

    expect((await finishedRun(second, 'ends', ends)).tasks.main).toMatchObject({
      state: 'FAILED',
      exitCode: 4,
      attempts: 1,
    });
    const vanished = await finishedRun(second, 'lost', lost);
    expect(vanished.state).toBe('FAILED');
    expect(vanished.tasks.main?.errorMessage).toMatch(/^container .* disappeared$/);
  });

  it("removes an old run's service with it at retention, and the container Swarm left of it", async () => {
    const node = await swarmNode('retention');
    await createTopology(node, 'kept', containerTask('main', ['true']));
    const runs: string[] = [];
    // One more than the node keeps (3).
    for (let i = 0; i < 4; i++) {
      const runId = await runNow(node, 'kept');
      expect((await finishedRun(node, 'kept', runId)).state).toBe('COMPLETED');
      runs.push(runId);
    }
    expect(await servicesOf(node, 'kept')).toHaveLength(4);

    expect(await node.node.retention.prune()).toBe(1);

    expect(await servicesOf(node, 'kept')).toHaveLength(3);
    expect(await node.runtime.listByLabel({ topologyId: 'kept', runId: runs[0] })).toEqual([]);
    const left = await docker.listContainers({
      all: true,
      filters: { label: [`${EPOCH_LABELS.cluster}=${node.cluster}`, `${EPOCH_LABELS.runId}=${runs[0]}`] },
    });
    expect(left).toEqual([]);
  });
});
