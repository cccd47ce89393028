import type { Role } from '@epoch/shared';
import type { Response } from 'express';
import { z } from 'zod';
import { currentUser } from '../auth/request-guards.js';
import type { EpochEvent, EventBus } from '../events/event-bus.js';
import { failures } from './openapi-responses.js';
import { declareRoute, type Route } from './route-declaration.js';
import { eventStreamQuerySchema } from './stream-query-schemas.js';
import { runView } from './run-view.js';
import { topologyDetailsView } from './topology-view.js';

/** How long a disconnected EventSource waits before reconnecting. */
const RETRY_MS = 3_000;
/** A comment this often keeps proxies and load balancers from closing a quiet stream as idle. */
const HEARTBEAT_MS = 15_000;
/**
 * A client this far behind is dropped rather than buffered without bound; its EventSource reconnects and
 * the UI reloads what it shows.
 */
const MAX_UNSENT_BYTES = 1024 * 1024;

/** The SSE event name, the topology it concerns and its JSON data as a caller with `role` may see it. */
function describe(event: EpochEvent, role: Role): { name: string; topologyId: string; data: unknown } {
  switch (event.type) {
    case 'TOPOLOGY_CHANGED':
      return {
        name: 'topology',
        topologyId: event.topology.id,
        data: topologyDetailsView(event.topology, role),
      };
    case 'TOPOLOGY_DELETED':
      return {
        name: 'topology-deleted',
        topologyId: event.topologyId,
        data: { topologyId: event.topologyId },
      };
    case 'RUN_CHANGED':
      return { name: 'run', topologyId: event.run.topologyId, data: runView(event.run, role) };
  }
}

/**
 * `GET /apis/v1/events`: the event bus as Server-Sent Events, for the UI. Live changes only, from the moment
 * of connecting (no replay): a client loads the current state, then applies these.
 */
export function eventRoutes(bus: EventBus): Route[] {
  return [
    declareRoute({
      method: 'get',
      path: '/events',
      request: { query: eventStreamQuerySchema },
      handle: (_req, res, { query }) => stream(bus, res, query.topologyId),
      openapi: {
        tags: ['events'],
        summary: 'Server-Sent Events of topology and run changes',
        description:
          'Live changes from the moment of connecting: `event: topology` (data: TopologyDetails), ' +
          '`event: topology-deleted` (data: `{topologyId}`) and `event: run` (data: RunInfo). Starts with a ' +
          '`retry:` hint; a `: heartbeat` comment comes every 15 s.',
        responses: {
          '200': {
            description: 'The event stream',
            content: { 'text/event-stream': { schema: z.string() } },
          },
          ...failures(400),
        },
      },
    }),
  ];
}

/** Sends the bus's events (only `topologyId`'s, when given) until the client goes away. */
function stream(bus: EventBus, res: Response, topologyId: string | undefined): void {
  const { role } = currentUser(res);
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    // Proxies such as nginx must pass each event on at once.
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  const send = (text: string) => {
    if (!res.write(text) && res.writableLength > MAX_UNSENT_BYTES) res.destroy();
  };
  send(`retry: ${RETRY_MS}\n\n`);
  const unsubscribe = bus.subscribe((event) => {
    const { name, topologyId: about, data } = describe(event, role);
    // JSON.stringify escapes newlines, so the data is one `data:` line.
    if (topologyId === undefined || about === topologyId)
      send(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  });
  const heartbeat = setInterval(() => send(': heartbeat\n\n'), HEARTBEAT_MS);
  res.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}
