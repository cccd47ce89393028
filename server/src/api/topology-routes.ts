import { parseInput, topologyListQuerySchema, TOTAL_COUNT_HEADER, type TopologyDetails } from '@epoch/shared';
import { Router, type Response } from 'express';
import { currentUser } from '../auth/request-guards.js';
import type { TopologyService } from '../topologies/topology-service.js';
import { sendSuccess } from './envelope.js';
import { topologyDetailsView } from './topology-view.js';

/** Epoch v1 topology endpoints (`/apis/v1/topologies…`), same paths and JSON as Epoch 1.14. */
export function topologyRoutes(topologies: TopologyService): Router {
  const router = Router();
  /** Every answer carrying a topology shows it as the caller may see it: no secret, ever. */
  const send = (res: Response, details: TopologyDetails) =>
    sendSuccess(res, topologyDetailsView(details, currentUser(res).role));

  router.post('/topologies', async (req, res) => {
    send(res, await topologies.create(req.body, currentUser(res).name));
  });

  router.put('/topologies', async (req, res) => {
    send(res, await topologies.update(req.body, currentUser(res).name));
  });

  router.get('/topologies', async (req, res) => {
    const query = parseInput(topologyListQuerySchema, req.query, 'query');
    const { items, total } = await topologies.list(query);
    res.setHeader(TOTAL_COUNT_HEADER, String(total));
    const { role } = currentUser(res);
    sendSuccess(
      res,
      items.map((details) => topologyDetailsView(details, role)),
    );
  });

  router.get('/topologies/:topologyId', async (req, res) => {
    send(res, await topologies.get(req.params.topologyId));
  });

  router.put('/topologies/:topologyId', async (req, res) => {
    send(res, await topologies.simpleEdit(req.params.topologyId, req.body, currentUser(res).name));
  });

  router.put('/topologies/:topologyId/pause', async (req, res) => {
    send(res, await topologies.setState(req.params.topologyId, 'PAUSED', currentUser(res).name));
  });

  router.put('/topologies/:topologyId/unpause', async (req, res) => {
    send(res, await topologies.setState(req.params.topologyId, 'ACTIVE', currentUser(res).name));
  });

  router.delete('/topologies/:topologyId', async (req, res) => {
    sendSuccess(res, await topologies.remove(req.params.topologyId));
  });

  return router;
}
