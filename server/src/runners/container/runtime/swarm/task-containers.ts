// Before Docker 23 (moby#42789), removing a replicated job's service leaves its finished task containers on the
// node that ran them, for good. Epoch removes those on the engine it talks to (the manager, which on a small swarm
// also runs tasks); other nodes' are out of its reach, and the README says how to prune them.
import type Dockerode from 'dockerode';
import { statusCodeOf } from '../docker/docker-errors.js';

/** Removes the stopped containers the service `serviceId` left on this engine. */
export async function removeTaskContainers(docker: Dockerode, serviceId: string): Promise<void> {
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [`com.docker.swarm.service.id=${serviceId}`] },
  });
  await Promise.all(
    containers
      .filter((container) => container.State !== 'running')
      .map((container) =>
        docker
          .getContainer(container.Id)
          .remove()
          .catch((error: unknown) => {
            // Removed meanwhile by Swarm itself (a newer engine), or by a concurrent remove().
            if (statusCodeOf(error) !== 404 && statusCodeOf(error) !== 409) throw error;
          }),
      ),
  );
}
