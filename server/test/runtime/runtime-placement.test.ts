// Placement on the real engines: Swarm (the single-node swarm of the test run) runs a task whose constraints a
// node meets, with what it declared reserved, and fails one no node meets once its start timeout has passed,
// leaving no service; the Docker runtime runs a placed task anyway and says it ignored the placement.
import type { ContainerTask } from '@epoch/shared';
import { busyboxImageId } from '@epoch/test/harness/docker-images';
import { servicesLabelled, unenforcedHardening } from '@epoch/test/harness/swarm-mode';
import Dockerode from 'dockerode';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ContainerSpec, TaskIds } from '../../src/runners/container/runtime/container-runtime.js';
import { containerSpecFor } from '../../src/runners/container/runtime/container-spec.js';
import { DockerRuntime } from '../../src/runners/container/runtime/docker/docker-runtime.js';
import { EPOCH_LABELS } from '../../src/runners/container/runtime/labels.js';
import { serviceNameFor } from '../../src/runners/container/runtime/swarm/service-name.js';
import { SwarmRuntime } from '../../src/runners/container/runtime/swarm/swarm-runtime.js';
import { taskOutcome } from '../../src/runners/container/runtime/task-outcome.js';
import {
  containerTask,
  runtimeBasics,
  outputOf,
  recordWatch,
  removeAll,
  silentLogger,
  type RecordedWatch,
} from './runtime-fixtures.js';

const NOWHERE = 'node.labels.pool==nowhere';

let image: string;
let taskCounter = 0;

const nextIds = (): TaskIds => ({
  topologyId: 'rt-placement',
  runId: 'EIR-2030-01-15-10-00-00-000',
  taskName: `task-${++taskCounter}`,
});
// By image id: a node then never asks a registry for it (Swarm would, for a tag), so only loopback is used.
const spec = (cluster: string, task: Partial<ContainerTask>): ContainerSpec =>
  containerSpecFor(
    containerTask({
      args: ['sh', '-c', 'echo placed'],
      executable: { type: 'DOCKER', url: image, dockerPullTimeout: '30 seconds' },
      ...task,
    }),
    nextIds(),
    { cluster },
  );

beforeAll(async () => {
  image = await busyboxImageId();
});

describe('placement on the swarm runtime', () => {
  const cluster = `test-placement-swarm-${process.pid}-${Date.now().toString(36)}`;
  const unavailable = inject('swarmUnavailable');
  let runtime: SwarmRuntime;
  let watch: RecordedWatch;

  beforeAll(async () => {
    if (unavailable !== null) return;
    runtime = await SwarmRuntime.connect({
      ...runtimeBasics(cluster),
      acceptUnenforced: await unenforcedHardening(),
      logFollow: { pollMs: 100, quietMs: 300 },
      logger: silentLogger,
    });
    watch = await recordWatch(runtime);
  });
  afterAll(async () => {
    if (unavailable !== null) return;
    await watch.stop();
    await removeAll(runtime);
    expect(await servicesLabelled(`${EPOCH_LABELS.cluster}=${cluster}`), 'services left behind').toEqual([]);
  });

  it.skipIf(unavailable !== null)(
    'runs a task whose constraints the node meets, spread as asked, with what it declared reserved',
    async () => {
      const task = spec(cluster, {
        placement: { constraints: ['node.role==manager'], preferences: [{ spread: 'node.labels.zone' }] },
      });

      const launched = await runtime.launch(task);
      const exit = await watch.exitOf(task.name, 30_000);

      expect(exit).toMatchObject({ containerId: launched.containerId, exitCode: 0 });
      expect(await outputOf(runtime, task.name)).toEqual({ stdout: 'placed\n', stderr: '' });
      const { Spec } = (await new Dockerode().getService(serviceNameFor(task.name)).inspect()) as {
        Spec: { TaskTemplate: { Placement: unknown; Resources: { Reservations: unknown } } };
      };
      expect(Spec.TaskTemplate.Placement).toMatchObject({
        Constraints: ['node.role==manager'],
        Preferences: [{ Spread: { SpreadDescriptor: 'node.labels.zone' } }],
      });
      expect(Spec.TaskTemplate.Resources.Reservations).toEqual({
        NanoCPUs: 1e9,
        MemoryBytes: 64 * 1024 * 1024,
      });
    },
  );

  it.skipIf(unavailable !== null)(
    'fails a task no node can take once its start timeout has passed, naming the constraint, and removes its service',
    async () => {
      const task = spec(cluster, {
        placement: { constraints: [NOWHERE], preferences: [] },
        startTimeout: '2s',
      });

      await runtime.launch(task);
      const exit = await watch.exitOf(task.name, 20_000);

      expect(exit.exitCode).not.toBe(0);
      expect(exit.error).toContain(NOWHERE);
      expect(exit.error).toContain('no suitable node');
      const outcome = taskOutcome({ kind: 'exited', ...exit, cancelled: false });
      expect(outcome.state).toBe('FAILED');
      expect(outcome.errorMessage).toMatch(/^not placed on any node within 2 s/);
      expect(outcome.errorMessage).toContain(NOWHERE);
      expect(await runtime.inspect(task.name)).toBeNull();
      expect(await servicesLabelled(`${EPOCH_LABELS.taskId}=${task.labels[EPOCH_LABELS.taskId]}`)).toEqual(
        [],
      );
      expect(watch.exits.filter(({ name }) => name === task.name)).toHaveLength(1);
    },
  );
});

describe('placement on the docker runtime', () => {
  const cluster = `test-placement-docker-${process.pid}-${Date.now().toString(36)}`;
  const lines: Array<{ msg: string; container?: string }> = [];
  const runtime = new DockerRuntime({
    ...runtimeBasics(cluster),
    logger: pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) }),
  });

  afterAll(async () => {
    await removeAll(runtime);
  });

  it('runs a placed task on its one engine and warns, once per launch, that the placement was ignored', async () => {
    const task = spec(cluster, { placement: { constraints: [NOWHERE], preferences: [] } });

    await runtime.launch(task);

    expect(await outputOf(runtime, task.name)).toEqual({ stdout: 'placed\n', stderr: '' });
    const warnings = lines.filter(({ msg }) => msg.includes('placement ignored'));
    expect(warnings).toEqual([expect.objectContaining({ container: task.name })]);
  });
});
