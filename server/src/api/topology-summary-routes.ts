import {
  topologyListQuerySchema,
  topologySummarySchema,
  TOTAL_COUNT_HEADER,
  type RunInfo,
  type TopologySummary,
} from '@epoch/shared';
import pMap from 'p-map';
import { z } from 'zod';
import type { RunStore } from '../store/run-store.js';
import type { Clock } from '../time/clock.js';
import type { ListFacts } from '../topologies/list-facts.js';
import type { TopologyService } from '../topologies/topology-service.js';
import { currentUser } from '../auth/request-guards.js';
import { sendSuccess } from './envelope.js';
import { failures, ok } from './openapi-responses.js';
import { declareRoute, type Route } from './route-declaration.js';
import { topologyDetailsView } from './topology-view.js';

export interface TopologySummaryDeps {
  topologies: TopologyService;
  facts: Pick<ListFacts, 'nextFire'>;
  runs: Pick<RunStore, 'latest'>;
  clock: Clock;
}

/** Last runs read at once for one page. */
const PAGE_READS = 16;

/**
 * `GET /apis/v1/topology-summaries`: the topology list (same query as `/topologies`) with each
 * topology's next fire and last run, for the UI's table. Only the page's last runs are read.
 */
export function topologySummaryRoutes({ topologies, facts, runs, clock }: TopologySummaryDeps): Route[] {
  return [
    declareRoute({
      method: 'get',
      path: '/topology-summaries',
      request: { query: topologyListQuerySchema },
      handle: async (_req, res, { query }) => {
        const { items, total } = await topologies.list(query);
        const now = clock.now();
        const { role } = currentUser(res);
        const summaries = await pMap(
          items,
          async (details): Promise<TopologySummary> => {
            const lastRun = await runs.latest(details.id, now);
            return {
              details: topologyDetailsView(details, role),
              nextFireTime: facts.nextFire(details),
              lastRun: lastRun && { runId: lastRun.runId, state: lastRun.state, updated: lastRun.updated },
              skippedSinceLastRun: skippedSince(lastRun),
            };
          },
          { concurrency: PAGE_READS },
        );
        res.setHeader(TOTAL_COUNT_HEADER, String(total));
        sendSuccess(res, summaries);
      },
      openapi: {
        tags: ['topologies'],
        summary: 'Topologies with their next fire and last run (the UI list); same query as /topologies',
        responses: {
          ...ok(z.array(topologySummarySchema), 'One page; X-Total-Count counts every match'),
          ...failures(400),
        },
      },
    }),
  ];
}

/** The latest fire's run says how many fires in a row have been skipped (see RunLauncher.skipsInRow). */
function skippedSince(lastRun: RunInfo | null): number {
  return lastRun?.state === 'SKIPPED' ? (lastRun.skippedInRow ?? 1) : 0;
}
