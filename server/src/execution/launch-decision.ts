import type { TopologyDetails } from '@epoch/shared';

/**
 * Why a due fire is recorded SKIPPED rather than launched, in few values (for metrics); `reason` says
 * it in words. `changed`: claimed ahead of its time, then the schedule changed so it is no fire of it.
 */
export type SkipCause = 'paused' | 'overlap' | 'misfire' | 'changed';

export type LaunchDecision =
  | { kind: 'skip'; cause: Exclude<SkipCause, 'misfire' | 'changed'>; reason: string }
  | { kind: 'launch'; replace: string[] };

/**
 * What a due scheduled fire becomes, checked in this order: a paused topology skips it; then the
 * overlap policy decides against the runs still going (SKIP skips, REPLACE cancels them, ALLOW runs both).
 */
export function decideLaunch(topology: TopologyDetails, activeRunIds: string[]): LaunchDecision {
  if (topology.state === 'PAUSED') return { kind: 'skip', cause: 'paused', reason: 'topology paused' };
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
