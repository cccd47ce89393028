import type { ZkClient } from '../zk/zk-client.js';
import { declareRoute, type Route } from './route-declaration.js';

/** Liveness and readiness, answered locally (never routed to the leader). */
export function healthRoutes(zk: ZkClient): Route[] {
  return [
    declareRoute({
      method: 'get',
      path: '/healthz',
      public: true,
      handle: (_req, res) => {
        res.json({ status: 'ok' });
      },
      openapi: {
        tags: ['health'],
        summary: 'Liveness',
        responses: { '200': { description: 'Process is up' } },
      },
    }),
    declareRoute({
      method: 'get',
      path: '/readyz',
      public: true,
      handle: (_req, res) => {
        const ready = zk.connected;
        res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', zookeeper: zk.state });
      },
      openapi: {
        tags: ['health'],
        summary: 'Readiness: ZooKeeper connected',
        responses: {
          '200': { description: 'Ready' },
          '503': { description: 'Not connected to ZooKeeper' },
        },
      },
    }),
  ];
}
