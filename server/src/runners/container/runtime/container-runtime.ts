// The narrow interface the scheduler launches container tasks through (Epoch's stand-in for Drove). One task of
// one run is one container; its deterministic name and labels make launches idempotent and let a new leader adopt
// running work. Failures that settle a task's fate are typed (runtime-errors.ts); any other rejection means the
// engine could not be reached or misbehaved, and the caller may retry.
import type { ContainerTask, TaskPlacement } from '@epoch/shared';

/** Which task of which run a container runs; Epoch's task id is `<topologyId>-<runId>-<taskName>`. */
export interface TaskIds {
  topologyId: string;
  runId: string;
  taskName: string;
}

export type VolumeMount = ContainerTask['volumes'][number];

export type LoggingSpec = NonNullable<ContainerTask['logging']>;

/** Everything needed to run one task as one container; build it with containerSpecFor(). */
export interface ContainerSpec {
  /** Deterministic: a second launch with the same name adopts the existing container. */
  name: string;
  image: string;
  /** How long a pull of an absent image may take. */
  pullTimeoutMs: number;
  /**
   * How long the task may wait to be placed on a node; past it, the runtime ends it as failed. Only a runtime
   * that places tasks (Swarm) waits for that at all.
   */
  startTimeoutMs: number;
  /** The container's command; the image's default when absent. */
  args?: string[];
  env: Record<string, string>;
  cpus?: number;
  /** The runtime's default limit when absent. */
  memoryMb?: number;
  volumes: VolumeMount[];
  /** The image's file system is mounted read-only (volumes keep their own mode); writable when absent. */
  readOnlyRootFs?: boolean;
  /** `user[:group]`; the runtime's default, else the image's, when absent. */
  user?: string;
  /** Where the output goes; bounded local files when absent. */
  logging?: LoggingSpec;
  /** Which nodes may run it, for a runtime with more than one; anywhere when absent. */
  placement?: TaskPlacement;
  /** Epoch's labels (epochLabels()), including this cluster's. */
  labels: Record<string, string>;
}

export interface LaunchResult {
  containerId: string;
  /** True when the container already existed (an earlier launch of the same spec); it was not launched again. */
  adopted: boolean;
}

export type ContainerState = 'created' | 'running' | 'exited';

interface ContainerFacts {
  containerId: string;
  name: string;
  labels: Record<string, string>;
}

export type ContainerStatus =
  | (ContainerFacts & {
      state: 'created';
      /** Why the engine could not start it, when it tried. */
      error?: string;
    })
  | (ContainerFacts & { state: 'running'; startedAt: number })
  | (ContainerFacts & {
      state: 'exited';
      exitCode: number;
      oomKilled: boolean;
      startedAt?: number;
      /** Absent when the engine does not know (it never started). */
      finishedAt?: number;
      error?: string;
    });

/** A finished container, as watch() reports it: enough for the caller to settle its task (task-outcome.ts). */
export interface ContainerExit {
  containerId: string;
  name: string;
  exitCode: number;
  oomKilled: boolean;
  /** Docker's error text, e.g. why the process could not be started. */
  error?: string;
  /** Epoch ms; absent when the engine does not know (the container never started). */
  finishedAt?: number;
  memoryLimitMb?: number;
  /** Epoch's labels; taskIdsFromLabels() maps them back to the run and task. */
  labels: Record<string, string>;
}

export interface ContainerSummary extends ContainerFacts {
  state: ContainerState;
}

/** Narrows listByLabel() below this cluster's managed containers. */
export interface LabelFilter {
  topologyId?: string;
  runId?: string;
  taskName?: string;
}

export interface LogOptions {
  /** Keep streaming until the container ends; otherwise stop at the end of what it has printed so far. */
  follow: boolean;
  /** Only the last N lines; all of them when absent. */
  tail?: number;
  /** Only lines printed at or after this time (epoch ms). */
  since?: number;
  /** Ends the iteration (quietly) when aborted. */
  signal?: AbortSignal;
}

export interface LogChunk {
  stream: 'stdout' | 'stderr';
  /** UTF-8, ending on a character boundary, so chunks of both streams may be written one after the other. */
  bytes: Buffer;
}

export type ExitListener = (exit: ContainerExit) => void | Promise<void>;

export interface ContainerWatch {
  /**
   * Resolves once the event stream is connected and a first reconcile has run: from then on every exit,
   * earlier ones included, is reported. Rejects only when the watch is aborted before that.
   */
  ready: Promise<void>;
  /** Resolves after the watch was aborted and everything it opened is closed. */
  done: Promise<void>;
}

export interface ContainerRuntime {
  /**
   * Creates and starts the container, pulling its image first only when it is absent. Idempotent: when a
   * container of this name exists, it is returned with `adopted: true` and never launched a second time.
   */
  launch(spec: ContainerSpec, signal?: AbortSignal): Promise<LaunchResult>;
  /**
   * Reports each finished container of this cluster once: from one engine event stream, and from a periodic
   * reconcile that catches exits the stream missed (no watch running, a dropped connection). Listeners are called
   * one at a time, in order, and never after `signal` aborts.
   */
  watch(signal: AbortSignal, onExit: ExitListener): ContainerWatch;
  /** The container's state, or null when there is no such container. */
  inspect(name: string): Promise<ContainerStatus | null>;
  /** SIGTERM, then SIGKILL after the grace period. Resolves whether it was running; missing is not an error. */
  kill(name: string): Promise<boolean>;
  /** Stdout and stderr, demultiplexed. Iterating rejects with ContainerNotFoundError when there is no such container. */
  logs(name: string, options: LogOptions): AsyncIterable<LogChunk>;
  /** This cluster's containers, e.g. to adopt running work after a leader change. */
  listByLabel(filter?: LabelFilter): Promise<ContainerSummary[]>;
  /** Removes a stopped container. Resolves whether it existed; missing is not an error. */
  remove(name: string): Promise<boolean>;
}
