// Swarm as the exit watch's source (../exit-watch.ts). Swarm has no event for a task's end: the engine Epoch
// talks to sends `die` (and `oom`) for the containers of service tasks that ran on its own node, labelled with
// the service, and the reconcile — services and their tasks, listed by Epoch's labels — finds the ends on every
// other node. Both report the service, so each end is reported once whichever way it is learnt. The reconcile
// also ends the tasks no node took within their start timeout (start-timeout.ts): Swarm itself never would.
import type Dockerode from 'dockerode';
import type { Clock } from '../../../../time/clock.js';
import type { ContainerExit } from '../container-runtime.js';
import type { ExitEvent, ExitSource } from '../exit-watch.js';
import { epochLabelsOf } from '../docker/container-exits.js';
import { statusCodeOf } from '../docker/docker-errors.js';
import { labelFilters } from '../labels.js';
import { CONTAINER_NAME_LABEL } from './service-name.js';
import { placementFailure } from './start-timeout.js';
import { inspectService, listServices, removeService, tasksByServiceLabel, tasksOf } from './swarm-api.js';
import type { SwarmService, SwarmTask } from './swarm-objects.js';
import { exitOf, serviceStateOf, taskOfRecord, unplacedExit } from './task-state.js';

interface ContainerEvent {
  Action?: string;
  Actor?: { Attributes?: Record<string, string> };
}

/** The label Swarm puts on a task's container. */
const SERVICE_ID = 'com.docker.swarm.service.id';

export function serviceExitSource(docker: Dockerode, cluster: string, clock: Clock): ExitSource {
  const labels = labelFilters(cluster);
  return {
    openEvents: (signal) =>
      docker.getEvents({
        filters: { type: ['container'], event: ['die', 'oom'], label: [...labels, SERVICE_ID] },
        abortSignal: signal,
      }),
    readEvent: (event) => readServiceEvent(event as ContainerEvent),
    list: async (signal) => {
      const [services, tasks] = await Promise.all([
        listServices(docker, labels, signal),
        tasksByServiceLabel(docker, labels, signal),
      ]);
      const byService = groupByService(tasks);
      return services.map((service) => {
        const task = taskOfRecord(byService.get(service.ID) ?? []);
        const maybeFinished =
          serviceStateOf(service, task) === 'exited' ||
          placementFailure(service, task, clock.now()) !== undefined;
        return { id: service.ID, maybeFinished };
      });
    },
    exitOf: async (id, oomKilled, signal) => {
      const service = await inspectService(docker, id, signal);
      const task = taskOfRecord(await tasksOf(docker, id, signal));
      const failure = placementFailure(service, task, clock.now());
      if (failure === undefined) return exitOf(service, task, oomKilled);
      return removeUnplaced(docker, service, failure);
    },
  };
}

/**
 * A service no node took in time is removed, and its end reported once: from now on the service is not listed,
 * so no reconcile finds it again. Removing is safe here, unlike for a running task (service-stop.ts): the task
 * is on no node, so no container of it is left running anywhere.
 */
async function removeUnplaced(
  docker: Dockerode,
  service: SwarmService,
  failure: string,
): Promise<ContainerExit> {
  try {
    await removeService(docker, service.ID);
  } catch (error) {
    // A concurrent kill() and remove(): the end is still this one.
    if (statusCodeOf(error) !== 404) throw error;
  }
  return unplacedExit(service, failure);
}

function readServiceEvent(event: ContainerEvent): ExitEvent | undefined {
  const { [SERVICE_ID]: id, exitCode, ...attributes } = event.Actor?.Attributes ?? {};
  if (id === undefined) return undefined;
  if (event.Action === 'oom') return { id, kind: 'oom' };
  if (event.Action !== 'die') return undefined;
  return {
    id,
    kind: 'exit',
    // The service was removed (kill() removes it) before its end could be read: the container's own facts.
    exitFromEvent: (oomKilled) => ({
      containerId: id,
      name: attributes[CONTAINER_NAME_LABEL] ?? id,
      exitCode: Number(exitCode ?? -1),
      oomKilled,
      labels: epochLabelsOf(attributes),
    }),
  };
}

export function groupByService(tasks: readonly SwarmTask[]): Map<string, SwarmTask[]> {
  const byService = new Map<string, SwarmTask[]>();
  for (const task of tasks) byService.set(task.ServiceID, [...(byService.get(task.ServiceID) ?? []), task]);
  return byService;
}
