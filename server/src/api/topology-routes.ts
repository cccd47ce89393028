import {
  apiResponseSchema,
  simpleTopologyEditRequestSchema,
  topologyDetailsSchema,
  topologyListQuerySchema,
  topologySchema,
  TOTAL_COUNT_HEADER,
  type TopologyDetails,
} from '@epoch/shared';
import type { Response } from 'express';
import { z } from 'zod';
import { currentUser } from '../auth/request-guards.js';
import type { TopologyService } from '../topologies/topology-service.js';
import { sendSuccess } from './envelope.js';
import { failures, json, ok, topologyPath } from './openapi-responses.js';
import { declareRoute, type Route } from './route-declaration.js';
import { topologyDetailsView } from './topology-view.js';

const tags = ['topologies'];

/** Epoch v1 topology endpoints (`/apis/v1/topologies…`), same paths and JSON as Epoch 1.14. */
export function topologyRoutes(topologies: TopologyService): Route[] {
  /** Every answer carrying a topology shows it as the caller may see it: no secret, ever. */
  const send = (res: Response, details: TopologyDetails) =>
    sendSuccess(res, topologyDetailsView(details, currentUser(res).role));

  return [
    declareRoute({
      method: 'post',
      path: '/topologies',
      request: { body: topologySchema },
      handle: async (req, res) => send(res, await topologies.create(req.body, currentUser(res).name)),
      openapi: {
        tags,
        summary: 'Create a topology',
        responses: { ...ok(topologyDetailsSchema, 'The stored topology'), ...failures(400, 409, 503) },
      },
    }),
    declareRoute({
      method: 'put',
      path: '/topologies',
      request: { body: topologySchema },
      handle: async (req, res) => send(res, await topologies.update(req.body, currentUser(res).name)),
      openapi: {
        tags,
        summary: 'Replace a topology (identified by its name)',
        responses: { ...ok(topologyDetailsSchema, 'The stored topology'), ...failures(400, 404, 409, 503) },
      },
    }),
    declareRoute({
      method: 'get',
      path: '/topologies',
      request: { query: topologyListQuerySchema },
      handle: async (_req, res, { query }) => {
        const { items, total } = await topologies.list(query);
        res.setHeader(TOTAL_COUNT_HEADER, String(total));
        const { role } = currentUser(res);
        sendSuccess(
          res,
          items.map((details) => topologyDetailsView(details, role)),
        );
      },
      openapi: {
        tags,
        summary: 'List topologies',
        description: `All topologies by default; optional filters, sorting and paging. The number of matches before paging is in the \`${TOTAL_COUNT_HEADER}\` header.`,
        responses: {
          '200': {
            description: 'Matching topologies',
            headers: z.object({ [TOTAL_COUNT_HEADER]: z.string() }),
            ...json(apiResponseSchema(z.array(topologyDetailsSchema))),
          },
          ...failures(400, 503),
        },
      },
    }),
    declareRoute({
      method: 'get',
      path: '/topologies/:topologyId',
      request: { path: topologyPath },
      handle: async (_req, res, { path }) => send(res, await topologies.get(path.topologyId)),
      openapi: {
        tags,
        summary: 'Get a topology',
        responses: { ...ok(topologyDetailsSchema, 'The topology'), ...failures(404, 503) },
      },
    }),
    declareRoute({
      method: 'put',
      path: '/topologies/:topologyId',
      request: { path: topologyPath, body: simpleTopologyEditRequestSchema },
      handle: async (req, res, { path }) =>
        send(res, await topologies.simpleEdit(path.topologyId, req.body, currentUser(res).name)),
      openapi: {
        tags,
        summary: 'Simple edit: one docker task on a cron',
        responses: { ...ok(topologyDetailsSchema, 'The stored topology'), ...failures(400, 404, 409, 503) },
      },
    }),
    declareRoute({
      method: 'put',
      path: '/topologies/:topologyId/pause',
      request: { path: topologyPath },
      handle: async (_req, res, { path }) =>
        send(res, await topologies.setState(path.topologyId, 'PAUSED', currentUser(res).name)),
      openapi: {
        tags,
        summary: 'Pause (idempotent)',
        responses: { ...ok(topologyDetailsSchema, 'The topology'), ...failures(404, 503) },
      },
    }),
    declareRoute({
      method: 'put',
      path: '/topologies/:topologyId/unpause',
      request: { path: topologyPath },
      handle: async (_req, res, { path }) =>
        send(res, await topologies.setState(path.topologyId, 'ACTIVE', currentUser(res).name)),
      openapi: {
        tags,
        summary: 'Unpause (idempotent)',
        responses: { ...ok(topologyDetailsSchema, 'The topology'), ...failures(404, 503) },
      },
    }),
    declareRoute({
      method: 'delete',
      path: '/topologies/:topologyId',
      request: { path: topologyPath },
      handle: async (_req, res, { path }) => sendSuccess(res, await topologies.remove(path.topologyId)),
      openapi: {
        tags,
        summary: 'Delete a topology and its run history',
        responses: { ...ok(z.boolean(), 'true when deleted'), ...failures(404, 409, 503) },
      },
    }),
  ];
}
