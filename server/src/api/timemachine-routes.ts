import {
  inputError,
  jobIdSchema,
  jobInputSchema,
  jobNameSchema,
  jobRouteSchema,
  NotFoundError,
  parseInput,
  type Job,
} from '@epoch/shared';
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import type { JobService } from '../jobs/job-service.js';
import type { CollectionRef } from '../jobs/job-store.js';
import { declareRoute, type Route } from './route-declaration.js';

/** timeMachine's code has no databases: its paths act on this one. */
export const TIMEMACHINE_DATABASE = 'default';

/**
 * timeMachine binds JSON whatever the Content-Type (gin's BindJSON), and its clients rely on it (`curl -d`
 * sends a form type): so is the body read here. A job's meta is at most 4 KB; beyond 64 kB is a 413.
 */
const parseBody = express.json({ limit: '64kb', strict: false, type: () => true });

const OK = { status: 'ok' } as const;

/** The shapes are told apart by how many segments follow `/job` or `/route`, as timeMachine's clients send them. */
const UNDOCUMENTED = {
  code: { undocumented: 'timeMachine compatibility: its API as its code implements it, database "default"' },
  docs: { undocumented: 'timeMachine compatibility: its API as its documentation (DevAPI.md) describes it' },
};

const codeJobPath = z.object({ collection: jobNameSchema, jobID: jobIdSchema });
const docsCollectionPath = z.object({ db: jobNameSchema, collection: jobNameSchema });
const docsJobPath = docsCollectionPath.extend({ id: jobIdSchema });
const codeRoutePath = z.object({ id: jobNameSchema });
const docsDatabasePath = z.object({ db: jobNameSchema });
const docsRoutePath = docsDatabasePath.extend({ id: jobNameSchema });

/** No body is an empty one: the schema then names each missing field. */
const bodyOf = (req: Request): unknown => req.body ?? {};

/** A PUT's body with the path's id; an id given in the body too must be the same one. */
function withPathId(body: unknown, id: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  if ('id' in body && body.id !== id)
    throw inputError([{ field: 'id', message: `must be the path's id "${id}", or left out` }]);
  return { ...body, id };
}

/** `/job…`, mounted at `/job`: both shapes' job paths over the one-shot job store. */
export function timeMachineJobRoutes(jobs: JobService): Route[] {
  const upsert = async (ref: CollectionRef, body: unknown, res: Response) => {
    await jobs.upsert(ref, parseInput(jobInputSchema, body));
    res.json(OK);
  };
  // The job exactly as timeMachine answers it: no envelope, no state.
  const sendJob = async (ref: CollectionRef, id: string, res: Response) => {
    const job = await jobs.get(ref, id);
    if (!job) throw new NotFoundError(`No pending job ${id} in ${ref.database}/${ref.collection}`);
    const { trigger_ms, meta, route }: Job = job;
    res.json({ id: job.id, trigger_ms, meta, route });
  };
  const remove = async (ref: CollectionRef, id: string, res: Response) => {
    if (!(await jobs.remove(ref, id)))
      throw new NotFoundError(`No pending job ${id} in ${ref.database}/${ref.collection}`);
    res.json(OK);
  };
  const database = TIMEMACHINE_DATABASE;
  return [
    declareRoute({
      method: 'post',
      path: '/:collection',
      request: { path: z.object({ collection: jobNameSchema }) },
      before: [parseBody],
      handle: (req, res, { path }) => upsert({ database, collection: path.collection }, bodyOf(req), res),
      openapi: UNDOCUMENTED.code,
    }),
    declareRoute({
      method: 'get',
      path: '/:collection/:jobID',
      request: { path: codeJobPath },
      handle: (_req, res, { path }) => sendJob({ database, collection: path.collection }, path.jobID, res),
      openapi: UNDOCUMENTED.code,
    }),
    declareRoute({
      method: 'delete',
      path: '/:collection/:jobID',
      request: { path: codeJobPath },
      handle: (_req, res, { path }) => remove({ database, collection: path.collection }, path.jobID, res),
      openapi: UNDOCUMENTED.code,
    }),
    declareRoute({
      method: 'post',
      path: '/:db/:collection',
      request: { path: docsCollectionPath },
      before: [parseBody],
      handle: (req, res, { path }) =>
        upsert({ database: path.db, collection: path.collection }, bodyOf(req), res),
      openapi: UNDOCUMENTED.docs,
    }),
    declareRoute({
      method: 'get',
      path: '/:db/:collection/:id',
      request: { path: docsJobPath },
      handle: (_req, res, { path }) =>
        sendJob({ database: path.db, collection: path.collection }, path.id, res),
      openapi: UNDOCUMENTED.docs,
    }),
    declareRoute({
      method: 'put',
      path: '/:db/:collection/:id',
      request: { path: docsJobPath },
      before: [parseBody],
      handle: (req, res, { path }) =>
        upsert({ database: path.db, collection: path.collection }, withPathId(bodyOf(req), path.id), res),
      openapi: UNDOCUMENTED.docs,
    }),
    declareRoute({
      method: 'delete',
      path: '/:db/:collection/:id',
      request: { path: docsJobPath },
      handle: (_req, res, { path }) =>
        remove({ database: path.db, collection: path.collection }, path.id, res),
      openapi: UNDOCUMENTED.docs,
    }),
  ];
}

/** `/route…`, mounted at `/route`: both shapes' route paths; a POST and a PUT both create or replace. */
export function timeMachineRouteRoutes(jobs: JobService): Route[] {
  const put = async (database: string, body: unknown, res: Response) => {
    await jobs.putRoute(database, parseInput(jobRouteSchema, body));
    res.json(OK);
  };
  const remove = async (database: string, id: string, res: Response) => {
    if (!(await jobs.removeRoute(database, id)))
      throw new NotFoundError(`No route ${id} in database ${database}`);
    res.json(OK);
  };
  const database = TIMEMACHINE_DATABASE;
  return [
    declareRoute({
      method: 'post',
      // `/route/`, timeMachine's path, and `/route`, which it redirects: both are `/` under the mount.
      path: '/',
      before: [parseBody],
      handle: (req, res) => put(database, bodyOf(req), res),
      openapi: UNDOCUMENTED.code,
    }),
    declareRoute({
      method: 'get',
      path: '/:id',
      request: { path: codeRoutePath },
      handle: async (_req, res, { path }) => res.json(await jobs.getRoute(database, path.id)),
      openapi: UNDOCUMENTED.code,
    }),
    declareRoute({
      method: 'delete',
      path: '/:id',
      request: { path: codeRoutePath },
      handle: (_req, res, { path }) => remove(database, path.id, res),
      openapi: UNDOCUMENTED.code,
    }),
    declareRoute({
      method: 'post',
      path: '/:db',
      request: { path: docsDatabasePath },
      before: [parseBody],
      handle: (req, res, { path }) => put(path.db, bodyOf(req), res),
      openapi: UNDOCUMENTED.docs,
    }),
    declareRoute({
      method: 'get',
      path: '/:db/:id',
      request: { path: docsRoutePath },
      handle: async (_req, res, { path }) => res.json(await jobs.getRoute(path.db, path.id)),
      openapi: UNDOCUMENTED.docs,
    }),
    declareRoute({
      method: 'put',
      path: '/:db/:id',
      request: { path: docsRoutePath },
      before: [parseBody],
      handle: (req, res, { path }) => put(path.db, withPathId(bodyOf(req), path.id), res),
      openapi: UNDOCUMENTED.docs,
    }),
    declareRoute({
      method: 'delete',
      path: '/:db/:id',
      request: { path: docsRoutePath },
      handle: (_req, res, { path }) => remove(path.db, path.id, res),
      openapi: UNDOCUMENTED.docs,
    }),
  ];
}
