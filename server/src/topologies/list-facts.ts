import type { RunState, TopologyDetails } from '@epoch/shared';
import pMap from 'p-map';
import type { Scheduler } from '../scheduling/scheduler.js';
import type { RunStore } from '../store/run-store.js';
import { READ_CONCURRENCY } from '../store/topology-store.js';
import type { Clock } from '../time/clock.js';

/** What a topology list filters and sorts by beyond the topologies themselves: their schedule and their runs. */
export interface ListFacts {
  /** Epoch ms of the topology's next fire; null when it is paused or nothing is due. */
  nextFire(details: TopologyDetails): number | null;
  /** The state of each topology's last run (its latest fire's); a topology that never ran is absent. */
  lastRunStates(topologyIds: string[]): Promise<ReadonlyMap<string, RunState>>;
}

export interface ListFactSources {
  scheduler: Pick<Scheduler, 'nextFireOf'>;
  runs: Pick<RunStore, 'latest'>;
  clock: Clock;
}

/**
 * The leader's facts: next fires from its scheduler (every `/apis` request reaches the leader) and last runs
 * read from the store when a list asks for them, as the summary's last-run column reads them.
 */
export function leaderListFacts({ scheduler, runs, clock }: ListFactSources): ListFacts {
  return {
    // A paused topology's fires are neither run nor recorded: it has no next fire.
    nextFire: (details) => (details.state === 'ACTIVE' ? (scheduler.nextFireOf(details.id) ?? null) : null),
    async lastRunStates(topologyIds) {
      const now = clock.now();
      const states = new Map<string, RunState>();
      await pMap(
        topologyIds,
        async (topologyId) => {
          const run = await runs.latest(topologyId, now);
          if (run) states.set(topologyId, run.state);
        },
        { concurrency: READ_CONCURRENCY },
      );
      return states;
    },
  };
}
