import { Router } from 'express';
import type { Registry } from 'prom-client';

/** GET /metrics: this node's own metrics in Prometheus text format, answered locally (outside /apis). */
export function metricsRoute(registry: Registry): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    const text = await registry.metrics();
    res.set('Content-Type', registry.contentType).send(text);
  });
  return router;
}
