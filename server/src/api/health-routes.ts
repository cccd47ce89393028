import { Router } from 'express';
import type { ZkClient } from '../zk/zk-client.js';

/** Liveness and readiness, answered locally (never routed to the leader). */
export function healthRoutes(zk: ZkClient): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res) => {
    const ready = zk.connected;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', zookeeper: zk.state });
  });
  return router;
}
