import type { TopologyDetails } from '@epoch/shared';

export type LaunchDecision = { kind: 'skip'; reason: string } | { kind: 'launch'; replace: string[] };

/**
 * What a due scheduled fire becomes, checked in this order: a paused topology skips it; then the
 * overlap policy decides against the runs still going (SKIP skips, REPLACE cancels them, ALLOW runs both).
 */
export function decideLaunch(topology: TopologyDetails, activeRunIds: string[]): LaunchDecision {
  if (topology.state === 'PAUSED') return { kind: 'skip', reason: 'topology paused' };
  if (activeRunIds.length === 0) return { kind: 'launch', replace: [] };
  switch (topology.topology.overlapPolicy) {
    case 'SKIP':
      return {
        kind: 'skip',
        reason: `previous run ${activeRunIds.join(', ')} still running (overlap policy SKIP)`,
      };
    case 'REPLACE':
      return { kind: 'launch', replace: activeRunIds };
    case 'ALLOW':
      return { kind: 'launch', replace: [] };
  }
}
