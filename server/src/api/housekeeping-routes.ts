import { Router } from 'express';
import type { Election } from '../cluster/election.js';

/** `GET /apis/housekeeping/v1/leader`: raw JSON, as in Epoch. */
export function housekeepingRoutes(election: Election): Router {
  const router = Router();
  router.get('/v1/leader', (_req, res) => {
    const leader = election.leader;
    if (leader) res.json({ leader });
    else res.status(404).json({ leader: 'no leader available' });
  });
  return router;
}
