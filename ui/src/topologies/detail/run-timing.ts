import type { RunInfo, RunTaskInfo } from '@epoch/shared';

const defined = (value: number | undefined): value is number => value !== undefined;

/** When the run's first task started; the run's creation when none has yet. */
export function runStartedAt(run: RunInfo): number {
  const starts = Object.values(run.tasks)
    .map((task) => task.startedAt)
    .filter(defined);
  return starts.length > 0 ? Math.min(...starts) : run.created;
}

/** How long the run took, or has been going on so far. */
export function runDuration(run: RunInfo, now: number): number {
  if (run.state === 'RUNNING') return Math.max(0, now - runStartedAt(run));
  const ends = Object.values(run.tasks)
    .map((task) => task.finishedAt)
    .filter(defined);
  const end = ends.length > 0 ? Math.max(...ends) : run.updated;
  return Math.max(0, end - runStartedAt(run));
}

/** A task's run time: finished minus started, or until now while it runs; undefined before it starts. */
export function taskDuration(task: RunTaskInfo, now: number): number | undefined {
  if (task.startedAt === undefined) return undefined;
  return Math.max(0, (task.finishedAt ?? now) - task.startedAt);
}

export const isLiveTask = (task: RunTaskInfo): boolean =>
  task.state === 'STARTING' || task.state === 'RUNNING';

export const runPath = (topologyId: string, runId: string): string =>
  `/topologies/${encodeURIComponent(topologyId)}/runs/${encodeURIComponent(runId)}`;

export const topologyPath = (topologyId: string): string => `/topologies/${encodeURIComponent(topologyId)}`;
