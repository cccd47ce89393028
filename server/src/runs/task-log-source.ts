// Where a task's log lives: the container of one of its attempts. Only container tasks have one; an HTTP task's
// outcome is recorded in the run itself. Logs never go into ZooKeeper, so a removed container means a lost log.
import { leafTasks, NotFoundError, type RunInfo, type TopologyDetails } from '@epoch/shared';
import { attemptContainerName, containerNameFor } from '../runners/container/runtime/container-name.js';

export interface TaskLogSource {
  containerName: string;
  attempt: number;
  /** The attempt is being launched: a missing container is not created yet, rather than removed. */
  launching: boolean;
}

/**
 * The container holding the log of `attempt` (default: the latest) of a task of a run; throws a NotFoundError
 * saying why there is none.
 */
export function taskLogSource(
  topology: TopologyDetails,
  run: RunInfo,
  taskName: string,
  cluster: string,
  attempt?: number,
): TaskLogSource {
  const { topologyId, runId } = run;
  const info = run.tasks[taskName];
  if (!info) throw new NotFoundError(`No task ${taskName} in run ${runId} of topology ${topologyId}`);
  const definition = leafTasks(topology.topology.task).find((task) => task.taskName === taskName);
  if (definition?.type === 'HTTP') {
    throw new NotFoundError(
      `Task ${taskName} is an HTTP task: it has no container log. Its outcome is in the run, ` +
        `in tasks.${taskName}.httpStatus and tasks.${taskName}.responseBody`,
    );
  }
  const latest = info.attempts ?? 0;
  if (latest === 0) throw new NotFoundError(`Task ${taskName} of run ${runId} has not started yet: no log`);
  const chosen = attempt ?? latest;
  if (chosen > latest) {
    throw new NotFoundError(
      `Task ${taskName} of run ${runId} has no attempt ${chosen}: it has had ${latest} so far`,
    );
  }
  return {
    containerName: attemptContainerName(containerNameFor({ topologyId, runId, taskName }, cluster), chosen),
    attempt: chosen,
    launching: chosen === latest && info.state === 'STARTING',
  };
}

/** Why the source's container is missing. */
export function missingLogError(source: TaskLogSource, taskName: string): NotFoundError {
  return new NotFoundError(
    source.launching
      ? `No log yet: the container of attempt ${source.attempt} of task ${taskName} is still being created`
      : `Log no longer available: the container of attempt ${source.attempt} of task ${taskName} was removed`,
  );
}
