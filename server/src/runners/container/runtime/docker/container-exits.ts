// The Docker Engine as the exit watch's source (../exit-watch.ts): `die` events, and `oom` so an OOM kill is
// known even when the container is gone before it can be inspected; the reconcile lists the cluster's containers.
import type Dockerode from 'dockerode';
import type { ExitEvent, ExitSource } from '../exit-watch.js';
import { labelFilters } from '../labels.js';
import { exitFromInspect } from './container-state.js';

interface DockerEvent {
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

// `created` too: a container the engine failed to start never dies, and its failure is an exit to report.
const MAYBE_FINISHED = new Set(['exited', 'dead', 'created']);

export function containerExitSource(docker: Dockerode, cluster: string): ExitSource {
  return {
    openEvents: (signal) =>
      docker.getEvents({
        filters: { type: ['container'], event: ['die', 'oom'], label: labelFilters(cluster) },
        abortSignal: signal,
      }),
    readEvent: (event) => readContainerEvent(event as DockerEvent),
    list: async (signal) => {
      const containers = await docker.listContainers({
        all: true,
        filters: { label: labelFilters(cluster) },
        abortSignal: signal,
      });
      return containers.map((container) => ({
        id: container.Id,
        maybeFinished: MAYBE_FINISHED.has(container.State),
      }));
    },
    // The engine's own OOMKilled is the container's: an `oom` event may be a process it survived.
    exitOf: async (id, _oomKilled, signal) =>
      exitFromInspect(await docker.getContainer(id).inspect({ abortSignal: signal })),
  };
}

function readContainerEvent(event: DockerEvent): ExitEvent | undefined {
  const id = event.Actor?.ID;
  if (id === undefined) return undefined;
  if (event.Action === 'oom') return { id, kind: 'oom' };
  if (event.Action !== 'die') return undefined;
  const { exitCode, name, ...attributes } = event.Actor?.Attributes ?? {};
  return {
    id,
    kind: 'exit',
    exitFromEvent: (oomKilled) => ({
      containerId: id,
      name: name ?? id,
      exitCode: Number(exitCode ?? -1),
      oomKilled,
      labels: epochLabelsOf(attributes),
    }),
  };
}

/** Epoch's labels among an event's attributes (which also carry the image's labels). */
export function epochLabelsOf(attributes: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(attributes).filter(([key]) => key.startsWith('io.epoch.')));
}
