// One contract, every runtime: the same cases run against the Docker runtime on the real engine and the Swarm
// runtime on a real single-node swarm, so the interface is proved for both adapters rather than assumed.
import { busyboxImageId } from '@epoch/test/harness/docker-images';
import type { ContainerTask } from '@epoch/shared';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type {
  ContainerRuntime,
  ContainerSpec,
  ContainerStatus,
  TaskIds,
} from '../../src/runners/container/runtime/container-runtime.js';
import { containerSpecFor } from '../../src/runners/container/runtime/container-spec.js';
import { DockerRuntime } from '../../src/runners/container/runtime/docker/docker-runtime.js';
import { EPOCH_LABELS } from '../../src/runners/container/runtime/labels.js';
import { ContainerRuntimeError } from '../../src/runners/container/runtime/runtime-errors.js';
import { SwarmRuntime } from '../../src/runners/container/runtime/swarm/swarm-runtime.js';
import type { HardeningGap } from '../../src/runners/container/runtime/swarm/swarm-support.js';
import {
  containerTask,
  RECONCILE_MS,
  runtimeBasics,
  outputOf,
  recordWatch,
  removeAll,
  type RecordedWatch,
} from './runtime-fixtures.js';
import { servicesLabelled, unenforcedHardening } from '@epoch/test/harness/swarm-mode';

interface Adapter {
  name: string;
  /** The runtime, or why it cannot run here. */
  start(cluster: string): Promise<Started | { unavailable: string }>;
  stop(cluster: string): Promise<void>;
}

interface Started {
  runtime: ContainerRuntime;
  /** Hardening this engine cannot enforce through this runtime, accepted for the suite. */
  accepted: readonly HardeningGap[];
}

const docker: Adapter = {
  name: 'docker',
  start: async (cluster) => ({ runtime: new DockerRuntime(runtimeBasics(cluster)), accepted: [] }),
  stop: async () => {},
};

const swarm: Adapter = {
  name: 'swarm',
  async start(cluster) {
    const unavailable = inject('swarmUnavailable');
    if (unavailable !== null) return { unavailable };
    // What this engine's Swarm cannot enforce is accepted here, and the hardening case expects it missing.
    const accepted = await unenforcedHardening();
    const runtime = await SwarmRuntime.connect({
      ...runtimeBasics(cluster),
      acceptUnenforced: accepted,
      logFollow: { pollMs: 100, quietMs: 300 },
    });
    return { runtime, accepted };
  },
  async stop(cluster) {
    expect(await servicesLabelled(`${EPOCH_LABELS.cluster}=${cluster}`), 'services left behind').toEqual([]);
  },
};

describe.each([docker, swarm])('the $name runtime', (adapter) => {
  const cluster = `test-contract-${adapter.name}-${process.pid}-${Date.now().toString(36)}`;
  let runtime: ContainerRuntime;
  let accepted: readonly HardeningGap[];
  let unavailable: string | undefined;
  let watch: RecordedWatch;
  let image: string;
  let taskCounter = 0;

  const nextIds = (overrides: Partial<TaskIds> = {}): TaskIds => ({
    topologyId: 'rt-contract',
    runId: 'EIR-2030-01-15-10-00-00-000',
    taskName: `task-${++taskCounter}`,
    ...overrides,
  });
  // By image id: a node then never asks a registry for it (Swarm would, for a tag), so only loopback is used.
  const spec = (args: string[], ids = nextIds(), task: Partial<ContainerTask> = {}): ContainerSpec =>
    containerSpecFor(
      containerTask({
        args,
        executable: { type: 'DOCKER', url: image, dockerPullTimeout: '30 seconds' },
        ...task,
      }),
      ids,
      { cluster },
    );

  beforeAll(async () => {
    image = await busyboxImageId();
    const started = await adapter.start(cluster);
    if ('unavailable' in started) {
      unavailable = started.unavailable;
      console.warn(`skipping the ${adapter.name} runtime contract: ${unavailable}`);
      return;
    }
    ({ runtime, accepted } = started);
    watch = await recordWatch(runtime);
  });
  beforeEach((context) => {
    if (unavailable !== undefined) context.skip(unavailable);
  });
  afterAll(async () => {
    if (unavailable !== undefined) return;
    try {
      await watch.stop();
      await removeAll(runtime);
      expect(await runtime.listByLabel(), 'left behind').toEqual([]);
    } finally {
      await adapter.stop(cluster);
    }
  });

  it('runs a task that prints and exits 0: its exit is reported once and its log is read', async () => {
    const task = spec(['sh', '-c', 'echo out; echo err >&2']);

    const launched = await runtime.launch(task);
    const exit = await watch.exitOf(task.name, 20_000);
    await sleep(3 * RECONCILE_MS);

    expect(launched.adopted).toBe(false);
    expect(exit).toMatchObject({ containerId: launched.containerId, exitCode: 0, oomKilled: false });
    expect(exit.labels).toMatchObject(task.labels);
    expect(watch.exits.filter(({ name }) => name === task.name)).toHaveLength(1);
    expect(await outputOf(runtime, task.name)).toEqual({ stdout: 'out\n', stderr: 'err\n' });
    expect(await logsOf(runtime, task.name)).toEqual({ stdout: 'out\n', stderr: 'err\n' });
    expect(await runtime.inspect(task.name)).toMatchObject({ state: 'exited', exitCode: 0 });
  });

  it("reports a task's non-zero exit code", async () => {
    const task = spec(['sh', '-c', 'exit 3']);

    await runtime.launch(task);

    expect(await watch.exitOf(task.name, 20_000)).toMatchObject({ exitCode: 3, error: undefined });
    expect(await runtime.inspect(task.name)).toMatchObject({ state: 'exited', exitCode: 3 });
  });

  it('adopts on a second launch of the same task instead of running it again', async () => {
    const task = spec(['sleep', '300']);

    const first = await runtime.launch(task);
    const second = await runtime.launch(task);

    expect(second).toEqual({ containerId: first.containerId, adopted: true });
    expect(await runtime.listByLabel({ taskName: task.labels[EPOCH_LABELS.taskName] })).toHaveLength(1);
  });

  it('kills a running task, never removes one: its end is reported, inspect and listByLabel agree', async () => {
    const task = spec(['sleep', '300']);
    await runtime.launch(task);
    await until(
      () => runtime.inspect(task.name),
      (status) => status?.state === 'running',
    );

    // A running task is never removed from under itself.
    await expect(runtime.remove(task.name)).rejects.toThrow(ContainerRuntimeError);
    expect(await runtime.kill(task.name)).toBe(true);
    const exit = await watch.exitOf(task.name, 20_000);

    expect(exit.exitCode).not.toBe(0);
    const status = await runtime.inspect(task.name);
    const listed = await runtime.listByLabel({ taskName: task.labels[EPOCH_LABELS.taskName] });
    // Docker keeps the stopped container; Swarm stops a task by removing its service. Both calls agree.
    expect(status === null ? 'gone' : status.state).toMatch(/^(exited|gone)$/);
    expect(listed.map(({ state }) => state)).toEqual(status === null ? [] : [status.state]);
    expect(await runtime.kill(task.name)).toBe(false);
  });

  it('kills a task straight after its launch, before the engine ran it: its end is still reported', async () => {
    // Epoch marks a task RUNNING when launch() resolves, and a user may kill it at once: Swarm then has the
    // service but may not have made or started its task yet.
    const task = spec(['sleep', '300']);
    await runtime.launch(task);

    expect(await runtime.kill(task.name)).toBe(true);
    const exit = await watch.exitOf(task.name, 20_000);

    expect(exit.exitCode).not.toBe(0);
    expect(await runtime.inspect(task.name)).toMatchObject({ state: 'exited' });
    expect(await runtime.kill(task.name)).toBe(false);
  });

  it('applies the hardening the kernel can show: capabilities, privileges, limits, user, read-only root', async () => {
    const probe = [
      'grep -E "^(CapEff|CapBnd|NoNewPrivs)" /proc/self/status',
      // cgroup v2 files, else v1's.
      'cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max',
      'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes',
      'id -u',
      'touch /probe 2>/dev/null || echo read-only',
    ].join('; ');
    const task = spec(['sh', '-c', probe], nextIds(), { user: '1000', readOnlyRootFs: true });

    await runtime.launch(task);
    const { stdout } = await outputOf(runtime, task.name);

    const noNewPrivs = accepted.includes('no-new-privileges') ? '0' : '1';
    expect(stdout.split('\n').map((line) => line.replace(/\s+/g, ' '))).toEqual([
      'CapEff: 0000000000000000',
      'CapBnd: 0000000000000000',
      `NoNewPrivs: ${noNewPrivs}`,
      '512',
      String(64 * 1024 * 1024),
      '1000',
      'read-only',
      '',
    ]);
  });

  it('lists tasks by run and by topology', async () => {
    const runA = spec(['true'], nextIds({ topologyId: 'rt-list-a', runId: 'EIR-2030-01-15-10-00-00-001' }));
    const runB = spec(['true'], nextIds({ topologyId: 'rt-list-a', runId: 'EIR-2030-01-15-10-00-00-002' }));
    const other = spec(['true'], nextIds({ topologyId: 'rt-list-b', runId: 'EIR-2030-01-15-10-00-00-001' }));
    await Promise.all([runA, runB, other].map((task) => runtime.launch(task)));

    const names = async (filter: Parameters<ContainerRuntime['listByLabel']>[0]) =>
      (await runtime.listByLabel(filter)).map(({ name }) => name).sort();

    expect(await names({ topologyId: 'rt-list-a' })).toEqual([runA.name, runB.name].sort());
    expect(await names({ topologyId: 'rt-list-a', runId: 'EIR-2030-01-15-10-00-00-001' })).toEqual([
      runA.name,
    ]);
    expect(await names({ runId: 'EIR-2030-01-15-10-00-00-001' })).toEqual([runA.name, other.name].sort());
    expect(await names({ topologyId: 'rt-list-none' })).toEqual([]);
  });

  it('removes a finished task and leaves nothing of it', async () => {
    const task = spec(['true']);
    await runtime.launch(task);
    await watch.exitOf(task.name, 20_000);

    expect(await runtime.remove(task.name)).toBe(true);

    expect(await runtime.inspect(task.name)).toBeNull();
    // Nor a container of it on the engine (Swarm before Docker 23 would leave the job's).
    const containers = await new Dockerode().listContainers({
      all: true,
      filters: {
        label: [
          `${EPOCH_LABELS.cluster}=${cluster}`,
          `${EPOCH_LABELS.taskName}=${task.labels[EPOCH_LABELS.taskName]}`,
        ],
      },
    });
    expect(containers).toEqual([]);
    expect(await runtime.listByLabel({ taskName: task.labels[EPOCH_LABELS.taskName] })).toEqual([]);
    expect(await runtime.remove(task.name)).toBe(false);
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything printed so far, without following. */
async function logsOf(runtime: ContainerRuntime, name: string): Promise<{ stdout: string; stderr: string }> {
  const output = { stdout: '', stderr: '' };
  for await (const chunk of runtime.logs(name, { follow: false }))
    output[chunk.stream] += chunk.bytes.toString();
  return output;
}

/** Asks the engine again until `done` holds: a task starts when the engine gets to it. */
async function until(
  probe: () => Promise<ContainerStatus | null>,
  done: (status: ContainerStatus | null) => boolean,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done(await probe())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(100);
  }
}
