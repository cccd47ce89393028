// A leader SIGKILLed while its run's container task runs as a Swarm service: two real Epoch processes with
// EPOCH_RUNTIME=swarm over a real ZooKeeper and the real single-node swarm of the vitest global setup. The
// follower takes over once the dead leader's session expires, adopts the running service and settles the run
// once: the same service, one Swarm task, one attempt.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunInfo } from '@epoch/shared';
import Dockerode from 'dockerode';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { EgressPolicy } from '../../server/src/egress/egress-policy.js';
import { EPOCH_LABELS } from '../../server/src/runners/container/runtime/labels.js';
import { SwarmRuntime } from '../../server/src/runners/container/runtime/swarm/swarm-runtime.js';
import { busyboxImageId } from '../harness/docker-images.js';
import { startEpochProcess, type EpochProcess } from '../harness/epoch-process.js';
import { servicesLabelled, swarmServerEnv, unenforcedHardening } from '../harness/swarm-mode.js';
import { startZooKeeper, type ZooKeeperServer } from '../harness/zookeeper.js';
import { api, apiData, waitForLeader } from './support/epoch-cluster.js';

const SESSION_TIMEOUT_MS = 4_000;
const swarmUnavailable = inject('swarmUnavailable');
const docker = new Dockerode();
// Its own cluster label: the suite sees, and removes, only its own services.
const clusterName = `swarm-adopt-${process.pid}-${Date.now().toString(36)}`;
let zookeeper: ZooKeeperServer | undefined;
const nodes: EpochProcess[] = [];
/** The same swarm as the processes see it, to watch and clean up their services. */
let swarm: SwarmRuntime;
let imageId: string;

/** Two servers on one ZooKeeper: the first leads, the second waits as a follower. */
async function startNodes(): Promise<EpochProcess[]> {
  zookeeper = await startZooKeeper();
  const logDir = await mkdtemp(path.join(tmpdir(), 'epoch-swarm-adopt-'));
  const swarmEnv = await swarmServerEnv();
  const started: EpochProcess[] = [];
  for (const [i, waitFor] of (['leader', 'ready'] as const).entries()) {
    started.push(
      await startEpochProcess({
        zkConnectionString: zookeeper.connectionString,
        zkRoot: `/epoch-${clusterName}`,
        logPath: path.join(logDir, `node-${i + 1}.log`),
        logLevel: 'info',
        waitFor,
        env: {
          ZK_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
          EPOCH_CLUSTER: clusterName,
          ...swarmEnv,
        },
      }),
    );
  }
  return started;
}

beforeAll(async () => {
  if (swarmUnavailable !== null) return;
  imageId = await busyboxImageId(docker);
  swarm = await SwarmRuntime.connect({
    cluster: clusterName,
    egress: new EgressPolicy({ allow: [], deny: [] }),
    allowedHostDirs: [],
    acceptUnenforced: await unenforcedHardening(),
    logger: pino({ level: 'silent' }),
  });
  nodes.push(...(await startNodes()));
}, 120_000);

beforeEach((context) => {
  if (swarmUnavailable !== null) context.skip(`no swarm to run services on: ${swarmUnavailable}`);
});

afterAll(async () => {
  await Promise.allSettled(nodes.map((node) => node.stop()));
  await zookeeper?.stop();
  if (swarmUnavailable !== null) return;
  for (const { name } of await swarm.listByLabel()) {
    await swarm.kill(name);
    await swarm.remove(name);
  }
  expect(await servicesLabelled(`${EPOCH_LABELS.cluster}=${clusterName}`), 'services left behind').toEqual(
    [],
  );
  // Before Docker 23 (swarmkit#3112) Swarm keeps a removed replicated job's finished task and exited container.
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [`${EPOCH_LABELS.cluster}=${clusterName}`] },
  });
  for (const { Id } of containers) await docker.getContainer(Id).remove({ force: true });
}, 60_000);

async function runOf(node: EpochProcess, runId: string): Promise<RunInfo> {
  return apiData<RunInfo>(node, 'GET', `/apis/v1/topologies/long/runs/${runId}`);
}

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await sleep(100);
  }
}

describe('a leader killed mid-run on the swarm runtime', () => {
  it('is succeeded by a leader that adopts the running service and settles the run once', async () => {
    const leader = await waitForLeader({ nodes });
    await apiData(leader, 'POST', '/apis/v1/topologies', {
      name: 'long',
      task: {
        type: 'CONTAINER_EXECUTION',
        taskName: 'main',
        // By image id: Swarm resolves a tag through its registry, an id it never asks for.
        executable: { type: 'DOCKER', url: imageId, dockerPullTimeout: '30 seconds' },
        resources: [
          { type: 'CPU', count: 1 },
          { type: 'MEMORY', sizeInMB: 64 },
        ],
        // Outlives the dead leader's session, so the run is adopted while its task still runs.
        args: ['sh', '-c', `sleep ${(SESSION_TIMEOUT_MS + 6_000) / 1000}; echo done`],
      },
      trigger: { type: 'CRON', timeSpec: '0 0 0 1 1 ? 2099' },
    });
    const { runId } = await apiData<{ runId: string }>(leader, 'PUT', '/apis/v1/topologies/long/run');
    await until(
      () => runOf(leader, runId),
      (run) => run.tasks.main?.state === 'RUNNING',
    );
    const [launched] = await until(
      () => swarm.listByLabel({ topologyId: 'long' }),
      (services) => services[0]?.state === 'running',
    );

    await leader.kill();
    const next = await waitForLeader({ nodes }, { among: nodes.filter((node) => node !== leader) });
    expect((await swarm.inspect(launched!.name))?.state, 'adopted while it ran').toBe('running');
    const run = await until(
      () => runOf(next, runId),
      (found) => found.state !== 'RUNNING',
    );

    expect(run).toMatchObject({
      state: 'COMPLETED',
      tasks: { main: { state: 'COMPLETED', exitCode: 0, attempts: 1 } },
    });
    const services = await swarm.listByLabel({ topologyId: 'long' });
    expect(services.map((service) => service.containerId)).toEqual([launched!.containerId]);
    expect(await docker.listTasks({ filters: { service: [launched!.containerId] } })).toHaveLength(1);
    const log = await api<string>(
      next,
      'GET',
      `/apis/v1/topologies/long/runs/${runId}/tasks/main/log/stream`,
    );
    expect(log.body).toBe('done\n');
    // Settled once: the new leader's later reconciles find the exit again and write nothing.
    await sleep(6_000);
    expect(await runOf(next, runId)).toEqual(run);
  }, 90_000);
});
