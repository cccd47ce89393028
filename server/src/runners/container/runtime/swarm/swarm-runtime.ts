// The container runtime on Docker Swarm: each task of a run is one service in replicated-job mode, which Swarm
// places on any node of the cluster. Epoch talks to one manager (DOCKER_HOST) and keeps every other part of the
// runtime contract as the Docker runtime does: deterministic names, Epoch's labels, adoption by a new leader.
import type Dockerode from 'dockerode';
import type { Logger } from 'pino';
import type { EgressPolicy } from '../../../../egress/egress-policy.js';
import { systemClock, type Clock } from '../../../../time/clock.js';
import { HARDENED_DEFAULTS, type ContainerDefaults } from '../container-defaults.js';
import { CLUSTER_NAME } from '../container-name.js';
import type {
  ContainerRuntime,
  ContainerSpec,
  ContainerStatus,
  ContainerSummary,
  ContainerWatch,
  ExitListener,
  LabelFilter,
  LaunchResult,
  LogChunk,
  LogOptions,
} from '../container-runtime.js';
import { createDockerClient, engineSocketPaths } from '../docker/docker-client.js';
import { engineMessageOf, statusCodeOf } from '../docker/docker-errors.js';
import type { RegistryAuth } from '../docker/registry-auth.js';
import { watchExits } from '../exit-watch.js';
import type { HostPathPolicy } from '../host-paths.js';
import { labelFilters } from '../labels.js';
import { ContainerRuntimeError } from '../runtime-errors.js';
import { groupByService, serviceExitSource } from './service-exits.js';
import { launchService } from './service-launch.js';
import { serviceLogs } from './service-logs.js';
import { serviceNameFor } from './service-name.js';
import { isStopped, stoppedSpec } from './service-stop.js';
import { removeTaskContainers } from './task-containers.js';
import {
  inspectService,
  listServices,
  removeService,
  tasksByServiceLabel,
  tasksOf,
  updateService,
} from './swarm-api.js';
import type { SwarmService, SwarmTask } from './swarm-objects.js';
import { assertSwarmEnforces, hardeningGaps, type HardeningGap } from './swarm-support.js';
import { taskOfRecord, statusOf, summaryOf } from './task-state.js';

export interface SwarmRuntimeOptions {
  /** A DOCKER_HOST-style address of a Swarm manager; the local socket when absent. */
  dockerHost?: string;
  /** This Epoch cluster's `io.epoch.cluster` label: clusters sharing a swarm never see each other's services. */
  cluster: string;
  /** Judges the syslog servers the nodes would send a task's log to. */
  egress: EgressPolicy;
  /** Host directories that volumes may bind from (or below), on whichever node runs the task. */
  allowedHostDirs: readonly string[];
  /** READ_WRITE volumes although Epoch cannot see the nodes' file systems to resolve links in them. */
  trustEnginePaths?: boolean;
  /** The hardening of every task; HARDENED_DEFAULTS when absent. */
  containerDefaults?: ContainerDefaults;
  /** Hardening the operator accepts running without, where the engines cannot enforce it (swarm-support.ts). */
  acceptUnenforced?: readonly HardeningGap[];
  registryAuth?: RegistryAuth;
  /** Seconds between SIGTERM and SIGKILL when a task is killed. */
  stopGraceSeconds?: number;
  /** The only way to learn of ends on other nodes, so shorter than the Docker runtime's. */
  reconcileIntervalMs?: number;
  reconnectBackoff?: { initialMs: number; maxMs: number };
  /** How a followed log notices that its task has finished (service-logs.ts). */
  logFollow?: { pollMs: number; quietMs: number };
  /** Judges when a task that no node took has passed its start timeout (start-timeout.ts). */
  clock?: Clock;
  logger: Logger;
}

const UPDATE_ATTEMPTS = 3;

const DEFAULTS = {
  stopGraceSeconds: 5,
  reconcileIntervalMs: 5_000,
  reconnectBackoff: { initialMs: 250, maxMs: 10_000 },
  logFollow: { pollMs: 500, quietMs: 500 },
};

export class SwarmRuntime implements ContainerRuntime {
  private readonly docker: Dockerode;
  private readonly hostPaths: HostPathPolicy;

  /** Connects and checks the engine first: a Swarm manager, able to enforce the hardening (or accepted not to). */
  static async connect(options: SwarmRuntimeOptions): Promise<SwarmRuntime> {
    const runtime = new SwarmRuntime(options);
    await runtime.assertUsable();
    return runtime;
  }

  private constructor(private readonly options: SwarmRuntimeOptions) {
    if (!CLUSTER_NAME.test(options.cluster)) {
      throw new Error(`cluster "${options.cluster}" must be 1 to 64 letters, digits, "-" or "_"`);
    }
    this.docker = createDockerClient(options.dockerHost);
    this.hostPaths = {
      allowedHostDirs: options.allowedHostDirs,
      // A task may run on any node: Epoch's realpath() says nothing about that node's paths.
      engineFiles: {
        visible: false,
        reason: 'Swarm runs tasks on nodes whose file systems Epoch cannot see',
      },
      trustEnginePaths: options.trustEnginePaths ?? false,
      engineSockets: engineSocketPaths(options.dockerHost),
    };
  }

  private async assertUsable(): Promise<void> {
    const info = (await this.docker.info()) as {
      Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean };
    };
    const state = info.Swarm?.LocalNodeState ?? 'unknown';
    if (state !== 'active' || info.Swarm?.ControlAvailable !== true) {
      throw new Error(
        `EPOCH_RUNTIME=swarm needs DOCKER_HOST to be a Swarm manager; this engine's swarm state is ${state}` +
          (state === 'active' ? ' (a worker)' : ' (docker swarm init makes it one)'),
      );
    }
    const { ApiVersion } = await this.docker.version();
    const accepted = this.options.acceptUnenforced ?? [];
    assertSwarmEnforces(ApiVersion, accepted);
    for (const gap of hardeningGaps(ApiVersion).filter((gap) => accepted.includes(gap))) {
      this.options.logger.warn(
        { gap },
        'swarm: running tasks without this hardening (EPOCH_SWARM_ACCEPT_UNENFORCED)',
      );
    }
  }

  launch(spec: ContainerSpec, signal?: AbortSignal): Promise<LaunchResult> {
    const { cluster, egress, registryAuth = {}, containerDefaults = HARDENED_DEFAULTS } = this.options;
    const stopGraceSeconds = this.options.stopGraceSeconds ?? DEFAULTS.stopGraceSeconds;
    return launchService(
      {
        docker: this.docker,
        cluster,
        hostPaths: this.hostPaths,
        containerDefaults,
        registryAuth,
        egress,
        stopGraceSeconds,
        logger: this.options.logger,
      },
      spec,
      signal,
    );
  }

  watch(signal: AbortSignal, onExit: ExitListener): ContainerWatch {
    return watchExits(
      {
        source: serviceExitSource(this.docker, this.options.cluster, this.options.clock ?? systemClock),
        logger: this.options.logger,
        reconcileIntervalMs: this.options.reconcileIntervalMs ?? DEFAULTS.reconcileIntervalMs,
        reconnectBackoff: this.options.reconnectBackoff ?? DEFAULTS.reconnectBackoff,
      },
      signal,
      onExit,
    );
  }

  async inspect(name: string): Promise<ContainerStatus | null> {
    const found = await this.serviceOf(name);
    return found === null ? null : statusOf(found.service, found.task);
  }

  /**
   * Stops a running (or not yet started) task and keeps its service, with the exit and log, like a stopped
   * container: service-stop.ts says why the service is not simply removed. Resolves whether it was running.
   */
  async kill(name: string): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const found = await this.serviceOf(name);
      if (found === null) return false;
      const { service, task } = found;
      if (isStopped(service.Spec.TaskTemplate.Placement) || statusOf(service, task).state === 'exited') {
        return false;
      }
      try {
        await updateService(this.docker, service.ID, service.Version.Index, stoppedSpec(service));
        return true;
      } catch (error) {
        if (statusCodeOf(error) === 404) return false;
        // Another update came in between this read and the update: read again.
        if (attempt >= UPDATE_ATTEMPTS || !engineMessageOf(error).includes('out of sequence')) throw error;
      }
    }
  }

  logs(name: string, options: LogOptions): AsyncIterable<LogChunk> {
    const hasFinished = async () => {
      const status = await this.inspect(name);
      return status === null || status.state === 'exited';
    };
    return serviceLogs(this.docker, name, options, hasFinished, this.options.logFollow ?? DEFAULTS.logFollow);
  }

  async listByLabel(filter?: LabelFilter): Promise<ContainerSummary[]> {
    const labels = labelFilters(this.options.cluster, filter);
    const [services, tasks] = await Promise.all([
      listServices(this.docker, labels),
      tasksByServiceLabel(this.docker, labels),
    ]);
    const byService = groupByService(tasks);
    return services.map((service) => summaryOf(service, taskOfRecord(byService.get(service.ID) ?? [])));
  }

  /**
   * Removes a service whose task has finished or been stopped. A running one is refused, as the engine refuses
   * to remove a running container: before Docker 23 its container would go on running, out of Epoch's sight.
   */
  async remove(name: string): Promise<boolean> {
    const found = await this.serviceOf(name);
    if (found === null) return false;
    const { service, task } = found;
    if (!isStopped(service.Spec.TaskTemplate.Placement) && statusOf(service, task).state !== 'exited') {
      throw new ContainerRuntimeError(`service ${service.Spec.Name} of ${name} is running: kill it first`);
    }
    try {
      await removeService(this.docker, service.ID);
    } catch (error) {
      // A concurrent remove() of the same service.
      if (statusCodeOf(error) !== 404) throw error;
    }
    await removeTaskContainers(this.docker, service.ID);
    return true;
  }

  /** The service launched as container `name` and its task of record, or null when there is none. */
  private async serviceOf(
    name: string,
  ): Promise<{ service: SwarmService; task: SwarmTask | undefined } | null> {
    try {
      const service = await inspectService(this.docker, serviceNameFor(name));
      return { service, task: taskOfRecord(await tasksOf(this.docker, service.ID)) };
    } catch (error) {
      if (statusCodeOf(error) === 404) return null;
      throw error;
    }
  }
}
