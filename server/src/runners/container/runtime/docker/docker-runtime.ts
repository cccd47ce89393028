// The container runtime on the Docker Engine API (dockerode): Epoch's stand-in for Drove.
import type Dockerode from 'dockerode';
import type { Logger } from 'pino';
import type { EgressPolicy } from '../../../../egress/egress-policy.js';
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
import { HARDENED_DEFAULTS, type ContainerDefaults } from '../container-defaults.js';
import { CLUSTER_NAME } from '../container-name.js';
import type { HostPathPolicy } from '../host-paths.js';
import { labelFilters } from '../labels.js';
import { ContainerRuntimeError } from '../runtime-errors.js';
import { watchExits } from '../exit-watch.js';
import { statusFromInspect, summaryFromList } from './container-state.js';
import { createDockerClient, engineSocketPaths } from './docker-client.js';
import { engineMessageOf, statusCodeOf } from './docker-errors.js';
import { containerExitSource } from './container-exits.js';
import { engineFileView } from './engine-files.js';
import { launchContainer } from './launch.js';
import { engineLogs } from './log-stream.js';
import type { RegistryAuth } from './registry-auth.js';

export interface DockerRuntimeOptions {
  /** A DOCKER_HOST-style address (`unix:///var/run/docker.sock`, `tcp://host:2375`); the local socket when absent. */
  dockerHost?: string;
  /** This Epoch cluster's `io.epoch.cluster` label: clusters sharing an engine never see each other's containers. */
  cluster: string;
  /** Judges the syslog servers the engine would send a task's log to. */
  egress: EgressPolicy;
  /** Host directories that volumes may bind from (or below). */
  allowedHostDirs: readonly string[];
  /** READ_WRITE volumes even where Epoch cannot see the engine's file system to resolve links in them. */
  trustEnginePaths?: boolean;
  /** Whether this process runs in a container apart from the engine (engine-files.ts); injectable for tests. */
  insideContainer?: () => boolean;
  /** The hardening of every task container; HARDENED_DEFAULTS when absent. */
  containerDefaults?: ContainerDefaults;
  registryAuth?: RegistryAuth;
  /** Seconds between SIGTERM and SIGKILL when a container is killed. */
  stopGraceSeconds?: number;
  reconcileIntervalMs?: number;
  reconnectBackoff?: { initialMs: number; maxMs: number };
  logger: Logger;
}

const DEFAULTS = {
  stopGraceSeconds: 5,
  reconcileIntervalMs: 30_000,
  reconnectBackoff: { initialMs: 250, maxMs: 10_000 },
};

export class DockerRuntime implements ContainerRuntime {
  private readonly docker: Dockerode;
  private readonly hostPaths: HostPathPolicy;

  constructor(private readonly options: DockerRuntimeOptions) {
    if (!CLUSTER_NAME.test(options.cluster)) {
      throw new Error(`cluster "${options.cluster}" must be 1 to 64 letters, digits, "-" or "_"`);
    }
    this.docker = createDockerClient(options.dockerHost);
    const engineFiles = engineFileView(options.dockerHost, options.insideContainer);
    this.hostPaths = {
      allowedHostDirs: options.allowedHostDirs,
      engineFiles,
      trustEnginePaths: options.trustEnginePaths ?? false,
      engineSockets: engineSocketPaths(options.dockerHost),
    };
    if (!engineFiles.visible && options.allowedHostDirs.length > 0) {
      options.logger.info(
        { reason: engineFiles.reason, trustEnginePaths: this.hostPaths.trustEnginePaths },
        'volume host paths cannot be resolved on this file system',
      );
    }
  }

  launch(spec: ContainerSpec, signal?: AbortSignal): Promise<LaunchResult> {
    const {
      cluster,
      egress,
      registryAuth = {},
      containerDefaults = HARDENED_DEFAULTS,
      logger,
    } = this.options;
    const { constraints = [], preferences = [] } = spec.placement ?? {};
    if (constraints.length + preferences.length > 0) {
      // One engine is one node: there is nowhere else to run it. Refusing instead would fail topologies written
      // for a swarm on a single-engine set-up, where they run as well as they can.
      logger.warn(
        { container: spec.name, placement: spec.placement },
        'placement ignored: the docker runtime runs every task on its one engine',
      );
    }
    return launchContainer(
      { docker: this.docker, cluster, hostPaths: this.hostPaths, containerDefaults, registryAuth, egress },
      spec,
      signal,
    );
  }

  watch(signal: AbortSignal, onExit: ExitListener): ContainerWatch {
    const { cluster, logger } = this.options;
    return watchExits(
      {
        source: containerExitSource(this.docker, cluster),
        logger,
        reconcileIntervalMs: this.options.reconcileIntervalMs ?? DEFAULTS.reconcileIntervalMs,
        reconnectBackoff: this.options.reconnectBackoff ?? DEFAULTS.reconnectBackoff,
      },
      signal,
      onExit,
    );
  }

  async inspect(name: string): Promise<ContainerStatus | null> {
    try {
      return statusFromInspect(await this.docker.getContainer(name).inspect());
    } catch (error) {
      if (statusCodeOf(error) === 404) return null;
      throw error;
    }
  }

  async kill(name: string): Promise<boolean> {
    try {
      await this.docker
        .getContainer(name)
        .stop({ t: this.options.stopGraceSeconds ?? DEFAULTS.stopGraceSeconds });
      return true;
    } catch (error) {
      // 304: not running; 404: no such container. Either way there is nothing left to stop.
      const statusCode = statusCodeOf(error);
      if (statusCode === 304 || statusCode === 404) return false;
      throw error;
    }
  }

  logs(name: string, options: LogOptions): AsyncIterable<LogChunk> {
    return engineLogs(this.docker, 'containers', name, options);
  }

  async listByLabel(filter?: LabelFilter): Promise<ContainerSummary[]> {
    const containers = await this.docker.listContainers({
      all: true,
      filters: { label: labelFilters(this.options.cluster, filter) },
    });
    return containers.map(summaryFromList);
  }

  async remove(name: string): Promise<boolean> {
    try {
      await this.docker.getContainer(name).remove({ v: true });
      return true;
    } catch (error) {
      const statusCode = statusCodeOf(error);
      if (statusCode === 404) return false;
      const message = engineMessageOf(error);
      // A concurrent remove() of the same container.
      if (statusCode === 409 && message.includes('already in progress')) return true;
      if (statusCode === 409)
        throw new ContainerRuntimeError(`container ${name} cannot be removed: ${message}`);
      throw error;
    }
  }
}
