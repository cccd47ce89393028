import { parseInput, topologyListQuerySchema, TOTAL_COUNT_HEADER } from '@epoch/shared';
import { Router } from 'express';
import { currentUser } from '../auth/request-guards.js';
import type { TopologyService } from '../topologies/topology-service.js';
import { sendSuccess } from './envelope.js';

/** Epoch v1 topology endpoints (`/apis/v1/topologies…`), same paths and JSON as Epoch 1.14. */
export function topologyRoutes(topologies: TopologyService): Router {
  const router = Router();

  router.post('/topologies', async (req, res) => {
    sendSuccess(res, await topologies.create(req.body, currentUser(res).name));
  });

  router.put('/topologies', async (req, res) => {
    sendSuccess(res, await topologies.update(req.body, currentUser(res).name));
  });

  router.get('/topologies', async (req, res) => {
    const query = parseInput(topologyListQuerySchema, req.query, 'query');
    const { items, total } = await topologies.list(query);
    res.setHeader(TOTAL_COUNT_HEADER, String(total));
    sendSuccess(res, items);
  });

  router.get('/topologies/:topologyId', async (req, res) => {
    sendSuccess(res, await topologies.get(req.params.topologyId));
  });

  router.put('/topologies/:topologyId', async (req, res) => {
    sendSuccess(res, await topologies.simpleEdit(req.params.topologyId, req.body, currentUser(res).name));
  });

  router.put('/topologies/:topologyId/pause', async (req, res) => {
    sendSuccess(res, await topologies.setState(req.params.topologyId, 'PAUSED', currentUser(res).name));
  });

  router.put('/topologies/:topologyId/unpause', async (req, res) => {
    sendSuccess(res, await topologies.setState(req.params.topologyId, 'ACTIVE', currentUser(res).name));
  });

  router.delete('/topologies/:topologyId', async (req, res) => {
    sendSuccess(res, await topologies.remove(req.params.topologyId));
  });

  return router;
}
