// Which engine runs container tasks (EPOCH_RUNTIME): one Docker Engine, or a Docker Swarm reached through one
// of its managers. Both take the same settings; Swarm's are checked against the engine before Epoch starts.
import type { ContainerRuntime } from './container-runtime.js';
import { DockerRuntime, type DockerRuntimeOptions } from './docker/docker-runtime.js';
import type { HardeningGap } from './swarm/swarm-support.js';
import { SwarmRuntime } from './swarm/swarm-runtime.js';

export const CONTAINER_RUNTIMES = ['docker', 'swarm'] as const;

export type ContainerRuntimeKind = (typeof CONTAINER_RUNTIMES)[number];

export interface RuntimeChoiceOptions extends DockerRuntimeOptions {
  /** Swarm only: hardening the operator accepts running without (EPOCH_SWARM_ACCEPT_UNENFORCED). */
  acceptUnenforced: readonly HardeningGap[];
}

/** Rejects, naming what is missing, when the engine cannot be this runtime (not a Swarm manager, too old). */
export async function startContainerRuntime(
  kind: ContainerRuntimeKind,
  options: RuntimeChoiceOptions,
): Promise<ContainerRuntime> {
  const { acceptUnenforced: _swarmOnly, ...dockerOptions } = options;
  if (kind === 'docker') return new DockerRuntime(dockerOptions);
  return SwarmRuntime.connect(options);
}
