// A task Swarm cannot place (no node satisfies its constraints, none has the resources it reserves) waits as
// `pending` for good: Swarm never gives up on it. Epoch does, after the task's start timeout, so the run ends
// FAILED with Swarm's reason instead of hanging. Pure: the exit source (service-exits.ts) acts on the verdict.
import type { SwarmService, SwarmTask, SwarmTaskState } from './swarm-objects.js';
import { isStopped } from './service-stop.js';

/** On the service: its task's start timeout in ms, read back by whichever leader watches it. */
export const START_TIMEOUT_LABEL = 'io.epoch.start-timeout-ms';

/** Before `assigned`: the task has no node yet. */
const UNPLACED: ReadonlySet<SwarmTaskState> = new Set(['new', 'allocated', 'pending']);

/**
 * Why the service's task failed to start in time, or undefined while it may still start (or has started).
 * `nowMs` is the injected clock's; the service's creation time is the manager's.
 */
export function placementFailure(
  service: SwarmService,
  task: SwarmTask | undefined,
  nowMs: number,
): string | undefined {
  const placement = service.Spec.TaskTemplate.Placement;
  // A killed service's replacement task is left unplaced on purpose (service-stop.ts); its end is the kill's.
  if (isStopped(placement)) return undefined;
  if (task !== undefined && !UNPLACED.has(task.Status.State)) return undefined;
  const timeoutMs = Number(service.Spec.Labels?.[START_TIMEOUT_LABEL]);
  const createdAt = Date.parse(service.CreatedAt);
  if (!(timeoutMs > 0) || Number.isNaN(createdAt) || nowMs < createdAt + timeoutMs) return undefined;
  const reason = task?.Status.Err || task?.Status.Message || 'Swarm made no task for it';
  const constraints = placement?.Constraints ?? [];
  const placedBy = constraints.length === 0 ? '' : ` (constraints: ${constraints.join(', ')})`;
  return `not placed on any node within ${secondsText(timeoutMs)}${placedBy}: ${reason}`;
}

function secondsText(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
