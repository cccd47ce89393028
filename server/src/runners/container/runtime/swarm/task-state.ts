// A Swarm service and its task, as the runtime interface's container: the service is the "container" (its id
// and name are what Epoch keeps), its newest task says how far it got. Pure.
import type {
  ContainerExit,
  ContainerState,
  ContainerStatus,
  ContainerSummary,
} from '../container-runtime.js';
import { CONTAINER_NAME_LABEL } from './service-name.js';
import { isStopped } from './service-stop.js';
import type { SwarmService, SwarmTask, SwarmTaskState } from './swarm-objects.js';

const BYTES_PER_MB = 1024 * 1024;

/** Whether Swarm is done with the task: from here on its state does not change. */
const FINAL_STATES: ReadonlySet<SwarmTaskState> = new Set([
  'complete',
  'failed',
  'rejected',
  'shutdown',
  'remove',
  'orphaned',
]);

/** Swarm's states in the interface's three: everything before `running` is still on its way to it. */
function containerStateOf(task: SwarmTask | undefined): ContainerState {
  if (task === undefined) return 'created';
  if (task.Status.State === 'running') return 'running';
  return FINAL_STATES.has(task.Status.State) ? 'exited' : 'created';
}

/**
 * The service's state: its task's, except that a stopped service (service-stop.ts) whose task never ran has
 * ended. Stopped before Swarm made or started its task, it has no task of record, or one Swarm will never run,
 * and waiting for that task to run or exit would wait for ever.
 */
export function serviceStateOf(service: SwarmService, task: SwarmTask | undefined): ContainerState {
  const state = containerStateOf(task);
  return state === 'created' && isStopped(service.Spec.TaskTemplate.Placement) ? 'exited' : state;
}

/**
 * The task whose state is the service's: the one Swarm made last, which for a replicated job that is never
 * restarted is its only one, except for the never-placed replacement of a stopped service (service-stop.ts).
 */
export function taskOfRecord(tasks: readonly SwarmTask[]): SwarmTask | undefined {
  return tasks.reduce<SwarmTask | undefined>((newest, task) => {
    if (isStopped(task.Spec?.Placement)) return newest;
    return newest === undefined || task.CreatedAt > newest.CreatedAt ? task : newest;
  }, undefined);
}

/** The service as the container Epoch launched: its id, the container name it was launched as, its labels. */
function factsOf(service: SwarmService): {
  containerId: string;
  name: string;
  labels: Record<string, string>;
} {
  const labels = service.Spec.Labels ?? {};
  return { containerId: service.ID, name: labels[CONTAINER_NAME_LABEL] ?? service.Spec.Name, labels };
}

export function statusOf(service: SwarmService, task: SwarmTask | undefined): ContainerStatus {
  const facts = factsOf(service);
  switch (serviceStateOf(service, task)) {
    case 'created':
      return { ...facts, state: 'created', error: errorOf(task) };
    case 'running':
      return { ...facts, state: 'running', startedAt: swarmTime(task?.Status.Timestamp) ?? Date.now() };
    case 'exited':
      return {
        ...facts,
        state: 'exited',
        exitCode: exitCodeOf(task),
        // Swarm does not record an OOM kill in the task; the watch learns it from the node's `oom` event.
        oomKilled: false,
        finishedAt: swarmTime(task?.Status.Timestamp),
        error: errorOf(task),
      };
  }
}

/** The service's exit, or null while its task has not finished. */
export function exitOf(
  service: SwarmService,
  task: SwarmTask | undefined,
  oomKilled: boolean,
): ContainerExit | null {
  const status = statusOf(service, task);
  if (status.state !== 'exited') return null;
  const memory = service.Spec.TaskTemplate.Resources?.Limits?.MemoryBytes ?? 0;
  return {
    containerId: status.containerId,
    name: status.name,
    exitCode: status.exitCode,
    oomKilled,
    error: status.error,
    finishedAt: status.finishedAt,
    memoryLimitMb: memory > 0 ? memory / BYTES_PER_MB : undefined,
    labels: status.labels,
  };
}

/** The end of a service whose task was never placed (start-timeout.ts): no container ran, so no exit code. */
export function unplacedExit(service: SwarmService, failure: string): ContainerExit {
  return { ...factsOf(service), exitCode: -1, oomKilled: false, error: failure };
}

export function summaryOf(service: SwarmService, task: SwarmTask | undefined): ContainerSummary {
  return { ...factsOf(service), state: serviceStateOf(service, task) };
}

/** A task that ended without a container's exit (rejected, stopped before it started) reports -1: unknown. */
function exitCodeOf(task: SwarmTask | undefined): number {
  if (task?.Status.State === 'complete') return 0;
  const code = task?.Status.ContainerStatus?.ExitCode;
  return code === undefined || code === 0 ? -1 : code;
}

// Swarm's own wording of an ordinary non-zero exit: the exit code says it already.
const PLAIN_EXIT = /^task: non-zero exit \(\d+\)$/;

function errorOf(task: SwarmTask | undefined): string | undefined {
  const error = task?.Status.Err;
  if (error === undefined || error === '' || PLAIN_EXIT.test(error)) return undefined;
  return error;
}

/** Epoch ms, or undefined when absent or Swarm's "never". */
function swarmTime(text: string | undefined): number | undefined {
  const ms = text === undefined ? Number.NaN : Date.parse(text);
  return Number.isNaN(ms) || ms <= 0 ? undefined : ms;
}
