// Registry credentials against a real registry: a private one on loopback (test/harness/registry.ts) that only
// serves a user with a random password. Each runtime must get a task's image from it with the credentials of
// EPOCH_REGISTRY_AUTH — the Docker runtime by pulling, the Swarm runtime by handing them to the node with the
// service — refuse clearly without them or with wrong ones, and never write the password anywhere.
import { randomBytes } from 'node:crypto';
import { ensureBusyboxImage } from '@epoch/test/harness/docker-images';
import { startRegistry, type Registry } from '@epoch/test/harness/registry';
import { servicesLabelled, unenforcedHardening } from '@epoch/test/harness/swarm-mode';
import Dockerode from 'dockerode';
import { pino, type Logger } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type {
  ContainerRuntime,
  ContainerSpec,
} from '../../src/runners/container/runtime/container-runtime.js';
import { containerSpecFor } from '../../src/runners/container/runtime/container-spec.js';
import { DockerRuntime } from '../../src/runners/container/runtime/docker/docker-runtime.js';
import type { RegistryAuth } from '../../src/runners/container/runtime/docker/registry-auth.js';
import { EPOCH_LABELS } from '../../src/runners/container/runtime/labels.js';
import { ImagePullError } from '../../src/runners/container/runtime/runtime-errors.js';
import { SwarmRuntime } from '../../src/runners/container/runtime/swarm/swarm-runtime.js';
import { EgressPolicy } from '../../src/egress/egress-policy.js';
import { containerTask, outputOf, recordWatch, removeAll } from './runtime-fixtures.js';

interface Adapter {
  name: 'docker' | 'swarm';
  /** A runtime of `cluster` with these credentials, or why this engine cannot run it. */
  start(cluster: string, registryAuth: RegistryAuth, logger: Logger): Promise<ContainerRuntime | string>;
}

const common = (cluster: string, registryAuth: RegistryAuth, logger: Logger) => ({
  cluster,
  registryAuth,
  egress: new EgressPolicy({ allow: [], deny: [] }),
  allowedHostDirs: [],
  stopGraceSeconds: 0,
  reconcileIntervalMs: 300,
  logger,
});

const docker: Adapter = {
  name: 'docker',
  start: async (cluster, registryAuth, logger) => new DockerRuntime(common(cluster, registryAuth, logger)),
};

const swarm: Adapter = {
  name: 'swarm',
  async start(cluster, registryAuth, logger) {
    const unavailable = inject('swarmUnavailable');
    if (unavailable !== null) return unavailable;
    // The hardening this engine's Swarm cannot enforce is not what this suite is about.
    return SwarmRuntime.connect({
      ...common(cluster, registryAuth, logger),
      acceptUnenforced: await unenforcedHardening(),
      logFollow: { pollMs: 100, quietMs: 300 },
    });
  },
};

/** Every line the runtimes log, at every level. */
function capturingLogger(lines: string[]): Logger {
  return pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
}

let registry: Registry;

beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(async () => {
  await registry?.stop();
});

describe.each([docker, swarm])('registry credentials, $name runtime', (adapter) => {
  const cluster = `test-registry-${adapter.name}-${process.pid}-${Date.now().toString(36)}`;
  const logLines: string[] = [];
  const logger = capturingLogger(logLines);
  const runtimes: ContainerRuntime[] = [];
  const passwords: string[] = [];
  let unavailable: string | undefined;
  let image: string;
  let taskCounter = 0;

  /** A runtime of this suite's cluster with these credentials for the registry (none when undefined). */
  const runtimeWith = async (password: string | undefined): Promise<ContainerRuntime> => {
    if (password !== undefined) passwords.push(password);
    const auth = password === undefined ? {} : { [registry.host]: { username: registry.username, password } };
    const started = await adapter.start(cluster, auth, logger);
    if (typeof started === 'string') throw new Error(started);
    runtimes.push(started);
    return started;
  };

  const spec = (args: string[], url = image): ContainerSpec =>
    containerSpecFor(
      containerTask({ args, executable: { type: 'DOCKER', url, dockerPullTimeout: '30 seconds' } }),
      { topologyId: 'rt-registry', runId: 'EIR-2030-01-15-10-00-00-000', taskName: `task-${++taskCounter}` },
      { cluster },
    );

  beforeAll(async () => {
    if (adapter.name === 'swarm' && inject('swarmUnavailable') !== null) {
      unavailable = inject('swarmUnavailable') ?? undefined;
      console.warn(`skipping the swarm registry credentials: ${unavailable}`);
      return;
    }
    // An image of this suite's own: what one runtime pulled never stands in for the other's pull.
    image = await registry.push(await ensureBusyboxImage(), `epoch-test/busybox:${cluster}`);
  });
  beforeEach(async (context) => {
    if (unavailable !== undefined) context.skip(unavailable);
    // Each case starts with no copy of the registry's image on the engine: its launch must pull.
    await registry.forget();
  });
  afterAll(async () => {
    if (unavailable !== undefined) return;
    try {
      for (const runtime of runtimes) await removeAll(runtime);
      expect(await runtimes[0]?.listByLabel(), 'left behind').toEqual([]);
      if (adapter.name === 'swarm') {
        const services = await servicesLabelled(`${EPOCH_LABELS.cluster}=${cluster}`);
        expect(services, 'services left behind').toEqual([]);
      }
    } finally {
      // Docker 20.10 keeps the exited container of a removed replicated-job service; on this one-node swarm it
      // is a local container, labelled with the cluster like its service.
      if (adapter.name === 'swarm') await removeContainersLabelled(`${EPOCH_LABELS.cluster}=${cluster}`);
    }
    // Nothing the runtimes logged, at any level, carries a password: the right one or a wrong one. (Of these
    // launches only the Swarm runtime's fallback to a tag is logged today; this holds every line to it.)
    for (const password of passwords) {
      expect(logLines.filter((line) => line.includes(password))).toEqual([]);
    }
  });

  it('pulls the image with the configured credentials and runs the task to exit 0', async () => {
    const runtime = await runtimeWith(registry.password);
    const watch = await recordWatch(runtime);
    try {
      const task = spec(['sh', '-c', 'echo pulled']);

      await runtime.launch(task);

      expect(await watch.exitOf(task.name, 30_000)).toMatchObject({ exitCode: 0, error: undefined });
      expect(await outputOf(runtime, task.name)).toEqual({ stdout: 'pulled\n', stderr: '' });
    } finally {
      await watch.stop();
    }
  });

  it('refuses the launch, naming the missing credentials, when EPOCH_REGISTRY_AUTH has none for the registry', async () => {
    const runtime = await runtimeWith(undefined);

    const task = spec(['true']);

    const error = await runtime.launch(task).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ImagePullError);
    expect((error as Error).message).toContain(
      `registry authentication failed (EPOCH_REGISTRY_AUTH has no credentials for ${registry.host})`,
    );
    expect(await runtime.listByLabel({ taskName: task.labels[EPOCH_LABELS.taskName] }), 'created').toEqual(
      [],
    );
  });

  it('refuses the launch, naming the refused credentials, and never shows the wrong password', async () => {
    const wrong = randomBytes(18).toString('base64url');
    const runtime = await runtimeWith(wrong);

    const task = spec(['true']);

    const error = await runtime.launch(task).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ImagePullError);
    expect((error as Error).message).toContain(
      `registry authentication failed (${registry.host} refused the credentials EPOCH_REGISTRY_AUTH has for it)`,
    );
    expect(String(error)).not.toContain(wrong);
    expect(JSON.stringify(error)).not.toContain(wrong);
    expect(await runtime.listByLabel({ taskName: task.labels[EPOCH_LABELS.taskName] }), 'created').toEqual(
      [],
    );
  });

  it('does not blame the credentials when the registry lacks the tag, and logs the fallback without them', async () => {
    const runtime = await runtimeWith(registry.password);
    const task = spec(['true'], `${image}-absent`);

    if (adapter.name === 'docker') {
      const error = await runtime.launch(task).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ImagePullError);
      expect((error as Error).message).not.toContain('registry authentication failed');
      return;
    }
    // Swarm creates the service with the tag as given, as the CLI does, and the node's task is rejected.
    const watch = await recordWatch(runtime);
    try {
      await runtime.launch(task);
      expect(await watch.exitOf(task.name, 30_000)).toMatchObject({
        error: expect.stringContaining('No such image'),
      });
      expect(logLines.some((line) => line.includes('gave no digest') && line.includes(task.image))).toBe(
        true,
      );
    } finally {
      await watch.stop();
    }
  });
});

async function removeContainersLabelled(label: string): Promise<void> {
  const engine = new Dockerode();
  const containers = await engine.listContainers({ all: true, filters: { label: [label] } });
  await Promise.all(containers.map(({ Id }) => engine.getContainer(Id).remove({ force: true })));
}
