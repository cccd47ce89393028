import { Router } from 'express';
import type { ZkClient } from '../zk/zk-client.js';

/**
 * `GET /apis/housekeeping/v1/leader`, raw JSON as in Epoch. One node for now: this node leads
 * while it holds a ZooKeeper session.
 */
export function housekeepingRoutes(zk: ZkClient, advertiseUrl: string): Router {
  const router = Router();
  router.get('/v1/leader', (_req, res) => {
    if (zk.connected) res.json({ leader: advertiseUrl });
    else res.status(404).json({ leader: 'no leader available' });
  });
  return router;
}
