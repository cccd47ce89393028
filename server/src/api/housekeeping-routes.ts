import { z } from 'zod';
import type { Election } from '../cluster/election.js';
import { json } from './openapi-responses.js';
import { declareRoute, type Route } from './route-declaration.js';

const leaderSchema = z.object({ leader: z.string() });

/** `GET /apis/housekeeping/v1/leader`: raw JSON, as in Epoch. */
export function housekeepingRoutes(election: Election): Route[] {
  return [
    declareRoute({
      method: 'get',
      path: '/v1/leader',
      handle: (_req, res) => {
        const leader = election.leader;
        if (leader) res.json({ leader });
        else res.status(404).json({ leader: 'no leader available' });
      },
      openapi: {
        tags: ['housekeeping'],
        summary: 'The leader node (raw JSON, as in Epoch)',
        responses: {
          '200': { description: 'Leader URL', ...json(leaderSchema) },
          '404': { description: 'No leader', ...json(leaderSchema) },
        },
      },
    }),
  ];
}
