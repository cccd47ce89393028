import {
  JOB_BULK_MAX,
  jobBulkResultSchema,
  jobCollectionsSchema,
  jobIdSchema,
  jobInputSchema,
  jobNameSchema,
  jobRouteSchema,
  jobListQuerySchema,
  jobPageSchema,
  jobPrefixDeleteQuerySchema,
  jobStatusSchema,
  NotFoundError,
  parseInput,
} from '@epoch/shared';
import express from 'express';
import { z } from 'zod';
import { currentUser } from '../auth/request-guards.js';
import type { JobService } from '../jobs/job-service.js';
import { jobRouteView } from './job-route-view.js';
import { parseNdjson } from './ndjson.js';
import { sendSuccess } from './envelope.js';
import { failure, failures, ok } from './openapi-responses.js';
import { declareRoute, type Route } from './route-declaration.js';

const tags = ['jobs'];

/** 10,000 jobs of up to 4 KB of meta each, as JSON: read by this route itself, before the API's 512 kB parser. */
export const JOB_BULK_BODY_LIMIT = '48mb';

const collectionPath = z.object({ database: jobNameSchema, collection: jobNameSchema });
const jobPath = collectionPath.extend({ id: jobIdSchema });
const routePath = z.object({ database: jobNameSchema, routeId: jobNameSchema });
const databasePath = z.object({ database: jobNameSchema });

const bulkSchema = z.array(jobInputSchema).max(JOB_BULK_MAX, `at most ${JOB_BULK_MAX} jobs per request`);
const routeBodySchema = jobRouteSchema.omit({ id: true });

const READ_ONLY_URL =
  "For READ_ONLY callers `webhook_url` is the URL's origin only: its path and query may carry a token.";

/**
 * Mounted before the API's JSON parser: each route with a body parses it itself, the bulk create with a larger
 * limit. Epoch's own API for one-shot jobs (`/apis/v1/jobs…`, `/apis/v1/job-routes…`): bulk creates, reads and deletes;
 * the timeMachine-compatible paths are beside it (timemachine-routes.ts).
 */
export function jobRoutes(jobs: JobService): Route[] {
  return [
    declareRoute({
      method: 'get',
      path: '/job-collections',
      handle: async (_req, res) => sendSuccess(res, await jobs.collections()),
      openapi: {
        tags,
        summary: 'Every collection with its pending, delivered and failed job counts',
        description:
          'Per database and collection: pending jobs (and how soon they are due, in buckets from `generatedAt`), ' +
          'and the delivery records kept (`recordsKeepMs`, EPOCH_JOB_RECORDS_KEEP) by outcome.',
        responses: { ...ok(jobCollectionsSchema, 'Collections by database, then name'), ...failures(503) },
      },
    }),
    declareRoute({
      method: 'post',
      path: '/jobs/:database/:collection',
      request: { path: collectionPath, body: bulkSchema },
      before: [
        express.json({ limit: JOB_BULK_BODY_LIMIT, strict: false }),
        express.text({ type: 'application/x-ndjson', limit: JOB_BULK_BODY_LIMIT }),
      ],
      handle: async (req, res, { path }) => {
        const items = typeof req.body === 'string' ? parseNdjson(req.body, 'jobs') : req.body;
        const created = parseInput(bulkSchema, items, 'jobs');
        sendSuccess(res, await jobs.create(path, created));
      },
      openapi: {
        tags,
        summary: 'Create up to 10,000 jobs in one request',
        description:
          'A JSON array of jobs, or NDJSON (`Content-Type: application/x-ndjson`, one job per line). Idempotent by ' +
          'id: a job identical to a pending one is `ok`, a different one with its id a `conflict`; each item has ' +
          'its result, in order. An invalid item, or a route the database does not have, refuses the whole ' +
          'request (400 naming `jobs.<index>.<field>`) and writes nothing.',
        responses: {
          ...ok(z.array(jobBulkResultSchema), 'One result per job, in request order'),
          ...failures(400, 503),
        },
      },
    }),
    declareRoute({
      method: 'get',
      path: '/jobs/:database/:collection',
      request: { path: collectionPath, query: jobListQuerySchema },
      handle: async (_req, res, { path, query }) => sendSuccess(res, await jobs.list(path, query)),
      openapi: {
        tags,
        summary:
          "A page of a collection's pending jobs (by fire time) or delivery records (by when they fired)",
        responses: {
          ...ok(jobPageSchema, 'One page; `next` fetches the following one'),
          ...failures(400, 503),
        },
      },
    }),
    declareRoute({
      method: 'delete',
      path: '/jobs/:database/:collection',
      request: { path: collectionPath, query: jobPrefixDeleteQuerySchema },
      handle: async (_req, res, { path, query }) =>
        sendSuccess(res, { deleted: await jobs.removeByPrefix(path, query.idPrefix) }),
      openapi: {
        tags,
        summary: 'Delete every pending job whose id starts with a prefix',
        description: 'Jobs being delivered are left to finish.',
        responses: {
          ...ok(z.object({ deleted: z.number().int() }), 'How many were deleted'),
          ...failures(400, 503),
        },
      },
    }),
    declareRoute({
      method: 'get',
      path: '/jobs/:database/:collection/:id',
      request: { path: jobPath },
      handle: async (_req, res, { path }) => {
        const status = await jobs.status(path, path.id);
        if (!status) throw new NotFoundError(`No job ${path.id} in ${path.database}/${path.collection}`);
        sendSuccess(res, status);
      },
      openapi: {
        tags,
        summary: 'Get a job: pending, being delivered, or its delivery record',
        responses: {
          ...ok(jobStatusSchema, 'Where the job is'),
          ...failure(404, 'No job of this id (or its record expired)'),
          ...failures(400, 503),
        },
      },
    }),
    declareRoute({
      method: 'delete',
      path: '/jobs/:database/:collection/:id',
      request: { path: jobPath },
      handle: async (_req, res, { path }) => {
        if (!(await jobs.remove(path, path.id)))
          throw new NotFoundError(`No pending job ${path.id} in ${path.database}/${path.collection}`);
        sendSuccess(res, true);
      },
      openapi: {
        tags,
        summary: 'Delete a pending job',
        responses: {
          ...ok(z.boolean(), 'true'),
          ...failure(404, 'No pending job of this id'),
          ...failures(400, 503),
        },
      },
    }),
    declareRoute({
      method: 'get',
      path: '/job-routes/:database',
      request: { path: databasePath },
      handle: async (_req, res, { path }) => {
        const { role } = currentUser(res);
        sendSuccess(
          res,
          (await jobs.listRoutes(path.database)).map((route) => jobRouteView(route, role)),
        );
      },
      openapi: {
        tags,
        summary: "A database's routes",
        description: READ_ONLY_URL,
        responses: { ...ok(z.array(jobRouteSchema), 'Routes by id'), ...failures(400, 503) },
      },
    }),
    declareRoute({
      method: 'get',
      path: '/job-routes/:database/:routeId',
      request: { path: routePath },
      handle: async (_req, res, { path }) =>
        sendSuccess(
          res,
          jobRouteView(await jobs.getRoute(path.database, path.routeId), currentUser(res).role),
        ),
      openapi: {
        tags,
        summary: 'Get a route',
        description: READ_ONLY_URL,
        responses: {
          ...ok(jobRouteSchema, 'The route'),
          ...failure(404, 'No such route'),
          ...failures(400, 503),
        },
      },
    }),
    declareRoute({
      method: 'put',
      path: '/job-routes/:database/:routeId',
      request: { path: routePath, body: routeBodySchema },
      before: [express.json({ limit: '64kb', strict: false })],
      handle: async (req, res, { path }) => {
        const route = { ...parseInput(routeBodySchema, req.body), id: path.routeId };
        await jobs.putRoute(path.database, route);
        sendSuccess(res, route);
      },
      openapi: {
        tags,
        summary: 'Create or replace a route',
        responses: { ...ok(jobRouteSchema, 'The stored route'), ...failures(400, 503) },
      },
    }),
    declareRoute({
      method: 'delete',
      path: '/job-routes/:database/:routeId',
      request: { path: routePath },
      handle: async (_req, res, { path }) => {
        if (!(await jobs.removeRoute(path.database, path.routeId)))
          throw new NotFoundError(`No route ${path.routeId} in database ${path.database}`);
        sendSuccess(res, true);
      },
      openapi: {
        tags,
        summary: 'Delete a route',
        description:
          "Pending jobs naming it stay; at their fire time they fail, recorded as 'no such route'.",
        responses: { ...ok(z.boolean(), 'true'), ...failure(404, 'No such route'), ...failures(400, 503) },
      },
    }),
  ];
}
