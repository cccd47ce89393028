import {
  parseInput,
  ServiceUnavailableError,
  topologyActionRequestSchema,
  topologyActionResultSchema,
  type TopologyAction,
  type TopologyActionResult,
  type TopologyListQuery,
} from '@epoch/shared';
import pMap from 'p-map';
import type { Logger } from 'pino';
import { z } from 'zod';
import { currentUser } from '../auth/request-guards.js';
import type { Election } from '../cluster/election.js';
import type { RunLauncher } from '../execution/run-launcher.js';
import type { Clock } from '../time/clock.js';
import type { TopologyService } from '../topologies/topology-service.js';
import { sendSuccess } from './envelope.js';
import { failures, ok } from './openapi-responses.js';
import { declareRoute, type Route } from './route-declaration.js';

export interface TopologyActionDeps {
  topologies: TopologyService;
  launcher: Pick<RunLauncher, 'runNow'>;
  election: Pick<Election, 'isLeader'>;
  clock: Clock;
  logger: Logger;
}

/** Topologies acted on at once: a few, so that a large selection neither floods ZooKeeper nor crawls. */
const ACTIONS_AT_ONCE = 8;

const PATH = '/topology-actions';

/**
 * `POST /apis/v1/topology-actions`: pause, resume, run or delete many topologies in one request. Each topology
 * is acted on by itself, as its own endpoint would (one failing stops no other), and gets its own audit line
 * beside the request's; the answer says what became of each, in the order asked.
 */
export function topologyActionRoutes({
  topologies,
  launcher,
  election,
  clock,
  logger,
}: TopologyActionDeps): Route[] {
  const apply = async (action: TopologyAction, id: string, actor: string): Promise<{ runId?: string }> => {
    switch (action) {
      case 'PAUSE':
        await topologies.setState(id, 'PAUSED', actor);
        return {};
      case 'RESUME':
        await topologies.setState(id, 'ACTIVE', actor);
        return {};
      case 'RUN':
        return { runId: await launcher.runNow(await topologies.get(id), clock.now()) };
      case 'DELETE':
        await topologies.remove(id);
        return {};
    }
  };

  return [
    declareRoute({
      method: 'post',
      path: PATH,
      request: { body: topologyActionRequestSchema },
      handle: async (req, res) => {
        const request = parseInput(topologyActionRequestSchema, req.body);
        // Runs are started by the leader only (requests reach it through the leader proxy); checked once, so
        // that no topology is left half-asked.
        if (request.action === 'RUN' && !election.isLeader)
          throw new ServiceUnavailableError('this node is not the leader; retry shortly');
        const user = currentUser(res);
        const ids =
          request.ids ??
          (await topologies.list(selectorQuery(request.selector ?? []))).items.map((details) => details.id);
        const results = await pMap(
          ids,
          async (id): Promise<TopologyActionResult> => {
            let result: TopologyActionResult;
            try {
              result = { id, ok: true, ...(await apply(request.action, id, user.name)) };
            } catch (error) {
              result = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
            }
            const audit = {
              actor: user.name,
              role: user.role,
              authenticatedBy: user.authenticatedBy,
              method: req.method,
              path: req.originalUrl,
              action: request.action,
              topologyId: id,
              ok: result.ok,
              ...(result.error !== undefined && { error: result.error }),
              ...(result.runId !== undefined && { runId: result.runId }),
            };
            if (result.ok) logger.info({ audit }, 'change');
            else logger.warn({ audit }, 'change refused');
            return result;
          },
          { concurrency: ACTIONS_AT_ONCE },
        );
        sendSuccess(res, results);
      },
      openapi: {
        tags: ['topologies'],
        summary: 'Pause, resume, run or delete many topologies',
        description:
          'Acts on the topologies named in `ids`, or on every one `selector` matches (exactly one of the two). Each is acted on by itself, as its own endpoint would: one failing (e.g. an unknown id) stops no other, and the answer lists what became of each, in order. RUN starts instant runs, also of PAUSED topologies.',
        responses: {
          ...ok(z.array(topologyActionResultSchema), 'One result per topology'),
          ...failures(400, 503),
        },
      },
    }),
  ];
}

function selectorQuery(label: NonNullable<TopologyListQuery['label']>): TopologyListQuery {
  return { sort: 'name', order: 'asc', offset: 0, label };
}
