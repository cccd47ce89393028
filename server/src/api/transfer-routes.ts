import { topologyExportSchema, topologyImportQuerySchema, topologyImportResultSchema } from '@epoch/shared';
import express from 'express';
import { currentUser } from '../auth/request-guards.js';
import type { TopologyTransfer } from '../topologies/topology-transfer.js';
import { sendSuccess } from './envelope.js';
import { failure, failures, json, ok } from './openapi-responses.js';
import { declareRoute, type Route } from './route-declaration.js';

/**
 * The import's own body limit: an export of many topologies outgrows the API's 512 kB. This router is
 * mounted before the API's JSON parser, so the import body is read here, once.
 */
export const IMPORT_BODY_LIMIT = '50mb';

const tags = ['topologies'];

/**
 * `GET /apis/v1/topology-export` and `POST /apis/v1/topology-import`. Not under `/topologies/`:
 * `/topologies/export` would be a topology named "export".
 */
export function transferRoutes(transfer: TopologyTransfer): Route[] {
  return [
    declareRoute({
      method: 'get',
      path: '/topology-export',
      handle: async (_req, res) => {
        const document = await transfer.exportAll(currentUser(res).role);
        const date = new Date(document.exportedAt).toISOString().slice(0, 10);
        res.setHeader('Content-Disposition', `attachment; filename="epoch-topologies-${date}.json"`);
        // The raw document, not Epoch's envelope: the file is exactly what the import reads back.
        res.type('application/json').send(JSON.stringify(document, null, 2));
      },
      openapi: {
        tags,
        summary: 'Export every topology with its state, as a file',
        description:
          'Raw JSON, not the envelope: the document itself, as an attachment ' +
          '(`epoch-topologies-<date>.json`), topologies sorted by name. POST it to /topology-import.',
        responses: {
          '200': { description: 'The export document', ...json(topologyExportSchema) },
          ...failures(503),
        },
      },
    }),
    declareRoute({
      method: 'post',
      path: '/topology-import',
      request: { query: topologyImportQuerySchema, body: topologyExportSchema },
      before: [express.json({ limit: IMPORT_BODY_LIMIT })],
      handle: async (req, res, { query: { dryRun } }) => {
        sendSuccess(res, await transfer.importAll(req.body, { dryRun, actor: currentUser(res).name }));
      },
      openapi: {
        tags,
        summary: 'Import an export document (idempotent)',
        description:
          'The whole document is validated first and nothing is written if anything is invalid ' +
          '(issues are named `topologies.<i>.…`, duplicate names included). Then missing topologies are ' +
          'created with their state, differing ones updated, identical ones left alone. Body limit 50 MB.',
        responses: {
          ...ok(
            topologyImportResultSchema,
            'Names created, updated and unchanged (or would be, on a dry run)',
          ),
          ...failures(400, 409),
          ...failure(413, 'The document is larger than 50 MB'),
          ...failures(503),
        },
      },
    }),
  ];
}
