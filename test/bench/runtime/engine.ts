// What the engine itself says about the benchmark's tasks: when each container really started (the same
// figure for both runtimes, whatever each runtime calls RUNNING), and removing every container and service of
// the benchmark's cluster afterwards, checked.
import Dockerode from 'dockerode';
import { EPOCH_LABELS } from '../../../server/src/runners/container/runtime/labels.js';

const docker = new Dockerode();

/** When each container of `cluster` started, by `topologyId/runId`; read after the runs, not during. */
export async function containerStarts(cluster: string): Promise<Map<string, number>> {
  const starts = new Map<string, number>();
  for (const { Id, Labels } of await clusterContainers(cluster)) {
    const { State } = await docker.getContainer(Id).inspect();
    const started = Date.parse(State.StartedAt);
    // A container that never started has the zero time, 0001-01-01.
    if (started > 0) starts.set(`${Labels[EPOCH_LABELS.topologyId]}/${Labels[EPOCH_LABELS.runId]}`, started);
  }
  return starts;
}

/**
 * Removes the cluster's services, then its containers: Swarm keeps an ended task's container after its
 * service is removed (still there 40 s later on this engine), so they go here too. Answers what was still
 * there afterwards, which should be nothing.
 */
export async function removeCluster(cluster: string, swarm: boolean): Promise<{ left: string[] }> {
  const filters = { label: [`${EPOCH_LABELS.cluster}=${cluster}`] };
  if (swarm) {
    for (const { ID } of await docker.listServices({ filters })) await docker.getService(ID).remove();
  }
  for (const { Id } of await clusterContainers(cluster)) {
    // 404 and 409: Swarm removed it meanwhile, or is removing it; the listing below tells.
    await docker
      .getContainer(Id)
      .remove({ force: true, v: true })
      .catch((error: { statusCode?: number }) => {
        if (error.statusCode !== 404 && error.statusCode !== 409) throw error;
      });
  }
  const services = swarm ? await docker.listServices({ filters }) : [];
  const containers = await clusterContainers(cluster);
  return {
    left: [
      ...services.map((service) => `service ${service.Spec?.Name ?? service.ID}`),
      ...containers.map((container) => `container ${container.Names[0] ?? container.Id}`),
    ],
  };
}

function clusterContainers(cluster: string): Promise<Dockerode.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${EPOCH_LABELS.cluster}=${cluster}`] } });
}
