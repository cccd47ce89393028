import type { TopologyDetails } from '@epoch/shared';

/**
 * Why a due fire is recorded SKIPPED rather than launched, in few values (for metrics); `reason` says
 * it in words. `changed`: claimed ahead of its time, then the schedule changed so it is no fire of it.
 */
export type SkipCause = 'overlap' | 'misfire' | 'changed';

export type LaunchDecision =
  | { kind: 'nothing' }
  | { kind: 'skip'; cause: Exclude<SkipCause, 'misfire' | 'changed'>; reason: string }
  | { kind: 'launch'; replace: string[] };

/** A paused topology records no run per fire: a skip per fire would push its real runs out of history. */
export function recordsFires(topology: TopologyDetails): boolean {
  return topology.state !== 'PAUSED';
}

/**
 * What a due scheduled fire becomes, checked in this order: a paused topology's fire is nothing at all
 * (the pause itself is on the topology); then the overlap policy decides against the runs still going
 * (SKIP skips, REPLACE cancels them, ALLOW runs both).
 */
export function decideLaunch(topology: TopologyDetails, activeRunIds: string[]): LaunchDecision {
  if (!recordsFires(topology)) return { kind: 'nothing' };
  if (activeRunIds.length === 0) return { kind: 'launch', replace: [] };
  switch (topology.topology.overlapPolicy) {
    case 'SKIP':
      return {
        kind: 'skip',
        cause: 'overlap',
        reason: `previous run ${activeRunIds.join(', ')} still running (overlap policy SKIP)`,
      };
    case 'REPLACE':
      return { kind: 'launch', replace: activeRunIds };
    case 'ALLOW':
      return { kind: 'launch', replace: [] };
  }
}
