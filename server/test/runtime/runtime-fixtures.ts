// Shared by the Docker runtime suites: a runtime for a cluster of the suite's own (so suites running at once
// never see each other's containers), container tasks on the local BusyBox image, and clean-up.
import type { ContainerTask } from '@epoch/shared';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '@epoch/test/harness/docker-images';
import { pino } from 'pino';
import type {
  ContainerExit,
  ContainerRuntime,
  ContainerSpec,
  TaskIds,
} from '../../src/runners/container/runtime/container-runtime.js';
import { containerSpecFor } from '../../src/runners/container/runtime/container-spec.js';
import {
  DockerRuntime,
  type DockerRuntimeOptions,
} from '../../src/runners/container/runtime/docker/docker-runtime.js';
import { EgressPolicy } from '../../src/egress/egress-policy.js';

export const silentLogger = pino({ level: 'silent' });

/** Short, so that a second report of an exit (the reconcile finding it again) would show within a test. */
export const RECONCILE_MS = 300;

/**
 * What every runtime of a suite is built with: the suite's own cluster, no egress and no host directories, no
 * stop grace, a short reconcile, no log lines.
 */
export const runtimeBasics = (cluster: string) => ({
  cluster,
  egress: new EgressPolicy({ allow: [], deny: [] }),
  allowedHostDirs: [],
  stopGraceSeconds: 0,
  reconcileIntervalMs: RECONCILE_MS,
  logger: silentLogger,
});

export interface Suite {
  cluster: string;
  runtime: DockerRuntime;
  /** A runtime of this suite's cluster with other options, e.g. another dockerHost. */
  runtimeWith(options: Partial<DockerRuntimeOptions>): DockerRuntime;
  /** Ids of a fresh task (unique task name) of this suite's topology. */
  nextIds(): TaskIds;
  /** The spec of a fresh task running `args` on the BusyBox image. */
  spec(args: string[], task?: Partial<ContainerTask>): ContainerSpec;
}

/** Call in beforeAll: builds the image when needed and makes a cluster name unique to this suite and process. */
export async function startSuite(label: string, options: Partial<DockerRuntimeOptions> = {}): Promise<Suite> {
  await ensureBusyboxImage();
  const cluster = `test-${label}-${process.pid}-${Date.now().toString(36)}`;
  const runtimeWith = (overrides: Partial<DockerRuntimeOptions>) =>
    new DockerRuntime({
      cluster,
      egress: new EgressPolicy({ allow: [], deny: [] }),
      allowedHostDirs: [],
      stopGraceSeconds: 0,
      logger: silentLogger,
      ...options,
      ...overrides,
    });
  let taskCounter = 0;
  const nextIds = (): TaskIds => ({
    topologyId: `rt-${label}`,
    runId: 'EIR-2030-01-15-10-00-00-000',
    taskName: `task-${++taskCounter}`,
  });
  return {
    cluster,
    runtime: runtimeWith({}),
    runtimeWith,
    nextIds,
    spec: (args, task = {}) => containerSpecFor(containerTask({ args, ...task }), nextIds(), { cluster }),
  };
}

export function containerTask(task: Partial<ContainerTask> = {}): ContainerTask {
  return {
    type: 'CONTAINER_EXECUTION',
    taskName: 'main',
    executable: { type: 'DOCKER', url: BUSYBOX_IMAGE, dockerPullTimeout: '30 seconds' },
    resources: [
      { type: 'CPU', count: 1 },
      { type: 'MEMORY', sizeInMB: 64 },
    ],
    volumes: [],
    configs: [],
    tags: {},
    env: {},
    ...task,
  };
}

/** Kills and removes every container of the runtime's cluster. */
export async function removeAll(runtime: ContainerRuntime): Promise<void> {
  const containers = await runtime.listByLabel();
  await Promise.all(
    containers.map(async ({ name }) => {
      await runtime.kill(name);
      await runtime.remove(name);
    }),
  );
}

/** A running watch that records what it reports. */
export interface RecordedWatch {
  exits: ContainerExit[];
  /** Resolves with the exit of `name` once it is reported (or rejects after `timeoutMs`). */
  exitOf(name: string, timeoutMs?: number): Promise<ContainerExit>;
  stop(): Promise<void>;
}

export async function recordWatch(runtime: ContainerRuntime): Promise<RecordedWatch> {
  const controller = new AbortController();
  const exits: ContainerExit[] = [];
  const watch = runtime.watch(controller.signal, (exit) => {
    exits.push(exit);
  });
  await watch.ready;
  return {
    exits,
    exitOf: (name, timeoutMs = 10_000) =>
      eventually(() => exits.find((exit) => exit.name === name), timeoutMs),
    async stop() {
      controller.abort();
      await watch.done;
    },
  };
}

/** Polls a condition of the test's own state (never the engine) until it yields a value. */
async function eventually<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Everything the container printed (it must end by itself), e.g. to wait for it to finish. */
export async function outputOf(
  runtime: ContainerRuntime,
  name: string,
): Promise<{ stdout: string; stderr: string }> {
  const output = { stdout: '', stderr: '' };
  for await (const chunk of runtime.logs(name, { follow: true }))
    output[chunk.stream] += chunk.bytes.toString();
  return output;
}
