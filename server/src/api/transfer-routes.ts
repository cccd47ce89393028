import { parseInput, topologyImportQuerySchema } from '@epoch/shared';
import express, { Router } from 'express';
import { currentUser } from '../auth/request-guards.js';
import type { TopologyTransfer } from '../topologies/topology-transfer.js';
import { sendSuccess } from './envelope.js';

/**
 * The import's own body limit: an export of many topologies outgrows the API's 512 kB. This router is
 * mounted before the API's JSON parser, so the import body is read here, once.
 */
export const IMPORT_BODY_LIMIT = '50mb';

/**
 * `GET /apis/v1/topology-export` and `POST /apis/v1/topology-import`. Not under `/topologies/`:
 * `/topologies/export` would be a topology named "export".
 */
export function transferRoutes(transfer: TopologyTransfer): Router {
  const router = Router();

  router.get('/topology-export', async (_req, res) => {
    const document = await transfer.exportAll(currentUser(res).role);
    const date = new Date(document.exportedAt).toISOString().slice(0, 10);
    res.setHeader('Content-Disposition', `attachment; filename="epoch-topologies-${date}.json"`);
    // The raw document, not Epoch's envelope: the file is exactly what the import reads back.
    res.type('application/json').send(JSON.stringify(document, null, 2));
  });

  router.post('/topology-import', express.json({ limit: IMPORT_BODY_LIMIT }), async (req, res) => {
    const { dryRun } = parseInput(topologyImportQuerySchema, req.query, 'query');
    sendSuccess(res, await transfer.importAll(req.body, { dryRun, actor: currentUser(res).name }));
  });

  return router;
}
