// Stopping a service's task while keeping the service, the way a stopped container is kept with its exit code and
// log until it is removed. Swarm has no "stop" for a task: removing the service is the documented way, but before
// Docker 23 (swarmkit#3112) a removed replicated job leaves its running task's container running for good. Moving
// the service to a placement no node can satisfy works on every version: Swarm shuts the running task down (a new
// job iteration replaces it) and leaves the replacement pending, never placed, until the service is removed. Pure.
import type { Placement, SwarmService } from './swarm-objects.js';

/** No node has this id: node ids are 25 letters and digits, without a dash. */
export const NOWHERE = 'node.id==epoch-stopped';

export function isStopped(placement: Placement | undefined): boolean {
  return placement?.Constraints?.includes(NOWHERE) ?? false;
}

/** The service's spec with a placement nowhere: the update that stops its task. */
export function stoppedSpec(service: SwarmService): SwarmService['Spec'] {
  const { TaskTemplate: template } = service.Spec;
  const constraints = template.Placement?.Constraints ?? [];
  return {
    ...service.Spec,
    TaskTemplate: {
      ...template,
      Placement: { ...template.Placement, Constraints: [...constraints, NOWHERE] },
    },
  };
}
