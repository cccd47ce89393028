import { overviewSchema, topologyListQuerySchema, type Overview } from '@epoch/shared';
import { buildOverview } from '../overview/build-overview.js';
import type { RunStore } from '../store/run-store.js';
import type { Clock } from '../time/clock.js';
import type { TopologyService } from '../topologies/topology-service.js';
import { sendSuccess } from './envelope.js';
import { ok } from './openapi-responses.js';
import { declareRoute, type Route } from './route-declaration.js';

export interface OverviewDeps {
  topologies: Pick<TopologyService, 'list'>;
  runs: Pick<RunStore, 'latest' | 'listFiredSince' | 'listActive' | 'get'>;
  clock: Clock;
}

/** An overview this fresh is answered again rather than read again: many open pages poll it. */
const FRESH_MS = 5_000;
const EVERY_TOPOLOGY = topologyListQuerySchema.parse({});

/** `GET /apis/v1/overview`: what is failing, running, paused or skipped, and what fires next. */
export function overviewRoutes({ topologies, runs, clock }: OverviewDeps): Route[] {
  let cached: { at: number; overview: Promise<Overview> } | null = null;
  const current = (): Promise<Overview> => {
    const now = clock.now();
    if (cached && now - cached.at < FRESH_MS) return cached.overview;
    const overview = (async () =>
      buildOverview({ topologies: (await topologies.list(EVERY_TOPOLOGY)).items, runs, now }))();
    cached = { at: now, overview };
    // A failed read is not kept: the next request reads again.
    overview.catch(() => {
      if (cached?.overview === overview) cached = null;
    });
    return overview;
  };
  return [
    declareRoute({
      method: 'get',
      path: '/overview',
      handle: async (_req, res) => sendSuccess(res, await current()),
      openapi: {
        tags: ['topologies'],
        summary:
          'What is failing, running, paused or skipped, and what fires next (the UI home); up to 5 s old',
        responses: { ...ok(overviewSchema, 'The overview') },
      },
    }),
  ];
}
