import type { Task, Topology } from '@epoch/shared';

function withoutSecrets(task: Task, dropped: string[]): Task {
  if (task.type === 'COMPOSITE') {
    return { ...task, tasks: task.tasks.map((child) => withoutSecrets(child, dropped)) };
  }
  if (task.type === 'CONTAINER_EXECUTION') {
    const { secretEnv, ...rest } = task;
    dropped.push(...Object.keys(secretEnv ?? {}).map((name) => `${task.taskName}: ${name}`));
    return rest;
  }
  const { secretHeaders, ...rest } = task;
  dropped.push(...Object.keys(secretHeaders ?? {}).map((name) => `${task.taskName}: ${name}`));
  return rest;
}

/**
 * A copy of a topology to create under a new name. Secrets are left out: the API never sends their values,
 * and "<secret>" keeps a value only on the topology that stores it, so a copy must be given them anew.
 */
export function duplicateTopology(topology: Topology): { topology: Topology; droppedSecrets: string[] } {
  const droppedSecrets: string[] = [];
  const task = withoutSecrets(topology.task, droppedSecrets);
  return { topology: { ...topology, name: `${topology.name}-copy`, task }, droppedSecrets };
}
