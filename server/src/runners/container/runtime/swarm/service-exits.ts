// Swarm as the exit watch's source (../exit-watch.ts). Swarm has no event for a task's end: the engine Epoch
// talks to sends `die` (and `oom`) for the containers of service tasks that ran on its own node, labelled with
// the service, and the reconcile — services and their tasks, listed by Epoch's labels — finds the ends on every
// other node. Both report the service, so each end is reported once whichever way it is learnt.
import type Dockerode from 'dockerode';
import type { ExitEvent, ExitSource } from '../exit-watch.js';
import { epochLabelsOf } from '../docker/container-exits.js';
import { labelFilters } from '../labels.js';
import { CONTAINER_NAME_LABEL } from './service-name.js';
import { inspectService, listServices, tasksByServiceLabel, tasksOf } from './swarm-api.js';
import type { SwarmTask } from './swarm-objects.js';
import { exitOf, serviceStateOf, taskOfRecord } from './task-state.js';

interface ContainerEvent {
  Action?: string;
  Actor?: { Attributes?: Record<string, string> };
}

/** The label Swarm puts on a task's container. */
const SERVICE_ID = 'com.docker.swarm.service.id';

export function serviceExitSource(docker: Dockerode, cluster: string): ExitSource {
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
      return services.map((service) => ({
        id: service.ID,
        maybeFinished: serviceStateOf(service, taskOfRecord(byService.get(service.ID) ?? [])) === 'exited',
      }));
    },
    exitOf: async (id, oomKilled, signal) => {
      const service = await inspectService(docker, id, signal);
      return exitOf(service, taskOfRecord(await tasksOf(docker, id, signal)), oomKilled);
    },
  };
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
