// From the task a topology defines to the spec a runtime launches: the caller's code stays one call.
import type { ContainerTask } from '@epoch/shared';
import { containerNameFor } from './container-name.js';
import type { ContainerSpec, TaskIds } from './container-runtime.js';
import { parseDuration } from './duration.js';
import { epochLabels } from './labels.js';

/** How long a task may wait for a node when it sets no `startTimeout`: long enough for busy nodes to free up. */
export const DEFAULT_START_TIMEOUT = '5 minutes';

export interface ContainerSpecOptions {
  /** This Epoch cluster's label value; the runtime only watches and adopts its own cluster's containers. */
  cluster: string;
}

export function containerSpecFor(
  task: ContainerTask,
  ids: TaskIds,
  options: ContainerSpecOptions,
): ContainerSpec {
  const cpu = task.resources.find((resource) => resource.type === 'CPU');
  const memory = task.resources.find((resource) => resource.type === 'MEMORY');
  return {
    name: containerNameFor(ids, options.cluster),
    image: task.executable.url,
    pullTimeoutMs: parseDuration(task.executable.dockerPullTimeout),
    startTimeoutMs: parseDuration(task.startTimeout ?? DEFAULT_START_TIMEOUT),
    args: task.args,
    env: task.env,
    cpus: cpu?.count,
    memoryMb: memory?.sizeInMB,
    volumes: task.volumes,
    readOnlyRootFs: task.readOnlyRootFs,
    user: task.user,
    logging: task.logging,
    placement: task.placement,
    labels: epochLabels(ids, options.cluster),
  };
}
