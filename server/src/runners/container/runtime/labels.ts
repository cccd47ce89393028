// Epoch's container labels: they tie a container to its cluster, run and task, so the watch, adoption after a
// leader change and listings only ever see this cluster's containers.
import type { LabelFilter, TaskIds } from './container-runtime.js';
import { taskIdFor } from './container-name.js';

export const EPOCH_LABELS = {
  managed: 'io.epoch.managed',
  cluster: 'io.epoch.cluster',
  topologyId: 'io.epoch.topology-id',
  runId: 'io.epoch.run-id',
  taskName: 'io.epoch.task-name',
  taskId: 'io.epoch.task-id',
} as const;

export function epochLabels(ids: TaskIds, cluster: string): Record<string, string> {
  return {
    [EPOCH_LABELS.managed]: 'true',
    [EPOCH_LABELS.cluster]: cluster,
    [EPOCH_LABELS.topologyId]: ids.topologyId,
    [EPOCH_LABELS.runId]: ids.runId,
    [EPOCH_LABELS.taskName]: ids.taskName,
    [EPOCH_LABELS.taskId]: taskIdFor(ids),
  };
}

/** The run and task a container belongs to, or undefined when its labels are not Epoch's. */
export function taskIdsFromLabels(labels: Record<string, string>): TaskIds | undefined {
  const topologyId = labels[EPOCH_LABELS.topologyId];
  const runId = labels[EPOCH_LABELS.runId];
  const taskName = labels[EPOCH_LABELS.taskName];
  if (topologyId === undefined || runId === undefined || taskName === undefined) return undefined;
  return { topologyId, runId, taskName };
}

/** Docker `label` filters (all must match) for this cluster's managed containers, narrowed by `filter`. */
export function labelFilters(cluster: string, filter: LabelFilter = {}): string[] {
  const narrowing = [
    [EPOCH_LABELS.topologyId, filter.topologyId],
    [EPOCH_LABELS.runId, filter.runId],
    [EPOCH_LABELS.taskName, filter.taskName],
  ] as const;
  return [
    `${EPOCH_LABELS.managed}=true`,
    `${EPOCH_LABELS.cluster}=${cluster}`,
    ...narrowing.flatMap(([label, value]) => (value === undefined ? [] : [`${label}=${value}`])),
  ];
}
